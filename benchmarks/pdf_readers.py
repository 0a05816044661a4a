"""Which PDF library reads articles best and fastest? pypdfium2 (refgraph's reader) vs pdfminer.six.

    python benchmarks/pdf_readers.py [--shared ../shared] [--pdfminer]

For every PDF of realworld-dev and jats-dev: pages, pages/s of text extraction alone, and pages/s
of the whole `parse` (read, find, split, parse, callouts) through refgraph's reader. With
--pdfminer, also pdfminer.six's extraction speed and the segmentation score that refgraph gets
on realworld-dev when its text comes from pdfminer (reference strings matched as
eval/segscore.py matches them). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refgraph.ingest.pdf import _pdfminer_text, pdf_text
from refgraph.ingest.text import document_from_text
from refgraph.pipeline import parse_document


def pages_of(data: bytes) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip().casefold()


def matched(gold: list[str], pred: list[str]) -> int:
    """One-to-one greedy matches at SequenceMatcher ratio >= 0.85 (segscore's rule)."""
    pairs = []
    for i, g in enumerate(map(norm, gold)):
        for j, p in enumerate(map(norm, pred)):
            ratio = difflib.SequenceMatcher(None, g, p, autojunk=False).ratio()
            if ratio >= 0.85:
                pairs.append((-ratio, i, j))
    used_g, used_p = set(), set()
    for _, i, j in sorted(pairs):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--pdfminer", action="store_true", help="also measure pdfminer.six (slow)")
    args = ap.parse_args()
    files = sorted((args.shared / "realworld-dev" / "docs").glob("pdf_*/*.pdf"))
    files += sorted((args.shared / "jats-dev" / "articles").glob("*.pdf"))
    totals = {"pages": 0, "text_s": 0.0, "parse_s": 0.0, "miner_s": 0.0}
    seg = {"pdfium": [0, 0, 0], "pdfminer": [0, 0, 0]}  # gold, found, matched
    for path in files:
        data = path.read_bytes()
        pages = pages_of(data)
        t0 = time.perf_counter()
        text = pdf_text(data, str(path))
        t1 = time.perf_counter()
        parsed = parse_document(document_from_text(str(path), path.stem, "pdf", text))
        t2 = time.perf_counter()
        row = f"{path.stem[:40]:40} {pages:3} pages  text {pages / (t1 - t0):7.0f} p/s  parse {pages / (t2 - t0):6.1f} p/s"
        totals["pages"] += pages
        totals["text_s"] += t1 - t0
        totals["parse_s"] += t2 - t0
        gold_file = path.parent / "gold.json"
        gold = [r["raw"] for r in json.loads(gold_file.read_text())["references"]] if gold_file.exists() else None
        if gold is not None:
            found = [r.raw for r in parsed.references]
            seg["pdfium"] = [a + b for a, b in zip(seg["pdfium"], (len(gold), len(found), matched(gold, found)))]
        if args.pdfminer:
            t3 = time.perf_counter()
            miner = _pdfminer_text(data, str(path))
            totals["miner_s"] += time.perf_counter() - t3
            row += f"  pdfminer {pages / (time.perf_counter() - t3):5.1f} p/s"
            if gold is not None:
                found = [r.raw for r in parse_document(document_from_text(str(path), path.stem, "pdf", miner)).references]
                seg["pdfminer"] = [a + b for a, b in zip(seg["pdfminer"], (len(gold), len(found), matched(gold, found)))]
        print(row)
    n = totals["pages"]
    print(f"all {len(files)} PDFs, {n} pages: pypdfium2 text {n / totals['text_s']:.0f} p/s, "
          f"whole parse {n / totals['parse_s']:.1f} p/s ({20 / (n / totals['parse_s']):.2f} s for 20 pages)")
    if args.pdfminer:
        print(f"pdfminer.six text {n / totals['miner_s']:.1f} p/s")
    for name, (g, f, m) in seg.items():
        if g:
            p, r = m / max(f, 1), m / g
            print(f"realworld-dev PDFs through {name}: gold {g} found {f} matched {m}  "
                  f"P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}")


if __name__ == "__main__":
    main()
