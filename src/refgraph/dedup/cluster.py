"""Blocking and clustering: near-linear work, cannot-links that hold for whole clusters.

Each reference gets a few blocking keys (identifiers; first-author surname + year; the first
and last three significant title words). Only references sharing a key are compared. Keys are
hashed into one integer array and sorted, so a million references cost a few arrays, not
millions of Python lists. Blocks are visited strongest first (identifiers), and inside a block
the most alike titles first; a merge joins two clusters only if no cannot-link rule holds
between any of their distinct forms and the user has not said "not the same".
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from refgraph.dedup.features import Features, significant_words
from refgraph.dedup.rules import CANDIDATE, cannot_link, compare, explain
from refgraph.model import Decisions

MAX_BLOCK = 4000    # a block this big (a very common surname-year or title start) is compared in C only
_SMALL_BLOCK = 48   # below this size pairs are looped in Python; above, rapidfuzz.cdist finds candidates


@dataclass(frozen=True)
class Cluster:
    """Mention indexes of one work and one explanation per merge that built it."""

    members: tuple[int, ...]
    why: tuple[str, ...]


@dataclass
class BlockStats:
    blocks: int = 0
    pairs_scored: int = 0
    comparisons: int = 0
    oversized: int = 0


def blocking_keys(f: Features) -> tuple[list[tuple], list[tuple]]:
    """(identifier keys, other keys) of one reference."""
    ids = []
    if f.doi:
        ids.append(("d", f.doi))
    if f.isbn and f.tclass != "part":
        ids.append(("i", f.isbn))
    if f.url:
        ids.append(("u", f.url))
    other = []
    if f.creator and f.year:
        other.append(("cy", f.creator, f.year))
    words = significant_words(f.title)
    if len(words) >= 2:
        other.append(("t1", *words[:3]))
    if len(words) >= 4:
        other.append(("t2", *words[-3:]))
    return ids, other


def stable_hash(key: tuple) -> int:
    """A 64-bit hash that is the same in every process (Python's str hash is salted per run),
    so blocks are visited in the same order and a library deduplicates the same way every time."""
    data = "\x1f".join(map(str, key)).encode("utf-8", "surrogatepass")
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def _blocks(keys: list[int], idx: list[int]) -> Iterator[list[int]]:
    """Runs of equal keys (size >= 2) as lists of reference indexes, via one sort."""
    if not keys:
        return
    k = np.fromiter(keys, dtype=np.uint64, count=len(keys))
    v = np.fromiter(idx, dtype=np.int64, count=len(idx))
    order = np.argsort(k, kind="stable")
    k, v = k[order], v[order]
    starts = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
    ends = np.append(starts[1:], len(k))
    big = np.flatnonzero(ends - starts >= 2)
    for s, e in zip(starts[big].tolist(), ends[big].tolist()):
        yield v[s:e].tolist()


def _signature(f: Features) -> tuple:
    return (f.doi, f.isbn, f.tclass, f.volume, f.pages, f.year, f.numbers, f.container)


class _Groups:
    """Union-find whose clusters remember their distinct forms (for cannot-links) and reasons."""

    def __init__(self, feats: Sequence[Features], ids: Sequence[str], different: dict[int, set[int]]):
        self.feats, self.ids, self.different = feats, ids, different
        self.parent = list(range(len(feats)))
        self.members: dict[int, list[int]] = {}
        self.reps: dict[int, list[Features]] = {}
        self.why: dict[int, list[str]] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def blocked(self, ra: int, rb: int) -> str:
        """Why clusters ra and rb may not join, or ''."""
        for x in self.reps.get(ra) or (self.feats[ra],):
            for y in self.reps.get(rb) or (self.feats[rb],):
                rule = cannot_link(x, y)
                if rule:
                    return rule
        if self.different:
            for m in self.members.get(ra, (ra,)):
                for other in self.different.get(m, ()):
                    if self.find(other) == rb:
                        return f"cannot-link: the user said {self.ids[m]} and {self.ids[other]} are not the same"
        return ""

    def join(self, ra: int, rb: int, why: str) -> None:
        if len(self.members.get(ra, (ra,))) < len(self.members.get(rb, (rb,))):
            ra, rb = rb, ra
        self.parent[rb] = ra
        members = self.members.setdefault(ra, [ra])
        members.extend(self.members.pop(rb, (rb,)))
        reps = self.reps.setdefault(ra, [self.feats[ra]])
        sigs = {_signature(f) for f in reps}
        for f in self.reps.pop(rb, (self.feats[rb],)):
            if _signature(f) not in sigs:
                reps.append(f)
                sigs.add(_signature(f))
        reasons = self.why.setdefault(ra, [])
        reasons.extend(self.why.pop(rb, ()))
        reasons.append(why)

    def try_merge(self, i: int, j: int, stats: BlockStats) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        stats.comparisons += 1
        verdict = compare(self.feats[i], self.feats[j])
        if verdict.same:
            self.accept(i, j, ri, rj, verdict.rule)

    def accept(self, i: int, j: int, ri: int, rj: int, rule: str,
               why: tuple[list[str], list[str]] | None = None) -> None:
        """Join the clusters of a pair judged the same (by `compare`, here or on a worker, which
        also sends `explain`'s answer), unless a cannot-link holds between the clusters."""
        if (ri in self.members or rj in self.members or self.different) and self.blocked(ri, rj):
            return
        agreed, conflicts = why or explain(self.feats[i], self.feats[j])
        text = f"{self.ids[i]} = {self.ids[j]}: {rule}"
        if agreed:
            text += "; agree: " + ", ".join(agreed)
        if conflicts:
            text += "; conflict: " + ", ".join(conflicts)
        self.join(ri, rj, text)


def _block_pairs(block: list[int], feats: Sequence[Features], groups: _Groups,
                 stats: BlockStats, by_title: bool = True) -> list[tuple[float, int, int]]:
    """Candidate pairs of one block, most alike titles first (all pairs for an identifier block)."""
    if not by_title:
        roots = [groups.find(i) for i in block]
        return [(0.0, block[x], block[y]) for x in range(len(block)) for y in range(x + 1, len(block))
                if roots[x] != roots[y]]
    titles = [feats[i].title for i in block]
    out: list[tuple[float, int, int]] = []
    if len(block) <= _SMALL_BLOCK:
        roots = [groups.find(i) for i in block]
        for x in range(len(block)):
            tx, rx = titles[x], roots[x]
            for y in range(x + 1, len(block)):
                if roots[y] == rx:
                    continue
                ty = titles[y]
                score = fuzz.ratio(tx, ty) if tx and ty else 0.0
                stats.pairs_scored += 1
                if score >= CANDIDATE or not (tx and ty) or tx.startswith(ty) or ty.startswith(tx):
                    out.append((score, block[x], block[y]))
    else:
        matrix = process.cdist(titles, titles, scorer=fuzz.ratio, dtype=np.uint8,
                               score_cutoff=CANDIDATE, workers=1)
        stats.pairs_scored += len(block) * (len(block) - 1) // 2
        xs, ys = np.nonzero(np.triu(matrix, 1))
        out = list(zip(matrix[xs, ys].tolist(), [block[x] for x in xs.tolist()], [block[y] for y in ys.tolist()]))
    out.sort(key=lambda t: -t[0])
    return out


def hashed_keys(feats: Sequence[Features]) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]]:
    """(hashes, reference index) of the identifier keys and of the other keys: the blocking input
    of both the one-process and the parallel path, so that both form the same blocks."""
    id_keys: tuple[list[int], list[int]] = ([], [])
    other_keys: tuple[list[int], list[int]] = ([], [])
    for i, f in enumerate(feats):
        strong, weak = blocking_keys(f)
        for key in strong:
            id_keys[0].append(stable_hash(key))
            id_keys[1].append(i)
        for key in weak:
            other_keys[0].append(stable_hash(key))
            other_keys[1].append(i)
    return id_keys, other_keys


