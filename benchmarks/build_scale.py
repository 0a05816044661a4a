"""`refgraph build` at scale: articles per second on 1..N workers, memory, and dedup accuracy.

Generates N articles whose reference lists are drawn from the labelled corpora (AnyStyle core,
ParsCit), each work printed as in its corpus or re-rendered from its labelled fields in a
Vancouver or APA-like style, so the same work recurs across articles in different styles
(known truth: the corpus entry). Articles are plain text (numbered or author-year), HTML
(<ol>) and PDF-like text (hyphenated wrapped lines, running heads, page numbers, hanging
indents). Each build runs in a fresh process (`--one`), so peak memory is its own.

    python benchmarks/build_scale.py                          # N = 1,000 and 10,000 on 1 and 2 workers
    python benchmarks/build_scale.py --sizes 1000 --workers 1 2 4 8 16
    python benchmarks/build_scale.py --dedup 1000000 --workers 2 --scheduler local
        # dedup.py's references: one process vs the cluster path (here a Dask LocalCluster), P/R, time, memory

Prints per build: articles/s and references/s of the parse phase (read, find, split, parse,
link, write to the library) and of the whole build (with dedup and exports), the client's
peak memory after the parse phase and at the end, each worker's peak, pairwise precision and
recall of the works against the truth, and the speed-up over 1 worker (efficiency = speed-up
/ workers). Other processes share this machine's CPUs: the 1-minute load average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
CACHE = Path(tempfile.gettempdir()) / "refgraph-build-scale"


def _fields(seq) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for tok, label in zip(seq.tokens, seq.labels):
        out.setdefault(label, []).append(tok)
    return {k: " ".join(v).strip(" .,;:()") for k, v in out.items()}


POOL_FILE = os.environ.get("REFGRAPH_SCALE_POOL", "")  # the pool as JSON (--save-pool), where ../shared is absent


def load_pool() -> list[tuple[str, dict[str, str]]]:
    """(printed string, labelled fields) of every usable corpus reference."""
    from refgraph.extract.corpora import read_anystyle, read_parscit

    if POOL_FILE:
        return [(text, fields) for text, fields in json.loads(Path(POOL_FILE).read_text(encoding="utf-8"))]

    seqs = read_anystyle(SHARED / "corpora" / "anystyle" / "parser" / "core.xml")
    for name in ("cora.tagged.txt", "flux-cim-cs.tagged.txt", "citeseerx.tagged.txt"):
        path = SHARED / "corpora" / "parscit" / name
        if path.is_file():
            seqs += read_parscit(path)
    pool, seen = [], set()
    for s in seqs:
        f = _fields(s)
        text = re.sub(r"^\s*(\[\d+\]|\d+\.)\s*", "", s.text)  # the list marker is the article's
        if f.get("title") and f.get("author") and text not in seen:
            seen.add(text)
            pool.append((text, f))
    return pool


def render(text: str, f: dict[str, str], style: int) -> str:
    """The work printed as in its corpus (0), Vancouver-like (1) or APA-like (2)."""
    if style == 0:
        return text
    where = f.get("journal") or f.get("container-title") or f.get("publisher") or ""
    vol, pages, date = f.get("volume", ""), f.get("pages", ""), f.get("date", "n.d.")
    if style == 1:
        tail = f"{date};{vol}:{pages}" if vol else date
        return f"{f['author']}. {f['title']}. {where}. {tail}."
    return f"{f['author']} ({date}). {f['title']}. {', '.join(x for x in (where, vol, pages) if x)}."


def _pdf_like(title: str, body: str, refs: list[str], rng: random.Random) -> str:
    """Text as a PDF extractor gives it: wrapped, hyphenated, running heads and page numbers."""
    lines = [title, ""] + textwrap.wrap(body, 78, break_on_hyphens=False) + ["", "References", ""]
    for n, r in enumerate(refs, 1):
        wrapped = textwrap.wrap(f"{n}. {r}", 78)
        lines += [wrapped[0]] + ["   " + w for w in wrapped[1:]]
    out, page = [], 1
    for i, line in enumerate(lines):
        if i and i % 45 == 0:
            out += ["", str(page), f"Generated Journal of Benchmarks {rng.randint(1, 30)} ({2000 + page})", ""]
            page += 1
        if len(line) > 70 and rng.random() < 0.2 and " " in line:
            head, _, tail = line.rpartition(" ")
            if len(tail) > 6:
                line = f"{head} {tail[:3]}-"  # a hyphenated word split across lines
                out.append(line)
                line = tail[3:]
        out.append(line)
    return "\n".join(out) + "\n"


def _article(k: int, pool, rng: random.Random) -> tuple[str, str, list[int]]:
    """(suffix, content, truth pool index of each reference in order)."""
    n_refs = rng.randint(8, 20)
    picks = []
    while len(picks) < n_refs:  # popular works recur across articles (a Zipf-like draw)
        i = int(len(pool) * rng.random() ** 2.2)
        if i not in picks:
            picks.append(i)
    style = rng.randrange(3)
    refs = [render(*pool[i], style if rng.random() < 0.8 else rng.randrange(3)) for i in picks]
    numbered = k % 4 != 1
    cites = [f"[{n}]" if numbered else f"({pool[i][1]['author'].split()[0].strip(',')}, "
             f"{pool[i][1].get('date', 'n.d.')})" for n, i in enumerate(picks, 1)]
    body = " ".join(f"Sentence {j} of the argument builds on earlier findings {c}." for j, c in enumerate(cites))
    title = f"Article {k}: a generated study"
    kind = k % 3
    if kind == 0:
        items = "".join(f"<li>{r.replace('&', '&amp;').replace('<', '&lt;')}</li>" for r in refs)
        return ".html", (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>"
                         f"<h2>References</h2><ol>{items}</ol></body></html>"), picks
    if kind == 1:
        listed = [f"{n}. {r}" if numbered else r for n, r in enumerate(refs, 1)]
        return ".txt", f"{title}\n\n{body}\n\nReferences\n\n" + "\n".join(listed) + "\n", picks
    return ".txt", _pdf_like(title, body, refs, rng), picks


def generate(n: int, seed: int = 11) -> Path:
    """The corpus of n articles (cached in the temp folder) with truth.json: mention -> work."""
    folder = Path(os.environ.get("REFGRAPH_SCALE_CACHE", CACHE)) / f"n{n}-s{seed}"
    if (folder / "truth.json").is_file():
        return folder
    pool = load_pool()
    rng = random.Random(seed)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    truth = {}
    for k in range(n):
        suffix, content, picks = _article(k, pool, rng)
        stem = f"a{k:07d}"
        sub = folder / "articles" / f"{k // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{stem}{suffix}").write_text(content, encoding="utf-8")
        truth.update({f"{stem}#{j}": w for j, w in enumerate(picks, 1)})
    (folder / "truth.json").write_text(json.dumps(truth))
    return folder


def pairwise(pred: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall over the mentions present in both."""
    from collections import Counter

    common = [m for m in pred if m in truth]
    pairs = lambda keys: sum(c * (c - 1) // 2 for c in Counter(keys).values())  # noqa: E731
    tp = pairs((pred[m], truth[m]) for m in common)
    p_all, t_all = pairs(pred[m] for m in common), pairs(truth[m] for m in common)
    return (tp / p_all if p_all else 1.0), (tp / t_all if t_all else 1.0)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def one(folder: Path, workers: int) -> dict:
    """One build in this process; the figures as a dict."""
    import sqlite3

    from refgraph.app.engine import open_engine
    from refgraph.app.build import build

    out = Path(tempfile.mkdtemp(prefix="scale-out-"))
    marks: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if done == total:
            marks["parsed"] = time.perf_counter()
            marks["parse_peak"] = _peak_kib()

    started = time.perf_counter()
    with open_engine(workers) as engine:
        result = build([folder / "articles"], out, progress=progress, engine=engine)
        peaks = [w.peak_kib for w in engine.worker_peaks()]
    ended = time.perf_counter()
    con = sqlite3.connect(out / "library.sqlite")
    pred = dict(con.execute("SELECT mention, work FROM refs"))
    con.close()
    precision, recall = pairwise(pred, json.loads((folder / "truth.json").read_text()))
    return {"workers": workers, "docs": len(result.documents), "refs": sum(d.references for d in result.documents),
            "works": len(result.works), "parse_s": marks["parsed"] - started, "total_s": ended - started,
            "client_parse_kib": marks["parse_peak"], "client_kib": _peak_kib(), "worker_kib": peaks,
            "precision": precision, "recall": recall}


def _run_one(n: int, workers: int) -> dict:
    folder = generate(n)
    proc = subprocess.run([sys.executable, __file__, "--one", str(folder), str(workers)], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}"


def builds(sizes: list[int], workers: list[int]) -> None:
    print(f"cores: {os.cpu_count()}, load average (1 min) at start: {os.getloadavg()[0]:.1f}")
    print(f"{'N':>7} {'W':>3} {'refs':>8} {'art/s':>7} {'refs/s':>8} {'build s':>8} {'speed-up':>8} {'eff':>5} "
          f"{'client MiB parse/end':>21} {'worker MiB':>14} {'P':>6} {'R':>6}")
    for n in sizes:
        generate(n)
        base = None
        for w in workers:
            r = _run_one(n, w)
            rate = r["docs"] / r["parse_s"]
            base = base or rate
            wk = "/".join(_mib(k) for k in r["worker_kib"]) if w > 1 else "(client)"
            print(f"{n:>7} {w:>3} {r['refs']:>8} {rate:>7.1f} {r['refs'] / r['parse_s']:>8.0f} {r['total_s']:>8.1f} "
                  f"{rate / base:>8.2f} {rate / base / w:>5.2f} "
                  f"{_mib(r['client_parse_kib']) + ' / ' + _mib(r['client_kib']):>21} {wk:>14} "
                  f"{r['precision']:>6.3f} {r['recall']:>6.3f}   (load {os.getloadavg()[0]:.1f})", flush=True)


def dedup_cluster(n: int, workers: int, scheduler: str = "") -> None:
    """dedup.py's generated references: one process, then the cluster path; same works?"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from dedup import mentions_for, pairwise as dedup_pairwise  # type: ignore[import-not-found]

    from refgraph.app.engine import open_engine
    from refgraph.dedup import deduplicate

    mentions, truth = mentions_for(n)
    print(f"{n:,} references generated; client memory {_mib(_peak_kib())} MiB; load {os.getloadavg()[0]:.1f}")
    t = time.perf_counter()
    one_process = deduplicate(mentions)
    t_one = time.perf_counter() - t
    peak_one = _peak_kib()
    with open_engine(workers, scheduler=scheduler) as engine:
        t = time.perf_counter()
        spread = deduplicate(mentions, mapper=engine.map)
        t_spread = time.perf_counter() - t
        peaks = [w.peak_kib for w in engine.worker_peaks()]
    for label, works, secs in (("one process", one_process, t_one), (engine.describe, spread, t_spread)):
        index = {m: k for k, w in enumerate(works) for m in w.mentions}
        p, r, f1 = dedup_pairwise([index[m.id] for m in mentions], truth)
        print(f"{label}: {len(works):,} works, P {p:.4f} R {r:.4f} F1 {f1:.4f}, {secs:.1f} s")
    print(f"identical works: {spread == one_process}; client peak {_mib(_peak_kib())} MiB (after one process: "
          f"{_mib(peak_one)}); worker peaks {'/'.join(_mib(k) for k in peaks)} MiB; load {os.getloadavg()[0]:.1f}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(Path(argv[1]), int(argv[2]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dedup", type=int, default=0, help="references for the dedup cluster-path run instead")
    ap.add_argument("--scheduler", default="", help="for --dedup: a Dask scheduler address, or local")
    ap.add_argument("--save-pool", type=Path, help="write the corpus references as JSON (for REFGRAPH_SCALE_POOL)")
    args = ap.parse_args(argv)
    if args.save_pool:
        args.save_pool.write_text(json.dumps(load_pool(), ensure_ascii=False), encoding="utf-8")
        return
    if not (SHARED / "corpora").is_dir() and not args.dedup and not POOL_FILE:
        sys.exit(f"{SHARED / 'corpora'} is missing: the labelled corpora are needed to generate articles")
    if args.dedup:
        dedup_cluster(args.dedup, max(args.workers), args.scheduler)
    else:
        builds(args.sizes, args.workers)


if __name__ == "__main__":
    main(sys.argv[1:])
