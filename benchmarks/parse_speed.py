"""Speed of the reference parser.

Prints references/second and peak memory for parsing N reference strings (the AnyStyle
training strings, cycled) in one process after the model is loaded, and the wall time of a
cold `refgraph parse ARTICLE` in a fresh interpreter (needs the CLI; skipped if absent).
The strings are parsed with `parse_references`, the batch call the pipeline makes (one
document's list, or every line of `refgraph parse --lines`); `--one-by-one` calls
`parse_reference` once per string instead, which batches nothing.

    python benchmarks/parse_speed.py [-n 10000] [--article refs/articles/003_d3235739006794ff.txt]
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def strings(n: int) -> list[str]:
    """n distinct real reference strings (AnyStyle's training files), cycled only if too few."""
    from refgraph.extract.train import load_training

    seqs, _ = load_training(ROOT.parent / "shared" / "corpora", parscit=False)
    return [s.text for s in islice(cycle(seqs), n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--one-by-one", action="store_true", help="one parse_reference call per string")
    ap.add_argument("--article", type=Path, default=ROOT / "refs" / "articles" / "003_d3235739006794ff.txt")
    args = ap.parse_args()
    from refgraph.extract.parse import parse_reference, parse_references

    refs = strings(args.n)
    gc.collect()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    parse_reference("Smith, J. (2010). Warm up. Journal 1(2): 3-4.")
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    if args.one_by_one:
        for i, raw in enumerate(refs, 1):
            parse_reference(raw, n=i)
    else:
        parse_references(refs)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load + first parse: {load * 1000:.0f} ms")
    print(f"{len(refs)} references in {dt:.2f} s: {len(refs) / dt:.0f} references/second "
          f"({len(refs) / cpu:.0f} per CPU second: the figure to trust on a busy machine)")
    print(f"peak memory (max RSS) {peak:.0f} MB (of which {base:.0f} MB was reached reading the corpus "
          f"XML before parsing)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    res = subprocess.run([sys.executable, "-m", "refgraph", "parse", str(args.article), "--format", "json"],
                         capture_output=True, text=True, env=env)
    cold, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    cold_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if res.returncode == 0:
        print(f"cold `refgraph parse {args.article.name}`: {cold:.2f} s ({cold_cpu:.2f} s CPU)")
    else:
        print(f"cold `refgraph parse` not measured (exit {res.returncode}): {res.stderr.strip()[-200:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
