"""Stable, readable citation keys: `scott2018improving`, `scott2018improvinga` on a clash."""
from __future__ import annotations

import re

from refgraph.model import Reference
from refgraph.text import strip_accents

_STOP = {"the", "a", "an", "of", "on", "in", "and", "for", "to", "with", "at", "by", "from", "is",
         "are", "how", "what", "why", "der", "die", "das", "le", "la", "les", "el", "los"}


def _ascii(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", strip_accents(s).lower())


def base_key(ref: Reference) -> str:
    """author + year + first significant title word, ASCII lower case."""
    people = ref.authors or ref.editors
    who = ""
    if people:
        name = people[0].literal or people[0].family
        who = _ascii(name.split()[0] if people[0].literal else name)
    words = (_ascii(w) for w in re.split(r"[\s\-–—:/]+", ref.title or ""))  # lazy: most keys need one word
    word = next((w for w in words if w and w not in _STOP), "")
    if not who and not word and (ref.doi or ref.url):
        who, word = _link_key_parts(ref)
    elif not who:
        who = word or "anon"
        word = next((w for w in words if w and w not in _STOP and w != who), "")
    return f"{who}{ref.year or 'nd'}{word}"


def _link_key_parts(ref: Reference) -> tuple[str, str]:
    """For a bare link or DOI: the site's name and the last path part (`bit`, `2fbjvqw`)."""
    if ref.doi:
        return "doi", _ascii(ref.doi.split("/", 1)[-1])[:16]
    rest = re.sub(r"^[a-z]+://", "", ref.url, flags=re.I)
    host, _, path = rest.partition("/")
    labels = [x for x in host.lower().split(".") if x and x != "www"]
    site = _ascii(labels[-2] if len(labels) >= 2 else (labels[0] if labels else "link"))
    last = next((_ascii(p) for p in reversed(path.split("/")) if _ascii(p)), "")
    return site or "link", last[:16]


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
