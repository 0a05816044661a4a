"""Deduplication with blocks judged on workers gives exactly the one-process works."""
from __future__ import annotations

import random

import pytest

from refgraph.app.engine import Engine, open_engine
from refgraph.dedup import BlockStats, Decisions, deduplicate
from refgraph.model import Mention, Name, Reference

_WORDS = ["sleep", "memory", "urban", "heat", "protein", "deep", "learning", "rural", "credit", "nurses", "burnout", "water", "trust", "reef", "wind"]


def _mentions(seed: int, n_works: int = 150) -> list[Mention]:
    """Works cited several times with noise (typos, dropped DOI, year +-1, initials), plus the
    hard distinct cases: same author and year, numbered parts, a book and its chapter."""
    rng = random.Random(seed)
    works = []
    for w in range(n_works):
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 7)))
        author = Name(family=rng.choice(["Smith", "Garcia", "Chen", "Okafor", "Brown", "Kim"]), given="Ann Lee")
        year = rng.choice([2010, 2011, 2012])
        kind = rng.choice(["article-journal", "article-journal", "book", "chapter"])
        doi = f"10.1000/x{w}" if rng.random() < 0.4 else ""
        if rng.random() < 0.1:
            title += f" part {rng.randint(1, 2)}"
        works.append(Reference(n=0, raw="", type=kind, title=title, authors=(author,), year=year,
                               container_title=rng.choice(["J Sleep", "Journal of Sleep", "Water Res"]),
                               volume=str(rng.randint(1, 3)), page=f"{rng.randint(1, 9)}0-{rng.randint(1, 9)}9",
                               doi=doi))
    mentions = []
    for k in range(n_works * 3):
        ref = rng.choice(works)
        if rng.random() < 0.3:
            ref = ref.with_(title=ref.title.replace("e", "", 1))
        if rng.random() < 0.3:
            ref = ref.with_(doi="")
        if rng.random() < 0.2:
            ref = ref.with_(year=(ref.year or 2010) + rng.choice((-1, 1)))
        if rng.random() < 0.3:
            ref = ref.with_(authors=(Name(family=ref.authors[0].family, given="A. L."),))
        doc, n = divmod(k, 7)
        mentions.append(Mention(id=f"d{doc}#{n + 1}", document=f"d{doc}", reference=ref.with_(n=n + 1)))
    return mentions


@pytest.mark.parametrize("seed", [1, 2, 3], ids=["seed-1", "seed-2", "seed-3"])
def test_inline_mapper_gives_the_one_process_works(seed):
    mentions = _mentions(seed)
    one = deduplicate(mentions)
    assert any(len(w.mentions) > 2 for w in one) and any(w.conflicts for w in one)
    assert deduplicate(mentions, mapper=Engine(workers=1).map) == one


def test_decisions_and_earlier_keys_are_honoured_the_same_way():
    mentions = _mentions(4)
    one = deduplicate(mentions)
    merged = next(w for w in one if len(w.mentions) >= 3)
    decisions = Decisions(same=((one[0].mentions[0], one[1].mentions[0]),),
                          different=((merged.mentions[0], merged.mentions[1]),))
    keys = {m: w.key for w in one[:20] for m in w.mentions}
    expected = deduplicate(mentions, decisions, keys)
    assert expected != one
    assert deduplicate(mentions, decisions, keys, mapper=Engine(workers=1).map) == expected


def test_worker_processes_give_the_one_process_works():
    mentions = _mentions(5, n_works=300)
    stats_one, stats_many = BlockStats(), BlockStats()
    one = deduplicate(mentions, stats=stats_one)
    with open_engine(2) as engine:
        engine.inflight = 2  # a short window: blocks are judged while earlier ones are still replayed
        assert deduplicate(mentions, stats=stats_many, mapper=engine.map) == one
    assert (stats_many.blocks, stats_many.oversized) == (stats_one.blocks, stats_one.oversized)
