"""Accuracy of the reference parser.

1. Held-out AnyStyle test set (gold.xml minus everything in core/good/bad/ugly, 1,447 refs):
   label every reference string with `label_tokens`, write AnyStyle XML, print spans.py's table.
2. Seed articles: field scores from score.py. With `--pipeline`, one `refgraph parse ARTICLE
   --format json` per article in refs/articles/ (needs the pipeline and CLI); without it, the
   gold reference strings are parsed directly with `parse_reference` (parser alone).

    python benchmarks/parse_accuracy.py [--pipeline] [--shared ../shared] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refgraph.extract.parse import label_tokens, parse_reference  # noqa: E402
from refgraph.extract.dataset import write_dataset  # noqa: E402


def test_set(shared: Path, out: Path) -> None:
    gold = out / "test.xml"
    subprocess.run([sys.executable, str(shared / "eval" / "spans.py"), "testset", str(gold)], check=True)
    lines = subprocess.run([sys.executable, str(shared / "eval" / "spans.py"), "strings", str(gold)],
                           check=True, capture_output=True, text=True).stdout.splitlines()
    pred = out / "pred.xml"
    pred.write_text(write_dataset([label_tokens(line) for line in lines]), encoding="utf-8")
    subprocess.run([sys.executable, str(shared / "eval" / "spans.py"), "score", str(gold), str(pred)], check=True)


def seeds(shared: Path, out: Path, pipeline: bool) -> None:
    gold_dir = ROOT / "refs" / "gold"
    pred_dir = out / "seeds"
    pred_dir.mkdir(exist_ok=True)
    for gpath in sorted(gold_dir.glob("0*.json")):
        if pipeline:
            article = ROOT / "refs" / "articles" / (gpath.stem + ".txt")
            res = subprocess.run([sys.executable, "-m", "refgraph", "parse", str(article), "--format", "json"],
                                 capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
            (pred_dir / gpath.name).write_text(res.stdout or "{}", encoding="utf-8")
            continue
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        refs = [parse_reference(r["raw"], n=r["n"]).to_csl() for r in gold["references"]]
        (pred_dir / gpath.name).write_text(json.dumps({"references": refs, "citations": gold.get("citations", [])}),
                                           encoding="utf-8")
    subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "parse", str(gold_dir), str(pred_dir)], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--pipeline", action="store_true", help="parse whole seed articles with the CLI")
    ap.add_argument("--keep", type=Path, help="write test.xml, pred.xml and seed JSON here")
    ap.add_argument("--skip-test", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        if not args.skip_test:
            print("== held-out AnyStyle test set (spans.py score)")
            test_set(args.shared, out)
        print("== seed articles (score.py parse)" + (" via refgraph parse" if args.pipeline else " parser only"))
        seeds(args.shared, out, args.pipeline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
