"""Fit the DOI matcher's logistic model (src/refgraph/net/match_model.py) on labelled pairs.

Pairs: each gold reference (parsed from its string with the DOI removed, as `build` parses it)
against the candidates a search of the Crossref stand-in returns (benchmarks/crossref_standin.py,
stress mode: every look-alike kind for every reference, so the negatives are the hard ones:
neighbours, the same title by others or a year later, notices). Label: the candidate is the
cited work. Pairs with a hard conflict are left out: the vetoes decide those, the score decides
the rest. Only the even-numbered documents (in name order) are used; the odd ones stay unseen,
so `benchmarks/discovery.py` also prints its figures on the references the model never saw.

    python benchmarks/fit_match.py [--write]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from crossref_standin import build_index, cited_works  # noqa: E402
from discovery import sources, strip_dois  # noqa: E402

from refgraph.extract.parse import parse_reference  # noqa: E402
from refgraph.net import crossref  # noqa: E402
from refgraph.net.match import FIELDS, compare, features  # noqa: E402
from refgraph.net.resolve import search_text  # noqa: E402

TARGET_PRECISION = 0.995


def fitting_documents() -> list[tuple[str, dict]]:
    golds = sorted(dict.fromkeys(g for _, g in sources()))
    return [(g.stem, json.loads(g.read_text(encoding="utf-8"))) for g in golds[::2]]


def pairs() -> tuple[np.ndarray, np.ndarray, list[str]]:
    cited = cited_works(fitting_documents())
    index = build_index(cited, 0.0, stress=True)
    names = [f"{f}_{k}" for f in FIELDS for k in ("has", "score")]
    rows, labels, vetoed, lost = [], [], 0, 0
    for c in cited:
        citing = parse_reference(strip_dois(c.raw), n=c.n)
        for item in index.search(search_text(strip_dois(c.raw)), 10):
            match = compare(citing, crossref.to_reference(item))
            if match.conflicts or match.verdict == "":
                vetoed += 1
                lost += bool(c.doi and item["DOI"] == c.doi)
                continue
            x = features(match.checks)
            rows.append([x[n] for n in names])
            labels.append(1.0 if c.doi and item["DOI"] == c.doi else 0.0)
    print(f"{len(cited)} references, {len(rows)} pairs scored ({int(sum(labels))} right), {vetoed} vetoed "
          f"({lost} of them right: a conflict the parse made)")
    return np.array(rows), np.array(labels), names


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (bias first, not penalised)."""
    a = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(a.shape[1])
    penalty = np.eye(a.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -30, 30)))
        grad = a.T @ (p - y) + penalty @ w
        hess = a.T @ (a * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The lowest probability at which the pairs above it are right at TARGET_PRECISION or better."""
    order = np.argsort(-p)
    right = np.cumsum(y[order])
    precision = right / np.arange(1, len(p) + 1)
    ok = np.where(precision >= TARGET_PRECISION)[0]
    last = ok.max() if len(ok) else 0
    for t in (0.5, 0.8, 0.9, 0.95, 0.98, 0.99):
        sel = p >= t
        print(f"  p >= {t:<5} {int(sel.sum()):>5} pairs, precision {y[sel].mean() if sel.any() else 1:.4f}, "
              f"recall {y[sel].sum() / y.sum():.4f}")
    return float(p[order][last])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="write src/refgraph/net/match_model.py")
    args = ap.parse_args()
    x, y, names = pairs()
    w = fit(x, y)
    p = 1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:])))
    cut = threshold(p, y)
    accept = round(max(0.5, min(0.99, cut)), 3)
    model = {"bias": round(float(w[0]), 4), "weights": {n: round(float(v), 4) for n, v in zip(names, w[1:])},
             "accept": accept, "possible": 0.2}
    print(f"lowest threshold at precision >= {TARGET_PRECISION}: {cut:.4f}; accept at {accept}")
    print(json.dumps(model, indent=1))
    if args.write:
        path = ROOT / "src" / "refgraph" / "net" / "match_model.py"
        text = path.read_text(encoding="utf-8")
        head = text[:text.index("BIAS: float = ")]
        weights = "".join(f"    {n!r}: {v},\n" for n, v in model["weights"].items()).replace("'", '"')
        path.write_text(f"{head}BIAS: float = {model['bias']}\nWEIGHTS: dict[str, float] = {{\n{weights}}}\n"
                        f"ACCEPT: float = {model['accept']}\nPOSSIBLE: float = {model['possible']}\n", encoding="utf-8")
        print(f"wrote {path}")

if __name__ == "__main__":
    main()
