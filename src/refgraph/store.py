"""The SQLite library: documents, references, citations, works and edges in one file.

A build writes a fresh database next to the target and moves it into place, so a failed run
never leaves a half-written library behind.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import networkx as nx

from refgraph.errors import LibraryError
from refgraph.model import Mention, ParsedDocument, Work

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    stem TEXT PRIMARY KEY, path TEXT NOT NULL, format TEXT, title TEXT, numbered INTEGER,
    issues TEXT);
CREATE TABLE IF NOT EXISTS refs (
    mention TEXT PRIMARY KEY, document TEXT NOT NULL REFERENCES documents(stem) ON DELETE CASCADE,
    n INTEGER NOT NULL, raw TEXT NOT NULL, csl TEXT NOT NULL, work TEXT REFERENCES works(key));
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY, document TEXT NOT NULL REFERENCES documents(stem) ON DELETE CASCADE,
    text TEXT, start INTEGER, end_ INTEGER, line INTEGER, refs TEXT, problems TEXT, context TEXT);
CREATE TABLE IF NOT EXISTS works (
    key TEXT PRIMARY KEY, csl TEXT NOT NULL, why TEXT, conflicts TEXT, part_of TEXT);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, callouts INTEGER, contexts TEXT,
    origin TEXT DEFAULT 'article', PRIMARY KEY (source, target, kind));
CREATE INDEX IF NOT EXISTS refs_work ON refs(work);
"""


def connect(path: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(SCHEMA)
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: not a refgraph library ({exc}); give another --library path") from exc
    version = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if version is None:
        con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    elif int(version[0]) > SCHEMA_VERSION:
        raise LibraryError(f"{path}: made by a newer refgraph (schema {version[0]}); upgrade refgraph")
    return con


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_library(path: Path, docs: list[ParsedDocument], mentions: list[Mention], works: list[Work],
                  graph: nx.DiGraph) -> None:
    """Write everything into a fresh SQLite file at path, atomically."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = connect(tmp)
    try:
        with con:
            _insert_all(con, docs, mentions, works, graph)
    finally:
        con.close()
    os.replace(tmp, path)


def _insert_all(con, docs, mentions, works, graph) -> None:
    work_of = {m: w.key for w in works for m in w.mentions}
    con.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", [
        (d.document.stem, d.document.path, d.document.format, d.document.title, int(d.numbered),
         _dump([i.to_json() for i in d.issues])) for d in docs])
    con.executemany("INSERT INTO works VALUES (?, ?, ?, ?, ?)", [
        (w.key, _dump(w.to_json()), _dump(list(w.why)), _dump(list(w.conflicts)), w.part_of) for w in works])
    con.executemany("INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)", [
        (m.id, m.document, m.reference.n, m.reference.raw, _dump(m.reference.to_csl()), work_of[m.id])
        for m in mentions])
    con.executemany(
        "INSERT INTO citations (document, text, start, end_, line, refs, problems, context) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(d.document.stem, c.text, c.span.start, c.span.end, c.span.line, _dump(list(c.refs)),
          _dump(list(c.problems)), c.context) for d in docs for c in d.citations])
    con.executemany("INSERT INTO edges (source, target, kind, callouts, contexts, origin) VALUES (?, ?, ?, ?, ?, ?)", [
        (s, t, a["kind"], a.get("callouts", 0), a.get("contexts", ""), a.get("origin", "article"))
        for s, t, a in graph.edges(data=True)])


def counts(path: Path) -> dict[str, int]:
    con = connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "refs", "citations", "works", "edges")}
    finally:
        con.close()


def load_graph(path: Path) -> nx.DiGraph:
    """The citation graph of a library file, as `build` made it (see graph.graph_from_rows)."""
    from refgraph.graph.build import DocRow, graph_from_rows

    path = Path(path)
    if not path.is_file():
        raise LibraryError(f"{path}: no such library; run `refgraph build ARTICLES -o DIR` (it writes "
                           f"DIR/library.sqlite) or give --library")
    con = connect(path)
    try:
        n_refs = dict(con.execute("SELECT document, count(*) FROM refs GROUP BY document"))
        docs = [DocRow(stem, title or "", p or "", n_refs.get(stem, 0))
                for stem, title, p in con.execute("SELECT stem, title, path FROM documents ORDER BY stem")]
        works = {key: _load_json(csl, path) for key, csl in con.execute("SELECT key, csl FROM works ORDER BY rowid")}
        edges = con.execute(  # plain row tuples in EdgeRow's field order: no object per edge
            "SELECT source, target, kind, coalesce(callouts, 0), coalesce(contexts, ''), "
            "coalesce(origin, 'article') FROM edges ORDER BY rowid")
        return graph_from_rows(docs, works, edges)  # streams the edges while the file is open
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: unreadable library ({exc}); rebuild it with `refgraph build`") from exc
    finally:
        con.close()


def _load_json(text: str, path: Path) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LibraryError(f"{path}: a stored work is not valid JSON ({exc}); rebuild the library") from exc
    return value if isinstance(value, dict) else {}
