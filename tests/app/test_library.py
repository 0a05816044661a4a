"""The persistent library: real SQLite files, documents built directly (no parser needed)."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.errors import LibraryError
from refgraph.app.library import add_documents, export_library, list_works, merge_works, show_work, split_work
from refgraph.model import Document, Name, ParsedDocument, Reference
from refgraph.store import connect

CARE = "The industrialisation of care: counselling, psychotherapy and the impact of IAPT"
JR = (Name(family="Jackson", given="C"), Name(family="Rizq", given="R"))
SCOTT = (Name(family="Scott", given="M. J."),)


def doc(stem: str, *refs: Reference, text: str = "") -> ParsedDocument:
    numbered = tuple(r.with_(n=i + 1, raw=r.raw or f"{stem} ref {i + 1}") for i, r in enumerate(refs))
    body = text or f"{stem}: " + " | ".join(r.title for r in refs)
    return ParsedDocument(document=Document(path=f"{stem}.txt", stem=stem, format="text", text=body, source_text=body),
                          references=numbered, citations=(), links=())


BOOK = Reference(n=0, raw="", type="book", editors=JR, title=CARE, year=2019, publisher="PCCS Books")
BOOK2 = Reference(n=0, raw="", type="book", authors=JR, year=2019, title="The Industrialisation of Care")
CHAPTER = Reference(n=0, raw="", type="chapter", authors=(Name(family="Cotton", given="E"),), editors=JR, year=2019,
                    title="The Industrialisation of mental health", container_title=CARE)
SCOTT18 = Reference(n=0, raw="", type="article-journal", authors=SCOTT, year=2018,
                    title="Improving access to psychological therapies (IAPT) - the need for radical reform",
                    container_title="Journal of Health Psychology", volume="23", page="1136–1147")
SCOTT18B = Reference(n=0, raw="", type="article-journal", authors=SCOTT, year=2018,
                     title="Improving access to psychological therapies: the need for radical reform")


@pytest.fixture
def lib(tmp_path):
    return tmp_path / "lib.sqlite"


def works_by_mentions(lib):
    return {frozenset(w.mentions): w for w in list_works(lib)}


def test_add_is_incremental_and_dedups_across_articles(lib):
    first = add_documents(lib, [doc("a", BOOK, CHAPTER)])
    assert first.added == ("a",) and first.works == 2
    second = add_documents(lib, [doc("b", BOOK2, SCOTT18)])
    assert second.added == ("b",) and second.mentions == 4 and second.works == 3
    book = works_by_mentions(lib)[frozenset({"a#1", "b#1"})]
    assert book.why and "one title is the other without its subtitle" in book.why[0]
    chapter = works_by_mentions(lib)[frozenset({"a#2"})]
    assert chapter.part_of == book.key


def test_re_adding_a_changed_article_replaces_its_mentions(lib):
    add_documents(lib, [doc("a", BOOK, SCOTT18)])
    again = add_documents(lib, [doc("a", BOOK, SCOTT18)])
    assert again.unchanged == ("a",) and again.mentions == 2
    changed = add_documents(lib, [doc("a", SCOTT18)])
    assert changed.replaced == ("a",) and changed.mentions == 1
    assert [w.mentions for w in list_works(lib)] == [("a#1",)]


def test_a_replaced_article_keeps_its_keys(lib):
    add_documents(lib, [doc("a", SCOTT18)])
    conn = connect(lib)
    conn.execute("UPDATE works SET key = 'mykey'")
    conn.execute("UPDATE refs SET work = 'mykey'")
    conn.commit()
    conn.close()
    add_documents(lib, [doc("a", SCOTT18, BOOK)])  # the article changed: its rows are replaced
    assert [w.key for w in list_works(lib)][0] == "mykey"


def test_keys_are_stable_across_runs(lib):
    add_documents(lib, [doc("a", SCOTT18)])
    key = list_works(lib)[0].key
    assert key == "scott2018improving"
    # another article cites a different Scott 2018 paper first: the old work keeps its key
    add_documents(lib, [doc("0", Reference(n=0, raw="", authors=SCOTT, year=2018, title="Improving outcomes",
                                           type="article-journal"))])
    keys = {w.mentions: w.key for w in list_works(lib)}
    assert keys[("a#1",)] == "scott2018improving" and keys[("0#1",)] == "scott2018improvinga"


def test_split_and_merge_persist_across_later_adds(lib):
    add_documents(lib, [doc("a", SCOTT18), doc("b", SCOTT18B)])
    (work,) = list_works(lib)
    assert set(work.mentions) == {"a#1", "b#1"}
    parts = split_work(lib, work.key, ["b#1"])
    assert {w.mentions for w in parts} == {("a#1",), ("b#1",)}
    assert parts[0].key == work.key
    add_documents(lib, [doc("c", SCOTT18)])  # a later run re-clusters everything
    groups = {frozenset(w.mentions) for w in list_works(lib)}
    assert frozenset({"a#1", "c#1"}) in groups and frozenset({"b#1"}) in groups
    keys = [w.key for w in list_works(lib)]
    merged = merge_works(lib, keys)
    assert set(merged.mentions) == {"a#1", "b#1", "c#1"}
    add_documents(lib, [doc("d", BOOK)])
    assert frozenset({"a#1", "b#1", "c#1"}) in {frozenset(w.mentions) for w in list_works(lib)}


@pytest.mark.parametrize("call, message", [
    (lambda lib: split_work(lib, "nosuchkey", ["a#1"]), "no work with key"),
    (lambda lib: split_work(lib, "scott2018improving", ["a#1"]), "splits nothing"),
    (lambda lib: split_work(lib, "scott2018improving", ["zz#9"]), "name mentions of"),
    (lambda lib: merge_works(lib, ["scott2018improving"]), "at least two"),
], ids=["unknown-key", "all-mentions", "foreign-mention", "one-key"])
def test_bad_decisions_are_clear_errors(lib, call, message):
    add_documents(lib, [doc("a", SCOTT18)])
    with pytest.raises(LibraryError, match=message):
        call(lib)


def test_a_locked_library_is_left_as_it_was(lib):
    add_documents(lib, [doc("a", SCOTT18)])
    blocker = sqlite3.connect(lib, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LibraryError):
            add_documents(lib, [doc("b", BOOK)])
    finally:
        blocker.rollback()
        blocker.close()
    assert [w.mentions for w in list_works(lib)] == [("a#1",)]


def test_missing_or_foreign_library(tmp_path):
    with pytest.raises(LibraryError, match="no library here"):
        list_works(tmp_path / "none.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryError, match="not a refgraph library"):
        list_works(junk)


def test_schema_1_library_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema', '1');
        CREATE TABLE documents (stem TEXT PRIMARY KEY, path TEXT NOT NULL, format TEXT, title TEXT,
            numbered INTEGER, issues TEXT);
        CREATE TABLE refs (mention TEXT PRIMARY KEY, document TEXT NOT NULL, n INTEGER NOT NULL, raw TEXT NOT NULL,
            csl TEXT NOT NULL, work TEXT);""")
    con.close()
    add_documents(path, [doc("a", SCOTT18)])
    con = connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == "2"
    assert con.execute("SELECT origin, callouts FROM refs").fetchone() == ("parsed", 0)
    con.close()


