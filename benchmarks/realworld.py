"""Every dev corpus in one go: how well refgraph finds, splits and parses real documents.

    python benchmarks/realworld.py [--shared ../shared] [--corpus NAME ...] [--json OUT] [DOC ...]

Corpora (each skipped with a line saying why when its folder is absent):
  realworld-dev   30 real documents with gold reference strings and callouts (segscore.py's gold)
  jats-dev/html, jats-dev/pdf, jats-dev/txt   26 real articles with field-level gold (score.py)
  seeds           the seed articles (score.py)

refgraph runs in-process (one model load for all). Per document it prints the true and found
reference counts, segmentation P/R/F1 (segscore.py's rule: difflib ratio >= 0.85 on
whitespace-normalised casefolded raw strings, one-to-one, greedy best first), field micro F1
where the gold has fields (score.py's own scoring, imported), and citation-link P/R (score.py's
multiset rule). realworld-dev lists at most 10 callouts per document (the first 10 in reading
order), so where its gold has 10, only the first 10 predicted citations are scored.
DOC arguments keep only documents whose name contains one of them.
"""
from __future__ import annotations

import argparse
import difflib
import heapq
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # this worktree's refgraph, even outside its virtualenv
CALLOUT_CAP = 10  # realworld-dev's gold lists the first 10 callouts of a document at most


@dataclass(frozen=True)
class GoldDoc:
    """One document of a corpus: its file and its gold in score.py's shape."""

    name: str
    path: Path
    gold: dict  # {"references": [{raw, ...fields}], "citations": [{text, refs}]}
    has_fields: bool
    callout_cap: int | None = None


@dataclass(frozen=True)
class Corpus:
    name: str
    docs: tuple[GoldDoc, ...]
    skipped: str = ""  # why the corpus is not run


