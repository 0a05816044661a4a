"""Second-pass features: what the first CRF pass thinks about the whole reference.

A linear-chain CRF sees a token's neighbours but not the shape of the whole labelling: that a
second title-like run follows `In` and editors (so it is the book, not the title), or that a
run of names ends where a title-like run begins. The second pass (a CRF trained on first-pass
labels made by models that never saw the reference, see train.py) sees, per token: the
first-pass labels around it, the run it is in (its label, length, where the token sits), the
runs before and after it, and which fields the reference has at all.
"""
from __future__ import annotations

_GLOBAL = ("journal", "container-title", "editor", "publisher", "location", "volume", "pages", "date")


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n <= 6 else ("7-12" if n <= 12 else "13+"))


def _runs(labels: list[str]) -> list[tuple[str, int, int]]:
    out, start = [], 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            out.append((labels[start], start, i))
            start = i
    return out


def first_pass_features(labels: list[str]) -> list[list[bytes]]:
    """Attribute names (UTF-8) per token from the first-pass labels of one reference."""
    n = len(labels)
    runs = _runs(labels)
    present = set(labels)
    shared = [b"qhas=" + lab.encode() for lab in _GLOBAL if lab in present]
    titles = sum(1 for lab, _, _ in runs if lab == "title")
    shared.append(b"qtitles=%d" % min(titles, 3))
    out: list[list[bytes]] = []
    seen: dict[str, int] = {}
    for r, (lab, a, b) in enumerate(runs):
        seen[lab] = seen.get(lab, 0) + 1
        prev_lab = runs[r - 1][0] if r else "^"
        next_lab = runs[r + 1][0] if r + 1 < len(runs) else "$"
        run = [b"q0=" + lab.encode(), b"qprev=" + prev_lab.encode(), b"qnext=" + next_lab.encode(),
               b"qprev|q0=" + (prev_lab + "|" + lab).encode(), b"q0|qnext=" + (lab + "|" + next_lab).encode(),
               b"qlen=" + _bucket(b - a).encode(), b"qnth=%d" % min(seen[lab], 3), b"qrun=%d" % min(r, 8)]
        for i in range(a, b):
            f = run + shared
            f.append(b"qat=first" if i == a else (b"qat=last" if i == b - 1 else b"qat=mid"))
            f.append(b"q-1=" + (labels[i - 1] if i else "^").encode())
            f.append(b"q+1=" + (labels[i + 1] if i + 1 < n else "$").encode())
            out.append(f)
    return out


def stacked(features: list[list[bytes]], labels: list[str]) -> list[list[bytes]]:
    """First-pass token features plus the first-pass labelling's features."""
    return [f + g for f, g in zip(features, first_pass_features(labels))]
