"""The engine maps in input order on any number of workers, and fails with one clear line."""
from __future__ import annotations

import sys

import pytest

from refgraph.app.engine import (
    SMALL_JOB,
    Engine,
    EngineError,
    default_workers,
    open_engine,
)


def _square_or_fail(x: int) -> int:
    if x < 0:
        raise ValueError(f"negative {x}")
    return x * x


@pytest.mark.parametrize("workers,chunk", [(1, 1), (2, 1), (2, 7), (3, 64)], ids=["inline", "2x1", "2x7", "3x64"])
def test_map_keeps_input_order(workers, chunk):
    items = list(range(500))
    with open_engine(workers) as engine:
        assert list(engine.map(_square_or_fail, iter(items), chunk=chunk)) == [x * x for x in items]
        assert engine.workers == workers
        assert 1 <= len(engine.worker_peaks()) <= workers


def test_map_holds_a_bounded_window():
    """Items are drawn lazily: no more than `inflight` chunks ahead of what was consumed."""
    drawn = []

    def items():
        for i in range(10_000):
            drawn.append(i)
            yield i

    with open_engine(2) as engine:
        engine.inflight = 3
        results = engine.map(_square_or_fail, items(), chunk=10)
        assert next(results) == 0
        assert len(drawn) <= 3 * 10 + 10


def test_a_worker_error_reaches_the_caller():
    with open_engine(2) as engine, pytest.raises(ValueError, match="negative -3"):
        list(engine.map(_square_or_fail, [1, 2, -3, 4]))


def test_default_workers_one_process_for_small_jobs():
    assert default_workers(SMALL_JOB - 1) == 1
    assert default_workers(10 * SMALL_JOB) >= 1


def test_zero_workers_is_a_clear_error():
    with pytest.raises(EngineError, match="--workers 0"):
        open_engine(0)


def test_scheduler_without_dask_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    with pytest.raises(EngineError, match=r"refgraph\[cluster\]"):
        open_engine(2, scheduler="tcp://127.0.0.1:8786")


def test_local_workers_need_no_dask(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with open_engine(2) as engine:
        assert list(engine.map(_square_or_fail, [3, 4])) == [9, 16]


def test_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler at nosuch://"):
        open_engine(scheduler="nosuch://127.0.0.1:1")


def test_an_inline_engine_records_its_own_peak():
    engine = Engine(workers=1)
    assert list(engine.map(_square_or_fail, [2])) == [4]
    assert engine.worker_peaks()[0].peak_kib > 0
