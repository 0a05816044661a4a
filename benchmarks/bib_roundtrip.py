"""Import a generated .bib of N entries (default 1,000) and export it again; print the times.

    PYTHONPATH=src python benchmarks/bib_roundtrip.py [N]
"""
from __future__ import annotations

import random
import sys
import time

from refgraph.importers import import_text
from refgraph.model import Work
from refgraph.writers.bibtex import write_bibtex

WORDS = "therapy reform access care über naïve Ægir workers £ & 50% data_set model study".split()


def make_bib(n: int, seed: int = 8) -> str:
    rng = random.Random(seed)
    out = ["@string{jhp = \"Journal of Health Psychology\"}"]
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(8)).replace("&", r"\&").replace("%", r"\%").replace("_", r"\_")
        authors = " and ".join(f"Author{rng.randint(1, 500)}, {rng.choice('ABCDE')}." for _ in range(rng.randint(1, 5)))
        out.append(f"@article{{k{i},\n  author = {{{authors}}},\n  title = {{{title} {{\\\"u}}ber}},\n"
                   f"  journal = jhp,\n  year = {rng.randint(1950, 2024)},\n  volume = {{{rng.randint(1, 80)}}},\n"
                   f"  pages = {{{rng.randint(1, 400)}--{rng.randint(401, 900)}}},\n  keywords = {{a, b}},\n"
                   f"  doi = {{10.1000/{i}}}\n}}")
    return "\n\n".join(out) + "\n"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    text = make_bib(n)
    t0 = time.perf_counter()
    result = import_text(text, "bibtex", "bench.bib")
    t1 = time.perf_counter()
    out = write_bibtex([Work(r.key, r, ()) for r in result.references])
    t2 = time.perf_counter()
    again = import_text(out, "bibtex", "again.bib")
    same = [(r.key, r.title, r.authors, r.extra, r.page) for r in again.references] == \
        [(r.key, r.title, r.authors, r.extra, r.page) for r in result.references]
    print(f"entries: {len(result.references)} (issues: {len(result.issues)})")
    print(f"import: {t1 - t0:.2f} s   export: {t2 - t1:.2f} s   import+export: {t2 - t0:.2f} s")
    print(f"re-import equal to first import: {same}")


if __name__ == "__main__":
    main()
