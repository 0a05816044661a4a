"""Merge policy: one record per work, each field from its best source, conflicts reported.

Resolved metadata beats an imported record, which beats a parsed string; among parsed mentions
the most complete (and most confident) wins. Year, volume, issue and pages go by a vote among
the best sources, so one article's typo does not overrule three that agree. Every variant
stays in the library (each mention keeps its own parsed record); disagreements between
articles on year, pages, volume, issue, DOI or ISBN become the work's `conflicts`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import fields
from operator import attrgetter

from rapidfuzz import fuzz

from refgraph.dedup.features import (
    norm_doi,
    norm_isbn,
    norm_title,
    pages,
    significant_words,
)
from refgraph.model import Mention, Reference, Work

ORIGIN_RANK = {"resolved": 2, "imported": 1, "parsed": 0}
_SKIP = {"n", "raw", "span", "confidence", "issues"}
_FIELDS = [f.name for f in fields(Reference) if f.name not in _SKIP]
_VOTED = ("year", "volume", "issue", "page")
_CONFLICT_NORM: dict[str, Callable[[str], str]] = {"year": str, "volume": str.strip, "issue": str.strip, "page": lambda p: str(pages(p) or p),
                  "doi": norm_doi, "isbn": norm_isbn}


_ROW = attrgetter(*_FIELDS)


def merge_mentions(mentions: Sequence[Mention]) -> tuple[Reference, tuple[str, ...]]:
    """The work's record and its conflicts; a single mention is returned as it is."""
    if len(mentions) == 1:
        return mentions[0].reference, ()
    rows = [(ORIGIN_RANK.get(m.origin, 0), _ROW(m.reference), m) for m in mentions]
    rows.sort(key=lambda r: (r[0], sum(1 for v in r[1] if v not in ("", None, ())), r[2].reference.confidence),
              reverse=True)
    best = rows[0][2].reference
    top = rows[0][0]
    changes = {}
    creators = next((r[2].reference for r in rows if r[2].reference.authors or r[2].reference.editors), best)
    for col, name in enumerate(_FIELDS):
        if name in ("authors", "editors"):  # one source for both: an edited book gains no "authors"
            if getattr(creators, name) != getattr(best, name):
                changes[name] = getattr(creators, name)
            continue
        values = [row[1][col] for row in rows if row[1][col] not in ("", None, ())]
        if not values:
            continue
        if name in _VOTED:
            voters = [row[1][col] for row in rows if row[0] == top and row[1][col] not in ("", None)] or values
            counts = Counter(voters)
            chosen = max(voters, key=counts.__getitem__)  # first of the most common, in rank order
        elif name == "type":
            chosen = next((v for v in values if v != "document"), values[0])
        else:
            chosen = values[0]
        if chosen != rows[0][1][col]:
            changes[name] = chosen
    return (best.with_(**changes) if changes else best), conflicts_of(mentions)


def conflicts_of(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """'year: 2019 (a#1) vs 2020 (b#4)' for each field on which the articles disagree."""
    out = []
    for name, norm in _CONFLICT_NORM.items():
        seen: dict[str, list[str]] = {}
        for m in mentions:
            value = getattr(m.reference, name)
            if value not in ("", None):
                seen.setdefault(norm(value) if name != "year" else str(value), []).append(m.id)
        if len(seen) > 1:
            parts = [f"{v} ({', '.join(ids)})" for v, ids in seen.items()]
            out.append(f"{name}: " + " vs ".join(parts))
    return tuple(out)


def stable_keys(refs: Sequence[Reference], previous: Sequence[Sequence[str]]) -> list[str]:
    """Keys for works: the user's own key, else the key most of its mentions had, else a new one.

    `previous[i]` lists the keys the mentions of work i had in the library (empty for new
    mentions). A key claimed by two works (a split) stays with the one holding more of its
    mentions; the other gets a fresh key that no earlier work used. A work whose record came
    from an imported bibliography takes the key the user gave it (what their manuscripts cite),
    unless another work holds that key already or claimed it first: then it keeps its own.
    """
    from refgraph.writers.keys import assign_keys

    claims: dict[str, tuple[int, int]] = {}
    for i, keys in enumerate(previous):
        for key, count in Counter(keys).items():
            if key not in claims or count > claims[key][0]:
                claims[key] = (count, i)
    out: list[str | None] = [None] * len(refs)
    given: set[str] = set()  # the keys in `out`: a set, since `key not in out` was quadratic
    for i, key in enumerate(r.user_key for r in refs):
        if key and (key not in claims or claims[key][1] == i) and key not in given:
            out[i] = key
            given.add(key)
    for i, keys in enumerate(previous):
        won = [k for k, _ in Counter(keys).most_common() if claims[k][1] == i and k not in given]
        if won and out[i] is None:
            out[i] = won[0]
    taken = {k for keys in previous for k in keys} | given
    missing = [i for i, k in enumerate(out) if k is None]
    for i, key in zip(missing, assign_keys([refs[i] for i in missing], taken)):
        out[i] = key
    return out  # type: ignore[return-value]


def link_parts(works: Sequence[Work]) -> list[Work]:
    """A chapter points at the book that contains it when that book is a work of its own."""
    from dataclasses import replace

    books: dict[tuple[str, ...], list[Work]] = {}
    for w in works:
        if w.reference.type in ("book", "report", "thesis") and w.reference.title:
            books.setdefault(tuple(significant_words(norm_title(w.reference.title))[:2]), []).append(w)
    out = []
    for w in works:
        ref = w.reference
        if ref.type == "chapter" and ref.container_title:
            container = norm_title(ref.container_title)
            for book in books.get(tuple(significant_words(container)[:2]), ()):
                if fuzz.ratio(container, norm_title(book.reference.title)) >= 92 or \
                        fuzz.ratio(container, norm_title(book.reference.title.split(":")[0])) >= 95:
                    w = replace(w, part_of=book.key)
                    break
        out.append(w)
    return out
