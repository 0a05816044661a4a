"""Labelled tokens -> the fields of a `Reference`.

The CRF says which tokens form the title, the date, the pages...; this module turns those runs
into clean values: names split, years and access dates told apart, `41(1)` into volume and
issue, page ranges with an en dash, Markdown marks, quotes and trailing punctuation removed,
and a CSL type inferred from which fields are present.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from refgraph.extract.names import editor_marked, parse_names
from refgraph.extract.tokens import squash_spaces

_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)([a-z]?)(?![\d])")
_QUOTES = "‘’“”\"'«»„"
_STRIP = " \t.,;:*_" + _QUOTES
_PAGES_PREFIX_RE = re.compile(r"^(?:pp?\.?|pages?|s\.|seiten)\s*", re.I)
_DASH_RE = re.compile(r"\s*(?:-+|[–—‐‑−]+)\s*")
_VOL_RE = re.compile(r"^(?:vol(?:ume)?\.?|v\.|bd\.?|jg\.?)\s*", re.I)
_ISSUE_RE = re.compile(r"(?:\bno\.?|\bnr\.?|\bissue|\bheft|\bh\.|#)\s*(\w[\w/–-]*)", re.I)
_EDITION_RE = re.compile(r"\s*\b(?:edn|ed|edition|edit|aufl|auflage)\b\.?", re.I)
_ACCESS_RE = re.compile(
    r"[(\[]?\s*\b(?i:last\s+)?(?i:accessed|retrieved|viewed|cited|consulted|downloaded)\b(?i:\s+on)?\s*:?\s*"
    r"((?:[^()\[\]]*?(?:1[5-9]\d\d|20\d\d)(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?)|(?:[^()\[\].]*))\s*[)\]]?")

_ACCESS_WORDS = ("accessed", "retrieved", "viewed", "cited", "consulted", "downloaded")


_MARKS_RE = re.compile(r"(?<![\w/])[*_]+|[*_]+(?![\w/])")
_ND_RE = re.compile(r"\bn\.?\s*d\b")
_RANGE_RE = re.compile(r"\w\s*(?:-+|[–—‐‑−]+)\s*\w")
_VOL_ISSUE_RE = re.compile(r"^(?:vol(?:ume)?\.?\s*)?(\w+)\s*\(([^)]+)\)\s*:?\s*(.*)$", re.I)
_DIGIT_RE = re.compile(r"\d")
APA_DATE_RE = re.compile(r"^\((?:1[5-9]\d\d|20\d\d)[a-z]?(?:,[^)]*)?\)\.?$")  # APA's "(2006)." after the authors
# `34:D692–D696`, `23: 242–54`: a range or a lettered page (`70: 6` may be an issue).
_VOL_PAGES_RE = re.compile(r"^(\d+)\s*:\s*([A-Za-z]?\d+\s*[-–—]\s*[A-Za-z]?\d+|[A-Za-z]\d+)$")
# BMC's `2:64`, `189:4749-4755`, `6:e120` (volume:pages, a single page allowed).
VOLUME_PAGES_RE = re.compile(r"^(\d{1,4})\s*:\s*([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)$")
_LEADING_YEAR_RE = re.compile(r"^(?:1[5-9]\d\d|20\d\d)[a-z]?\s*[,;]\s*(?=\d)")


def is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[5-9]\d\d|20\d\d)[a-z]?", text))
# pandoc-citeproc's Chicago article tail: `13 (2):31–39`, `15 (6). IEEE:1130–5`, `4 (January):e1638`,
# `41 (1). New York, NY, USA: ACM:1:1–1:37` (a publisher, sometimes with its place, before the pages).
_CHICAGO_TAIL_RE = re.compile(
    r"(?<![\w(])(?P<volume>\d{1,5})\s\((?P<issue>[^()]{1,30})\)(?:\.\s(?P<publisher>[A-Z](?:[^:.]|[:.]\s){0,100}?))?"
    r":(?P<pages>[A-Za-z]?\d[\w–-]*(?::\d[\w–-]*)*)\.?(?=\s|$)")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "spring", "summer", "autumn", "fall", "winter"}


@dataclass(frozen=True)
class ChicagoTail:
    """Volume, issue, publisher and pages of `Journal 15 (6). IEEE:1130–5.`, and where it starts."""

    start: int
    volume: str
    issue: str
    publisher: str
    pages: str


def chicago_tail(text: str) -> ChicagoTail | None:
    """The article tail pandoc prints in Chicago author-date, which the CRF cuts in odd places
    (the publisher glued to the pages as `IEEE:1130–5`); a month in the issue place is no issue."""
    if ":" not in text or "(" not in text:
        return None
    m = _CHICAGO_TAIL_RE.search(text)
    if not m:
        return None
    issue = m.group("issue").strip()
    if issue.lower() in _MONTHS:
        issue = ""
    return ChicagoTail(m.start(), m.group("volume"), issue, clean_value(m.group("publisher") or ""),
                       normalize_pages(m.group("pages")))
_VOL_END_RE = re.compile(r"[,:;]\s*")
_PUBLISHED_BY_RE = re.compile(r"^\s*(?:published\s+by|publisher\s*:)\s*", re.I)
_IN_RE = re.compile(r"^\s*in\s*:?\s+", re.I)


@dataclass(frozen=True)
class Field:
    """A run of tokens with one label."""

    label: str
    text: str


def spans(tokens: list[str], labels: list[str]) -> list[Field]:
    """Runs of equally labelled tokens, as fields (in order)."""
    out: list[Field] = []
    n = min(len(tokens), len(labels))
    if not n:
        return out
    start, prev = 0, labels[0]
    for i in range(1, n):
        if labels[i] != prev:
            out.append(Field(prev, " ".join(tokens[start:i])))
            start, prev = i, labels[i]
    out.append(Field(prev, " ".join(tokens[start:n])))
    return out


@lru_cache(maxsize=16384)
def clean_value(text: str) -> str:
    """A field value without Markdown marks, surrounding quotes, brackets or punctuation.

    Strips punctuation and drops a bracket at either end that has no partner inside, until
    neither changes anything. It moves two indices and keeps the bracket counts up to date, so
    that a value of 50,000 `(` costs one pass, not a recount and a copy per bracket.
    """
    s = _MARKS_RE.sub("", text) if "*" in text or "_" in text else text
    s = squash_spaces(s)
    opens, closes = s.count("(") + s.count("["), s.count(")") + s.count("]")
    i, j = 0, len(s)
    while True:
        while i < j and (s[i] in _STRIP or s[i].isspace()):
            i += 1
        while j > i and (s[j - 1] in _STRIP or s[j - 1].isspace()):
            j -= 1
        if i == j:
            return ""
        first, last = s[i], s[j - 1]
        if first in "([" and opens > closes:
            i, opens = i + 1, opens - 1
        elif last in ")]" and closes > opens:
            j, closes = j - 1, closes - 1
        elif j - i > 1 and first in "([" and last in ")]" and opens == 1:
            i, j, opens, closes = i + 1, j - 1, 0, closes - 1
        else:
            return s[i:j]


def find_access(text: str) -> tuple[str, int, int]:
    """The access date of a web reference ("(Accessed: 7 April 2021)") and its extent."""
    lower = text.lower()
    if not any(word in lower for word in _ACCESS_WORDS):  # most references: skip the slow scan
        return "", -1, -1
    m = _ACCESS_RE.search(text)
    if not m or not any(ch.isdigit() for ch in m.group(1)) or "://" in m.group(1):
        return "", -1, -1
    return clean_value(m.group(1)), m.start(), m.end()


def parse_date(text: str) -> tuple[int | None, str, str]:
    """(year, suffix, literal) from a date field: `(2019)`, `2019a`, `n.d.`, `in press`."""
    m = _YEAR_RE.search(text)
    if m:
        return int(m.group(1)), m.group(2), ""
    low = text.lower()
    if _ND_RE.search(low):
        return None, "", "n.d."
    if "press" in low or "forthcoming" in low:
        return None, "", "in press"
    return None, "", clean_value(text)


def normalize_pages(text: str) -> str:
    """`pp. 433-40.` -> `433–40`: prefix dropped, any dash run between numbers an en dash."""
    s = clean_value(_PAGES_PREFIX_RE.sub("", clean_value(text)))
    s = _PAGES_PREFIX_RE.sub("", s)
    return _DASH_RE.sub("–", s) if _RANGE_RE.search(s) else s


def parse_volume(text: str) -> tuple[str, str, str]:
    """(volume, issue, pages) from a volume field: `41(1)`, `vol.36, no. 9`, `29(2): 173–190`."""
    s = _LEADING_YEAR_RE.sub("", clean_value(text))  # "2006, 4:1707-1719", "2014; 23(5)": the year first
    issue = ""
    m = _VOL_ISSUE_RE.match(s)
    if m:
        rest = m.group(3)
        return m.group(1), m.group(2).strip(), normalize_pages(rest) if _DIGIT_RE.search(rest) else ""
    m = _VOL_PAGES_RE.match(s)
    if m:  # "34:D692–D696" (Chicago, Vancouver): volume and pages
        return m.group(1), "", normalize_pages(m.group(2))
    m = _ISSUE_RE.search(s)
    if m:
        issue = m.group(1).strip(",.")
        s = s[:m.start()]
    s = _VOL_RE.sub("", clean_value(s))
    vol = _VOL_END_RE.split(s)[0].strip()
    return clean_value(vol), issue, ""


def parse_edition(text: str) -> str:
    return clean_value(_EDITION_RE.sub("", clean_value(text)))


def split_place_publisher(text: str) -> tuple[str, str]:
    """`Monmouth: PCCS Books` -> ("Monmouth", "PCCS Books"); no colon -> ("", text)."""
    if ":" in text and "://" not in text:
        place, _, pub = text.partition(":")
        if place.strip() and pub.strip() and len(place.split()) <= 4:
            return clean_value(place), clean_value(pub)
    return "", clean_value(text)


def clean_publisher(text: str) -> str:
    return clean_value(_PUBLISHED_BY_RE.sub("", clean_value(text)))


def clean_container(text: str) -> str:
    return clean_value(_IN_RE.sub("", clean_value(text)))


_CONF_RE = re.compile(r"\b(proc(?:eedings|\.)?|conference|symposium|workshop|congress|meeting)\b", re.I)
_REPORT_RE = re.compile(r"\b(report|working\s+paper|white\s+paper|briefing|technical\s+note|guidance|"
                        r"policy|strategy|discussion\s+paper|series)\b", re.I)
_REPORT_WORD_RE = re.compile(r"\breport\b", re.I)
_THESIS_RE = re.compile(r"\b(thesis|dissertation|ph\.?\s?d|doctoral|master'?s)\b", re.I)
_ORG_RE = re.compile(r"\b(centre|center|department|institute|network|project|agency|council|ministry|"
                     r"organi[sz]ation|committee|commission|foundation|office|trust|nhs|government)\b", re.I)


def is_thesis(text: str) -> bool:
    return bool(_THESIS_RE.search(text))


@dataclass(frozen=True)
class TypeEvidence:
    """What type inference looks at, gathered while the fields are built."""

    has_journal: bool
    container: str
    has_publisher: bool
    publisher: str
    genre: str
    title: str
    has_url: bool
    has_doi: bool
    has_isbn: bool
    has_volume: bool
    has_pages: bool
    has_editors: bool
    corporate_author: bool
    has_arxiv: bool = False
    software: bool = False


# Marks of a code repository or a software release (APA 7 as Inara/citeproc prints software:
# `In GitHub repository. GitHub.`, `(Version 1.2)`, `[Computer software]`, a Zenodo DOI).
_SOFTWARE_RE = re.compile(r"\bgit(?:hub|lab)\s+repo(?:sitory)?\b|\(version\s+v?\d[^)]*\)|\(v\d+(?:\.\d+)+\)|"
                          r"\[(?:computer\s+)?(?:software|code)\b|\b10\.5281/zenodo\.", re.I)
_SOFTWARE_HOST_RE = re.compile(r"^(?:github|gitlab|zenodo|bitbucket)$", re.I)


def is_software(raw: str, publisher: str, container: str) -> bool:
    """Whether a reference names software rather than a book, chapter or web page: typed as a
    generic `document` (CSL has no narrower type every writer knows), not as a guessed book."""
    return bool(_SOFTWARE_RE.search(raw) or _SOFTWARE_HOST_RE.match(publisher)
                or _SOFTWARE_HOST_RE.match(container))


ROMAN_PAGES_RE = re.compile(r"^[ivxlcdm]+(?:\s*[-–—]+\s*[ivxlcdm]+)?$", re.I)
_TITLE_VERSION_RE = re.compile(r"\s*\((version\s+v?\d[\w.\-]*|v\d+(?:\.\d+)+|latest)\)$", re.I)


def split_version(title: str) -> tuple[str, str]:
    """`Manim (Version v0.17.2)` -> ("Manim", "Version v0.17.2"), `(latest)` likewise: APA 7
    prints a software release's version after its title; not part of it (kept as a note)."""
    m = _TITLE_VERSION_RE.search(title)
    if not m or not title[:m.start()].strip():
        return title, ""
    return clean_value(title[:m.start()]), m.group(1)


