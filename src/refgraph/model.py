"""The records that flow between pipeline stages.

Every stage takes and returns these frozen dataclasses, never loose dicts or tuples, so that a
stage can be tested alone and its output compared by value. Dicts appear only at the JSON
edges (`to_csl`, `to_json`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

# A key the user gave that refgraph may use as a citation key and in a mention id: BibTeX-safe
# characters, not a URL (Zotero's CSL-JSON ids are item URLs), not too long.
CITATION_KEY = re.compile(r"(?!\w+://)[\w:.+/-]{1,64}")

# Document.format of a bibliography file read by refgraph.importers: its entries are imported
# records, not parsed strings, and the file is a list the user keeps, not a citing article.
BIBLIOGRAPHY_FORMATS = frozenset({"bibtex", "ris", "csl-json"})

# Where a mention's record came from; merging prefers resolved metadata, then imported records,
# then parsed strings. A resolved Reference says so in its source: "resolved:<how>".
Origin = Literal["parsed", "imported", "resolved"]
ORIGINS: tuple[Origin, ...] = get_args(Origin)
RESOLVED = "resolved:"

CONTEXT_SEP = " ¶ "  # joins the citation contexts of one edge in scalar-only formats (and the library)


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found in the data: carried along, reported, never raised.

    The one problem record: of a document, an imported entry, a lint finding, or an in-text
    citation (Citation.problems). A citation's kinds: `unlinked` (no reference), `ambiguous`
    (several candidates, none chosen), `name` (surname within a small edit distance), `year`
    (off by one, or its letter missing), `authors` (wrong number of authors named),
    `first-author-alone` (a two-author work cited by its first author only: common, so lint
    treats it as a note), `et-al-missing`; its `refs` are the reference numbers concerned (the
    candidates of an ambiguous callout, the target of a tolerant link).
    """

    kind: str
    message: str
    line: int | None = None
    refs: tuple[int, ...] = ()

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": self.message, "line": self.line, "refs": list(self.refs)}


@dataclass(frozen=True, slots=True)
class Name:
    """A person (family + given) or an organisation (literal only)."""

    family: str = ""
    given: str = ""
    particle: str = ""
    literal: str = ""

    @property
    def sort_name(self) -> str:
        return self.literal or self.family

    def to_csl(self) -> dict:
        if self.literal:
            return {"literal": self.literal, "family": self.literal}
        out = {"family": self.family}
        if self.given:
            out["given"] = self.given
        if self.particle:
            out["non-dropping-particle"] = self.particle
        return out


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters of a document: [start, end) in the source text, and its line."""

    start: int
    end: int
    line: int


# CSL text variables and the Reference fields that hold them, in the order `to_csl` writes them;
# csl.reference_from_csl reads them back through the same table.
CSL_TEXT_VARIABLES = (
    ("container-title", "container_title"), ("collection-title", "collection_title"), ("volume", "volume"),
    ("issue", "issue"), ("page", "page"), ("edition", "edition"), ("publisher", "publisher"),
    ("publisher-place", "publisher_place"), ("DOI", "doi"), ("URL", "url"), ("ISBN", "isbn"), ("PMID", "pmid"),
    ("note", "note"),
)


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of a reference list, parsed into CSL fields."""

    n: int
    raw: str
    type: str = "document"
    title: str = ""
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    year: int | None = None
    year_suffix: str = ""
    date_text: str = ""
    container_title: str = ""
    collection_title: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    edition: str = ""
    publisher: str = ""
    publisher_place: str = ""
    doi: str = ""
    url: str = ""
    isbn: str = ""
    pmid: str = ""
    arxiv: str = ""
    accessed: str = ""
    note: str = ""
    span: Span | None = None
    confidence: float = 1.0
    issues: tuple[Issue, ...] = ()
    label: str = ""  # the number printed before the entry in a numbered list ("" if none)
    # Imported entries (refgraph add library.bib): the key the user gave, where the entry came
    # from ("bibtex:refs.bib"), and the fields refgraph has no slot for, as (format:name, value)
    # pairs ("bibtex:keywords", "ris:KW", "csl:abstract") so that an export gives them back.
    key: str = ""
    source: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    # Notes style: an `Ibid.` or short-form note is the work of note `same_as` cited again
    # (extract/notes.py); 0 for a reference that gives its work itself.
    same_as: int = field(default=0, repr=False)  # out of repr: reprs of parsed references stay comparable

    @property
    def user_key(self) -> str:
        """The key an imported entry brought, when refgraph can use it as a citation key."""
        return self.key if self.source and self.key and CITATION_KEY.fullmatch(self.key) else ""

    def extra_fields(self, fmt: str) -> list[tuple[str, str]]:
        """The kept fields of one format ("bibtex", "ris", "csl"), names without the prefix."""
        prefix = fmt + ":"
        return [(k[len(prefix):], v) for k, v in self.extra if k.startswith(prefix)]

    @property
    def resolved(self) -> bool:
        """Whether the record is registered metadata (net.resolve), not what the article printed."""
        return self.source.startswith(RESOLVED)

    def with_(self, **changes) -> "Reference":
        return replace(self, **changes)

    def to_csl(self) -> dict:
        """The CSL-JSON item of DESIGN.md's contract, plus `n` and `raw`."""
        item: dict = {"n": self.n, "raw": self.raw, "type": self.type}
        if self.title:
            item["title"] = self.title
        if self.authors:
            item["author"] = [a.to_csl() for a in self.authors]
        if self.editors:
            item["editor"] = [e.to_csl() for e in self.editors]
        if self.year is not None:
            item["issued"] = {"date-parts": [[self.year]]}
            if self.year_suffix:
                item["year-suffix"] = self.year_suffix
        elif self.date_text:
            item["issued"] = {"literal": self.date_text}
        for key, attribute in CSL_TEXT_VARIABLES:
            value = getattr(self, attribute)
            if value:
                item[key] = value
        if self.arxiv:
            item["arxiv"] = self.arxiv
        if self.accessed:
            item["accessed"] = {"raw": self.accessed}
        if self.span is not None:
            item["line"] = self.span.line
        if self.issues:
            item["issues"] = [i.to_json() for i in self.issues]
        if self.same_as:
            item["same_as"] = self.same_as
        custom = self.custom()
        if custom:
            item["custom"] = custom
        return item

    def custom(self) -> dict:
        """Import provenance in CSL-JSON's `custom` object (empty for parsed references)."""
        out: dict = {}
        if self.key:
            out["key"] = self.key
        if self.source:
            out["source"] = self.source
        if self.extra:
            out["extra"] = [[k, v] for k, v in self.extra]
        return out


