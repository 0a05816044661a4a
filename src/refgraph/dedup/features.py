"""Normalised, compact features of a reference: computed once, compared many times.

Deduplicating a million references compares millions of pairs; folding case and accents,
splitting pages and classifying types once per reference (not once per pair) keeps each
comparison to a few C-level string calls.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refgraph.model import Reference
from refgraph.text import fold

STOP = frozenset({"the", "a", "an", "of", "on", "in", "and", "for", "to", "with", "at", "by", "from", "is",
                  "are", "its", "der", "die", "das", "le", "la", "les", "et", "und"})
# Type classes: two references of different known classes are never one work.
TYPE_CLASS = {"chapter": "part", "paper-conference": "part", "book": "book", "report": "book",
              "thesis": "thesis", "article-journal": "article", "article": "article"}
_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix"})  # not i, v, x: words too
_PUNCT = re.compile(r"[^\w\s]|_")
_NUM = re.compile(r"\d+")
_PAGE = re.compile(r"^\D*?(\d+)\s*(?:[-–—]+\s*\D*?(\d+))?")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_URL_PREFIX = re.compile(r"^https?://(?:www\.)?", re.IGNORECASE)


ascii_fold = fold  # lower case without accents: 'Müller' and 'Muller' block and compare alike


def norm_title(s: str) -> str:
    """Title words, folded, without punctuation or a leading article ('&' read as 'and')."""
    s = _PUNCT.sub(" ", ascii_fold(s or "").replace("&", " and "))
    return " ".join(w for w in s.split() if w != "the")


_SUBTITLE = re.compile(r"[:.?!]\s|\s[-–—]\s")


def main_title(s: str, normalised: str = "") -> str:
    """The title before its subtitle (a colon, a full stop or a dash), normalised."""
    m = _SUBTITLE.search(s or "")
    if m is None:
        return normalised or norm_title(s)
    return norm_title(s[: m.start()])


_NON_LETTER = re.compile(r"[^a-z]")
_CACHE_LIMIT = 200_000  # surnames and journal names remembered: they repeat across a library


@lru_cache(maxsize=_CACHE_LIMIT)
def surname_key(name: str) -> str:
    """ASCII letters of a surname, cached: surnames repeat across a library."""
    return _NON_LETTER.sub("", ascii_fold(name))


@lru_cache(maxsize=_CACHE_LIMIT)
def norm_field(s: str) -> str:
    """norm_title for journal and publisher names, cached: they repeat across a library."""
    return norm_title(s) if s else ""


def first_creator(ref: Reference) -> str:
    people = ref.authors or ref.editors
    if not people:
        return ""
    p = people[0]
    return surname_key(p.literal.split()[0] if p.literal and not p.family else (p.family or p.literal))


def pages(s: str) -> tuple[int, int] | None:
    """'1136–47' -> (1136, 1147); 'p. 45' -> (45, 45); '' or 'e123' without digits -> None."""
    m = _PAGE.match(s or "")
    if not m:
        return None
    start = int(m.group(1))
    if not m.group(2):
        return (start, start)
    end_s = m.group(2)
    end = int(end_s)
    if end < start and len(end_s) < len(m.group(1)):  # abbreviated end page: 1136-47
        end = int(m.group(1)[: len(m.group(1)) - len(end_s)] + end_s)
    return (start, end) if end >= start else (start, start)


def norm_doi(s: str) -> str:
    return _DOI_PREFIX.sub("", (s or "").strip()).rstrip(".").lower()


def norm_url(s: str) -> str:
    return _URL_PREFIX.sub("", (s or "").strip()).rstrip("/").lower()


_VOLUME = re.compile(r"[a-z]*\d+[a-z]?|[ivxlc]+\b")


def norm_volume(s: str) -> str:
    """'33(2)', 'Vol. 33', '33 ' -> '33': the volume proper, without issue or label."""
    s = (s or "").strip().lower()
    s = re.sub(r"^(?:vol(?:ume)?\.?\s*)", "", s)
    m = _VOLUME.match(s)
    return m.group() if m else s


def norm_isbn(s: str) -> str:
    return re.sub(r"[^0-9X]", "", (s or "").upper())


_HAS_NUMBER = re.compile(r"\d|\b(?:ii|iii|iv|vi|vii|viii|ix)\b")
_NO_NUMBERS: frozenset[str] = frozenset()


def title_numbers(title: str) -> frozenset[str]:
    """Numbers and roman numerals of a title: 'Part 1' and 'Part 2' are different works."""
    return frozenset(_NUM.findall(title)) | frozenset(w for w in title.split() if w in _ROMAN)


@dataclass(frozen=True, slots=True)
class Features:
    title: str
    main: str
    numbers: frozenset[str]
    creator: str
    surnames: tuple[str, ...]
    year: int | None
    tclass: str
    doi: str
    isbn: str
    url: str
    volume: str
    pages: tuple[int, int] | None
    container: str
    publisher: str


def features(ref: Reference) -> Features:
    title = norm_title(ref.title)
    people = ref.authors or ref.editors
    return Features(
        title=title,
        main=main_title(ref.title, title),
        numbers=title_numbers(title) if _HAS_NUMBER.search(title) else _NO_NUMBERS,
        creator=first_creator(ref),
        surnames=tuple(surname_key(p.family or p.literal) for p in people),
        year=ref.year,
        tclass=TYPE_CLASS.get(ref.type, ""),
        doi=norm_doi(ref.doi),
        isbn=norm_isbn(ref.isbn),
        url=norm_url(ref.url) if not ref.doi else "",
        volume=norm_volume(ref.volume),
        pages=pages(ref.page),
        container=norm_field(ref.container_title),
        publisher=norm_field(ref.publisher),
    )


def significant_words(title: str) -> list[str]:
    return [w for w in title.split() if w not in STOP]
