"""Does this metadata describe the work that the citing reference means? Field by field.

In the manner of Crossref's search-based matching with validation: a candidate is never taken
on the search engine's score alone. Each field (title, first author's surname, year +-1,
container, volume, first page) is compared, and the grade says which fields agree and which
disagree, so a wrong DOI is caught and a found DOI carries its evidence. When the parser left a
field empty, the field is looked for in the reference string as printed, so checking works
even on references the parser could not split.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from refgraph.ids import extract_identifiers
from refgraph.model import Reference

WEIGHTS = {"title": 0.45, "author": 0.2, "year": 0.15, "container": 0.1, "volume": 0.05, "page": 0.05}
SAME, LIKELY, DIFFERENT = "same", "likely", "different"
BOOK_TYPES = frozenset({"book", "chapter"})
ARTICLE_TYPES = frozenset({"article-journal", "article", "paper-conference"})
_BOOKISH_RAW = re.compile(r"\(eds?\.?\)|\beds?\.\s|\bedn\b|\bedition\b|\bpublished by\b|\bpress\b|"
                          r"\bISBN\b|\bIn:?\s+[A-Z][^,]{0,40}\(eds?", re.I)


@dataclass(frozen=True)
class FieldCheck:
    """One field compared: agree (score near 1), disagree (near 0) or in between."""

    field: str
    citing: str
    resolved: str
    score: float

    @property
    def verdict(self) -> str:
        return "agree" if self.score >= 0.85 else "disagree" if self.score < 0.5 else "partial"

    def to_json(self) -> dict:
        return {"field": self.field, "citing": self.citing, "resolved": self.resolved,
                "score": round(self.score, 3), "verdict": self.verdict}


@dataclass(frozen=True)
class Match:
    """The grade, the weighted score over the fields both sides have, and the evidence."""

    grade: str | None  # same | likely | different | None (nothing to compare)
    score: float
    checks: tuple[FieldCheck, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def disagreeing(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.checks if c.verdict == "disagree")

    def to_json(self) -> dict:
        return {"grade": self.grade, "score": round(self.score, 3),
                "fields": [c.to_json() for c in self.checks], "notes": list(self.notes)}


def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces: the form fields are compared in."""
    text = unicodedata.normalize("NFKD", html.unescape(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"<[^>]+>", " ", text)  # Crossref titles may carry JATS/MathML tags
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def without_identifiers(raw: str) -> str:
    """A reference string minus its DOIs, URLs, ISBNs ... (a DOI's digits are not a year)."""
    for found in sorted(extract_identifiers(raw or "").spans, key=lambda f: -f.start):
        raw = raw[:found.start] + " " + raw[found.end:]
    return " ".join((raw or "").split())


def residue(ref: Reference) -> str:
    """The folded reference string without its identifiers: what fields are looked for in."""
    return fold(without_identifiers(ref.raw))


def _title(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    want = fold(resolved.title)
    if not want:
        return None
    if citing.title:
        have = fold(citing.title)
        score = max(fuzz.ratio(have, want), fuzz.token_sort_ratio(have, want))
        main = fold(resolved.title.split(":")[0])  # a citation may drop the subtitle, or vice versa
        if len(main) >= 15 and len(have) >= 15:
            score = max(score, fuzz.partial_ratio(main, have) - 5, fuzz.partial_ratio(have, want) - 5)
        return FieldCheck("title", citing.title, resolved.title, score / 100)
    if len(text) < 10:
        return None
    main = fold(resolved.title.split(":")[0]) if len(fold(resolved.title.split(":")[0])) >= 15 else want
    score = max(fuzz.partial_ratio(want, text), fuzz.partial_ratio(main, text) - 3)
    return FieldCheck("title", "(in the reference string)", resolved.title, score / 100)


def _author(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    if not resolved.authors:
        return None
    want = fold(resolved.authors[0].family or resolved.authors[0].literal)
    if not want:
        return None
    if citing.authors:
        have = fold(citing.authors[0].family or citing.authors[0].literal)
        score = fuzz.ratio(have, want) / 100
        if score < 0.85 and any(fold(a.family or a.literal) == have for a in resolved.authors):
            score = 0.6  # cited with the authors in another order
        return FieldCheck("author", have, want, score)
    if not text:
        return None
    found = re.search(rf"\b{re.escape(want)}\b", text) is not None
    return FieldCheck("author", "(in the reference string)", want, 1.0 if found else 0.0)


def _year(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    if resolved.year is None:
        return None
    years = [citing.year] if citing.year else [int(y) for y in re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", text)]
    if not years:
        return None
    gap = min(abs(y - resolved.year) for y in years)
    score = 1.0 if gap == 0 else 0.9 if gap == 1 else 0.0
    return FieldCheck("year", " ".join(map(str, years[:3])), str(resolved.year), score)


def _container(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    want = fold(resolved.container_title)
    if not want:
        return None
    if citing.container_title:
        have = fold(citing.container_title)
        return FieldCheck("container", citing.container_title, resolved.container_title,
                          fuzz.token_set_ratio(have, want) / 100)
    if not text:
        return None
    score = fuzz.partial_ratio(want, text) / 100
    return FieldCheck("container", "(in the reference string)", resolved.container_title,
                      score if score >= 0.8 else score / 2) if score >= 0.8 else None


def _number(name: str, have: str, want: str, text: str) -> FieldCheck | None:
    want = fold(want).split(" ")[0] if want else ""
    if not want:
        return None
    if have:
        first = fold(have).split(" ")[0]
        return FieldCheck(name, have, want, 1.0 if first == want else 0.0)
    if text and re.search(rf"\b{re.escape(want)}\b", text):
        return FieldCheck(name, "(in the reference string)", want, 1.0)
    return None  # absent from the string is no evidence either way


def compare(citing: Reference, resolved: Reference, guess_kind: bool = False) -> Match:
    """Grade how well `resolved` fits `citing`.

    guess_kind: also treat book-like wording in the string as a book (for discovery, where a
    search result is a guess; a DOI the author printed is not overruled by wording alone).
    """
    text = residue(citing)
    checks = [c for c in (
        _title(citing, resolved, text), _author(citing, resolved, text), _year(citing, resolved, text),
        _container(citing, resolved, text),
        _number("volume", citing.volume, resolved.volume, text),
        _number("page", citing.page.split("-")[0].split("\u2013")[0] if citing.page else "",
                re.split(r"[-\u2013]", resolved.page)[0] if resolved.page else "", text),
    ) if c is not None]
    notes = []
    if not checks:
        return Match(None, 0.0, (), ("the citing reference gives nothing to compare",))
    total = sum(WEIGHTS[c.field] for c in checks)
    score = sum(WEIGHTS[c.field] * c.score for c in checks) / total
    by_field = {c.field: c for c in checks}
    title = by_field.get("title")
    if kind_conflict(citing, resolved, guess_kind):
        notes.append(f"the citing reference is a {citing_kind(citing, guess_kind)}, "
                     f"the metadata is of a {resolved.type}")
        return Match(DIFFERENT, min(score, 0.3), tuple(checks), tuple(notes))
    if title is None or len(checks) < 2:
        grade = LIKELY if score >= 0.85 and (title is None or title.score >= 0.85) else DIFFERENT
        notes.append("few fields to compare")
    elif title.score < 0.5:
        grade = DIFFERENT
    elif score >= 0.9 and title.score >= 0.85 and all(c.score >= 0.85 for c in checks if c.field in ("author", "year")):
        grade = SAME
    elif score >= 0.7:
        grade = LIKELY
    else:
        grade = DIFFERENT
    return Match(grade, score, tuple(checks), tuple(notes))


def compare_context(context: str, resolved: Reference) -> Match:
    """For a reference that is only a link: do the sentences citing it name the first author?

    Only agreement counts (a sentence may name other people), so the grade is `likely` or None.
    """
    text = fold(context)
    checks = [c for c in (_author(Reference(n=0, raw=""), resolved, text),
                          _year(Reference(n=0, raw=""), resolved, text)) if c is not None]
    author = next((c for c in checks if c.field == "author"), None)
    if author is None or author.score < 0.85 or any(c.score < 0.85 for c in checks):
        return Match(None, 0.0, (), ("the citing reference gives nothing to compare",))
    checks = [replace(c, citing="(in the citing sentences)") for c in checks]
    return Match(LIKELY, 1.0, tuple(checks), ("compared with the sentences that cite it",))


def citing_kind(ref: Reference, guess: bool = True) -> str:
    """'book' for books and chapters (parsed type, or book-like wording), else the type."""
    if ref.type in BOOK_TYPES:
        return ref.type
    if guess and ref.type in ("document", "") and not ref.container_title \
            and _BOOKISH_RAW.search(ref.raw or ""):
        return "book"
    return ref.type


def kind_conflict(citing: Reference, resolved: Reference, guess: bool = True) -> bool:
    """A book or chapter is never the journal article (a review of it, say) a search found."""
    return citing_kind(citing, guess) in BOOK_TYPES and resolved.type in ARTICLE_TYPES
