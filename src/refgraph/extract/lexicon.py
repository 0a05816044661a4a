"""Build the parser's word lexicon from data the CRF is not trained on.

A lexicon helps the CRF with words it never saw in training: is `Introduction` a name? Is
`Rivas` one? Flags come from two open sources, so that their weights are learnt honestly (a
lexicon built from the training references themselves would always fire there and teach the
model to trust it blindly):

- the US Census 1990 surname and given-name lists (public domain; as shipped in the `names`
  package on PyPI, MIT), banded by frequency rank: `sur1` (top 2,000), `sur2` (top 20,000),
  `sur3` (the rest), `giv` (given names);
- GROBID's labelled citation corpus (Apache-2.0): a flag per field a word occurs in often
  enough (`Gauthor`, `Gtitle`, `Gjournal`, `Gpublisher`, `Glocation`).

    python -m refgraph.extract.lexicon --names DIR --grobid /work/shared/corpora/grobid/citation/corpus

writes src/refgraph/data/parser-lexicon.json (word -> space-separated flags).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from refgraph.extract.corpora import Sequence, read_grobid
from refgraph.extract.features import core
from refgraph.files import write_atomic

_GROBID_FIELDS = {"author": "Gauthor", "editor": "Gauthor", "title": "Gtitle", "container-title": "Gtitle",
                  "journal": "Gjournal", "publisher": "Gpublisher", "location": "Glocation"}


def _word(token: str) -> str:
    w = core(token).lower()
    return w if len(w) > 1 and w.replace("-", "").replace("'", "").isalpha() else ""


def census_flags(names_dir: Path) -> dict[str, set[str]]:
    flags: dict[str, set[str]] = defaultdict(set)
    for rank, line in enumerate((names_dir / "dist.all.last").read_text().splitlines()):
        w = line.split()[0].lower() if line.strip() else ""
        if w:
            flags[w].add("sur1" if rank < 2000 else "sur2" if rank < 20000 else "sur3")
    for name in ("dist.female.first", "dist.male.first"):
        for line in (names_dir / name).read_text().splitlines():
            if line.strip():
                flags[line.split()[0].lower()].add("giv")
    return flags


def grobid_flags(seqs: list[Sequence], min_count: int = 2, share: float = 0.25) -> dict[str, set[str]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for seq in seqs:
        for tok, lab in zip(seq.tokens, seq.labels):
            w = _word(tok)
            if w:
                counts[w][_GROBID_FIELDS.get(lab, "other")] += 1
    flags: dict[str, set[str]] = defaultdict(set)
    for w, c in counts.items():
        total = sum(c.values())
        for field, n in c.items():
            if field != "other" and n >= min_count and n / total >= share:
                flags[w].add(field)
    return flags


def build(names_dir: Path | None, grobid_dir: Path | None) -> dict[str, str]:
    merged: dict[str, set[str]] = defaultdict(set)
    if names_dir:
        for w, f in census_flags(names_dir).items():
            merged[w] |= f
    if grobid_dir:
        seqs = [s for p in sorted(grobid_dir.glob("*.xml")) for s in read_grobid(p)]
        for w, f in grobid_flags(seqs).items():
            merged[w] |= f
    return {w: " ".join(sorted(f)) for w, f in sorted(merged.items()) if f}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m refgraph.extract.lexicon", description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=Path, help="folder with dist.all.last, dist.female.first, dist.male.first")
    ap.add_argument("--grobid", type=Path, help="GROBID citation corpus folder")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "parser-lexicon.json")
    args = ap.parse_args(argv)
    lexicon = build(args.names, args.grobid)
    write_atomic(args.out, json.dumps(lexicon, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    print(f"{len(lexicon)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
