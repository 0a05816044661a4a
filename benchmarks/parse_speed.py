"""Speed of the reference parser.

Prints references/second and peak memory for parsing N reference strings (the AnyStyle
training strings, cycled) in one process after the model is loaded, and the wall time of a
cold `refgraph parse ARTICLE` in a fresh interpreter (needs the CLI; skipped if absent).

    python benchmarks/parse_speed.py [-n 10000] [--article refs/articles/003_d3235739006794ff.txt]
"""
from __future__ import annotations

import argparse
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
    from refgraph.extract.corpora import read_anystyle

    seqs = read_anystyle(Path("/work/shared/corpora/anystyle/parser/good.xml"))
    return [s.text for s in islice(cycle(seqs), n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--article", type=Path, default=ROOT / "refs" / "articles" / "003_d3235739006794ff.txt")
    args = ap.parse_args()
    from refgraph.extract.parse import parse_reference

    refs = strings(args.n)
    t0 = time.perf_counter()
    parse_reference("Smith, J. (2010). Warm up. Journal 1(2): 3-4.")
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, raw in enumerate(refs, 1):
        parse_reference(raw, n=i)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load + first parse: {load * 1000:.0f} ms")
    print(f"{len(refs)} references in {dt:.2f} s: {len(refs) / dt:.0f} references/second")
    print(f"peak memory (max RSS) {peak:.0f} MB")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "refgraph", "parse", str(args.article), "--format", "json"],
                         capture_output=True, text=True, env=env)
    cold = time.perf_counter() - t0
    if res.returncode == 0:
        print(f"cold `refgraph parse {args.article.name}`: {cold:.2f} s")
    else:
        print(f"cold `refgraph parse` not measured (exit {res.returncode}): {res.stderr.strip()[-200:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