@dataclass(frozen=True, slots=True)
class Citation:
    """An in-text callout and the reference numbers it points at."""

    text: str
    span: Span
    refs: tuple[int, ...]
    style: str  # "numeric" or "author-year"
    problems: tuple[Issue, ...] = ()
    context: str = ""

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.span.start,
            "end": self.span.end,
            "line": self.span.line,
            "refs": list(self.refs),
            "problems": [p.message for p in self.problems],
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """An article read from disk: its plain text and where each character came from.

    `text` is what later stages read (Markdown emphasis removed, line ends normalised);
    `source_offsets[i]` is the offset in the original file's decoded text of `text[i]`, so
    spans and line numbers point at what the user sees in their editor.
    """

    path: str
    stem: str
    format: str
    text: str
    source_text: str
    source_offsets: tuple[int, ...] = ()
    title: str = ""
    issues: tuple[Issue, ...] = ()
    line_starts: tuple[int, ...] = ()  # offsets where source lines start: line numbers by bisection
    # Reference lists the reader recognised from the document's structure (an HTML `ol.references`,
    # pandoc's `div#refs`, Markdown `[^n]:` notes, RST `.. [n]`): source_text offsets of each list,
    # and where each of its entries begins. Empty: the text finder looks for the list instead.
    ref_regions: tuple[tuple[int, int], ...] = ()
    entry_starts: tuple[int, ...] = ()
    ref_reasons: tuple[str, ...] = ()  # one per region: what the reader saw (for --explain)
    # Callouts the markup links to entries (pandoc `data-cites`, `<a href="#ref3">`, `[^1]`, `[1]_`):
    # (source start, source end, keys), and the keys of each entry, as (entry start, key).
    callout_marks: tuple[tuple[int, int, tuple[str, ...]], ...] = ()
    entry_keys: tuple[tuple[int, str], ...] = ()

    def span(self, start: int, end: int) -> Span:
        """The source span and 1-based line of text[start:end]."""
        src_start = self.source_offsets[start] if start < len(self.source_offsets) else len(self.source_text)
        if end <= start:
            src_end = src_start
        else:
            last = end - 1
            src_end = (self.source_offsets[last] + 1) if last < len(self.source_offsets) else len(self.source_text)
        return self.span_of_source(src_start, src_end)

    def span_of_source(self, start: int, end: int) -> Span:
        """The span of source_text[start:end] with its 1-based line."""
        if self.line_starts:
            return Span(start, end, bisect.bisect_right(self.line_starts, start))
        return Span(start, end, self.source_text.count("\n", 0, start) + 1)


