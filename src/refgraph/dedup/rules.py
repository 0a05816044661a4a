"""Are two references one work? Cannot-link rules first, then the evidence for a merge.

Precision comes first: users lose trust at the first false merge, so a pair is merged only on a
shared identifier or on a strong title match backed by authors and other fields, and never
across a cannot-link rule (two DOIs or ISBNs, a book and its chapter, a thesis and a paper,
volumes, pages or journals that differ, numbered parts, years more than one apart).
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from refgraph.dedup.features import STOP, Features, title_numbers

TITLE_SAME = 95.0  # titles this alike are one work when the authors agree
TITLE_NEAR = 88.0  # ... and these when authors and two more fields agree
CANDIDATE = 80.0   # below this title ratio a pair is not even examined
_CLASS_WORD = {"part": "chapter", "book": "book", "thesis": "thesis", "article": "journal article"}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision on one pair: same work or not, by which rule, and how strongly."""

    same: bool
    rule: str
    strength: float = 0.0

    @property
    def why(self) -> str:
        return self.rule


def container_match(a: str, b: str) -> bool:
    """Journal names alike, abbreviations included ('j health psychol' ~ 'journal of health psychology')."""
    if a == b:
        return True
    ta = [w for w in a.split() if w not in STOP]
    tb = [w for w in b.split() if w not in STOP]
    if ta and len(ta) == len(tb) and all(x.startswith(y) or y.startswith(x) for x, y in zip(ta, tb)):
        return True
    return fuzz.ratio(a, b) >= 85


