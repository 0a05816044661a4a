"""Resolve 1,000 DOIs against a local Crossref stand-in that adds latency and enforces a rate limit.

Prints: the baseline (one request per DOI, in sequence, measured on a sample and scaled to 1,000),
the batched, throttled first run (time, requests, rate-limit breaches) and the second run from
the cache. Run from the worktree:

    python benchmarks/resolve.py [--dois 1000] [--latency 0.1] [--rate 10] [--concurrency 3]
"""
from __future__ import annotations

import argparse
import copy
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "net")]

from fake_registry import Registry  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402

from refgraph.config import Settings  # noqa: E402
from refgraph.net import crossref  # noqa: E402
from refgraph.net.http import make_session  # noqa: E402
from refgraph.net.resolve import resolve_dois  # noqa: E402

logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request buries the figures


def synthetic_works(registry: Registry, n: int) -> list[str]:
    template = registry.works["10.1111/bjc.12259"]
    dois = []
    for i in range(n):
        doi = f"10.5555/bench.{i:05d}"
        work = copy.deepcopy(template)
        work["DOI"], work["title"] = doi, [f"Benchmark work number {i}"]
        registry.works[doi] = work
        dois.append(doi)
    return dois


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dois", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--rate", type=int, default=10)
    ap.add_argument("--concurrency", type=int, default=3)
    ap.add_argument("--sample", type=int, default=20, help="DOIs fetched one by one for the baseline")
    args = ap.parse_args()

    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    registry = Registry(latency=args.latency, rate_limit=args.rate, concurrency=args.concurrency).install(server)
    dois = synthetic_works(registry, args.dois)
    base = server.url_for("").rstrip("/")
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(mailto="bench@example.org", cache_dir=cache, crossref_api=base, doi_resolver=base)
        try:
            # Baseline: one request per DOI, in sequence, through the same polite stack (no cache).
            plain = make_session(settings, cache=False)
            t0 = time.perf_counter()
            for doi in dois[: args.sample]:
                crossref.get_work(doi, plain, settings)
            per_request = (time.perf_counter() - t0) / args.sample
            baseline = per_request * len(dois)
            time.sleep(1.1)  # let the server's window empty before the measured run
            registry.log.clear()
            registry.breaches = 0

            t0 = time.perf_counter()
            first = resolve_dois(dois, make_session(settings), settings)
            first_s = time.perf_counter() - t0
            first_requests, breaches = len(registry.log), registry.breaches

            registry.log.clear()
            t0 = time.perf_counter()
            second = resolve_dois(dois, make_session(settings), settings)
            second_s = time.perf_counter() - t0
        finally:
            server.stop()

    resolved_1 = sum(1 for r in first.values() if r.reference is not None)
    resolved_2 = sum(1 for r in second.values() if r.reference is not None)
    print(f"server: latency {args.latency * 1000:.0f} ms, limit {args.rate}/s, concurrency {args.concurrency}")
    print(f"baseline, one request per DOI in sequence: {per_request * 1000:.0f} ms/request measured on "
          f"{args.sample} -> {baseline:.1f} s for {len(dois)} DOIs")
    print(f"first run:  {resolved_1}/{len(dois)} resolved in {first_s:.2f} s with {first_requests} requests, "
          f"{breaches} rate-limit breaches, max in flight {registry.max_in_flight}")
    print(f"            {baseline / first_s:.1f}x faster than the baseline (target >= 10x): "
          f"{'PASS' if first_s * 10 <= baseline and breaches == 0 else 'FAIL'}")
    print(f"second run: {resolved_2}/{len(dois)} resolved in {second_s:.3f} s with {len(registry.log)} requests "
          f"(target < 2 s, all from cache): {'PASS' if second_s < 2 and not registry.log else 'FAIL'}")


if __name__ == "__main__":
    main()
