"""Real reference strings for the tagger tests: the seed articles' references and a slice of
AnyStyle's `ugly.xml`/`core.xml` training data (messy and tidy styles), tokenised."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "anystyle" / "parser"  # tests using it: @pytest.mark.needs_shared("corpora")


def seed_strings() -> list[str]:
    return [ref["raw"] for path in sorted((ROOT / "refs" / "gold").glob("0*.json"))
            for ref in json.loads(path.read_text(encoding="utf-8"))["references"]]


def token_lists(n_corpus: int = 400) -> list[list[str]]:
    """Seed references (tokenised as the parser does) and the first corpus sequences."""
    from refgraph.extract.corpora import read_anystyle
    from refgraph.extract.tokens import tokenize

    out = [tokenize(s) for s in seed_strings()]
    for name in ("ugly.xml", "core.xml"):
        out += [list(s.tokens) for s in read_anystyle(CORPUS / name)[:n_corpus // 2]]
    return out
