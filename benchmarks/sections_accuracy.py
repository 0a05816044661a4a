"""Does refgraph find the reference lists of whole documents, and only them?

    python benchmarks/sections_accuracy.py [--shared ../shared] [--verbose] [--model]

Uses AnyStyle's finder data (evaluation only: 15 dissertations whose lines are labelled
text/ref/meta/title/blank). refgraph finds the reference section(s) and splits them; every
non-blank line inside a split entry counts as predicted `ref`. Prints line-level precision,
recall and F1 per document and overall. The files are read from ../shared; never copy them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refgraph.extract.sections import find_reference_sections  # noqa: E402
from refgraph.extract.split import split_references  # noqa: E402


def load(path: Path) -> tuple[str, list[str]]:
    labels, lines, label = [], [], "text"
    for row in path.read_text(encoding="utf-8").split("\n"):
        tag, _, line = row.partition("| ")
        label = tag.strip() or label
        labels.append(label)
        lines.append(line)
    return ("\n".join(lines) + "\n").replace("\x0c", " "), labels


def predicted_lines(text: str) -> set[int]:
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    import bisect
    out: set[int] = set()
    for section in find_reference_sections(text):
        for ref in split_references(text, section.start, section.end):
            first = bisect.bisect_right(starts, ref.start) - 1
            last = bisect.bisect_right(starts, max(ref.end - 1, ref.start)) - 1
            out.update(range(first, last + 1))
    return out


def model_lines(text: str) -> set[int]:
    """The lines the trained line finder alone labels as reference start or continuation."""
    from refgraph.extract.linefind import load_model

    index, labels = load_model().tag(text.split("\n"))
    return {i for i, label in zip(index, labels) if label in ("B", "I")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--model", action="store_true", help="score the trained line finder alone")
    args = ap.parse_args()
    tp = fp = fn = 0
    for path in sorted((args.shared / "corpora" / "anystyle" / "finder").glob("*.ttx")):
        text, labels = load(path)
        lines = text.split("\n")
        pred = model_lines(text) if args.model else predicted_lines(text)
        gold = {i for i, lab in enumerate(labels) if lab == "ref" and lines[i].strip()}
        pred = {i for i in pred if i < len(labels) and lines[i].strip() and labels[i] not in ("meta", "blank")}
        t, f, n = len(pred & gold), len(pred - gold), len(gold - pred)
        tp, fp, fn = tp + t, fp + f, fn + n
        if args.verbose:
            print(f"  {path.stem}: gold {len(gold):5} pred {len(pred):5} right {t:5}")
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"reference lines: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f} (gold {tp + fn}, predicted {tp + fp})")


if __name__ == "__main__":
    main()
