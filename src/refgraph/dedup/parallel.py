"""Deduplication with the heavy steps mapped over workers, giving the one-process clusters.

Blocks are formed on the client by one sort of 64-bit keys (a few arrays even at millions of
references); each block's candidate pairs are found, judged (`compare`) and explained on
workers, which send back the accepted pairs in the order the one-process path would try them.
The client replays those pairs block by block through the same union-find with cluster-wide
cannot-links, so the clusters, their reasons and everything derived from them are the ones
`cluster` gives. Features are computed on the client and travel as plain tuples: shipping
Reference records or Features objects cost more (pickling ~50 and ~15 us each, measured) than
computing them (~17 us). `mapper(fn, items,
chunk)` is any ordered map (app.engine.Engine.map).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from refgraph.dedup.cluster import (
    MAX_BLOCK,
    BlockStats,
    Cluster,
    Decisions,
    _block_pairs,
    _blocks,
    _clusters,
    _Groups,
    hashed_keys,
    start_groups,
)
from refgraph.dedup.features import Features
from refgraph.dedup.rules import compare, explain

Mapper = Callable[..., Iterator]
BLOCKS_CHUNK = 4000  # references (summed over blocks) per task, so a task is worth sending
_FIELDS = Features.__slots__


def as_row(f: Features) -> tuple:
    """Features as a plain tuple: pickles ~10x faster than the dataclass (measured)."""
    return tuple(getattr(f, name) for name in _FIELDS)


class _Roots:
    """The clusters as the client knew them when it sent the block (never coarser than now),
    joined further by the pairs this worker accepts inside the block."""

    def __init__(self, roots: list[int]):
        self.roots = roots
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        r = self.roots[x]
        while r in self.parent:
            r = self.parent[r]
        return r

    def union(self, x: int, y: int) -> None:
        self.parent[self.find(y)] = self.find(x)


# (i, j, rule, explanation); rule None: the pair looked joined already, the client decides it
Judged = list[tuple[int, int, str | None, tuple[list[str], list[str]] | None]]


def judge_blocks(task: tuple[bool, list[tuple[list[int], list[int], list[tuple]]]]) -> list[Judged]:
    """For each block, the pairs the one-process path would examine, in its order: those judged
    the same with rule and explanation; those it would skip as already joined (as far as this
    worker can tell), with rule None; the pairs judged different are left out."""
    by_title, blocks = task
    stats = BlockStats()
    out = []
    for members, roots, rows in blocks:
        feats = [Features(*row) for row in rows]
        view = _Roots(roots)
        judged: Judged = []
        for _, x, y in _block_pairs(list(range(len(members))), feats, view, stats, by_title):  # type: ignore[arg-type]
            if view.find(x) == view.find(y):
                if roots[x] != roots[y]:  # joined here, not yet on the client (which skips the others)
                    judged.append((members[x], members[y], None, None))
                continue
            verdict = compare(feats[x], feats[y])
            if verdict.same:
                judged.append((members[x], members[y], verdict.rule, explain(feats[x], feats[y])))
                view.union(x, y)
        out.append(judged)
    return out


def _tasks(blocks: Iterable[list[int]], rows: Sequence[tuple], by_title: bool, stats: BlockStats,
           groups: _Groups) -> Iterator[tuple[bool, list[tuple[list[int], list[int], list[tuple]]]]]:
    """Blocks grouped into tasks of about BLOCKS_CHUNK references, each member with its cluster
    as of now (so workers skip pairs already joined, as `cluster` does); oversized blocks left out."""
    part: list[tuple[list[int], list[int], list[tuple]]] = []
    size = 0
    for block in blocks:
        stats.blocks += 1
        if len(block) > MAX_BLOCK:
            stats.oversized += 1
            continue
        part.append((block, [groups.find(i) for i in block], [rows[i] for i in block]))
        size += len(block)
        if size >= BLOCKS_CHUNK:
            yield by_title, part
            part, size = [], 0
    if part:
        yield by_title, part


def cluster_parallel(feats: Sequence[Features], ids: Sequence[str], mapper: Mapper,
                     decisions: Decisions = Decisions(), stats: BlockStats | None = None) -> list[Cluster]:
    """The clusters `cluster(feats, ids, decisions)` gives, with blocks judged on workers."""
    stats = stats if stats is not None else BlockStats()
    rows = [as_row(f) for f in feats]
    id_keys, other_keys = hashed_keys(feats)
    groups = start_groups(feats, ids, decisions)
    for keys, by_title in ((id_keys, False), (other_keys, True)):
        tasks = _tasks(_blocks(*keys), rows, by_title, stats, groups)
        for judged in mapper(judge_blocks, tasks, chunk=1):
            for block in judged:
                for i, j, rule, why in block:
                    if rule is None:
                        groups.try_merge(i, j, stats)  # joined on the worker's view only: judge it here
                        continue
                    ri, rj = groups.find(i), groups.find(j)
                    if ri != rj:
                        stats.comparisons += 1
                        groups.accept(i, j, ri, rj, rule, why)
        keys[0].clear()
        keys[1].clear()
    return _clusters(groups, len(feats))
