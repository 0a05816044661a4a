"""Many mentions -> Works: the same work cited in many articles becomes one record.

features.py normalises each reference once; rules.py decides a pair (cannot-link rules, then
evidence); cluster.py blocks and clusters with cluster-wide cannot-links and the user's
decisions; merge.py builds each work's record, its conflicts and its stable key.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager

from refgraph.dedup.cluster import (
    BlockStats,
    Cluster,
    Decisions,
    blocking_keys,
    cluster,
)
from refgraph.dedup.features import (
    Features,
    ascii_fold,
    features,
    first_creator,
    norm_title,
)
from refgraph.dedup.merge import conflicts_of, link_parts, merge_mentions, stable_keys
from refgraph.dedup.rules import Verdict
from refgraph.dedup.rules import cannot_link as _cannot_link
from refgraph.dedup.rules import compare as _compare
from refgraph.model import Mention, Reference, Work

__all__ = ["BlockStats", "Cluster", "Decisions", "Features", "Verdict", "ascii_fold", "blocking_keys",
           "cannot_link", "cluster", "compare", "conflicts_of", "deduplicate", "features", "first_creator",
           "link_parts", "merge_mentions", "norm_title", "stable_keys"]


def compare(a: Reference, b: Reference) -> Verdict:
    """Are two references the same work? With the reason either way."""
    return _compare(features(a), features(b))


def cannot_link(a: Reference, b: Reference) -> str:
    """The rule that forbids merging a and b, or ''."""
    return _cannot_link(features(a), features(b))


def deduplicate(mentions: Sequence[Mention], decisions: Decisions = Decisions(),
                previous_keys: Mapping[str, str] | None = None, stats: BlockStats | None = None,
                mapper: Callable | None = None) -> list[Work]:
    """Works in first-mention order, with reasons, conflicts, stable keys and part-of links.

    `previous_keys` maps mention ids to the keys of their works in the library, so a work keeps
    its key across runs; `decisions` are the user's "same" / "not the same" verdicts. `mapper`
    (an ordered map over workers, app.engine) spreads features and block scoring; the works are
    the same (dedup.parallel).
    """
    with _no_gc():
        return _deduplicate(mentions, decisions, previous_keys, stats, mapper)


@contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: deduplication allocates millions of acyclic objects,
    and each collection would walk all of them again (quadratic time at a million references)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _deduplicate(mentions: Sequence[Mention], decisions: Decisions, previous_keys: Mapping[str, str] | None,
                 stats: BlockStats | None, mapper: Callable | None = None) -> list[Work]:
    feats = [features(m.reference) for m in mentions]
    ids = [m.id for m in mentions]
    if mapper is not None:
        from refgraph.dedup.parallel import cluster_parallel

        groups = cluster_parallel(feats, ids, mapper, decisions, stats)
    else:
        groups = cluster(feats, ids, decisions, stats)
    del feats
    merged = [merge_mentions([mentions[i] for i in c.members]) for c in groups]
    previous_keys = previous_keys or {}
    previous = [[previous_keys[ids[i]] for i in c.members if ids[i] in previous_keys] for c in groups]
    keys = stable_keys([ref for ref, _ in merged], previous)
    works = [Work(key=key, reference=ref, mentions=tuple(ids[i] for i in c.members), why=c.why, conflicts=conflicts)
             for key, (ref, conflicts), c in zip(keys, merged, groups)]
    return link_parts(works)