@dataclass(frozen=True, slots=True)
class Section:
    """The reference list of a document (text offsets) and the body before it."""

    start: int
    end: int
    heading: str
    body_end: int


@dataclass(frozen=True, slots=True)
class RawReference:
    """A reference string cut out of a list, before parsing."""

    n: int
    text: str
    start: int
    end: int
    label: str = ""  # the printed number, if the list is numbered


@dataclass(frozen=True, slots=True)
class Finding:
    """A part of a document taken as a reference list, and why: what `parse --explain` shows.

    `method` is how it was found: "structure" (the reader saw list markup), "heading" (a
    References-like heading over reference-like lines), "finder" (lines that read as a numbered
    list) or "model" (the trained line finder, where the rules find no list).
    """

    start: int  # source_text offsets
    end: int
    method: str
    reason: str
    entries: int = 0


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """Everything refgraph learns from one article."""

    document: Document
    references: tuple[Reference, ...]
    citations: tuple[Citation, ...]
    links: tuple[str, ...]
    numbered: bool = False
    issues: tuple[Issue, ...] = ()
    findings: tuple[Finding, ...] = ()  # where the reference list(s) were found, and why

    def mention_id(self, n: int) -> str:
        return f"{self.document.stem}#{n}"

    def mention_id_of(self, ref: Reference) -> str:
        """`<stem>#<n>`; an entry imported from a bibliography file, when it has a usable key,
        is `<file name>#<key>`, so its id (and the user's decisions about it) survive edits
        to the file that move the entry."""
        return f"{self.document.stem}#{ref.user_key or ref.n}"

    def to_json(self) -> dict:
        doc = self.document
        return {
            "document": {"path": doc.path, "stem": doc.stem, "format": doc.format, "title": doc.title,
                         "numbered": self.numbered, "issues": [i.to_json() for i in doc.issues]},
            "references": [r.to_csl() for r in self.references],
            "citations": [c.to_json() for c in self.citations],
            "links": list(self.links),
            "issues": [i.to_json() for i in self.issues],
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference as it stands in one document: the unit that deduplication clusters."""

    id: str  # "<stem>#<n>"
    document: str
    reference: Reference
    callouts: int = 0
    contexts: tuple[str, ...] = ()
    origin: Origin = "parsed"


def mentions_of(doc: ParsedDocument) -> list[Mention]:
    """Each reference of a document as a Mention, with its callout count and contexts."""
    out = []
    for ref in doc.references:
        cites = [c for c in doc.citations if ref.n in c.refs]
        out.append(Mention(id=doc.mention_id_of(ref), document=doc.document.stem, reference=ref,
                           callouts=len(cites), contexts=tuple(dict.fromkeys(c.context for c in cites if c.context))))
    return out


@dataclass(frozen=True, slots=True)
class Decisions:
    """A user's verdicts on pairs of mentions (ids "<stem>#<n>"): honoured by every run."""

    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Work:
    """One work, merged from one or more mentions, with the reasons for every merge."""

    key: str
    reference: Reference
    mentions: tuple[str, ...]
    why: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    part_of: str = ""  # key of the containing work (a chapter's book), if known

    def to_json(self) -> dict:
        item = self.reference.to_csl()
        for k in ("n", "raw", "line", "issues"):
            item.pop(k, None)
        item["id"] = self.key
        item["mentions"] = list(self.mentions)
        item["why"] = list(self.why)
        if self.conflicts:
            item["conflicts"] = list(self.conflicts)
        if self.part_of:
            item["part_of"] = self.part_of
        return item


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """What checking a DOI or URL found."""

    kind: str  # "doi" or "url"
    target: str
    source: str  # "<file>#<n>"
    status: str  # ok | warning | broken | unknown
    problems: tuple[Issue, ...] = ()  # kinds: the URL's state (dead, moved ...) or the DOI's finding
    final_url: str = ""
    http_status: int | None = None
    registered: bool | None = None
    agency: str = ""
    match: str | None = None  # same | likely | different
    retracted: bool | None = None
    details: dict = field(default_factory=dict, compare=False, hash=False)
