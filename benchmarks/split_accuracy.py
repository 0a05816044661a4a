"""How well does `split` cut real bibliography sections into references?

    python benchmarks/split_accuracy.py [--shared ../shared] [--verbose]

Uses GROBID's reference-segmenter data: bibliography sections from PDFs with the reference
boundaries marked (<bibl>) and the PDF line breaks (<lb/>). The section text is rebuilt with its
line breaks, split by refgraph, and the pieces compared with the gold references (white space
folded). Prints reference-level precision/recall/F1 per set and overall.
"""
from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refgraph.extract.split import NUMBER_RE, split_references  # noqa: E402


def bibl_text(el: ET.Element) -> str:
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else "".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def load(path: Path) -> tuple[str, list[str]]:
    root = ET.parse(path).getroot()
    bibls = [bibl_text(b) for b in root.iter("bibl")]
    text = "\n".join(re.sub(r"[ \t]*\n[ \t]*", "\n", b).strip() for b in bibls)
    return text, [" ".join(b.split()) for b in bibls if b.strip()]


def norm(s: str) -> str:
    """Compare without the printed number (split strips it), white space and hyphens."""
    return re.sub(r"[\s-]+", "", NUMBER_RE.sub("", s, count=1))


def score(folder: Path, verbose: bool) -> tuple[int, int, int]:
    tp = n_pred = n_gold = 0
    for path in sorted(folder.glob("*.xml")):
        try:
            text, gold = load(path)
        except ET.ParseError:
            continue
        pred = [r.text for r in split_references(text)]
        gold_set = {norm(g) for g in gold}
        hits = sum(1 for p in pred if norm(p) in gold_set)
        tp, n_pred, n_gold = tp + hits, n_pred + len(pred), n_gold + len(gold)
        if verbose:
            print(f"  {path.name[:60]:60} gold {len(gold):4} pred {len(pred):4} exact {hits:4}")
    return tp, n_pred, n_gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    base = args.shared / "corpora" / "grobid" / "reference-segmenter"
    total = [0, 0, 0]
    for name in ("corpus/tei", "evaluation/tei"):
        tp, n_pred, n_gold = score(base / name, args.verbose)
        total = [a + b for a, b in zip(total, (tp, n_pred, n_gold))]
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        print(f"{name:16} gold {n_gold:5} pred {n_pred:5} exact {tp:5}  P {p:.3f} R {r:.3f} F1 {2*p*r/max(p+r,1e-9):.3f}")
    tp, n_pred, n_gold = total
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    print(f"{'all':16} gold {n_gold:5} pred {n_pred:5} exact {tp:5}  P {p:.3f} R {r:.3f} F1 {2*p*r/max(p+r,1e-9):.3f}")


if __name__ == "__main__":
    main()