@dataclass
class DocResult:
    name: str
    true: int
    found: int
    tp: int
    field_f1: float | None
    links: tuple[int, int, int]  # ok, gold, pred
    seconds: float
    error: str = ""
    pred: dict = field(default_factory=dict, repr=False)

    @property
    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.found, self.true)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """segscore.py's precision/recall/F1 (an empty prediction of an empty gold is perfect)."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def greedy_pairs(n_gold: int, n_pred: int, texts, threshold: float, autojunk: bool) -> list[tuple[int, int]]:
    """One-to-one greedy matching, best difflib ratio first, ties to the higher indices first
    (exactly what sorting (ratio, i, j) in reverse gives), pairs under the threshold never.

    The scorers compute every ratio; this computes a ratio only when its pair's upper bound
    (quick_ratio) reaches the top of a heap, and skips pairs whose either side is taken: the
    same pairs, without the quadratic cost on lists of a hundred references.
    """
    heap = []
    for i in range(n_gold):
        for j in range(n_pred):
            m = difflib.SequenceMatcher(None, *texts(i, j), autojunk=autojunk)
            bound = m.quick_ratio()
            if bound >= threshold:
                heap.append((-bound, -i, -j, False, m))
    heapq.heapify(heap)
    used_g, used_p, out = set(), set(), []
    while heap:
        _, ni, nj, exact, m = heapq.heappop(heap)
        i, j = -ni, -nj
        if i in used_g or j in used_p:
            continue
        if not exact:
            r = m.ratio()
            if r >= threshold:
                heapq.heappush(heap, (-r, ni, nj, True, m))
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j))
    return out


def _load(module: str, path: Path):
    spec = importlib.util.spec_from_file_location(module, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def realworld_corpus(shared: Path) -> Corpus:
    docs_dir = shared / "realworld-dev" / "docs"
    if not docs_dir.is_dir():
        return Corpus("realworld-dev", (), f"{docs_dir} not found")
    docs = []
    for gpath in sorted(docs_dir.glob("*/gold.json")):
        g = json.loads(gpath.read_text(encoding="utf-8"))
        callouts = g.get("callouts", [])
        gold = {"references": g["references"], "citations": callouts}
        docs.append(GoldDoc(gpath.parent.name, gpath.parent / g["file"], gold, has_fields=False,
                            callout_cap=CALLOUT_CAP if len(callouts) >= CALLOUT_CAP else None))
    return Corpus("realworld-dev", tuple(docs))


def jats_corpora(shared: Path) -> list[Corpus]:
    base = shared / "jats-dev"
    kinds = ("html", "pdf", "txt")
    if not (base / "gold").is_dir():
        return [Corpus(f"jats-dev/{k}", (), f"{base / 'gold'} not found") for k in kinds]
    out = []
    for kind in kinds:
        docs = []
        for article in sorted((base / "articles").glob(f"*.{kind}")):
            gpath = base / "gold" / f"{article.stem}.json"
            if gpath.exists():
                docs.append(GoldDoc(article.stem, article, json.loads(gpath.read_text(encoding="utf-8")), True))
        out.append(Corpus(f"jats-dev/{kind}", tuple(docs)))
    return out


def seeds_corpus(shared: Path) -> Corpus:
    base = shared / "seeds"
    if not (base / "gold").is_dir():
        return Corpus("seeds", (), f"{base / 'gold'} not found")
    docs = [GoldDoc(a.stem, a, json.loads((base / "gold" / f"{a.stem}.json").read_text(encoding="utf-8")), True)
            for a in sorted(base.glob("*.txt")) if (base / "gold" / f"{a.stem}.json").exists()]
    return Corpus("seeds", tuple(docs))


def all_corpora(shared: Path) -> list[Corpus]:
    return [realworld_corpus(shared), *jats_corpora(shared), seeds_corpus(shared)]


class Scorer:
    """segscore.py's matching and score.py's field/link scoring, imported from ../shared/eval."""

    def __init__(self, shared: Path):
        self.seg = _load("_segscore", shared / "eval" / "segscore.py")
        self.score = _load("_score", shared / "eval" / "score.py")
        memo: dict[str, dict] = {}

        def cached_align(gold, pred):  # the corpus line re-scores the documents: align each pair once
            key = json.dumps([gold, pred], sort_keys=True)
            if key not in memo:
                memo[key] = self._align(gold, pred)
            return memo[key]
        self.score.align = cached_align

    def _align(self, gold: list[dict], pred: list[dict]) -> dict[int, int]:
        """score.py's align: the same pairs, from the same texts, rule and threshold (0.5)."""
        sc = self.score

        def texts(gi: int, pi: int) -> tuple[str, str]:
            a, b = sc.raw_of(gold[gi]), sc.raw_of(pred[pi])
            if not b:
                b = " ".join(filter(None, [sc.normalise(pred[pi])["title"], sc.normalise(pred[pi])["year"]]))
                a = " ".join(filter(None, [sc.normalise(gold[gi])["title"], sc.normalise(gold[gi])["year"]]))
            return a, b
        return dict(greedy_pairs(len(gold), len(pred), texts, 0.5, autojunk=True))

    def segmentation_pairs(self, gold: list[str], pred: list[str]) -> list[tuple[int, int]]:
        """segscore.py's match: the same pairs (its normalisation, ratio >= 0.85, autojunk off)."""
        g, p = [self.seg.norm(x) for x in gold], [self.seg.norm(x) for x in pred]
        return greedy_pairs(len(g), len(p), lambda i, j: (g[i], p[j]), 0.85, autojunk=False)

    def segmentation_tp(self, gold: dict, pred: dict) -> int:
        return len(self.segmentation_pairs([r.get("raw", "") for r in gold["references"]],
                                           [r.get("raw", "") for r in pred.get("references", [])]))

    def fields_and_links(self, docs: list[tuple[GoldDoc, dict]]) -> dict:
        """score.py parse over these documents (written to a temporary gold and prediction folder)."""
        with tempfile.TemporaryDirectory() as tmp:
            gdir, pdir = Path(tmp) / "gold", Path(tmp) / "pred"
            gdir.mkdir()
            pdir.mkdir()
            for doc, pred in docs:
                (gdir / f"{doc.name}.json").write_text(json.dumps(doc.gold), encoding="utf-8")
                (pdir / f"{doc.name}.json").write_text(json.dumps(pred), encoding="utf-8")
            return self.score.score_parse(gdir, pdir)


def parse_to_json(path: Path) -> tuple[dict, str]:
    """What `refgraph parse FILE --format json` prints, computed in this process."""
    from refgraph.errors import RefgraphError
    from refgraph.pipeline import parse_path

    try:
        return parse_path(path).to_json(), ""
    except RefgraphError as exc:
        return {"references": [], "citations": []}, str(exc)


