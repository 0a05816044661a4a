"""The engine: one pure function mapped over many items, in this process, on N local worker
processes, or on a Dask cluster, with results in input order.

Why ordered: the library's order of documents decides deduplication's order of visits, so the
same inputs give the same library whatever runs them. Why bounded: a million inputs are read
lazily and at most `inflight` chunks are out at once, so the client holds one window of
results, not the corpus. Local workers use the standard library's process pool (no extra
dependency; it starts in ~0.1 s where a Dask LocalCluster takes ~2 s); `--scheduler` sends the
same tasks to Dask (`pip install 'refgraph[cluster]'`), which also runs on SLURM, PBS and
Kubernetes through dask-jobqueue and dask-kubernetes.
"""
from __future__ import annotations

import itertools
import os
import resource
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from refgraph.errors import RefgraphError

LOCAL_SCHEDULER = "local"  # --scheduler local: a Dask LocalCluster on this machine
SMALL_JOB = 64             # fewer items than this run in one process (workers would only add start-up)


class EngineError(RefgraphError):
    """The engine cannot start (dask missing, scheduler unreachable, bad worker count)."""


@dataclass(frozen=True)
class WorkerStat:
    """Peak resident memory of one worker process, as it reported with its last chunk."""

    worker: str
    peak_kib: int


def _run_chunk(fn: Callable, items: list) -> tuple[list, str, int]:
    """A task: fn over a chunk, plus who ran it and its peak memory (KiB on Linux)."""
    out = [fn(item) for item in items]
    return out, f"{os.uname().nodename}:{os.getpid()}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass
class Engine:
    """Where tasks run. `submit(fn, items)` returns a future with `.result()`; None runs inline."""

    workers: int
    submit: Callable[[Callable, list], Any] | None = None
    dashboard: str = ""
    describe: str = "one process"
    remote: bool = False  # a Dask cluster: other machines, where the data must travel anyway
    inflight: int = 0
    closers: list[Callable[[], object]] = field(default_factory=list)
    peaks: dict[str, int] = field(default_factory=dict)

    def map(self, fn: Callable, items: Iterable, chunk: int = 1) -> Iterator:
        """fn(item) for each item, in item order; at most `inflight` chunks of `chunk` items out."""
        chunks = _chunks(items, max(1, chunk))
        if self.submit is None:
            for part in chunks:
                yield from self._take(_run_chunk(fn, part))
            return
        window: deque = deque()
        limit = self.inflight or 4 * self.workers
        for part in chunks:
            window.append(self.submit(fn, part))
            if len(window) >= limit:
                yield from self._take(window.popleft().result())
        while window:
            yield from self._take(window.popleft().result())

    def _take(self, done: tuple[list, str, int]) -> list:
        out, worker, peak = done
        self.peaks[worker] = max(peak, self.peaks.get(worker, 0))
        return out

    def worker_peaks(self) -> list[WorkerStat]:
        return [WorkerStat(w, kib) for w, kib in sorted(self.peaks.items())]

    def close(self) -> None:
        while self.closers:
            self.closers.pop()()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while part := list(itertools.islice(it, size)):
        yield part


def default_workers(n_items: int | None) -> int:
    """All cores for a job large enough to pay for starting workers; one process otherwise."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if n_items is not None and n_items < SMALL_JOB:
        return 1
    return max(1, cores)


def open_engine(workers: int | None = None, scheduler: str = "", n_items: int | None = None) -> Engine:
    """An engine for `workers` local processes (None: `default_workers`), or for a Dask scheduler
    at `scheduler` ("local" starts a LocalCluster of `workers` processes here)."""
    if workers is not None and workers < 1:
        raise EngineError(f"--workers {workers}: give 1 or more worker processes")
    if scheduler:
        return _dask_engine(scheduler, workers)
    n = workers if workers is not None else default_workers(n_items)
    if n == 1:
        return Engine(workers=1)
    return _process_engine(n)


def _process_engine(n: int) -> Engine:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers start from a clean process (no copied threads or open SQLite handles)
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context(method))
    return Engine(workers=n, submit=lambda fn, part: pool.submit(_run_chunk, fn, part),
                  describe=f"{n} local worker processes", closers=[lambda: pool.shutdown(cancel_futures=True)])


def _dask_engine(address: str, workers: int | None, timeout: str = "10s") -> Engine:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("--scheduler needs Dask: pip install 'refgraph[cluster]'") from None
    closers: list[Callable[[], object]] = []
    try:
        if address == LOCAL_SCHEDULER:
            cluster = LocalCluster(n_workers=workers or default_workers(None), threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=40)
            closers.append(lambda: cluster.close())
            client = Client(cluster)
        else:
            client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        for close in closers:
            close()
        raise EngineError(f"cannot reach the Dask scheduler at {address} ({exc}); start one with "
                          f"`dask scheduler`, or give --scheduler local") from None
    closers.append(client.close)
    n = max(1, len(client.scheduler_info().get("workers", {})))
    return Engine(workers=n, dashboard=client.dashboard_link or "",
                  submit=lambda fn, part: client.submit(_run_chunk, fn, part, pure=False),
                  describe=f"Dask scheduler {client.scheduler.address} ({n} workers)", closers=closers,
                  remote=True)
