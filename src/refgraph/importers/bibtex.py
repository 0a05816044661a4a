"""BibTeX / BibLaTeX (.bib, Zotero and Better BibTeX exports) -> Reference records.

bibtexparser v2 splits the file into blocks; we resolve `@string` macros and `#`
concatenation ourselves (v2 does not concatenate), split names before removing braces (so
`{World Health Organization}` stays one organisation), then decode LaTeX to Unicode. Fields the
model has no slot for are kept as `bibtex:NAME` extras so that an export gives them back.
"""
from __future__ import annotations

import logging
import re
import unicodedata

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry
from pylatexenc.latex2text import LatexNodes2Text

from refgraph.importers.common import unknown_type_issue
from refgraph.model import Issue, Name, Reference
from refgraph.writers.bibtex import container_field, publisher_field

CSL_TYPE = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "pamphlet", "collection": "book",
    "proceedings": "book", "inbook": "chapter", "incollection": "chapter", "bookinbook": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference", "manual": "report",
    "techreport": "report", "report": "report", "mastersthesis": "thesis", "phdthesis": "thesis",
    "thesis": "thesis", "misc": "document", "online": "webpage", "www": "webpage", "electronic": "webpage",
    "unpublished": "manuscript", "dataset": "dataset", "software": "software", "patent": "patent",
    "periodical": "periodical", "standard": "standard",
}
NAME_FIELDS = ("author", "editor")
VERBATIM = {"url", "doi", "file", "eprint", "pdf", "verba", "verbb", "verbc"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LATEX_SIGNS = re.compile(r"[\\{}$~%]|--")
_decoder = LatexNodes2Text(math_mode="verbatim")


_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "r": "\u030a", "k": "\u0328"}
_ACCENT = re.compile(r"\{?\\([\"'`^~=.]|[cvuHrk](?=[\s{]))\s*\{?([A-Za-z]|\\i)\}?\}?")
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "oe": "œ",
            "OE": "Œ", "i": "ı", "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^"}
_LETTER = re.compile(r"\{?\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")(?![A-Za-z])\s*(?:\{\})?\}?")
_ESCAPE = re.compile(r"\\([&%$#_{}])")


def _fast_decode(value: str) -> str | None:
    """The common LaTeX of .bib files (accents, escapes, dashes, braces) without pylatexenc,
    which is 100x slower; None when something else (math, other macros) needs the full decoder."""
    value = _ACCENT.sub(lambda m: unicodedata.normalize(
        "NFC", ("i" if m.group(2) == "\\i" else m.group(2)) + _ACCENTS[m.group(1)]), value)
    value = _LETTER.sub(lambda m: _LETTERS[m.group(1)], value)
    parts = _ESCAPE.split(value)
    plain = parts[0::2]
    if any("\\" in p or "$" in p or "%" in p for p in plain):
        return None
    plain = [p.replace("---", "—").replace("--", "–").replace("{", "").replace("}", "").replace("~", " ")
             for p in plain]
    out = [plain[0]]
    for escaped, rest in zip(parts[1::2], plain[1:]):
        out += [escaped, rest]
    return "".join(out)


def decode_latex(value: str) -> str:
    """LaTeX accents, escapes, dashes and braces -> plain Unicode, whitespace collapsed."""
    if _LATEX_SIGNS.search(value):
        fast = _fast_decode(value)
        value = fast if fast is not None else _decoder.latex_to_text(value.replace("~", " "))
    return " ".join(value.split())