def pages_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Ranges that overlap; two single (pinpoint) pages are no evidence either way."""
    if a[0] == a[1] and b[0] == b[1]:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def cannot_link(a: Features, b: Features) -> str:
    """The rule that forbids merging a and b, or ''."""
    if a.doi and b.doi and a.doi != b.doi:
        return f"cannot-link: different DOIs ({a.doi} vs {b.doi})"
    if a.isbn and b.isbn and a.isbn != b.isbn:
        return f"cannot-link: different ISBNs ({a.isbn} vs {b.isbn})"
    if a.tclass and b.tclass and a.tclass != b.tclass:
        return f"cannot-link: a {_CLASS_WORD[a.tclass]} and a {_CLASS_WORD[b.tclass]} are different works"
    if a.volume and b.volume and a.volume != b.volume:
        return f"cannot-link: different volumes ({a.volume} vs {b.volume})"
    if a.pages and b.pages and not pages_overlap(a.pages, b.pages):
        return f"cannot-link: different pages ({a.pages[0]}-{a.pages[1]} vs {b.pages[0]}-{b.pages[1]})"
    if a.doi and a.doi == b.doi:
        return ""  # one DOI is stronger evidence than the softer rules below
    if a.year and b.year and abs(a.year - b.year) > 1:
        return f"cannot-link: years {a.year} and {b.year} are more than one apart"
    if a.title and b.title and a.numbers != b.numbers and _numbers_conflict(a, b):
        return "cannot-link: the titles carry different numbers (" + \
            f"{' '.join(sorted(a.numbers)) or 'none'} vs {' '.join(sorted(b.numbers)) or 'none'})"
    for x, y in ((a, b), (b, a)):
        if x.tclass in ("book", "thesis") and not y.tclass and y.container:
            return f"cannot-link: a {_CLASS_WORD[x.tclass]} is not printed in a journal or book ({y.container})"
    if a.tclass in ("part", "article") and a.container and b.container and not container_match(a.container, b.container):
        return "cannot-link: different " + ("books" if a.tclass == "part" else "journals")
    return ""


def _numbers_conflict(a: Features, b: Features) -> bool:
    """'Part 1' vs 'Part 2', 'Report 2015' vs 'Report': yes; a number only in a dropped subtitle: no."""
    if a.numbers and b.numbers:
        return True
    numbered = a if a.numbers else b
    return bool(title_numbers(numbered.main))


def authors_agree(a: Features, b: Features) -> str:
    """'same', 'similar' (typo, order), 'unknown' (one has none) or 'different'."""
    if not a.creator or not b.creator:
        return "unknown"
    if a.creator == b.creator:
        return "same"
    if set(a.surnames) & set(b.surnames):
        return "similar"
    if len(a.creator) >= 4 and fuzz.ratio(a.creator, b.creator) >= 80:
        return "similar"
    return "different"


def support(a: Features, b: Features) -> list[str]:
    """The fields besides title and authors on which a and b agree."""
    out = []
    if a.year and a.year == b.year:
        out.append("year")
    if a.container and b.container and container_match(a.container, b.container):
        out.append("container")
    if a.volume and a.volume == b.volume:
        out.append("volume")
    if a.pages and b.pages and a.pages[0] != a.pages[1] and a.pages == b.pages:
        out.append("pages")
    if a.publisher and b.publisher and fuzz.token_set_ratio(a.publisher, b.publisher) >= 90:
        out.append("publisher")
    return out


def title_score(a: Features, b: Features) -> float:
    score = fuzz.ratio(a.title, b.title)
    if score < TITLE_SAME:
        score = max(score, fuzz.token_sort_ratio(a.title, b.title))
    return score


def compare(a: Features, b: Features) -> Verdict:
    """Same work or not, with the deciding rule; strength orders merges (identifiers first)."""
    forbidden = cannot_link(a, b)
    if forbidden:
        return Verdict(False, forbidden)
    if a.doi and a.doi == b.doi:
        return Verdict(True, f"same DOI {a.doi}", 300.0)
    if a.isbn and a.isbn == b.isbn and a.tclass != "part":
        return Verdict(True, f"same ISBN {a.isbn}", 250.0)
    if not a.title or not b.title:
        if a.url and a.url == b.url:
            return Verdict(True, f"same URL {a.url}", 200.0)
        return Verdict(False, "a title is missing")
    who = authors_agree(a, b)
    if who == "different":
        return Verdict(False, f"first authors differ ({a.creator} vs {b.creator})")
    score = title_score(a, b)
    agree = support(a, b)
    if score >= TITLE_SAME and (who != "unknown" or agree):
        return Verdict(True, f"titles {score:.0f}% alike", score)
    if score >= TITLE_NEAR and who != "unknown" and len(agree) >= 2:
        return Verdict(True, f"titles {score:.0f}% alike with {' and '.join(agree)}", score)
    if _subtitle_dropped(a, b) and who != "unknown" and "year" in agree:
        return Verdict(True, "one title is the other without its subtitle", TITLE_NEAR)
    return Verdict(False, f"titles {score:.0f}% alike")


def _subtitle_dropped(a: Features, b: Features) -> bool:
    short, long_ = (a, b) if len(a.title) < len(b.title) else (b, a)
    words = [w for w in short.title.split() if w not in STOP]
    return len(words) >= 2 and short.title != long_.title and fuzz.ratio(short.title, long_.main) >= TITLE_SAME


def explain(a: Features, b: Features) -> tuple[list[str], list[str]]:
    """(agreed fields, conflicting fields) of a merged pair, for the user to audit."""
    agreed, conflicts = [], []
    if a.title and a.title == b.title:
        agreed.append("title")
    who = authors_agree(a, b)
    if who in ("same", "similar"):
        agreed.append("first author" if who == "same" else "authors (similar)")
    for field, x, y in (("year", a.year, b.year), ("volume", a.volume, b.volume), ("DOI", a.doi, b.doi)):
        if x and y:
            (agreed.append(field) if x == y else conflicts.append(f"{field} {x} vs {y}"))
    if a.container and b.container:
        (agreed.append("container") if container_match(a.container, b.container) else conflicts.append("container"))
    if a.pages and b.pages:
        (agreed.append("pages") if a.pages == b.pages else
         conflicts.append(f"pages {a.pages[0]}-{a.pages[1]} vs {b.pages[0]}-{b.pages[1]}"))
    return agreed, conflicts
