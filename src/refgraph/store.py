"""The SQLite library: documents, references, citations, works, edges and decisions in one file.

The library is persistent: `add` replaces an article's rows and re-clusters inside one
transaction, so a failed run leaves the library as it was. Each mention keeps its own parsed
record (every variant is evidence); works are derived from mentions, the user's decisions
("the same" / "not the same") and the keys the works had before (keys stay stable).

This module only persists: it imports records (model, csl) and nothing of the stages, so the
use cases in refgraph.app are what chain parsing, deduplication and storage.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from refgraph.csl import reference_from_csl
from refgraph.errors import LibraryError
from refgraph.model import (BIBLIOGRAPHY_FORMATS, CONTEXT_SEP, ORIGINS, Decisions, Mention, Origin, ParsedDocument, Work,
                            mentions_of)

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    stem TEXT PRIMARY KEY, path TEXT NOT NULL, format TEXT, title TEXT, numbered INTEGER,
    issues TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS refs (
    mention TEXT PRIMARY KEY, document TEXT NOT NULL REFERENCES documents(stem) ON DELETE CASCADE,
    n INTEGER NOT NULL, raw TEXT NOT NULL, csl TEXT NOT NULL, work TEXT,
    origin TEXT DEFAULT 'parsed', callouts INTEGER DEFAULT 0, contexts TEXT DEFAULT '[]');
CREATE TABLE IF NOT EXISTS decisions (
    kind TEXT NOT NULL CHECK (kind IN ('same', 'different')), a TEXT NOT NULL, b TEXT NOT NULL,
    PRIMARY KEY (kind, a, b));
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY, document TEXT NOT NULL REFERENCES documents(stem) ON DELETE CASCADE,
    text TEXT, start INTEGER, end_ INTEGER, line INTEGER, refs TEXT, problems TEXT, context TEXT);
CREATE TABLE IF NOT EXISTS works (
    key TEXT PRIMARY KEY, csl TEXT NOT NULL, why TEXT, conflicts TEXT, part_of TEXT);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, callouts INTEGER, contexts TEXT,
    origin TEXT DEFAULT 'article', PRIMARY KEY (source, target, kind));
CREATE INDEX IF NOT EXISTS refs_work ON refs(work);
CREATE INDEX IF NOT EXISTS refs_document ON refs(document);
CREATE INDEX IF NOT EXISTS citations_document ON citations(document);
"""


def library_error(path: Path, exc: sqlite3.Error) -> LibraryError:
    """The one-line error for an SQLite failure on the library at path: what happened and what
    to do, by SQLite's error code (a lock is not a full disk, nor a damaged file)."""
    name, text = getattr(exc, "sqlite_errorname", "") or "", str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        why = "the library is locked: is another refgraph writing to it? Let it finish, then run again"
    elif name.startswith("SQLITE_FULL") or "disk is full" in text:
        why = "the disk is full; free some space and run again (the library is as it was before)"
    elif name.startswith("SQLITE_READONLY") or "readonly" in text:
        why = "the library cannot be written (read-only); check the permissions of the file and its folder"
    elif name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM")) or "unable to open" in text:
        why = "the library cannot be opened; check that its folder exists and is writable"
    elif name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text or "malformed" in text:
        why = f"not a refgraph library, or a damaged one ({text}); give another --library path"
    elif name.startswith("SQLITE_IOERR") or "I/O error" in text:
        why = f"the disk could not be read or written ({text}); check the disk and its free space, then run again"
    else:
        why = text
    return LibraryError(f"{path}: {why}")


def _create(path: Path) -> None:
    """Make a new library whole or not at all: the schema is written to a file of its own, which
    is then linked into place, so a build killed at any moment never leaves a library without
    its tables (and a concurrent creator's library is never replaced)."""
    if path.exists():
        return
    fresh = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        con = sqlite3.connect(fresh)
        try:
            con.executescript(SCHEMA)
            con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            con.commit()
        finally:
            con.close()
        try:
            os.link(fresh, path)
        except FileExistsError:
            pass  # another refgraph made it first: use theirs
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(fresh, path)
    except sqlite3.Error as exc:
        raise library_error(path, exc) from exc
    finally:
        fresh.unlink(missing_ok=True)


