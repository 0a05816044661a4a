"""Text normalisation shared by every stage: accents off, case folded.

One definition, so that a name or title compares the same way in the callout linker
(extract/textspan.py), deduplication (dedup/features.py), the graph's corpus aliases
(graph/build.py) and citation keys (writers/keys.py). ASCII text takes a fast path: NFKD leaves
it unchanged, so the result is the same.
"""
from __future__ import annotations

import unicodedata


def strip_accents(s: str) -> str:
    """'Müller' -> 'Muller': NFKD, then combining marks dropped (ligatures and full-width forms
    become their plain letters too)."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def fold(s: str) -> str:
    """Lower case without accents: 'Müller' and 'muller' compare alike."""
    if s.isascii():
        return s.casefold()
    return strip_accents(s).casefold()
