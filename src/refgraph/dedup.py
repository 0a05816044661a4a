"""Many mentions -> Works: the same work cited in many articles becomes one record.

Blocking (identifiers; first creator + year) keeps the comparisons near-linear; a pair is merged
only on an identifier or on a strong title match, and never across a cannot-link rule (two
DOIs, a book and its chapter, volumes or pages that differ, years more than one apart). Every
merge carries its reason so a user can see why two mentions became one work.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, fields, replace

from rapidfuzz import fuzz

from refgraph.model import Mention, Reference, Work

TITLE_MATCH = 92.0
_STOP = {"the", "a", "an", "of", "on", "in", "and", "for", "to", "with", "at", "by", "from", "is", "are"}
_CONTAINERS = {"chapter", "paper-conference"}
_WHOLE = {"book", "report", "thesis"}


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def norm_title(s: str) -> str:
    s = ascii_fold(s).replace("&", " and ")
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(w for w in s.split() if w != "the")


def first_creator(ref: Reference) -> str:
    people = ref.authors or ref.editors
    if not people:
        return ""
    name = people[0].literal or people[0].family
    return re.sub(r"[^a-z]", "", ascii_fold(name.split()[0] if people[0].literal else name))


@dataclass(frozen=True)
class PairVerdict:
    same: bool
    why: str


def cannot_link(a: Reference, b: Reference) -> str:
    """The rule that forbids merging a and b, or ''."""
    if a.doi and b.doi and a.doi != b.doi:
        return f"different DOIs ({a.doi} vs {b.doi})"
    if a.isbn and b.isbn and a.isbn != b.isbn:
        return f"different ISBNs ({a.isbn} vs {b.isbn})"
    if (a.type in _CONTAINERS) != (b.type in _CONTAINERS) and {a.type, b.type} & _CONTAINERS:
        return f"a {a.type} and a {b.type} are different works"
    if a.volume and b.volume and a.volume != b.volume:
        return f"different volumes ({a.volume} vs {b.volume})"
    if a.page and b.page and a.page.split("–")[0] != b.page.split("–")[0]:
        return f"different pages ({a.page} vs {b.page})"
    if a.year and b.year and abs(a.year - b.year) > 1:
        return f"years {a.year} and {b.year} are more than one apart"
    return ""


def compare(a: Reference, b: Reference) -> PairVerdict:
    """Are two references the same work? With the reason either way."""
    forbidden = cannot_link(a, b)
    if forbidden:
        return PairVerdict(False, forbidden)
    if a.doi and a.doi == b.doi:
        return PairVerdict(True, f"same DOI {a.doi}")
    if a.isbn and a.isbn == b.isbn and a.type not in _CONTAINERS:
        return PairVerdict(True, f"same ISBN {a.isbn}")
    ta, tb = norm_title(a.title), norm_title(b.title)
    if not ta or not tb:
        return PairVerdict(False, "a title is missing")
    score = fuzz.token_sort_ratio(ta, tb)
    if score < TITLE_MATCH:
        return PairVerdict(False, f"titles {score:.0f}% alike")
    ca, cb = first_creator(a), first_creator(b)
    if ca and cb and ca != cb:
        return PairVerdict(False, f"first authors differ ({ca} vs {cb})")
    if (a.container_title or b.container_title) and a.type in _CONTAINERS and b.type in _CONTAINERS:
        if fuzz.token_sort_ratio(norm_title(a.container_title), norm_title(b.container_title)) < 80:
            return PairVerdict(False, "containers differ")
    parts = [f"titles {score:.0f}% alike"]
    if ca and ca == cb:
        parts.append(f"same first author {ca}")
    if a.year and a.year == b.year:
        parts.append(f"same year {a.year}")
    elif a.year and b.year:
        parts.append(f"years {a.year}/{b.year} within one")
    return PairVerdict(True, ", ".join(parts))


def blocking_keys(ref: Reference) -> set[str]:
    keys = set()
    if ref.doi:
        keys.add("doi:" + ref.doi)
    if ref.isbn:
        keys.add("isbn:" + ref.isbn)
    creator = first_creator(ref)
    words = [w for w in norm_title(ref.title).split() if w not in _STOP]
    if creator and ref.year:
        keys.add(f"cy:{creator}:{ref.year}")
        keys.add(f"cy:{creator}:{ref.year + 1}")
    if len(words) >= 2:
        keys.add("t:" + " ".join(words[:3]))
    return keys


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(j)] = self.find(i)


def cluster(mentions: list[Mention]) -> list[tuple[list[int], list[str]]]:
    """Groups of mention indexes with the reasons for each merge; cannot-links hold per cluster."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in blocking_keys(m.reference):
            blocks[key].append(i)
    uf = _UnionFind(len(mentions))
    why: dict[int, list[str]] = defaultdict(list)
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    seen: set[tuple[int, int]] = set()
    for ids in blocks.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                if (i, j) in seen or uf.find(i) == uf.find(j):
                    continue
                seen.add((i, j))
                verdict = compare(mentions[i].reference, mentions[j].reference)
                if not verdict.same:
                    continue
                ri, rj = uf.find(i), uf.find(j)
                if any(cannot_link(mentions[a].reference, mentions[b].reference)
                       for a in members[ri] for b in members[rj]):
                    continue
                uf.union(ri, rj)
                members[ri].extend(members.pop(rj))
                why[ri].extend(why.pop(rj, []))
                why[ri].append(f"{mentions[i].id} = {mentions[j].id}: {verdict.why}")
    return [(sorted(group), why.get(root, [])) for root, group in sorted(members.items())]


