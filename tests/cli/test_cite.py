"""`refgraph cite` through click's runner, on a real .bib file."""
from __future__ import annotations

import pytest
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


HOSTILE = r"""@article{evil2019, author={Smith, <img src=x onerror=alert(1)> and O'Neil & Sons},
  title={<script>alert(1)</script> Kinetics & more}, journal={J <b>Bad</b> Co},
  year=2019, volume={3<x>}, pages={1--2}, doi={10.1000/abc<script>}}
@book{plain2020, author={Jones, Ann}, title={A plain & simple book}, publisher={Press}, year=2020}
"""
ALLOWED_TAGS = {"div", "i", "b", "sup", "sub", "span", "u"}


def _tags_and_text(page: str) -> tuple[set[str], str]:
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        tags: set[str] = set()
        text = ""

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)

        def handle_data(self, data):
            self.text += data

    parser = Collect(convert_charrefs=True)
    parser.tags = set()
    parser.feed(page)
    return parser.tags, parser.text


def _hostile_library(tmp_path):
    bib = tmp_path / "evil.bib"
    bib.write_text(HOSTILE, encoding="utf-8")
    library = tmp_path / "lib.sqlite"
    assert CliRunner().invoke(cli, ["add", str(bib), "--library", str(library)]).exit_code == 0
    return bib, library


@pytest.mark.parametrize("style", ["apa", "ieee", "vancouver", "mla"])
@pytest.mark.parametrize("command", ["export", "cite"])
def test_html_output_escapes_the_data(tmp_path, command, style):
    """Titles, names, journals and DOIs are text in the page, never markup."""
    bib, library = _hostile_library(tmp_path)
    out = tmp_path / "refs.html"
    args = (["export", "--library", str(library), "-o", str(out)] if command == "export" else
            ["cite", "evil2019", "plain2020", "--library", str(bib)])
    result = CliRunner().invoke(cli, [*args, "--format", "html", "--style", style])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8") if command == "export" else result.stdout
    tags, text = _tags_and_text(page)
    assert tags <= ALLOWED_TAGS, tags
    assert "<script>alert(1)</script>" in text and "<b>Bad</b>" in text
    assert "& more" in text or "& More" in text  # one escaping, not two
    assert "&amp;" not in text
