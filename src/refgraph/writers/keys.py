"""Stable, readable citation keys: `scott2018improving`, `scott2018improvinga` on a clash."""
from __future__ import annotations

import re
import unicodedata

from refgraph.model import Reference

_STOP = {"the", "a", "an", "of", "on", "in", "and", "for", "to", "with", "at", "by", "from", "is",
         "are", "how", "what", "why", "der", "die", "das", "le", "la", "les", "el", "los"}


def _ascii(s: str) -> str:
    if s.isascii():
        return re.sub(r"[^a-z0-9]", "", s.lower())
    s = unicodedata.normalize("NFKD", s)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


def base_key(ref: Reference) -> str:
    """author + year + first significant title word, ASCII lower case."""
    people = ref.authors or ref.editors
    who = ""
    if people:
        name = people[0].literal or people[0].family
        who = _ascii(name.split()[0] if people[0].literal else name)
    words = (_ascii(w) for w in re.split(r"[\s\-–—:/]+", ref.title or ""))  # lazy: most keys need one word
    word = next((w for w in words if w and w not in _STOP), "")
    if not who:
        who = word or "anon"
        word = next((w for w in words if w and w not in _STOP and w != who), "")
    return f"{who}{ref.year or 'nd'}{word}"


def assign_keys(refs: list[Reference], taken: set[str] | None = None) -> list[str]:
    """Unique keys in input order; later clashes (and keys in `taken`) get a, b, c ... (then aa ...)."""
    used: set[str] = taken if taken is not None else set()
    out = []
    for ref in refs:
        base = base_key(ref)
        key, i = base, 0
        while key in used:
            key = base + _suffix(i)
            i += 1
        used.add(key)
        out.append(key)
    return out


def _suffix(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[i] if i < 26 else _suffix(i // 26 - 1) + letters[i % 26]