def _filled(ref: Reference) -> int:
    return sum(1 for f in fields(Reference) if f.name not in ("n", "raw", "span", "confidence", "issues")
               and getattr(ref, f.name) not in ("", None, ()))


def merge_references(refs: list[Reference]) -> tuple[Reference, tuple[str, ...]]:
    """The most complete reference, its gaps filled from the others; conflicts listed."""
    best = max(refs, key=_filled)
    changes, conflicts = {}, []
    for f in ("title", "authors", "editors", "year", "container_title", "volume", "issue", "page",
              "publisher", "publisher_place", "doi", "url", "isbn", "edition", "type"):
        values = [getattr(r, f) for r in refs if getattr(r, f) not in ("", None, ())]
        if not getattr(best, f) and values:
            changes[f] = values[0]
        distinct = {str(v) for v in values} if f not in ("authors", "editors", "title") else set()
        if len(distinct) > 1 and f in ("year", "volume", "issue", "page", "doi", "isbn"):
            conflicts.append(f"{f}: " + " vs ".join(sorted(distinct)))
    return best.with_(**changes), tuple(conflicts)


def deduplicate(mentions: list[Mention]) -> list[Work]:
    """Works in first-mention order, with citation keys and part-of links to books."""
    from refgraph.writers.keys import assign_keys

    groups = cluster(mentions)
    merged = [(merge_references([mentions[i].reference for i in g]), g, w) for g, w in groups]
    keys = assign_keys([ref for (ref, _), _, _ in merged])
    works = [Work(key=key, reference=ref, mentions=tuple(mentions[i].id for i in g), why=tuple(w),
                  conflicts=conflicts)
             for key, ((ref, conflicts), g, w) in zip(keys, merged)]
    return link_parts(works)


def link_parts(works: list[Work]) -> list[Work]:
    """A chapter points at the book that contains it when that book is a work of its own."""
    books = [w for w in works if w.reference.type in _WHOLE and w.reference.title]
    out = []
    for w in works:
        ref = w.reference
        if ref.type == "chapter" and ref.container_title:
            for book in books:
                if fuzz.token_sort_ratio(norm_title(ref.container_title), norm_title(book.reference.title)) >= TITLE_MATCH:
                    w = replace(w, part_of=book.key)
                    break
        out.append(w)
    return out
