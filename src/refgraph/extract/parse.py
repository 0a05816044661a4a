"""Reference string -> Reference. (Placeholder until the trained parser lands.)"""
from __future__ import annotations

import re

from refgraph.ids import extract_identifiers
from refgraph.model import Reference, Span


def parse_reference(raw: str, n: int = 1, span: Span | None = None) -> Reference:
    ids = extract_identifiers(raw)
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)([a-z]?)\b", raw)
    return Reference(n=n, raw=raw, doi=ids.doi, url=ids.url, isbn=ids.isbn, pmid=ids.pmid,
                     arxiv=ids.arxiv, year=int(m.group(1)) if m else None, span=span)