@pytest.mark.parametrize("fmt, check", [
    ("bibtex", lambda t: "@article{scott2018improving," in t and "@book{jackson2019industrialisation," in t),
    ("csl-json", lambda t: {i["id"] for i in json.loads(t)} == {"scott2018improving", "jackson2019industrialisation"}),
    ("ris", lambda t: t.count("ER  - ") == 2 and "ID  - scott2018improving" in t),
], ids=["bibtex", "csl-json", "ris"])
def test_export(lib, fmt, check):
    add_documents(lib, [doc("a", SCOTT18, BOOK), doc("b", BOOK2)])
    assert check(export_library(lib, fmt).text)


def test_cli_add_export_works(tmp_path, monkeypatch):
    lib = tmp_path / "cli.sqlite"
    monkeypatch.setenv("REFGRAPH_LIBRARY", str(lib))
    add_documents(lib, [doc("a", SCOTT18), doc("b", SCOTT18B, BOOK)])
    run = CliRunner().invoke
    listed = run(cli, ["works", "list"])
    assert listed.exit_code == 0 and "scott2018improving" in listed.output and "  2x " in listed.output
    shown = run(cli, ["works", "show", "scott2018improving"])
    assert "merged because:" in shown.output and "a#1 = b#1" in shown.output
    as_json = json.loads(run(cli, ["works", "show", "scott2018improving", "--format", "json"]).output)
    assert {v["mention"] for v in as_json["variants"]} == {"a#1", "b#1"}
    split = run(cli, ["works", "split", "scott2018improving", "b#1"])
    assert split.exit_code == 0 and "scott2018improving: a#1" in split.output
    out = tmp_path / "out.ris"
    exported = run(cli, ["export", "--library", str(lib), "--format", "ris", "-o", str(out)])
    assert exported.exit_code == 0 and out.read_text().count("ER  - ") == 3
    add_documents(lib, [doc("c", SCOTT18.with_(year=2019))])
    disagreeing = run(cli, ["works", "list", "--conflicts"])
    assert "conflict: year: 2018 (a#1) vs 2019 (c#1)" in disagreeing.output
    missing = run(cli, ["works", "list", "--library", str(tmp_path / "nope.sqlite")])
    assert missing.exit_code == 2 and "no library here" in missing.output


