"""store.py: the SQLite library, on real files. Records in, the same records out; a file that is
not a library is a LibraryError saying what to do; a read never changes the file."""
from __future__ import annotations


import sqlite3

import pytest

from refgraph import store
from refgraph.errors import LibraryError
from refgraph.model import Decisions, Document, ParsedDocument, Reference, Work

REF = Reference(n=1, raw="Scott MJ (2018) Improving access. J Health Psychol 23.", title="Improving access",
                year=2018, doi="10.1177/1359105318755264", source="resolved:crossref")
IMPORTED = Reference(n=2, raw="@article{k}", title="Imported entry", key="k", source="bibtex:refs.bib")


def parsed(stem: str, fmt: str, *refs: Reference) -> ParsedDocument:
    return ParsedDocument(Document(f"{stem}.txt", stem, fmt, "", f"text of {stem}"), refs, (), ())


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "lib.sqlite")
    yield con
    con.close()


@pytest.mark.parametrize(("fmt", "ref", "origin"), [
    ("text", REF, "resolved"), ("text", REF.with_(source=""), "parsed"), ("bibtex", IMPORTED, "imported"),
], ids=["resolved-source", "parsed", "bibliography-file"])
def test_mentions_keep_their_record_and_origin(con, fmt, ref, origin):
    store.insert_documents(con, [parsed("a", fmt, ref)])
    (mention,) = store.load_mentions(con)
    assert mention.origin == origin and mention.reference.title == ref.title and mention.reference.doi == ref.doi


def test_works_round_trip_and_unknown_origin_reads_as_parsed(con):
    store.insert_documents(con, [parsed("a", "text", REF)])
    con.execute("UPDATE refs SET origin = 'telepathy'")
    mentions = store.load_mentions(con)
    assert [m.origin for m in mentions] == ["parsed"]
    work = Work("scott2018", REF, ("a#1",), why=("only one",))
    store.write_works(con, [work], mentions)
    (back,) = store.load_works(con)
    assert (back.key, back.mentions, back.why, back.reference.title) == ("scott2018", ("a#1",), ("only one",),
                                                                          REF.title)
    assert store.mention_keys(con) == {"a#1": "scott2018"}


def test_decisions_replace_their_opposite(con):
    store.record_decision(con, "same", "b#1", "a#1")
    store.record_decision(con, "different", "a#1", "b#1")
    assert store.load_decisions(con) == Decisions(different=(("a#1", "b#1"),))


def test_open_library_rolls_back_on_error(tmp_path):
    path = tmp_path / "lib.sqlite"
    with pytest.raises(RuntimeError):
        with store.open_library(path) as con:
            store.insert_documents(con, [parsed("a", "text", REF)])
            raise RuntimeError("interrupted")
    with store.open_library(path, write=False) as con:
        assert store.count_mentions(con) == 0


@pytest.mark.parametrize("content", [b"not a database at all, just text" * 4, b""], ids=["text", "empty"])
def test_read_only_refuses_a_file_that_is_not_a_library_and_leaves_it_alone(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    with pytest.raises(LibraryError, match="not a refgraph library"):
        store.stored_works(path)
    assert path.read_bytes() == content


def test_stored_rows_come_from_a_library(tmp_path):
    path = tmp_path / "lib.sqlite"
    with store.open_library(path) as con:
        store.insert_documents(con, [parsed("a", "text", REF)])
        store.write_works(con, [Work("scott2018", REF, ("a#1",))], store.load_mentions(con))
    assert [row[0] for row in store.stored_references(path)] == ["a#1"]
    assert [key for key, _ in store.stored_works(path)] == ["scott2018"]


def test_graph_rows_of_a_missing_library_say_how_to_make_one(tmp_path):
    with pytest.raises(LibraryError, match="refgraph build"):
        with store.graph_rows(tmp_path / "nope.sqlite"):
            pass


def test_mention_ids_of_a_document(con):
    store.insert_documents(con, [parsed("a", "text", REF, REF.with_(n=2)), parsed("b", "text", REF)])
    assert store.mentions_of_documents(con, ["a"]) == ["a#1", "a#2"]


@pytest.mark.parametrize("query", ["SELECT count(*) FROM refs WHERE document = ?",
                                   "SELECT text FROM citations WHERE document = ? ORDER BY id"],
                         ids=["refs", "citations"])
def test_a_document_rows_are_found_by_index(tmp_path, query):
    """The build report reads each article's rows back, and deleting an article cascades to them:
    without an index on `document` both scan the whole table once per article (quadratic)."""
    con = store.connect(tmp_path / "lib.sqlite")
    try:
        plan = " ".join(row[-1] for row in con.execute(f"EXPLAIN QUERY PLAN {query}", ("a",)))
    finally:
        con.close()
    assert "USING" in plan and "INDEX" in plan and "SCAN" not in plan.replace("SCAN USING", "")


def test_a_new_library_appears_with_its_tables_or_not_at_all(tmp_path):
    """A build killed right after creating the library must not leave a file without tables."""
    path = tmp_path / "lib" / "library.sqlite"
    path.parent.mkdir()
    store.connect(path).close()
    con = sqlite3.connect(path)
    try:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    assert {"meta", "documents", "refs"} <= tables
    assert [p.name for p in path.parent.iterdir()] == ["library.sqlite"]  # no temporary file left


def test_an_existing_library_is_opened_not_replaced(tmp_path):
    path = tmp_path / "library.sqlite"
    con = store.connect(path)
    con.execute("INSERT INTO meta VALUES ('mine', 'kept')")
    con.commit()
    con.close()
    again = store.connect(path)
    try:
        assert again.execute("SELECT value FROM meta WHERE key = 'mine'").fetchone() == ("kept",)
    finally:
        again.close()
