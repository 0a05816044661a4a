"""`refgraph parse --lines FILE [--format xml|json|table|bibtex]`."""
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.extract.dataset import write_dataset

LINES = [
    "Friedli L, Stearn R. Positive affect as coercive strategy. *Medical Humanities* 2015; 41(1): 40–47.",
    "Scott, M.J. (2018). Improving access – the need for radical reform.Journal of Health Psychology, 23, "
    "1136–1147. https://doi.org/10.1177/1359105318755264",
    "Dalal (2018) CBT: The Cognitive Behavioural Tsunami. Published by Routledge, Abingdon, UK.",
]


@pytest.fixture
def lines_file(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text("\n".join(LINES[:2]) + "\n\n" + LINES[2] + "\n", encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)


def test_xml_keeps_every_token_of_every_line_in_order(lines_file):
    result = run("parse", "--lines", lines_file, "--format", "xml")
    assert result.exit_code == 0
    seqs = list(ET.fromstring(result.output.encode()).iter("sequence"))
    assert len(seqs) == 3
    for seq, line in zip(seqs, LINES):
        assert " ".join((child.text or "") for child in seq).split() == line.split()


def test_json_gives_one_record_per_line(lines_file):
    data = json.loads(run("parse", "--lines", lines_file, "--format", "json").output)
    refs = data["references"]
    assert [r["n"] for r in refs] == [1, 2, 3]
    assert refs[0]["container-title"] == "Medical Humanities" and refs[0]["issue"] == "1"
    assert refs[1]["DOI"] == "10.1177/1359105318755264"
    assert refs[2]["publisher"] == "Routledge" and refs[2]["type"] == "book"


def test_table_and_bibtex(lines_file):
    assert "Friedli" in run("parse", "--lines", lines_file).output
    assert "@" in run("parse", "--lines", lines_file, "--format", "bibtex").output


def test_xml_without_lines_is_a_usage_error(lines_file):
    assert run("parse", lines_file, "--format", "xml").exit_code == 2


@pytest.mark.parametrize("content, code", [(b"", 2), (b"\x00\x01\x02\xff" * 100, 2)], ids=["empty", "binary"])
def test_bad_lines_files_fail_clearly(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("parse", "--lines", path, "--format", "xml")
    assert result.exit_code == code and "refgraph: error:" in result.output


def test_write_dataset_escapes_and_groups_runs():
    xml = write_dataset([[("A", "author"), ("&", "author"), ("<T>", "title")], []])
    root = ET.fromstring(xml.encode())
    seqs = list(root.iter("sequence"))
    assert [(c.tag, c.text) for c in seqs[0]] == [("author", "A &"), ("title", "<T>")]
    assert list(seqs[1]) == []
