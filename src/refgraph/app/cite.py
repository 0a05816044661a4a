"""`refgraph cite`: works from wherever the user keeps them (a refgraph SQLite library, or a
.bib/.ris/CSL-JSON file), rendered in a citation style.

A user can cite straight from the Zotero export they already have, before building a library.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from refgraph.errors import LibraryError
from refgraph.importers import import_file, is_bibliography
from refgraph import store
from refgraph.csl import reference_from_csl
from refgraph.model import Issue, Work
from refgraph.styles import Rendered, cite


def works_from_file(path: str | Path) -> tuple[list[Work], list[Issue]]:
    """The works of a library file or of a bibliography file, and the problems importing it."""
    path = Path(path)
    if is_bibliography(path):
        imported = import_file(path)
        return [Work(r.key or f"item{i}", r, ()) for i, r in enumerate(imported.references, 1)], list(imported.issues)
    if not path.is_file():
        raise LibraryError(f"{path}: no such library; give --library FILE (a library.sqlite, .bib, .ris or .json)")
    return [Work(key, reference_from_csl(json.loads(csl)), ()) for key, csl in store.stored_works(path)], []


def cite_keys(library: str | Path, keys: Sequence[str], style: str, fmt: str) -> Rendered:
    """The in-text citation and reference of each key in a style (problems importing the file
    are left out: a bad entry elsewhere in the file does not concern these keys)."""
    works, _ = works_from_file(library)
    return cite(works, list(keys), style, fmt)