def connect(path: Path) -> sqlite3.Connection:
    try:
        _create(path)
        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(SCHEMA)
    except sqlite3.Error as exc:
        raise library_error(path, exc) from exc
    version = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if version is None:
        con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    elif int(version[0]) > SCHEMA_VERSION:
        raise LibraryError(f"{path}: made by a newer refgraph (schema {version[0]}); upgrade refgraph")
    elif int(version[0]) < SCHEMA_VERSION:
        _migrate(con)
    con.commit()
    return con


_ADDED_COLUMNS = {"documents": [("digest", "TEXT")],
                  "refs": [("origin", "TEXT DEFAULT 'parsed'"), ("callouts", "INTEGER DEFAULT 0"),
                           ("contexts", "TEXT DEFAULT '[]'")]}


def _migrate(con: sqlite3.Connection) -> None:
    """Schema 1 (fresh build snapshots) -> 2: columns for incremental adds; tables come from SCHEMA."""
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
        for name, decl in columns:
            if name not in have:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def document_digest(doc: ParsedDocument) -> str:
    return hashlib.sha256(doc.document.source_text.encode("utf-8", "surrogatepass")).hexdigest()


def insert_documents(con: sqlite3.Connection, docs: Sequence[ParsedDocument], origin: Origin = "parsed",
                     digests: Sequence[str] | None = None) -> None:
    """Rows of documents, their references (as mentions, no work yet) and their callouts.

    `digests` (one per document) are given when the documents travelled without their text
    (from a worker process: app.stream).

    `origin` says where the references came from (parsed | imported | resolved): merging
    prefers resolved metadata, then imported records, then parsed strings. A document read
    from a bibliography file (.bib, .ris, CSL-JSON) always holds imported records.
    """
    def origin_of(d: ParsedDocument, m: Mention) -> Origin:
        if m.reference.resolved:
            return "resolved"
        return "imported" if d.document.format in BIBLIOGRAPHY_FORMATS else origin

    con.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", [
        (d.document.stem, d.document.path, d.document.format, d.document.title, int(d.numbered),
         _dump([i.to_json() for i in d.issues]), digests[k] if digests is not None else document_digest(d))
        for k, d in enumerate(docs)])
    con.executemany(
        "INSERT INTO refs (mention, document, n, raw, csl, origin, callouts, contexts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(m.id, m.document, m.reference.n, m.reference.raw, _dump(m.reference.to_csl()), origin_of(d, m), m.callouts,
          _dump(list(m.contexts))) for d in docs for m in mentions_of(d)])
    con.executemany(
        "INSERT INTO citations (document, text, start, end_, line, refs, problems, context) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(d.document.stem, c.text, c.span.start, c.span.end, c.span.line, _dump(list(c.refs)),
          _dump([p.message for p in c.problems]), c.context) for d in docs for c in d.citations])


@contextmanager
def read_only(path: Path, why: str = "") -> Iterator[sqlite3.Connection]:
    """A read-only connection to an existing library that never creates or migrates anything
    (for commands that only read one: check, cite); `why` ends the error of a file that is not one."""
    try:
        con = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            yield con
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: not a refgraph library ({exc}){why}") from exc


def stored_references(path: Path) -> list[tuple[str, int, str, str]]:
    """(mention, n, raw, CSL JSON) of every reference in a library, by document and number."""
    with read_only(path, "; give a library.sqlite made by `refgraph build`") as con:
        return con.execute("SELECT mention, n, raw, csl FROM refs ORDER BY document, n").fetchall()


def stored_works(path: Path) -> list[tuple[str, str]]:
    """(key, CSL JSON) of every work in a library, in the order they were written."""
    with read_only(path) as con:
        return con.execute("SELECT key, csl FROM works ORDER BY rowid").fetchall()


# --- the persistent library: queries used by refgraph.app ------------------------------------

