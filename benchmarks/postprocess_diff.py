"""Which fields a post-processing change moved, on the strings of a `postprocess_golden.py` dump.

    python benchmarks/postprocess_golden.py dump /tmp/base.pkl     # on the code before the change
    python benchmarks/postprocess_diff.py /tmp/base.pkl [FIELDS ...] [-n 6] [--seed 1]

Rebuilds every reference from the stored tokens and labels with this checkout's `build_reference`,
groups the references whose fields changed by the set of changed fields ("particle-only" when only
the split of a name's particle moved), prints the count per group, then samples of the groups named
(all groups but particle-only when none is named), old value beside new, to judge each change.
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refgraph.extract.parse import build_reference  # noqa: E402
from refgraph.model import Issue, Name, Reference, Span  # noqa: E402,F401  (eval of the stored reprs)


def _people(names) -> list[str]:
    return [n.literal or f"{n.particle} {n.family}".strip() for n in names]


def _show(value):
    if isinstance(value, tuple) and value and isinstance(value[0], Name):
        return [(n.literal or n.family, n.given, n.particle) for n in value]
    return value


def changes(data: dict) -> dict[str, list[tuple[str, dict]]]:
    groups: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    names = [f.name for f in dataclasses.fields(Reference)]
    for i, (raw, toks, labs, old_repr) in enumerate(zip(data["refs"], data["toks"], data["labs"], data["out"])):
        if not toks:
            continue
        new = build_reference(raw, toks, labs, n=i + 1)
        if repr(new) == old_repr:
            continue
        old = eval(old_repr)  # the dump's own repr of a Reference
        moved = [f for f in names if getattr(old, f) != getattr(new, f)]
        if not moved:
            continue
        only_particles = set(moved) <= {"authors", "editors"} and all(
            _people(getattr(old, f)) == _people(getattr(new, f)) for f in moved)
        key = "particle-only" if only_particles else ",".join(moved)
        groups[key].append((raw, {f: (getattr(old, f), getattr(new, f)) for f in moved}))
    return groups


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("groups", nargs="*")
    ap.add_argument("-n", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    groups = changes(pickle.loads(args.dump.read_bytes()))
    print(sorted(((k, len(v)) for k, v in groups.items()), key=lambda kv: -kv[1]))
    rng = random.Random(args.seed)
    for key, items in groups.items():
        if (args.groups and key not in args.groups) or (not args.groups and key == "particle-only"):
            continue
        for raw, moved in rng.sample(items, min(len(items), args.n)):
            print(f"== {key}: {raw[:200]}")
            for field, (old, new) in moved.items():
                print(f"    {field} OLD {_show(old)}\n    {field} NEW {_show(new)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
