"""`refgraph resolve`: the registered metadata of DOIs, as CSL-JSON or BibTeX."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from refgraph.config import Settings
from refgraph.model import Work
from refgraph.net.resolve import resolve_metadata
from refgraph.writers.bibtex import write_bibtex
from refgraph.writers.keys import assign_keys


@dataclass(frozen=True)
class Resolved:
    """The metadata found, as text in the format asked, and (doi, why) for each DOI not found."""

    text: str
    failures: tuple[tuple[str, str], ...]


def metadata_of(dois: Iterable[str], settings: Settings, fmt: str = "csl-json") -> Resolved:
    result = resolve_metadata(dois, settings)
    if fmt == "bibtex":
        refs = list(result.references)
        works = [Work(key, ref, ()) for key, ref in zip(assign_keys(refs), refs)]
        text = write_bibtex(works)
    else:
        items = [r.to_csl() for r in result.references]
        for item in items:
            item.pop("n", None)
            item.pop("raw", None)
        text = json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    return Resolved(text, tuple(result.failures))
