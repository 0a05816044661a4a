"""Identifiers in reference strings: DOI, ISBN, URL, PMID, arXiv.

Pure functions, property-tested. Identifiers are found by rule, never by the statistical parser,
because a wrong DOI is worse than none: every later stage (resolution, dedup) trusts them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A DOI is 10.<registrant>/<suffix>; the suffix may hold almost anything but white space. Angle
# brackets end it (HTML, <doi> wrappers) except around a SICI's item part, which opens with a digit:
# 10.1002/(SICI)1097-0207(19960815)39:15<2509::AID-NME956>3.0.CO;2-M.
DOI_RE = re.compile(r"10\.\d{4,9}/(?:[^\s\"<>{}]|<\d[^\s\"<>{}]*>)+", re.I)
_DOI_PREFIX_RE = re.compile(
    r"(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*:\s*|\bdoi\s+(?=10\.)", re.I)
_TRAILING = ".,;:)]}>'\"’”*_"

URL_RE = re.compile(
    r"<?(?:(?:https?|ftp|file)://[^\s<>\"]+"
    r"|www\.[^\s<>\"]+"
    r"|\b(?:bit\.ly|t\.co|tinyurl\.com|goo\.gl|ow\.ly|doi\.org)/[^\s<>\"]+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:org|com|net|edu|gov|ac\.uk|co\.uk|org\.uk|io|info)"
    r"(?:/[^\s<>\"]*)?)>?",
    re.I,
)
# Something every URL_RE match contains: texts without any (most references) skip the slow scan.
_URL_HINTS = ("://", "www.", ".org", ".com", ".net", ".edu", ".gov", ".uk", ".io", ".info",
              "bit.ly/", "t.co/", "goo.gl/", "ow.ly/")

ISBN_RE = re.compile(r"\bISBN(?:-1[03])?:?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])\b"
                     r"|\b(97[89](?:[\s-]?\d){10})\b", re.I)
PMID_RE = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.I)
ARXIV_RE = re.compile(r"\barXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I)


@dataclass(frozen=True)
class Found:
    """An identifier and where it stands in the string it was found in."""

    kind: str
    value: str
    start: int
    end: int


def _strip_trailing(s: str) -> str:
    """Drop sentence punctuation glued to the end, keeping balanced brackets inside an id."""
    while s and s[-1] in _TRAILING:
        if s[-1] == ")" and s.count("(") >= s.count(")"):
            break
        s = s[:-1]
    return s


def normalize_doi(text: str) -> str:
    """Bare, lower-cased DOI from any common spelling, or '' if there is none."""
    if not text:
        return ""
    m = DOI_RE.search(text.strip())
    if not m:
        return ""
    return _strip_trailing(m.group(0)).lower()


def is_valid_doi(doi: str) -> bool:
    return bool(re.fullmatch(r"10\.\d{4,9}/\S+", doi or ""))


def find_dois(text: str) -> list[Found]:
    out: list[Found] = []
    if "10." not in text:  # every DOI holds it: most references skip the scan
        return out
    for m in DOI_RE.finditer(text):
        value = _strip_trailing(m.group(0))
        start = m.start()
        prefix = _DOI_PREFIX_RE.search(text, max(0, start - 30), start)
        while prefix and prefix.end() != start:
            prefix = _DOI_PREFIX_RE.search(text, prefix.start() + 1, start)
        if prefix:
            start = prefix.start()
        out.append(Found("doi", value.lower(), start, m.start() + len(value)))
    return out


def _isbn10_ok(d: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(d))
    return total % 11 == 0


def _isbn13_ok(d: str) -> bool:
    if not d.isdigit():
        return False
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d))
    return total % 10 == 0


def normalize_isbn(text: str) -> str:
    """Digits of a valid ISBN-10 or -13 (upper-case X), or '' if the checksum fails."""
    digits = re.sub(r"[^0-9Xx]", "", text or "").upper()
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits) and _isbn10_ok(digits):
        return digits
    if len(digits) == 13 and _isbn13_ok(digits):
        return digits
    return ""


def find_isbns(text: str) -> list[Found]:
    out: list[Found] = []
    if "978" not in text and "979" not in text and "bn" not in text.lower():  # 97[89]... or marked "ISBN"
        return out
    for m in ISBN_RE.finditer(text):
        group = 1 if m.group(1) else 2
        value = normalize_isbn(m.group(group))
        if value:
            out.append(Found("isbn", value, m.start(), m.end()))
    return out


def normalize_url(text: str) -> str:
    """A URL as printed, minus angle brackets and trailing sentence punctuation."""
    s = (text or "").strip()
    if s.startswith("<") and ">" in s:
        s = s[1:s.index(">")]
    return _strip_trailing(s.strip("<>"))


def url_scheme(url: str) -> str:
    m = re.match(r"([a-z][a-z0-9+.-]*)://", url, re.I)
    return m.group(1).lower() if m else ""


def fetchable_url(url: str) -> str:
    """The URL to fetch (scheme added where it was left out), or '' if it is not http(s)."""
    scheme = url_scheme(url)
    if not scheme:
        return "https://" + url
    return url if scheme in ("http", "https") else ""


def find_urls(text: str) -> list[Found]:
    out: list[Found] = []
    lower = text.lower()
    for hint in _URL_HINTS:  # a plain loop: a generator costs more than the checks
        if hint in lower:
            break
    else:
        return out
    for m in URL_RE.finditer(text):
        raw = m.group(0)
        value = normalize_url(raw)
        if not value or "@" in value.split("/")[0] or text[max(0, m.start() - 1):m.start()] in ("@", "."):
            continue  # e-mail addresses are not links
        host = re.sub(r"^[a-z]+://", "", value, flags=re.I).split("/")[0]
        if "." not in host or host.endswith("."):
            continue
        start = m.start() + (1 if raw.startswith("<") else 0)
        out.append(Found("url", value, start, start + len(value)))
    return out


def find_pmids(text: str) -> list[Found]:
    if "pm" not in text.lower():  # "PMID": P and M have no case partner outside ASCII
        return []
    return [Found("pmid", m.group(1), m.start(), m.end()) for m in PMID_RE.finditer(text)]


def find_arxiv(text: str) -> list[Found]:
    if "arx" not in text.lower():
        return []
    return [Found("arxiv", m.group(1), m.start(), m.end()) for m in ARXIV_RE.finditer(text)]


def doi_from_url(url: str) -> str:
    """The DOI behind a doi.org link, or ''."""
    if re.match(r"(?:https?://)?(?:dx\.)?doi\.org/", url or "", re.I):
        return normalize_doi(url)
    return ""


@dataclass(frozen=True)
class Identifiers:
    """All identifiers found in one reference string."""

    doi: str = ""
    url: str = ""
    isbn: str = ""
    pmid: str = ""
    arxiv: str = ""
    spans: tuple[Found, ...] = ()


def extract_identifiers(text: str) -> Identifiers:
    """Every identifier in a reference string; a DOI link counts as the DOI and as the URL."""
    dois = find_dois(text)
    all_urls = find_urls(text)
    url_spans = [(f.start, f.end) for f in all_urls if url_scheme(f.value) or f.value.startswith("www.")]
    isbns = [f for f in find_isbns(text) if not any(s <= f.start < e for s, e in url_spans)]
    pmids = find_pmids(text)
    arxivs = find_arxiv(text)
    taken = [(f.start, f.end) for f in dois + isbns + pmids + arxivs]
    urls = []
    for f in all_urls:
        inside_doi = any(s <= f.start < e for s, e in taken)
        if inside_doi and not re.match(r"(?:https?://)", f.value, re.I):
            continue
        urls.append(f)
    url = urls[0].value if urls else ""
    if url and not dois and doi_from_url(url):
        dois = [Found("doi", doi_from_url(url), urls[0].start, urls[0].end)]
    return Identifiers(
        doi=dois[0].value if dois else "",
        url=url,
        isbn=isbns[0].value if isbns else "",
        pmid=pmids[0].value if pmids else "",
        arxiv=arxivs[0].value if arxivs else "",
        spans=tuple(sorted(dois + isbns + pmids + arxivs + urls, key=lambda f: f.start)),
    )
