"""Small text helpers shared by the callout finders: case folding and the sentence around a span."""
from __future__ import annotations

import re
from functools import lru_cache

from refgraph.text import fold as _fold

# A sentence ends at . ? ! (perhaps after a closing quote or bracket, perhaps followed by a glued
# numeric callout such as "alike.1,2") and whitespace before a capital, a quote or a bracket.
_BOUNDARY_RE = re.compile(
    r"[.?!][\"'’”)\]]?(?:[\d⁰¹²³⁴⁵⁶⁷⁸⁹,⁻–-]{1,12})?(?:\s+(?=[A-Z\u00C0-\u00DE\"'‘“(\[*])|\s*\n)|\n\s*\n")
_ABBREVIATIONS = re.compile(
    r"(?:\bet al|\be\.g|\bi\.e|\bcf|\bpp?|\bDr|\bMr|\bMrs|\bMs|\bProf|\bvs|\betc|\bFig|\bNo|\bvol|\bch|\b[A-Z])$")


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower case without accents, for comparing names."""
    return _fold(s).strip()


def _boundaries(text: str) -> list[re.Match]:
    return [m for m in _BOUNDARY_RE.finditer(text)
            if not (m.group(0)[0] == "." and _ABBREVIATIONS.search(text, 0, m.start()))]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]: the citation context the graph carries.

    A callout glued after the full stop ("alike.1,2") belongs to the sentence it closes.
    """
    lo = max(0, text.rfind("\n\n", 0, start))
    hi = text.find("\n\n", end)
    hi = len(text) if hi == -1 else hi
    left, right = lo, hi
    for m in _boundaries(text[lo:hi]):
        b_end = m.end() + lo
        if b_end <= start:
            left = b_end
        elif b_end > end:
            right = b_end
            break
    return " ".join(text[left:right].split())[:600]
