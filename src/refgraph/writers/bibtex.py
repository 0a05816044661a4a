"""BibTeX through bibtexparser v2, with LaTeX-safe values and the key as given."""
from __future__ import annotations

import re

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from refgraph.model import Name, Reference, Work

_FIELD_NAME = re.compile(r"[A-Za-z][\w\-:.+]*")  # what BibTeX reads as a field name or entry type

ENTRY_TYPES = {"article-journal": "article", "article": "article", "book": "book", "chapter": "incollection",
               "paper-conference": "inproceedings", "report": "techreport", "thesis": "phdthesis",
               "webpage": "misc", "dataset": "misc", "document": "misc", "pamphlet": "booklet",
               "manuscript": "unpublished"}
# Braces become \textbraceleft{}/\textbraceright{}, not \{ \}: BibTeX counts every brace, escaped
# or not, so a lone `}` in a title would close the field and let the rest become fields of its
# own (`a},note={\input{/etc/passwd}},x={`). Every value written is balanced by construction.
_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\textbraceleft{}",
          "}": r"\textbraceright{}", "\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}
# url and doi are written verbatim (the url package reads them raw); the three characters that
# could break out of the field are percent-encoded, which resolvers read as the same address.
_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
_KEY_UNSAFE = re.compile(r"[\s,{}()\"#%'=\\~]")


def container_field(csl_type: str) -> str:
    """The BibTeX field of the container title for a CSL type (importers use the same rule)."""
    return "journal" if csl_type in ("article-journal", "article") else "booktitle"


def publisher_field(csl_type: str) -> str:
    return {"report": "institution", "thesis": "school"}.get(csl_type, "publisher")


def latex_escape(value: str) -> str:
    return "".join(_LATEX.get(c, c) for c in value)


def verbatim(value: str) -> str:
    """A url/doi value that cannot end its field: no brace or backslash, no line break."""
    return " ".join(value.translate(_VERBATIM).split())


def safe_key(key: str) -> str:
    """A citation key BibTeX can read back (an imported CSL-JSON id may hold anything)."""
    return _KEY_UNSAFE.sub("", key) or "key"


def bibtex_name(name: Name) -> str:
    if name.literal or (not name.given and not name.particle and " " in name.family.strip()):
        return "{" + latex_escape(name.literal or name.family) + "}"
    family = latex_escape(name.family)
    if " " in name.family.strip():
        family = "{" + family + "}"  # a multi-word family name stays one family name
    family = f"{latex_escape(name.particle)} {family}".strip()
    return f"{family}, {latex_escape(name.given)}" if name.given else family


def reference_fields(ref: Reference) -> list[tuple[str, str]]:
    """BibTeX fields of a reference, in the conventional order; empty fields left out."""
    pairs = [
        ("author", " and ".join(bibtex_name(a) for a in ref.authors)),
        ("editor", " and ".join(bibtex_name(e) for e in ref.editors)),
        ("title", latex_escape(ref.title)),
        (container_field(ref.type), latex_escape(ref.container_title)),
        ("series", latex_escape(ref.collection_title)),
        ("year", str(ref.year) if ref.year is not None else latex_escape(ref.date_text)),
        ("edition", latex_escape(ref.edition)),
        ("volume", latex_escape(ref.volume)),
        ("number", latex_escape(ref.issue)),
        ("pages", latex_escape(ref.page).replace("–", "--")),
        (publisher_field(ref.type), latex_escape(ref.publisher)),
        ("address", latex_escape(ref.publisher_place)),
        ("doi", verbatim(ref.doi)),
        ("url", verbatim(ref.url)),
        ("isbn", latex_escape(ref.isbn)),
        ("urldate", latex_escape(ref.accessed)),
        ("note", latex_escape(ref.note)),
    ]
    raw = {"url", "doi", "file", "eprint"}
    pairs += [(k, verbatim(v) if k in raw else latex_escape(v)) for k, v in ref.extra_fields("bibtex")
              if k != "ENTRYTYPE" and _FIELD_NAME.fullmatch(k)]
    out = [(k, v) for k, v in pairs if v]
    if not any(k in _DESCRIPTIVE for k, _ in out) and ref.raw.strip():
        out.append(("note", latex_escape(" ".join(ref.raw.split()))))  # what was printed, at least
    return out


# Fields that say what a work is; without one, an entry carries its reference as printed.
_DESCRIPTIVE = {"author", "editor", "title", "journal", "booktitle", "series", "publisher", "institution",
                "school", "doi", "url", "isbn", "note", "howpublished"}


def left_out(works: list[Work]) -> list[Work]:
    """Works with no field to write and no text as printed: write_bibtex leaves them out (an
    `@misc{anonnd,}` says nothing); callers report them."""
    return [w for w in works if not reference_fields(w.reference)]


def entry_type(ref: Reference) -> str:
    """The imported entry type if there was one (@inbook stays @inbook), else from the CSL type."""
    kept = dict(ref.extra_fields("bibtex")).get("ENTRYTYPE")
    return kept if kept and _FIELD_NAME.fullmatch(kept) else ENTRY_TYPES.get(ref.type, "misc")


def write_bibtex(works: list[Work]) -> str:
    library = Library()
    for work in works:
        ref = work.reference
        entry_fields = [Field(k, v) for k, v in reference_fields(ref)]
        if not entry_fields:
            continue  # see left_out
        library.add(Entry(entry_type(ref), safe_key(work.key), entry_fields))
    return bibtexparser.write_string(library)
