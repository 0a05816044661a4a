"""`refgraph cite` through click's runner, on a real .bib file."""
from __future__ import annotations

from click.testing import CliRunner

from refgraph.cli import cli

BIB = r"""@article{scott2018, author={Scott, M. J.}, title={Improving access -- reform}, journal={Journal of Health Psychology},
  year=2018, volume=23, pages={1136--1147}}
@book{bare, title={Only a title}}
"""


def test_cite_prints_citation_and_reference(tmp_path):
    lib = tmp_path / "refs.bib"
    lib.write_text(BIB, encoding="utf-8")
    result = CliRunner().invoke(cli, ["cite", "scott2018", "bare", "nokey", "--style", "apa", "--library", str(lib)])
    assert result.exit_code == 0, result.output
    assert "(Scott, 2018)" in result.output
    assert "Scott, M. J. (2018). Improving access – reform. Journal of Health Psychology, 23, 1136–1147." in result.output
    assert "nokey: no work with this key" in result.output
    assert "bare: no author or editor, publisher, issued" in result.output


def test_cite_with_a_style_file_that_is_not_xml(tmp_path):
    lib = tmp_path / "refs.bib"
    lib.write_text(BIB, encoding="utf-8")
    bad = tmp_path / "bad.csl"
    bad.write_text("this is { not xml", encoding="utf-8")
    result = CliRunner().invoke(cli, ["cite", "scott2018", "--style", str(bad), "--library", str(lib)])
    assert result.exit_code == 2
    assert "bad.csl: not a CSL style (XML error at line 1" in result.output
