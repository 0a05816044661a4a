"""Lint the sample corpus and print what it finds, per article and kind, with the time taken.

    PYTHONPATH=src python benchmarks/lint_seeds.py

Expected on the seeds: 003 has exactly two failing findings (Wakefield 2020 for 2021; Kellet
2020 for Kellett 2021); every other article has none. Notes are counted separately.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from refgraph.app.lint import lint_paths
from refgraph.lint import DEFAULT_FAIL

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    started = time.perf_counter()
    run = lint_paths([ROOT / "refs" / "articles"])
    elapsed = time.perf_counter() - started
    failing_total = 0
    for report in run.reports:
        failing = Counter(i.kind for i in report.problems if i.kind in DEFAULT_FAIL)
        notes = Counter(i.kind for i in report.problems if i.kind not in DEFAULT_FAIL)
        failing_total += sum(failing.values())
        print(f"{Path(report.path).name:<32} failing {sum(failing.values()):>2} {dict(failing)}  notes {dict(notes)}")
    print(f"{len(run.reports)} articles, {failing_total} failing findings, {elapsed:.2f}s")


if __name__ == "__main__":
    main()
