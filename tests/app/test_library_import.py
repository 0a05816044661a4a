"""`add` of bibliography files and styled `export` of the library: real SQLite files, CliRunner."""
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refgraph.cli import cli
from refgraph.app.library import add_documents, add_paths, export_library, list_works, split_work
from refgraph.app.graph import load_graph
from tests.importers.test_bibtex_roundtrip import FIELDS, TYPES, bib_of, field_values
from tests.app.test_library import SCOTT18, doc

SCOTT_BIB = """@article{Scott2018IAPT,
  author = {Scott, M. J.},
  title = {Improving access to psychological therapies ({IAPT}) - the need for radical reform},
  journal = {Journal of Health Psychology}, year = {2018}, volume = {23}, pages = {1136--1147},
  keywords = {IAPT, policy}
}
"""
OTHER_BIB = """@book{doe2001, author = {Doe, Jane}, title = {A Book of Things}, publisher = {Pub}, year = {2001}}
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def lib(tmp_path):
    return tmp_path / "lib.sqlite"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_imported_entry_joins_the_parsed_mention_and_brings_its_key(tmp_path, lib):
    add_documents(lib, [doc("a", SCOTT18)])
    assert [w.key for w in list_works(lib)] == ["scott2018improving"]
    result = add_paths(lib, [write(tmp_path, "refs.bib", SCOTT_BIB + OTHER_BIB)])
    assert result.added == ("refs.bib",) and result.warnings == ()
    works = {w.key: w for w in list_works(lib)}
    assert set(works) == {"Scott2018IAPT", "doe2001"}
    assert works["Scott2018IAPT"].mentions == ("a#1", "refs.bib#Scott2018IAPT")
    assert ("bibtex:keywords", "IAPT, policy") in works["Scott2018IAPT"].reference.extra
    assert works["Scott2018IAPT"].reference.source == f"bibtex:{tmp_path / 'refs.bib'}"


def test_a_key_another_work_holds_is_not_taken(tmp_path, lib):
    add_paths(lib, [write(tmp_path, "one.bib", OTHER_BIB)])
    clash = OTHER_BIB.replace("A Book of Things", "Something else entirely").replace("Doe, Jane", "Roe, Ray")
    add_paths(lib, [write(tmp_path, "two.bib", clash)])
    keys = {w.mentions: w.key for w in list_works(lib)}
    assert keys == {("one.bib#doe2001",): "doe2001", ("two.bib#doe2001",): "roe2001something"}


def test_mention_ids_and_decisions_survive_an_edited_file(tmp_path, lib):
    bib = write(tmp_path, "refs.bib", SCOTT_BIB)
    add_documents(lib, [doc("a", SCOTT18)])
    add_paths(lib, [bib])
    split_work(lib, "Scott2018IAPT", ["a#1"])
    bib.write_text(OTHER_BIB + "\n" + SCOTT_BIB, encoding="utf-8")  # the entry moves down two lines
    result = add_paths(lib, [bib])
    assert result.replaced == ("refs.bib",)
    assert {w.mentions for w in list_works(lib)} == {("a#1",), ("refs.bib#Scott2018IAPT",), ("refs.bib#doe2001",)}


def test_a_bibliography_is_not_a_citing_document_in_the_graph(tmp_path, lib):
    add_documents(lib, [doc("a", SCOTT18)])
    add_paths(lib, [write(tmp_path, "refs.bib", SCOTT_BIB + OTHER_BIB)])
    g = load_graph(lib)
    assert not any("refs.bib" in node for node in g.nodes)
    assert sorted(n for n in g.nodes if n.startswith("work:")) == ["work:Scott2018IAPT", "work:doe2001"]
    assert g.in_degree("work:Scott2018IAPT") == 1 and g.in_degree("work:doe2001") == 0


@pytest.mark.parametrize(("name", "text", "needle", "imported"), [
    ("unclosed.bib", "@book{doe2001, title = {Unclosed\n\n" + SCOTT_BIB, "cannot read the entry", {"Scott2018IAPT"}),
    ("dupkey.bib", SCOTT_BIB + SCOTT_BIB.replace("Improving", "Other"), "Scott2018IAPT (line 7): the key is used",
     {"Scott2018IAPT"}),
    ("unknown.bib", "@gadget{g1, title = {A Gadget}}\n" + OTHER_BIB, "g1 (line 1): unknown entry type @gadget",
     {"g1", "doe2001"}),
    ("noer.ris", "TY  - JOUR\nID  - r1\nTI  - First one\nPY  - 2018\nTY  - BOOK\nID  - r2\nTI  - Second one\n",
     "record at line 1 ('First one') has no ER line", {"r1", "r2"}),
    ("dupid.json", '[{"id": "c1", "type": "book", "title": "One"}, {"id": "c1", "type": "book", "title": "Two"}]',
     "c1 (item 2): the key is used", {"c1"}),
], ids=["bib-unclosed-brace", "bib-duplicate-key", "bib-unknown-type", "ris-without-er", "json-duplicate-id"])
def test_bad_entries_are_named_and_the_rest_imported(tmp_path, lib, name, text, needle, imported):
    path = write(tmp_path, name, text)
    result = run("add", path, "--library", lib)
    assert result.exit_code == 0, result.output
    assert needle in result.stderr and f"warning: {path}" in result.stderr
    assert {w.key for w in list_works(lib)} == imported
    assert run("add", path, "--library", tmp_path / "strict.sqlite", "--strict").exit_code == 1


@pytest.mark.parametrize(("name", "text", "needle"), [
    ("broken.json", '[{"id": "c1", "type": "book",\n "title": }]', "not valid JSON (line 2"),
    ("binary.bib", "\x00\x01\x02", "binary file"),
    ("empty.ris", "just some text\n", "no RIS records"),
], ids=["broken-json", "binary", "nothing-importable"])
def test_an_unreadable_bibliography_alone_is_exit_2(tmp_path, lib, name, text, needle):
    result = run("add", write(tmp_path, name, text), "--library", lib)
    assert result.exit_code == 2 and needle in result.stderr
    assert not lib.exists() or list_works(lib) == []


def test_an_unreadable_bibliography_beside_a_good_one_is_skipped(tmp_path, lib):
    result = run("add", write(tmp_path, "broken.json", "[{"), write(tmp_path, "refs.bib", OTHER_BIB), "--library", lib)
    assert result.exit_code == 0 and "skipped: " in result.stderr and "broken.json" in result.stderr
    assert [w.key for w in list_works(lib)] == ["doe2001"]


@pytest.mark.parametrize(("fmt", "pattern"), [
    ("text", r"^Doe, J\. \(2001\)\. A Book of Things\. Pub\.$"),
    ("html", r'<div class="csl-entry">Doe, J\. \(2001\)\. <i>A Book of Things</i>\. Pub\.</div>'),
    ("markdown", r"^Doe, J\. \(2001\)\. \*A Book of Things\*\. Pub\.$"),
], ids=["text", "html", "markdown"])
def test_styled_export_in_each_format(tmp_path, lib, fmt, pattern):
    add_paths(lib, [write(tmp_path, "refs.bib", OTHER_BIB)])
    result = run("export", "--library", lib, "--style", "apa", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert re.search(pattern, result.stdout, re.M), result.stdout


def test_styled_export_defaults_and_reports_missing_fields(tmp_path, lib):
    add_paths(lib, [write(tmp_path, "refs.bib", "@article{bare, title = {Only a title}}\n" + OTHER_BIB)])
    result = run("export", "--library", lib, "--format", "text")  # APA when no style is given
    assert result.exit_code == 0 and "Only a title" in result.stdout and "Doe, J. (2001)" in result.stdout
    assert "note: bare: no author, container-title, issued, volume, page" in result.stderr
    numbered = run("export", "--library", lib, "--style", "vancouver")  # text when no format is given
    assert numbered.stdout.startswith("1. ")


def test_cited_by_limits_the_export_to_one_documents_works(tmp_path, lib):
    add_documents(lib, [doc("a", SCOTT18)])
    add_paths(lib, [write(tmp_path, "refs.bib", OTHER_BIB)])
    by_stem = run("export", "--library", lib, "--cited-by", "a", "--format", "bibtex")
    assert by_stem.exit_code == 0 and "@article{scott2018improving" in by_stem.stdout and "doe2001" not in by_stem.stdout
    by_path = run("export", "--library", lib, "--cited-by", tmp_path / "refs.bib", "--style", "ieee")
    assert by_path.exit_code == 0 and "Doe" in by_path.stdout and "Scott" not in by_path.stdout
    unknown = run("export", "--library", lib, "--cited-by", "nothere")
    assert unknown.exit_code == 2 and "nothere: no such document in the library" in unknown.stderr


@pytest.mark.parametrize("args", [
    ["--style", "apa", "--format", "bibtex"],
    ["--style", "apa", "--format", "csl-json"],
    ["--style", "nosuchstyle"],
], ids=["style-with-bibtex", "style-with-csl-json", "unknown-style"])
def test_export_usage_errors_exit_2(tmp_path, lib, args):
    add_paths(lib, [write(tmp_path, "refs.bib", OTHER_BIB)])
    result = run("export", "--library", lib, *args)
    assert result.exit_code == 2 and "refgraph: error:" in result.stderr


def test_export_writes_atomically_and_never_over_an_input(tmp_path, lib):
    bib = write(tmp_path, "refs.bib", OTHER_BIB)
    add_paths(lib, [bib])
    out = tmp_path / "refs.md"
    assert run("export", "--library", lib, "--format", "markdown", "-o", out).exit_code == 0
    assert out.read_text().startswith("Doe, J. (2001).") and not list(tmp_path.glob(".refs.md.*"))
    before = lib.read_bytes()
    assert run("export", "--library", lib, "-o", lib).exit_code == 2 and lib.read_bytes() == before
    assert run("export", "--library", lib, "--cited-by", bib, "-o", bib).exit_code == 2
    assert bib.read_text() == OTHER_BIB
    assert export_library(lib, "bibtex").works == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TYPES, FIELDS), min_size=1, max_size=6))
def test_a_bib_added_to_an_empty_library_exports_every_field(entries):
    # distinct DOIs: generated entries may look alike, and the same DOI would (rightly) merge them
    entries = [(t, {**f, "doi": f"10.1000/xyz_{i}"}) for i, (t, f) in enumerate(entries)]
    text = bib_of(entries)
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "gen.bib"
        bib.write_text(text, encoding="utf-8")
        lib = Path(tmp) / "lib.sqlite"
        assert add_paths(lib, [bib]).warnings == ()
        assert field_values(export_library(lib, "bibtex").text) == field_values(text)
