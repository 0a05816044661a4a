"""Works from wherever the user keeps them: a refgraph SQLite library, or a .bib/.ris/CSL-JSON file.

`refgraph cite` and styled exports read their works through here, so a user can cite straight
from the Zotero export they already have, before building a library.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from refgraph.errors import LibraryError
from refgraph.importers import import_file, is_bibliography
from refgraph.importers.csljson import reference_from_csl
from refgraph.model import Issue, Work


def load_works(path: str | Path) -> tuple[list[Work], list[Issue]]:
    path = Path(path)
    if is_bibliography(path):
        imported = import_file(path)
        return [Work(r.key or f"item{i}", r, ()) for i, r in enumerate(imported.references, 1)], list(imported.issues)
    if not path.is_file():
        raise LibraryError(f"{path}: no such library; give --library FILE (a library.sqlite, .bib, .ris or .json)")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = con.execute("SELECT key, csl FROM works ORDER BY rowid").fetchall()
        con.close()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: not a refgraph library ({exc})") from exc
    return [Work(key, reference_from_csl(json.loads(csl)), ()) for key, csl in rows], []