def test_seed_duplicates_from_the_gold_are_merged_and_distinct_pairs_kept_apart(tmp_path):
    from tests.conftest import ARTICLES, GOLD

    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(ARTICLES), "-o", str(out)]).exit_code == 0
    works = json.loads((out / "works.json").read_text())["works"]
    work_of = {m: w["id"] for w in works for m in w["mentions"]}
    gold = json.loads((GOLD / "duplicates.json").read_text())
    for cluster in gold["clusters"]:
        assert len({work_of[m] for m in cluster}) == 1
    for a, b in gold["not_duplicates"]:
        assert work_of[a] != work_of[b]
    merged = [w for w in works if len(w["mentions"]) > 1]
    assert all(w["why"] for w in merged)


def test_cli_add_twice_then_build_again_is_stable(tmp_path):
    from tests.conftest import ARTICLES

    lib = tmp_path / "lib.sqlite"
    run = CliRunner().invoke
    first = run(cli, ["add", str(ARTICLES), "--library", str(lib)])
    assert first.exit_code == 0 and "added 5" in first.output
    again = run(cli, ["add", str(ARTICLES), "--library", str(lib)])
    assert "added 0, replaced 0, unchanged 5" in again.output
    out = tmp_path / "out"
    run(cli, ["build", str(ARTICLES), "-o", str(out)])
    before = (out / "bibliography.bib").read_bytes()
    run(cli, ["build", str(ARTICLES), "-o", str(out)])
    assert (out / "bibliography.bib").read_bytes() == before
    assert run(cli, ["export", "--library", str(lib)]).output.encode() == before


def test_resolved_records_win_the_merge(lib):
    add_documents(lib, [doc("a", SCOTT18B)])
    resolved = SCOTT18.with_(title="Improving access to psychological therapies (IAPT) – the need for radical reform",
                             doi="10.1177/1359105318755264")
    add_documents(lib, [doc("crossref", resolved)], origin="resolved")
    (work,) = [w for w in list_works(lib) if len(w.mentions) == 2]
    assert work.reference.doi == "10.1177/1359105318755264" and work.reference.title == resolved.title
    assert show_work(lib, work.key).mentions[0].origin in ("parsed", "resolved")


def test_cli_export_formats_match_the_library():
    from refgraph.cli.library import EXPORT_FORMATS
    from refgraph.app.library import EXPORTERS

    assert set(EXPORT_FORMATS) == set(EXPORTERS)