def _pieces(raw: str) -> list[str]:
    """The parts of a value joined by `#` at brace depth 0, outside quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, c in enumerate(raw):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return [p.strip() for p in parts]


# What `@string` macros may expand a value to (beyond its own length): a chain of macros that
# each double the last turned 655 bytes of .bib into 1 GB. A real macro is a journal's name.
MAX_EXPANSION = 100_000


def resolve_value(raw: str, macros: dict[str, str]) -> tuple[str, list[str]]:
    """A raw field value with macros and `#` resolved, still LaTeX; and the unknown macros."""
    value, unknown, _ = _resolve(raw, macros)
    return value, unknown


def _resolve(raw: str, macros: dict[str, str]) -> tuple[str, list[str], bool]:
    """resolve_value, cut at MAX_EXPANSION characters (or the raw length); and whether it was."""
    out, unknown, size, cap = [], [], 0, max(len(raw), MAX_EXPANSION)
    for piece in _pieces(raw.strip()):
        if len(piece) >= 2 and piece[0] + piece[-1] in ("{}", '""'):
            text = piece[1:-1]
        elif piece.isdigit() or not piece or piece.lower() not in macros:
            text = piece
            if piece and not piece.isdigit() and piece.lower() not in MONTHS:
                unknown.append(piece)
        else:
            text = macros[piece.lower()]
        if size + len(text) > cap:
            out.append(text[: cap - size])
            return "".join(out), unknown, True
        out.append(text)
        size += len(text)
    return "".join(out), unknown, False


def split_names(value: str) -> list[str]:
    """`A and B and {C and D}` -> ['A', 'B', '{C and D}']: split at ' and ' at depth 0."""
    names, depth, start, i = [], 0, 0, 0
    low = value.lower()
    while i < len(value):
        c = value[i]
        depth += (c == "{") - (c == "}")
        if depth == 0 and low.startswith(" and ", i):
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(value[start:])
    return [" ".join(n.split()) for n in names if n.strip()]


def parse_name(raw: str) -> Name:
    if raw.startswith("{") and raw.endswith("}") and _closes_at_end(raw):
        return Name(literal=decode_latex(raw[1:-1]))
    parts = parse_single_name_into_parts(raw, strict=False)
    family = " ".join(parts.last + parts.jr)
    return Name(family=decode_latex(family), given=decode_latex(" ".join(parts.first)),
                particle=decode_latex(" ".join(parts.von)))


def _closes_at_end(raw: str) -> bool:
    depth = 0
    for i, c in enumerate(raw):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            return i == len(raw) - 1
    return False


def string_macros(library: Library) -> dict[str, str]:
    """The @string macros of a parsed file, lower-cased names -> values (LaTeX kept)."""
    return _string_macros(library)[0]


def _string_macros(library: Library) -> tuple[dict[str, str], list[Issue]]:
    """string_macros, and an Issue for each macro cut at MAX_EXPANSION characters."""
    macros: dict[str, str] = {}
    issues = []
    for string in library.strings:
        macros[string.key.lower()], _, cut = _resolve(string.value, macros)
        if cut:
            line = string.start_line + 1
            issues.append(Issue("macro-too-long", f"@string {string.key} (line {line}) expands past "
                                f"{MAX_EXPANSION:,} characters (macros that repeat each other?); cut there", line))
    return macros, issues


def entry_to_reference(entry: Entry, macros: dict[str, str], source: str) -> tuple[Reference, list[Issue]]:
    """One BibTeX entry as a Reference; unknown types and macros become Issues, not failures."""
    line = entry.start_line + 1
    btype = entry.entry_type.lower()
    issues = []
    csl_type = CSL_TYPE.get(btype)
    if csl_type is None:
        issues.append(unknown_type_issue(f"{entry.key} (line {line})", f"@{btype}", line))
        csl_type = "document"
    fields: dict[str, str] = {}
    for f in entry.fields:
        if f.key.lower() in fields:
            continue  # a repeated field: the first value counts, as in BibTeX (reported by the caller)
        value, unknown, cut = _resolve(f.value, macros)
        if cut:
            issues.append(Issue("macro-too-long", f"{entry.key} (line {line}): field {f.key} expands past "
                                f"{MAX_EXPANSION:,} characters; cut there", line))
        for name in unknown:
            issues.append(Issue("unknown-macro", f"{entry.key} (line {line}): field {f.key} uses undefined "
                                f"@string {name!r}; kept as text", line))
        fields[f.key.lower()] = value
    ref = fields_to_reference(fields, csl_type, btype, line)
    ref = ref.with_(key=entry.key, source=f"bibtex:{source}", raw=f"@{btype}{{{entry.key}}}")
    return ref, issues


def fields_to_reference(fields: dict[str, str], csl_type: str, btype: str, n: int) -> Reference:
    """Known fields into the model's slots; every other field kept verbatim as an extra."""
    slots = {"title": "title", "series": "collection_title", "edition": "edition", "volume": "volume",
             "number": "issue", "pages": "page", "address": "publisher_place", "doi": "doi", "url": "url",
             "isbn": "isbn", "urldate": "accessed", "note": "note",
             container_field(csl_type): "container_title", publisher_field(csl_type): "publisher"}
    values: dict = {"type": csl_type}
    extra = [] if CSL_TYPE.get(btype) == csl_type and _writer_type(csl_type) == btype else [("bibtex:ENTRYTYPE", btype)]
    for name, raw in fields.items():
        if name in NAME_FIELDS:
            values[name + "s"] = tuple(parse_name(n_) for n_ in split_names(raw))
        elif name == "year" and re.fullmatch(r"\s*\d{1,4}\s*", raw):
            values["year"] = int(raw)
        elif name == "year":
            values["date_text"] = decode_latex(raw)
        elif name in slots:
            values[slots[name]] = " ".join(raw.split()) if name in VERBATIM else decode_latex(raw)
        else:
            extra.append((f"bibtex:{name}", " ".join(raw.split()) if name in VERBATIM else decode_latex(raw)))
    return Reference(n=n, raw="", extra=tuple(extra), **values)


def _writer_type(csl_type: str) -> str:
    from refgraph.writers.bibtex import ENTRY_TYPES

    return ENTRY_TYPES.get(csl_type, "misc")


def _failed_issue(block) -> Issue:
    line = block.start_line + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return Issue("duplicate-key", f"{block.key} (line {line}): the key is used by an earlier entry; "
                     "this entry was skipped (give it its own key)", line)
    if isinstance(block, DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        repeated = ", ".join(sorted(block.duplicate_keys))
        return Issue("duplicate-field", f"{entry.key} (line {line}): field {repeated} given twice; the first "
                     "value was kept (remove the other)", line)
    head = " ".join(block.raw.split())[:60]
    return Issue("malformed-entry", f"line {line}: cannot read the entry {head!r} (unclosed brace or quote?); "
                 "entry skipped", line)


def import_bibtex(text: str, source: str) -> tuple[list[Reference], list[Issue]]:
    """All readable entries of a .bib text, and an Issue per entry that could not be read."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its parse warnings become our Issues below
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])
    finally:
        logger.setLevel(level)
    macros, issues = _string_macros(library)
    refs = []
    # An entry with a repeated field is imported all the same (its first values), and reported.
    repeated = [b.ignore_error_block for b in library.failed_blocks if isinstance(b, DuplicateFieldKeyBlock)]
    for entry in library.entries + repeated:
        ref, entry_issues = entry_to_reference(entry, macros, source)
        refs.append(ref)
        issues += entry_issues
    issues += [_failed_issue(b) for b in library.failed_blocks]
    refs.sort(key=lambda r: r.n)
    issues.sort(key=lambda i: i.line or 0)
    return refs, issues
