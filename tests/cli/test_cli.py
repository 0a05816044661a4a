import json
import sqlite3
import subprocess
import sys

import bibtexparser
import networkx as nx
import pytest
from click.testing import CliRunner

from tests.conftest import ARTICLES, ROOT
from refgraph.cli import cli


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)
    return invoke


def test_parse_json_contract(run, seed):
    result = run("parse", seed("002"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {"document", "references", "citations", "links"}
    assert [r["n"] for r in data["references"]] == [1, 2, 3]
    assert data["references"][2]["DOI"] == "10.1192/bjp.bp.115.171017"
    assert {"text", "start", "end", "refs", "problems"} <= set(data["citations"][0])


def test_parse_table_and_bibtex(run, seed):
    table = run("parse", seed("002"))
    assert table.exit_code == 0 and "3 references" in table.output
    bib = run("parse", seed("002"), "--format", "bibtex")
    assert len(bibtexparser.parse_string(bib.output).entries) == 3


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"\x00\xff\x00binary" * 20, "binary"),
], ids=["empty", "binary"])
def test_parse_bad_input_is_one_line_exit_2(run, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_build_writes_everything(run, tmp_path):
    out = tmp_path / "out"
    result = run("build", ARTICLES, "-o", out)
    assert result.exit_code == 0, result.output
    works = json.loads((out / "works.json").read_text())["works"]
    bib = bibtexparser.parse_string((out / "bibliography.bib").read_text())
    assert len(bib.entries) == len(works)
    assert len(json.loads((out / "bibliography.json").read_text())) == len(works)
    graph = nx.read_graphml(out / "graph.graphml")
    docs = [n for n, k in graph.nodes(data="kind") if k == "document"]
    assert len(docs) == 5
    with sqlite3.connect(out / "library.sqlite") as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 5
        assert con.execute("select count(*) from refs").fetchone()[0] == 23
    assert "# refgraph build report" in (out / "report.md").read_text()
    assert "offline" in result.output


def test_build_skips_bad_files_and_keeps_going(run, tmp_path, seed):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_bytes("Müller wrote.\n\nReferences\n1. Müller J. Über. 2019.\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    report = (tmp_path / "out" / "report.md").read_text()
    assert "empty.txt: the file is empty" in report
    assert "Windows-1252" in report
    with sqlite3.connect(tmp_path / "out" / "library.sqlite") as con:
        raws = [r for (r,) in con.execute("select raw from refs")]
    assert "Müller J. Über. 2019." in raws


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.mkdir()], ids=["missing", "empty-folder"])
def test_build_with_nothing_readable_exits_2(tmp_path, make):
    make(tmp_path / "x")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "x"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no readable articles" in result.output
    assert not (tmp_path / "out").exists()


def test_build_never_overwrites_an_input(tmp_path, seed):
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / "report.md"
    target.write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(folder)])
    assert result.exit_code == 2 and "is one of the inputs" in result.output
    assert target.read_bytes() == before


def test_console_script_runs_as_module():
    out = subprocess.run([sys.executable, "-m", "refgraph", "--help"], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert out.returncode == 0 and "refgraph build" in out.stdout
