"""Pathological inputs at growing sizes: time, peak memory and a linearity verdict per curve.

Each case builds one adversarial input of size n (a long line of `*a `, a chain of doubling
`@string` macros, a PDF whose stream inflates a thousandfold, ...) and runs the stage that once
choked on it, in a fresh subprocess per size, so that one run's memory or a hang never
touches the next. A run is killed when it passes 2 GiB of resident memory or `--timeout`.
The verdict fits log(time) and log(extra memory) against log(size): a slope near 1 (at most
1.35) is linear; times under 50 ms are too short to judge.

    python benchmarks/adversarial.py                 # every case, 4 doubling sizes
    python benchmarks/adversarial.py initials html   # some cases
    python benchmarks/adversarial.py --scale 0.1     # smaller sizes (e.g. to time old code)
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # tests.fixtures.pdfgen writes the PDF bombs
LIMIT_BYTES = 2 * 1024 ** 3


# ---- the cases: build the input of size n, run the stage, return a short check of the output ---

def case_initials(n: int) -> str:
    from refgraph.extract.names import parse_names
    names, _ = parse_names("Smith, " + "A " * n + "a, and Jones, B.")
    return f"{len(names)} names, last {names[-1].family if names else '-'}"


def case_emphasis(n: int) -> str:
    from refgraph.ingest.text import strip_emphasis
    text, _ = strip_emphasis("*a " * n)
    return f"{len(text)} chars kept"


def case_linkish(n: int) -> str:
    from refgraph.extract.split import looks_like_reference
    return f"reference: {looks_like_reference('a-' * n)}"


def case_balance(n: int) -> str:
    from refgraph.extract.fields import clean_value
    return f"{len(clean_value('(' * n + 'x'))} chars"


def case_body_links(n: int) -> str:
    from refgraph.ingest.text import document_from_text
    from refgraph.pipeline import body_links
    text = " ".join(f"see https://example.org/page/{i} here." for i in range(n))
    doc = document_from_text("x.txt", "x", "text", text)
    return f"{len(body_links(doc, len(doc.text)))} links"


def case_html(n: int) -> str:
    from refgraph.ingest.html import html_to_text
    text, _ = html_to_text("<html><body>" + "<div>" * n + "deep text" + "</div>" * n + "</body></html>")
    return repr(text.strip()[:20])


def _refs_with_keys(n: int):
    from refgraph.model import Name, Reference
    return [Reference(n=i + 1, raw=f"Author{i}, A. ({2000 + i % 20}). Work number {i}.",
                      title=f"Work number {i}", authors=(Name(family=f"Author{i}"),), year=2000 + i % 20,
                      key=f"key{i}", source="bibtex:big.bib") for i in range(n)]


def case_stable_keys(n: int) -> str:
    from refgraph.dedup.merge import stable_keys
    refs = _refs_with_keys(n)
    keys = stable_keys(refs, [[] for _ in refs])
    return f"{len(set(keys))} distinct keys"


def case_add_one(n: int) -> str:
    """A library of n works, one more article: every old work keeps its key."""
    from refgraph.dedup.merge import stable_keys
    refs = _refs_with_keys(n + 1)
    previous = [[f"key{i}"] for i in range(n)] + [[]]
    keys = stable_keys(refs, previous)
    return f"{sum(k == f'key{i}' for i, k in enumerate(keys))} kept"


def case_string_macros(n: int) -> str:
    from refgraph.importers.bibtex import import_bibtex
    lines = ['@string{m0 = "abcdefgh"}'] + [f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, n)]
    lines.append(f"@article{{k, title = m{n - 1}, author = {{Doe, J.}}, year = 2020}}")
    refs, issues = import_bibtex("\n".join(lines), "bomb.bib")
    return f"{len(refs)} refs, title {len(refs[0].title) if refs else 0} chars, {len(issues)} issues"


def case_pdf(n: int) -> str:
    """n MB inflated from a PDF of about n KB."""
    from refgraph.errors import RefgraphError
    from refgraph.ingest.pdf import read_pdf
    from tests.fixtures.pdfgen import pdf_bomb  # the one hand-written PDF writer, shared with the tests
    data = pdf_bomb(n * 1024 * 1024)
    try:
        doc = read_pdf(Path("bomb.pdf"), data)
    except RefgraphError as exc:
        return f"{len(data) // 1024} KB refused: {str(exc)[:60]}"
    return f"{len(data) // 1024} KB read, {len(doc.text)} chars"


def case_long_reference(n: int) -> str:
    """One reference string of n KB."""
    from refgraph.extract.parse import parse_references
    raw = "Smith, J. (2010). " + ("A very long title word " * (n * 1024 // 23))
    (ref,) = parse_references([raw])
    return f"year {ref.year}, {len(ref.raw)} raw chars, issues {[i.kind for i in ref.issues]}"


def case_long_reference_doc(n: int) -> str:
    """An article whose reference list holds one reference of n KB between two normal ones."""
    from refgraph.ingest.text import document_from_text
    from refgraph.pipeline import parse_document
    text = ("A title\n\nServices grow (Smith, 2010) and shrink (Jones, 2012).\n\nReferences\n\n"
            "Jones, A. (2012). Shrinking services. Journal of Things, 3(1), 1-9.\n"
            "Smith, J. (2010). " + ("A very long title word " * (n * 1024 // 23)) + "\n"
            "Young, B. (2015). Another paper. Journal of Things, 5(2), 10-19.\n")
    parsed = parse_document(document_from_text("x.txt", "x", "text", text))
    return f"{len(parsed.references)} refs, years {[r.year for r in parsed.references]}"


def case_deep_json(n: int) -> str:
    from refgraph.errors import RefgraphError
    from refgraph.importers.csljson import import_csl_json
    try:
        refs, issues = import_csl_json("[" * n + "]" * n, "deep.json")
    except RefgraphError as exc:  # the answer wanted: a clear error, not a RecursionError
        return f"refused: {str(exc)[:50]}"
    return f"{len(refs)} refs, {len(issues)} issues"


CASES = {  # name: (function, base size, what n counts)
    "initials": (case_initials, 2000, "initials in a name"),
    "emphasis": (case_emphasis, 50_000, "'*a ' repeats"),
    "linkish": (case_linkish, 50_000, "'a-' repeats"),
    "balance": (case_balance, 50_000, "'(' repeats"),
    "body_links": (case_body_links, 25_000, "URLs"),
    "html": (case_html, 10_000, "nested <div>"),
    "stable_keys": (case_stable_keys, 25_000, "works with own keys"),
    "add_one": (case_add_one, 25_000, "works in the library"),
    "string_macros": (case_string_macros, 16, "doubling @string macros"),
    "pdf": (case_pdf, 64, "MB inflated"),
    "long_reference": (case_long_reference, 256, "KB in one reference"),
    "long_reference_doc": (case_long_reference_doc, 256, "KB in one reference of an article"),
    "deep_json": (case_deep_json, 25_000, "nesting depth"),
}
GROWTH = {"string_macros": lambda base, k: base + 4 * k}  # macros double: n grows by steps


# ---- running one size in a child, and judging a curve -------------------------------------------

def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))


def child(name: str, n: int) -> None:
    fn = CASES[name][0]
    from refgraph.extract.parse import parse_references
    parse_references(["Smith, J. (2010). Warm up. Journal 1(2): 3-4."])  # the model is no part of the cost
    base = _rss_kb()
    t0 = time.perf_counter()
    result = fn(n)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "extra_mb": max(peak - base, 0) / 1024,
                      "result": result}))


def run_one(name: str, n: int, timeout: float) -> dict:
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, __file__, "--child", name, str(n)], stdout=out,
                                stderr=subprocess.PIPE, cwd=ROOT)
        t0, killed = time.monotonic(), ""
        while proc.poll() is None:
            if time.monotonic() - t0 > timeout:
                killed = f"timeout > {timeout:.0f} s"
            elif _child_rss(proc.pid) > LIMIT_BYTES:
                killed = "over 2 GiB"
            if killed:
                proc.kill()
                proc.wait()
                return {"error": killed}
            time.sleep(0.05)
        err = proc.stderr.read().decode(errors="replace").strip().splitlines()
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        return {"error": (err[-1] if err else f"exit {proc.returncode}")[:100]}
    return json.loads(text.strip().splitlines()[-1])


def _child_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS"))
    except (OSError, StopIteration):
        return 0


def slope(sizes: list[int], values: list[float]) -> float | None:
    """Least-squares slope of log(value) on log(size)."""
    pts = [(math.log(s), math.log(v)) for s, v in zip(sizes, values) if v > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def verdict(sizes: list[int], runs: list[dict], key: str, floor: float) -> str:
    if any("error" in r for r in runs):
        return "FAILED"
    values = [r[key] for r in runs]
    if max(values) < floor:
        return "flat (too small to judge)"
    kept = [(s, v) for s, v in zip(sizes, values) if v >= floor / 4]
    k = slope([s for s, _ in kept], [v for _, v in kept])
    if k is None:
        return "flat"
    return f"{'linear' if k <= 1.35 else 'SUPERLINEAR'} (slope {k:.2f})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="*", help=f"some of: {', '.join(CASES)}")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    ap.add_argument("--steps", type=int, default=4, help="sizes per case, each double the last")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s) {unknown}; choose from {', '.join(CASES)}")
    worst = 0
    for name in args.cases or list(CASES):
        _, base, unit = CASES[name]
        base = max(1, round(base * args.scale))
        grow = GROWTH.get(name, lambda b, k: b * 2 ** k)
        sizes = [grow(base, k) for k in range(args.steps)]
        print(f"{name}: n = {unit}")
        runs = []
        for n in sizes:
            r = run_one(name, n, args.timeout)
            runs.append(r)
            if "error" in r:
                print(f"  n={n:>9,}  {r['error']}")
                worst = 1
                break  # bigger sizes would only fail longer
            print(f"  n={n:>9,}  {r['seconds']:8.3f} s  peak {r['peak_mb']:7.0f} MB "
                  f"(+{r['extra_mb']:.0f})  {r['result']}")
        sizes = sizes[:len(runs)]
        print(f"  time: {verdict(sizes, runs, 'seconds', 0.05)};  memory: {verdict(sizes, runs, 'extra_mb', 20)}")
        sys.stdout.flush()
    return worst


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
