"""Speed and memory of the citation graph at scale: load a library of 100k documents and 2M
"cites" edges into the graph, then export it to every file format.

    PYTHONPATH=src python benchmarks/graph.py                      # 100k documents, 2M edges
    PYTHONPATH=src python benchmarks/graph.py --docs 10000 --refs 20 --formats graphml,json

The synthetic library has the shape of a real one: each document cites --refs works drawn from
a skewed (Zipf-like) popularity, one in two citations carries a context sentence, one work in
fifty is a chapter part of a book, and one document in a thousand is itself cited as a work.
Prints the time of each step and the peak resident memory of the process (target: the whole
run under 2 minutes and 4 GB).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from refgraph.graph.export import export_graph
from refgraph.app.graph import load_graph
from refgraph.store import connect

WORDS = ("care therapy mental health access psychological services policy workforce evidence outcomes "
         "primary review trial cost model practice counselling industrial welfare reform study").split()


def _title(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + f" {rng.randrange(10**6)}"


def write_library(path: Path, docs: int, refs: int, seed: int = 7) -> tuple[int, int]:
    """A synthetic library file; returns (works, edges)."""
    rng = random.Random(seed)
    works = docs * 4
    con = connect(path)
    with con:
        con.executemany("INSERT INTO documents (stem, path, format, title, numbered, issues) VALUES (?, ?, ?, ?, ?, ?)",
                        ((f"d{i}", f"articles/d{i}.txt", "txt", _title(rng, 8), 1, "[]") for i in range(docs)))
        rows = []
        for i in range(works):
            if i % 1000 == 0 and i // 1000 < docs:  # a corpus article cited as a work: same title
                title = con.execute("SELECT title FROM documents WHERE stem = ?", (f"d{i // 1000}",)).fetchone()[0]
            else:
                title = _title(rng, 7)
            item = {"id": f"w{i}", "type": "chapter" if i % 50 == 1 else "article-journal", "title": title,
                    "author": [{"family": f"Author{i % 9973}", "given": "A."}],
                    "issued": {"date-parts": [[1950 + i % 75]]}, "DOI": f"10.5555/w{i}" if i % 3 else ""}
            rows.append((f"w{i}", json.dumps(item), "[]", "[]", f"w{i - 1}" if i % 50 == 1 else ""))
        con.executemany("INSERT INTO works (key, csl, why, conflicts, part_of) VALUES (?, ?, ?, ?, ?)", rows)
        del rows
        edges = 0

        def cites():
            nonlocal edges
            for d in range(docs):
                cited = set()
                while len(cited) < refs:
                    cited.add(min(int(rng.paretovariate(0.6)) - 1, works - 1))
                for w in cited:
                    edges += 1
                    context = f"As shown by work {w}, access to care depends on many things." if edges % 2 else ""
                    yield (f"doc:d{d}", f"work:w{w}", "cites", 1 + edges % 3, context, "article")
            for i in range(1, works, 50):
                edges += 1
                yield (f"work:w{i}", f"work:w{i - 1}", "part-of", 0, "", "article")

        con.executemany("INSERT INTO edges (source, target, kind, callouts, contexts, origin) "
                        "VALUES (?, ?, ?, ?, ?, ?)", cites())
    con.close()
    return works, edges


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--refs", type=int, default=20, help="references per document")
    ap.add_argument("--formats", default="graphml,gexf,json,csv,dot")
    ap.add_argument("--keep", type=Path, default=None, help="write the files here instead of a temporary folder")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        lib = out / "library.sqlite"
        lib.unlink(missing_ok=True)
        t0 = time.perf_counter()
        works, edges = write_library(lib, args.docs, args.refs)
        print(f"setup: library of {args.docs} documents, {works} works, {edges} edges written in "
              f"{time.perf_counter() - t0:.1f} s ({lib.stat().st_size / 1e6:.0f} MB; not counted)")
        base = peak_mb()
        t_start = time.perf_counter()
        g = load_graph(lib)
        t_load = time.perf_counter() - t_start
        print(f"build:  load_graph -> {g.number_of_nodes()} nodes, {g.number_of_edges()} edges in {t_load:.1f} s, "
              f"peak RSS {peak_mb():.0f} MB")
        times = {}
        for fmt in args.formats.split(","):
            t = time.perf_counter()
            files = export_graph(g, fmt, out / f"graph.{fmt}")
            times[fmt] = time.perf_counter() - t
            size = sum(f.stat().st_size for f in files) / 1e6
            print(f"export: {fmt:<8} {times[fmt]:6.1f} s  {size:7.0f} MB  peak RSS {peak_mb():.0f} MB")
        slowest = max(times, key=times.get)
        one = t_load + times[slowest]
        print(f"build + one export (the slowest, {slowest}): {one:.1f} s; build + all {len(times)} exports: "
              f"{time.perf_counter() - t_start:.1f} s; peak RSS {peak_mb():.0f} MB (before loading: {base:.0f} MB)")
        print(f"targets (build + export < 120 s, peak < 4096 MB): "
              f"{'OK' if one < 120 and peak_mb() < 4096 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
