"""Field quality and callout links on jats-dev, per corpus and per field, with the errors listed.

    python benchmarks/jats_fields.py [--shared ../shared] [--errors FIELD|all] [--corpus html|pdf|text]
                                     [--pred DIR] [--links]

Parses every article of ../shared/jats-dev/articles (in process, the same pipeline as
`refgraph parse --format json`), scores each corpus (HTML, PDF, text) with the shared
`eval/score.py parse`, and prints field P/R/F1. `--errors` lists, for the chosen field, each
gold value beside the predicted one, so a post-processing change can be judged field by field;
`--links` lists callouts whose links differ from the gold. `--pred DIR` keeps the JSON outputs.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CORPORA = {"html": ".html", "pdf": ".pdf", "text": ".txt"}


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(articles: list[Path], pred: Path) -> None:
    from refgraph.pipeline import parse_path

    for article in articles:
        data = parse_path(article).to_json()
        (pred / f"{article.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def list_errors(score, gold_dir: Path, pred: Path, names: list[str], field: str) -> None:
    for name in names:
        gold = json.loads((gold_dir / f"{name}.json").read_text())
        data = score.load_pred(pred / f"{name}.json")
        grefs, prefs = gold["references"], data.get("references") or []
        pairs = score.align(grefs, prefs)
        for gi, g in enumerate(grefs):
            gn = score.normalise(g)
            pn = score.normalise(prefs[pairs[gi]]) if gi in pairs else None
            for f in (score.FIELDS if field == "all" else [field]):
                pv = pn[f] if pn else None
                if gn[f] != pv and (gn[f] or pv):
                    print(f"{name} #{gi + 1} {f}: gold {gn[f]!r} pred {pv!r}\n    {g.get('raw', '')[:160]}")


def list_links(score, gold_dir: Path, pred: Path, names: list[str]) -> None:
    """Per document, the references cited more (EXTRA) or less (MISSING) often than the gold
    says, with the predicted callouts that name them."""
    from collections import Counter

    for name in names:
        gold = json.loads((gold_dir / f"{name}.json").read_text())
        data = score.load_pred(pred / f"{name}.json")
        grefs, prefs = gold["references"], data.get("references") or []
        to_gold = {prefs[pi].get("n", pi + 1): grefs[gi].get("n", gi + 1)
                   for gi, pi in score.align(grefs, prefs).items()}
        got = Counter(to_gold.get(n, -n) for c in data.get("citations") or [] for n in c.get("refs", []))
        want = Counter(n for c in gold.get("citations", []) for n in c.get("refs", []))
        for label, diff in (("MISSING", want - got), ("EXTRA", got - want)):
            for n, k in sorted(diff.items()):
                texts = [c["text"] for c in gold.get("citations", []) if n in c.get("refs", [])] if label == "MISSING" \
                    else [c["text"] for c in data.get("citations") or [] if n in {to_gold.get(m, -m) for m in c["refs"]}]
                print(f"{name} {label} ref {n} x{k}: {texts[:3]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--errors", default=None)
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--pred", type=Path, default=None)
    ap.add_argument("--links", action="store_true")
    args = ap.parse_args()
    jats = args.shared / "jats-dev"
    if not jats.is_dir():
        print(f"no {jats}: nothing to score")
        return 2
    score = load_scorer(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        pred = args.pred or Path(tmp) / "pred"
        pred.mkdir(parents=True, exist_ok=True)
        for corpus in args.corpus or sorted(CORPORA):
            articles = sorted((jats / "articles").glob(f"*{CORPORA[corpus]}"))
            names = [a.stem for a in articles]
            gold = Path(tmp) / f"gold-{corpus}"
            gold.mkdir()
            for name in names:
                (gold / f"{name}.json").write_bytes((jats / "gold" / f"{name}.json").read_bytes())
            predict(articles, pred)
            res = score.score_parse(gold, pred)
            print(f"== {corpus}: {len(names)} articles: field micro F1 {res['field_micro_f1']:.3f}; refs fully right "
                  f"{res['refs_exact']}/{res['refs_gold']}; counts exact {res['ref_count_exact_docs']}/{res['docs']}; "
                  f"links P {res['links_precision']:.3f} R {res['links_recall']:.3f}")
            print("   " + "  ".join(f"{f} {v['f1']:.3f}({v['gold']})" for f, v in res["fields"].items()))
            for d in res["documents"]:
                print(f"   {d['doc']:28} refs {d['gold_refs']:3}/{d['pred_refs']:<3} exact {d['exact_refs']:3}"
                      f"  links ok/gold/pred {d['links_ok']}/{d['links_gold']}/{d['links_pred']}")
            if args.errors:
                list_errors(score, gold, pred, names, args.errors)
            if args.links:
                list_links(score, gold, pred, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