def cluster(feats: Sequence[Features], ids: Sequence[str], decisions: Decisions = Decisions(),
            stats: BlockStats | None = None) -> list[Cluster]:
    """Clusters of references (indexes into feats), each merge explained."""
    stats = stats if stats is not None else BlockStats()
    groups = start_groups(feats, ids, decisions)
    id_keys, other_keys = hashed_keys(feats)
    for keys, by_title in ((id_keys, False), (other_keys, True)):
        for block in _blocks(*keys):
            stats.blocks += 1
            if len(block) > MAX_BLOCK:
                stats.oversized += 1
                continue
            for _, i, j in _block_pairs(block, feats, groups, stats, by_title):
                groups.try_merge(i, j, stats)
        keys[0].clear()
        keys[1].clear()
    return _clusters(groups, len(feats))


def start_groups(feats: Sequence[Features], ids: Sequence[str], decisions: Decisions) -> _Groups:
    """Union-find over the references with the user's decisions applied ("same" joined first)."""
    index = {mid: i for i, mid in enumerate(ids)} if (decisions.same or decisions.different) else {}
    different: dict[int, set[int]] = {}
    for a, b in decisions.different:
        if a in index and b in index:
            different.setdefault(index[a], set()).add(index[b])
            different.setdefault(index[b], set()).add(index[a])
    groups = _Groups(feats, ids, different)
    for a, b in decisions.same:
        if a in index and b in index:
            ra, rb = groups.find(index[a]), groups.find(index[b])
            if ra != rb:
                groups.join(ra, rb, f"{a} = {b}: the user said they are the same (refgraph works merge)")
    return groups


def _clusters(groups: _Groups, n: int) -> list[Cluster]:
    out = []
    for i in range(n):
        root = groups.find(i)
        if root == i:
            members = groups.members.get(i)
            out.append(Cluster(tuple(sorted(members)) if members else (i,), tuple(groups.why.get(i, ()))))
    out.sort(key=lambda c: c.members[0])
    return out