def run_doc(doc: GoldDoc, scorer: Scorer) -> DocResult:
    started = time.perf_counter()
    pred, error = parse_to_json(doc.path)
    seconds = time.perf_counter() - started
    if doc.callout_cap is not None:
        pred = {**pred, "citations": (pred.get("citations") or [])[:doc.callout_cap]}
    scored = scorer.fields_and_links([(doc, pred)])
    d = scored["documents"][0]
    return DocResult(doc.name, len(doc.gold["references"]), len(pred.get("references", [])),
                     scorer.segmentation_tp(doc.gold, pred),
                     scored["field_micro_f1"] if doc.has_fields else None,
                     (d["links_ok"], d["links_gold"], d["links_pred"]), seconds, error, pred)


def _ratio(ok: int, n: int) -> str:
    return f"{ok / n:.2f}" if n else "  - "


def format_doc(r: DocResult) -> str:
    p, rc, f = r.prf
    ok, lg, lp = r.links
    fields = f"{r.field_f1:.3f}" if r.field_f1 is not None else "  -  "
    line = (f"  {r.name[:36]:36} {r.true:4} {r.found:5} {r.tp:4}  {p:.2f} {rc:.2f} {f:.2f}  {fields}  "
            f"{_ratio(ok, lp)} {_ratio(ok, lg)}  {r.seconds:5.2f}s")
    return line + (f"  [{r.error}]" if r.error else "")


HEADER = (f"  {'document':36} true found   tp  P    R    F1    fields  linkP linkR  time")


def summarise(corpus: Corpus, results: list[DocResult], scorer: Scorer) -> dict:
    """The corpus line: micro segmentation, counts exact, field micro F1 and links over all its documents."""
    tp, found, true = (sum(getattr(r, k) for r in results) for k in ("tp", "found", "true"))
    p, rc, f = prf(tp, found, true)
    byname = {d.name: d for d in corpus.docs}
    scored = scorer.fields_and_links([(byname[r.name], r.pred) for r in results]) if results else {}
    with_fields = any(byname[r.name].has_fields for r in results)
    ok, lg, lp = (sum(r.links[i] for r in results) for i in range(3))
    return {"corpus": corpus.name, "docs": len(results), "true": true, "found": found, "tp": tp,
            "precision": round(p, 3), "recall": round(rc, 3), "f1": round(f, 3),
            "counts_exact": sum(r.true == r.found for r in results),
            "field_micro_f1": scored.get("field_micro_f1") if with_fields else None,
            "links_precision": round(ok / lp, 3) if lp else None, "links_recall": round(ok / lg, 3) if lg else None,
            "seconds": round(sum(r.seconds for r in results), 2)}


def format_summary(s: dict) -> str:
    fields = f" field F1 {s['field_micro_f1']:.3f};" if s["field_micro_f1"] is not None else ""
    links = (f" links P {s['links_precision'] if s['links_precision'] is not None else '-'}"
             f" R {s['links_recall'] if s['links_recall'] is not None else '-'};")
    return (f"= {s['corpus']}: counts exact {s['counts_exact']}/{s['docs']}; segmentation P {s['precision']:.3f} "
            f"R {s['recall']:.3f} F1 {s['f1']:.3f} ({s['tp']} matched, {s['true']} true, {s['found']} found);"
            f"{fields}{links} {s['seconds']:.1f} s")


def run(corpora: list[Corpus], shared: Path, only: list[str] = (), out=print) -> Iterator[dict]:
    """Run and print every corpus; yield each corpus's summary with its per-document rows."""
    scorer = Scorer(shared)
    for corpus in corpora:
        if corpus.skipped:
            out(f"= {corpus.name}: skipped ({corpus.skipped})")
            continue
        docs = [d for d in corpus.docs if not only or any(o in d.name for o in only)]
        if not docs:
            continue
        out(f"{corpus.name}\n{HEADER}")
        results = []
        for doc in docs:
            results.append(run_doc(doc, scorer))
            out(format_doc(results[-1]))
        summary = summarise(corpus, results, scorer)
        out(format_summary(summary))
        yield {**summary, "documents": [
            {"name": r.name, "true": r.true, "found": r.found, "tp": r.tp,
             **dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in r.prf))),
             "field_micro_f1": r.field_f1, "links_ok_gold_pred": list(r.links), "seconds": round(r.seconds, 3),
             "error": r.error} for r in results]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", action="append", default=[],
                        help="run only corpora whose name contains this (repeatable)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("docs", nargs="*", help="keep only documents whose name contains one of these")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "score.py").exists():
        print(f"skipped: {args.shared / 'eval'} not found (the dev corpora live in ../shared)")
        return 0
    corpora = [c for c in all_corpora(args.shared) if not args.corpus or any(k in c.name for k in args.corpus)]
    summaries = list(run(corpora, args.shared, args.docs))
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
