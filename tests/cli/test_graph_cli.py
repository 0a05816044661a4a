"""`refgraph graph`, `graph metrics`, `cites` and `cited-by` on a real library file."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from tests.graph.test_expand import crossref_record


@pytest.fixture
def library(tmp_path):
    """A library with two articles citing two works (one with a DOI) and one citing nothing."""
    from refgraph.store import connect

    path = tmp_path / "library.sqlite"
    con = connect(path)
    with con:
        con.executemany("INSERT INTO documents (stem, path, format, title, numbered, issues) VALUES (?, ?, ?, ?, ?, ?)", [
            ("a", "a.txt", "txt", "Therapy in the factory", 1, "[]"),
            ("b", "b.txt", "txt", "Notes on access", 1, "[]"), ("c", "c.txt", "txt", "Empty", 0, "[]")])
        con.executemany("INSERT INTO works (key, csl, why, conflicts, part_of) VALUES (?, ?, ?, ?, ?)", [
            ("jackson2019", json.dumps({"title": "The industrialisation of care", "type": "book",
                                        "editor": [{"family": "Jackson"}], "issued": {"date-parts": [[2019]]}}),
             "[]", "[]", ""),
            ("clark2018", json.dumps({"title": "Improving access to psychological therapies",
                                      "DOI": "10.1000/a", "author": [{"family": "Clark"}]}), "[]", "[]", "")])
        con.executemany("INSERT INTO edges (source, target, kind, callouts, contexts) VALUES (?, ?, ?, ?, ?)", [
            ("doc:a", "work:jackson2019", "cites", 2, "The book¹ was published. ¶ As the book¹ says."),
            ("doc:b", "work:jackson2019", "cites", 1, "See Jackson (2019)."),
            ("doc:b", "work:clark2018", "cites", 1, "")])
    con.close()
    return path


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "csv", "html"])
def test_export_formats(library, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = run("graph", "--library", str(library), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "5 nodes, 3 edges" in result.output and out.is_file()
    if fmt == "graphml":
        g = nx.read_graphml(out)
        assert g.nodes["work:jackson2019"]["cited_by"] == 2 and g.edges["doc:a", "work:jackson2019"]["callouts"] == 2


def test_default_library_from_environment(library, tmp_path):
    out = tmp_path / "g.json"
    result = run("graph", "--format", "json", "-o", str(out), env={"REFGRAPH_LIBRARY": str(library)})
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["nodes"]) == 5


def test_metrics_json_and_table(library):
    result = run("graph", "metrics", "--library", str(library), "--format", "json")
    data = json.loads(result.output)
    assert data["most_cited_in_corpus"][0]["node"] == "work:jackson2019"
    assert data["most_cited_in_corpus"][0]["value"] == 2
    assert data["documents_without_references"] == ["doc:c"]
    assert data["bibliographic_coupling"][0]["shared"] == ["work:jackson2019"]
    table = run("graph", "--library", str(library), "--metrics").output
    assert "Most cited by the corpus" in table and "industrialisation of care" in table


@pytest.mark.parametrize("query", ["jackson2019", "industrialisation care", "work:jackson2019"],
                         ids=["key", "title-words", "node-id"])
def test_cited_by(library, query):
    result = run("cited-by", query, "--library", str(library))
    assert result.exit_code == 0, result.output
    assert "is cited by 2" in result.output and "2 callout(s)" in result.output
    assert "As the book¹ says." in result.output


def test_cites_by_doi_and_document(library):
    assert "Clark" in run("cited-by", "https://doi.org/10.1000/A", "--library", str(library)).output
    data = json.loads(run("cites", "b", "--library", str(library), "--format", "json").output)
    assert {d["node"] for d in data} == {"work:jackson2019", "work:clark2018"}


@pytest.mark.parametrize("args,message", [
    (["cites", "nothing like this"], "no document or work matches"),
    (["cited-by", "the"], "match"),
    (["graph", "--format", "json"], "give -o FILE"),
    (["graph", "--source", "bogus", "--metrics"], "unknown --source"),
], ids=["no-match", "ambiguous", "no-output", "bad-source"])
def test_usage_errors(library, args, message):
    result = CliRunner().invoke(cli, [*args, "--library", str(library)])
    assert result.exit_code == 2 and message in result.output


def test_never_overwrites_the_library(library):
    before = library.read_bytes()
    result = CliRunner().invoke(cli, ["graph", "--library", str(library), "--format", "json", "-o", str(library)])
    assert result.exit_code == 2 and "is one of the inputs" in result.output
    assert library.read_bytes() == before


def test_missing_library(tmp_path):
    result = CliRunner().invoke(cli, ["graph", "--metrics", "--library", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2 and "no such library" in result.output


def test_expansion_from_the_command_line(library, tmp_path, server, settings):
    server.expect_request("/works/10.1000/a").respond_with_json(crossref_record("10.1000/a", ["10.1000/b"]))
    server.expect_request("/works/10.1000/b").respond_with_json(crossref_record("10.1000/b", []))
    env = {"REFGRAPH_CROSSREF_API": settings.crossref_api, "REFGRAPH_CACHE_DIR": settings.cache_dir}
    out = tmp_path / "g.graphml"
    for _ in range(2):
        result = run("graph", "--library", str(library), "--depth", "2", "-o", str(out), env=env)
        assert result.exit_code == 0, result.output
    assert "1 works and 1 edges added" in result.output
    assert len(server.log) == 2  # the second run came from the cache
    g = nx.read_graphml(out)
    assert g.edges["work:clark2018", "work:doi:10.1000/b"]["origin"] == "crossref"


def test_csv_never_replaces_a_nodes_file_it_did_not_write(library, tmp_path):
    out = tmp_path / "g.csv"
    (tmp_path / "g.nodes.csv").write_text("my,own\n1,2\n")
    result = CliRunner().invoke(cli, ["graph", "--library", str(library), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 2 and "not a nodes file written by refgraph" in result.output
    assert (tmp_path / "g.nodes.csv").read_text() == "my,own\n1,2\n" and not out.exists()
    (tmp_path / "g.nodes.csv").unlink()
    for _ in range(2):  # its own nodes file, from the first run, is replaced by the second
        assert run("graph", "--library", str(library), "--format", "csv", "-o", str(out)).exit_code == 0
    assert (tmp_path / "g.nodes.csv").read_text().startswith("id,kind,")