@contextmanager
def open_library(path: Path, must_exist: bool = False, write: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction (a write lock unless write=False): committed on
    success, rolled back on error."""
    path = Path(path)
    if must_exist and not path.is_file():
        raise LibraryError(f"{path}: no library here; create one with `refgraph add ARTICLES --library {path}`")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = connect(path)
    try:
        con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        yield con
        con.commit()
    except sqlite3.Error as exc:
        con.rollback()
        raise library_error(path, exc) from exc
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()


def load_mentions(con: sqlite3.Connection) -> list[Mention]:
    """Every mention in the library, in the order documents were added and references listed."""
    rows = con.execute("SELECT r.mention, r.document, r.n, r.raw, r.csl, r.origin, r.callouts, r.contexts "
                       "FROM refs r JOIN documents d ON d.stem = r.document ORDER BY d.rowid, r.n")
    return [Mention(id=mid, document=doc, reference=reference_from_csl(json.loads(csl), n, raw=raw),
                    callouts=callouts or 0, contexts=tuple(json.loads(contexts or "[]")), origin=_origin(origin))
            for mid, doc, n, raw, csl, origin, callouts, contexts in rows]


def _origin(stored: str | None) -> Origin:
    """A stored origin; anything else (none, or a value this refgraph does not know) is "parsed"."""
    return next((o for o in ORIGINS if o == stored), "parsed")


def mentions_of_documents(con: sqlite3.Connection, stems: Sequence[str]) -> list[str]:
    """The mention ids of these documents."""
    return [m for stem in stems for (m,) in con.execute("SELECT mention FROM refs WHERE document = ?", (stem,))]


def mention_keys(con: sqlite3.Connection) -> dict[str, str]:
    """mention id -> key of its work, as the library holds it now."""
    return {m: w for m, w in con.execute("SELECT mention, work FROM refs WHERE work IS NOT NULL")}


def load_decisions(con: sqlite3.Connection) -> Decisions:
    rows = con.execute("SELECT kind, a, b FROM decisions ORDER BY rowid").fetchall()
    return Decisions(same=tuple((a, b) for k, a, b in rows if k == "same"),
                     different=tuple((a, b) for k, a, b in rows if k == "different"))


def record_decision(con: sqlite3.Connection, kind: str, a: str, b: str) -> None:
    """Store a user's verdict on a pair, replacing any opposite verdict on the same pair."""
    a, b = sorted((a, b))
    other = "different" if kind == "same" else "same"
    con.execute("DELETE FROM decisions WHERE kind = ? AND a = ? AND b = ?", (other, a, b))
    con.execute("INSERT OR IGNORE INTO decisions VALUES (?, ?, ?)", (kind, a, b))


def forget_decisions(con: sqlite3.Connection, kind: str, mentions: Sequence[str]) -> None:
    """Drop the verdicts of one kind between any two of these mentions."""
    within = set(mentions)
    rows = [(a, b) for a, b in con.execute("SELECT a, b FROM decisions WHERE kind = ?", (kind,))
            if a in within and b in within]
    con.executemany("DELETE FROM decisions WHERE kind = ? AND a = ? AND b = ?", [(kind, a, b) for a, b in rows])


def delete_documents(con: sqlite3.Connection, stems: Sequence[str]) -> None:
    con.executemany("DELETE FROM documents WHERE stem = ?", [(s,) for s in stems])


def document_paths(con: sqlite3.Connection) -> list[tuple[str, str]]:
    """(stem, path) of every document, in the order they were added."""
    return con.execute("SELECT stem, path FROM documents ORDER BY rowid").fetchall()


def count_mentions(con: sqlite3.Connection) -> int:
    return con.execute("SELECT count(*) FROM refs").fetchone()[0]


def document_digests(con: sqlite3.Connection) -> dict[str, str]:
    return {stem: digest or "" for stem, digest in con.execute("SELECT stem, digest FROM documents")}


def write_works(con: sqlite3.Connection, works: Sequence[Work], mentions: Sequence[Mention]) -> None:
    """Replace the works, each mention's work and the citation edges (inside the caller's transaction).

    Only articles cite: an imported bibliography file is a list the user keeps, not a citing
    document, so its entries become works without "cites" edges (and it is no graph node).
    """
    con.execute("DELETE FROM works")
    con.execute("DELETE FROM edges WHERE origin = 'article'")
    con.executemany("INSERT INTO works VALUES (?, ?, ?, ?, ?)", [
        (w.key, _dump(w.to_json()), _dump(list(w.why)), _dump(list(w.conflicts)), w.part_of) for w in works])
    work_of = {m: w.key for w in works for m in w.mentions}
    con.executemany("UPDATE refs SET work = ? WHERE mention = ?", [(work_of[m.id], m.id) for m in mentions])
    edges: dict[tuple[str, str], list] = {}
    for m in mentions:
        if m.origin == "imported":
            continue
        edge = edges.setdefault((f"doc:{m.document}", f"work:{work_of[m.id]}"), [0, []])
        edge[0] += m.callouts
        edge[1].extend(m.contexts)
    rows = [(s, t, "cites", c, CONTEXT_SEP.join(ctx)) for (s, t), (c, ctx) in edges.items()]
    rows += [(f"work:{w.key}", f"work:{w.part_of}", "part-of", 0, "") for w in works if w.part_of]
    con.executemany("INSERT OR REPLACE INTO edges (source, target, kind, callouts, contexts) VALUES (?, ?, ?, ?, ?)",
                    rows)


def load_works(con: sqlite3.Connection) -> list[Work]:
    """The works of the library, in the order they were written."""
    out = []
    for key, csl, why, conflicts, part_of in con.execute(
            "SELECT key, csl, why, conflicts, part_of FROM works ORDER BY rowid"):
        item = json.loads(csl)
        item.pop("id", None)  # a stored work's id is its key, not a key the user gave
        out.append(Work(key=key, reference=reference_from_csl(item), mentions=tuple(item.get("mentions", ())),
                        why=tuple(json.loads(why or "[]")), conflicts=tuple(json.loads(conflicts or "[]")),
                        part_of=part_of or ""))
    return out


@contextmanager
def graph_rows(path: Path, documents: Collection[str] | None = None, works: Collection[str] | None = None) \
        -> Iterator[tuple[list[tuple[str, str, str, int]], dict[str, dict], Iterator[tuple]]]:
    """The rows the citation graph is built from (graph.graph_from_rows), while the file is open:
    articles as (stem, title, path, number of references), works by key (CSL), and the edges as
    plain tuples in graph.build.EdgeRow's field order (a cursor: no object per edge). Given
    `documents` (stems) and `works` (keys): only those and the edges between them (the graph of
    one build into a library that holds earlier ones)."""
    path = Path(path)
    if not path.is_file():
        raise LibraryError(f"{path}: no such library; run `refgraph build ARTICLES -o DIR` (it writes "
                           f"DIR/library.sqlite) or give --library")
    con = connect(path)
    try:
        n_refs = dict(con.execute("SELECT document, count(*) FROM refs GROUP BY document"))
        docs = [(stem, title or "", p or "", n_refs.get(stem, 0))
                for stem, title, p, fmt in con.execute("SELECT stem, title, path, format FROM documents ORDER BY stem")
                if fmt not in BIBLIOGRAPHY_FORMATS and (documents is None or stem in documents)]
        items = {key: _load_json(csl, path) for key, csl in con.execute("SELECT key, csl FROM works ORDER BY rowid")
                 if works is None or key in works}
        edges: Iterator[tuple] = con.execute(
            "SELECT source, target, kind, coalesce(callouts, 0), coalesce(contexts, ''), "
            "coalesce(origin, 'article') FROM edges ORDER BY rowid")
        if documents is not None or works is not None:
            kept = {f"doc:{d[0]}" for d in docs} | {f"work:{k}" for k in items}
            edges = (e for e in edges if e[0] in kept and e[1] in kept)
        yield docs, items, edges
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


def document_summary(con: sqlite3.Connection, stem: str) -> tuple | None:
    """What the build report says of a stored document, from the library alone (so a resumed
    build reports the articles a killed run stored): (stem, references, callouts, linked,
    problem count, problem lines, issue messages), report.DocSummary's fields; None if absent."""
    row = con.execute("SELECT issues FROM documents WHERE stem = ?", (stem,)).fetchone()
    if row is None:
        return None
    issues = tuple(i.get("message", "") for i in json.loads(row[0] or "[]"))
    refs = con.execute("SELECT count(*) FROM refs WHERE document = ?", (stem,)).fetchone()[0]
    callouts = linked = problem_count = 0
    problems = []
    for text, line, linked_refs, found in con.execute(
            "SELECT text, line, refs, problems FROM citations WHERE document = ? ORDER BY id", (stem,)):
        found = json.loads(found or "[]")
        callouts += 1
        linked += bool(json.loads(linked_refs or "[]"))
        problem_count += len(found)
        if found:
            problems.append(f"line {line}: `{text}`: {'; '.join(found)}")
    return stem, refs, callouts, linked, problem_count + len(issues), tuple(problems), issues
