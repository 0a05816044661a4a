"""Golden check for parser post-processing: speed work must not change a single output.

    python benchmarks/postprocess_golden.py dump  /tmp/post_golden.pkl [-n 10000]
    python benchmarks/postprocess_golden.py check /tmp/post_golden.pkl

`dump` stores, for N real reference strings, the tokens of `tokenize`, the CRF labels, the
repr of `build_reference` and the repaired labels `label_tokens` would give; `check` recomputes tokens and references from the stored labels (so
the check does not depend on the tagger) and prints how many differ.
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _outputs(refs: list[str], toks: list[list[str]], labs: list[list[str]]) -> list[str]:
    from refgraph.extract.parse import build_reference

    return [repr(build_reference(r, t, lab, n=i)) if t else "" for i, (r, t, lab) in
            enumerate(zip(refs, toks, labs), 1)]


def _labelled(toks: list[list[str]], labs: list[list[str]]) -> list[list[str]]:
    """What `label_tokens` does after tagging (identifier override with force=False, repairs)."""
    from refgraph.extract.parse import _override_ids
    from refgraph.extract.repair import title_container_rules
    from refgraph.ids import extract_identifiers

    return [title_container_rules(t, _override_ids(t, lab, extract_identifiers(" ".join(t)), force=False))
            for t, lab in zip(toks, labs)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("path", type=Path)
    ap.add_argument("-n", type=int, default=10_000)
    args = ap.parse_args()
    from refgraph.extract.tokens import tokenize

    if args.mode == "dump":
        from parse_speed import strings
        from refgraph.extract.crf import model

        refs = strings(args.n)
        toks = [tokenize(r) for r in refs]
        labs = [model().tag(t) if t else [] for t in toks]
        data = {"refs": refs, "toks": toks, "labs": labs, "out": _outputs(refs, toks, labs),
                "lt": _labelled(toks, labs)}
        tmp = args.path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(data))
        tmp.replace(args.path)
        print(f"dumped {len(refs)} references to {args.path}")
        return 0
    data = pickle.loads(args.path.read_bytes())
    refs = data["refs"]
    tok_diff = sum(tokenize(r) != t for r, t in zip(refs, data["toks"]))
    out = _outputs(refs, data["toks"], data["labs"])
    ref_diff = [i for i, (a, b) in enumerate(zip(out, data["out"])) if a != b]
    lt_diff = sum(a != b for a, b in zip(_labelled(data["toks"], data["labs"]), data["lt"]))
    print(f"tokenize: {tok_diff} of {len(refs)} differ; build_reference: {len(ref_diff)} of {len(refs)} differ; "
          f"label_tokens repairs: {lt_diff} differ")
    for i in ref_diff[:3]:
        print(f"  #{i}: {refs[i]!r}\n    want {data['out'][i]}\n    got  {out[i]}")
    return 1 if tok_diff or ref_diff or lt_diff else 0


if __name__ == "__main__":
    sys.exit(main())