def infer_type(e: TypeEvidence) -> str:
    """The CSL type, from the kinds of fields present (AnyStyle's journal vs container split)."""
    if _THESIS_RE.search(e.genre):
        return "thesis"
    if not e.has_journal and _THESIS_RE.search(" ".join((e.genre, e.title, e.publisher))):  # only then needed
        return "thesis"
    if e.software:
        return "document"
    if e.has_journal:
        return "article-journal"
    if e.container:
        return "paper-conference" if _CONF_RE.search(e.container) else "chapter"
    if e.has_arxiv and not (e.has_publisher or e.has_isbn):
        return "article"  # CSL's type for a preprint
    if _REPORT_RE.search(e.genre) or _REPORT_WORD_RE.search(e.title):
        return "report"
    if e.has_publisher:
        if e.has_url and not e.has_isbn and _ORG_RE.search(e.publisher):
            return "report"
        return "book"
    if e.has_isbn or e.has_editors:
        return "book"
    if e.has_volume or e.has_pages or e.has_doi:
        return "article-journal"
    if e.has_url:
        return "report" if e.corporate_author and _REPORT_RE.search(e.title) else "webpage"
    return "document"


def names_field(text: str):
    """(names, etal, is_editor) of an author/editor field."""
    names, etal = parse_names(text)
    return names, etal, editor_marked(text)
