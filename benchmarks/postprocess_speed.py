"""Speed of the parser's post-processing: `tokenize` and `build_reference` (everything but the CRF).

    python benchmarks/postprocess_speed.py [-n 10000] [--repeat 5] [--src DIR]

Tags N real reference strings once, then times `tokenize` over the strings and `build_reference`
over (string, tokens, labels), each `--repeat` times with every lru_cache of the post-processing
modules cleared first (so repeats measure a cold run, not a cache replay). Prints CPU seconds
(process_time: the figure to trust on a shared machine) and wall seconds, best and median.
`--src` times another checkout's code (e.g. main exported with `git archive main src | tar -x -C
/tmp/base`), to alternate before/after runs on a noisy machine.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from parse_speed import strings  # noqa: E402  (it puts this checkout's src first on sys.path)

if "--src" in sys.argv[:-1]:  # before any refgraph import, so that code is what gets timed
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--src") + 1]).resolve()))


def _clear_caches() -> None:
    """Empty every lru_cache in the modules timed here."""
    import refgraph.extract.fields as fields
    import refgraph.extract.names as names
    import refgraph.extract.parse as parse
    import refgraph.extract.repair as repair
    import refgraph.extract.tokens as tokens
    import refgraph.ids as ids

    for module in (fields, names, parse, repair, tokens, ids):
        for obj in vars(module).values():
            if callable(getattr(obj, "cache_clear", None)):
                obj.cache_clear()


def _time(fn) -> tuple[float, float]:
    _clear_caches()
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.process_time() - c0, time.perf_counter() - t0


def _report(name: str, runs: list[tuple[float, float]]) -> None:
    cpu, wall = [r[0] for r in runs], [r[1] for r in runs]
    print(f"{name:16s} CPU best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s; "
          f"wall best {min(wall):.3f} s, median {statistics.median(wall):.3f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--src", type=Path, help="time the refgraph package under this directory instead")
    args = ap.parse_args()
    from refgraph.extract.crf import model
    from refgraph.extract.parse import build_reference
    from refgraph.extract.tokens import tokenize

    refs = strings(args.n)
    toks = [tokenize(r) for r in refs]
    work = [(r, t, model().tag(t)) for r, t in zip(refs, toks) if t]

    def run_tokenize() -> None:
        for r in refs:
            tokenize(r)

    def run_build() -> None:
        for i, (r, t, lab) in enumerate(work, 1):
            build_reference(r, t, lab, n=i)

    tok_runs, build_runs = [], []
    for _ in range(args.repeat):  # alternate, so machine noise hits both alike
        tok_runs.append(_time(run_tokenize))
        build_runs.append(_time(run_build))
    import refgraph

    print(f"{len(refs)} reference strings ({len(work)} with tokens) from {Path(refgraph.__file__).parent}, "
          f"caches cleared before each run")
    _report("tokenize", tok_runs)
    _report("build_reference", build_runs)
    total = min(r[0] for r in tok_runs) + min(r[0] for r in build_runs)
    print(f"{'together':16s} CPU best {total:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
