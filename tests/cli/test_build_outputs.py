"""What `build -o OUT` writes, and what it never touches: files of the user's in OUT, inputs."""
import os
import stat

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from tests.conftest import ARTICLES


def build(*args):
    return CliRunner().invoke(cli, ["build", *map(str, args)])


@pytest.fixture
def articles(tmp_path, seed):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "one.txt").write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_build_writes_the_graph_page_and_says_what_to_open(tmp_path):
    out = tmp_path / "out"
    result = build(ARTICLES, "-o", out)
    assert result.exit_code == 0, result.output
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>") and "cytoscape" in page.lower()
    assert all(f'"doc:{p.stem}"' in page for p in ARTICLES.glob("*.txt"))  # every article drawn
    assert f"open {out / 'graph.html'}" in result.output


@pytest.mark.parametrize("name, content", [
    ("report.md", b"\x00\x01\x02 my binary notes \xff" * 10),  # skipped as binary, so not an input
    ("bibliography.bib", b"@book{mine, title={My own}}\n"),
], ids=["binary-report", "users-bib"])
def test_build_into_the_input_folder_replaces_nothing(articles, name, content):
    (articles / name).write_bytes(content)
    result = build(articles, "-o", articles)
    assert result.exit_code == 2
    assert "holds the input" in result.output
    assert (articles / name).read_bytes() == content
    assert not (articles / "library.sqlite").exists()


@pytest.mark.parametrize("name", ["report.md", "bibliography.bib", "graph.html"])
def test_a_users_file_in_the_output_folder_is_never_replaced(articles, tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_text("mine\n")
    result = build(articles, "-o", out)
    assert result.exit_code == 2 and "not written by refgraph" in result.output
    assert (out / name).read_text() == "mine\n"
    assert not (out / "library.sqlite").exists() and not (out / "works.json").exists()


def test_building_again_replaces_refgraph_outputs_but_not_edited_ones(articles, tmp_path):
    out = tmp_path / "out"
    assert build(articles, "-o", out).exit_code == 0
    assert build(articles, "-o", out).exit_code == 0  # our own outputs: replaced
    (out / "bibliography.bib").write_text("% my edits\n", encoding="utf-8")
    result = build(articles, "-o", out)
    assert result.exit_code == 2 and "changed since refgraph wrote it" in result.output
    assert (out / "bibliography.bib").read_text(encoding="utf-8") == "% my edits\n"


def test_an_output_folder_is_not_read_as_articles(articles):
    """`build . -o build/`: the next build must not read build/report.md or graph.html."""
    out = articles / "build"
    assert build(articles, "-o", out).exit_code == 0
    again = build(articles, "-o", out)
    assert again.exit_code == 0, again.output
    assert again.output.startswith("1 documents")


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX permissions")
def test_an_unreadable_subfolder_is_reported(articles, tmp_path):
    """A folder the user cannot read is named in the output, not silently left out. (Root reads
    everything: as root, the build runs without its capabilities, through setpriv.)"""
    import shutil
    import subprocess
    import sys

    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a folder unreadable")
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"]
    locked = articles / "locked"
    locked.mkdir()
    (locked / "two.txt").write_text("x")
    locked.chmod(0)
    try:
        done = subprocess.run([*prefix, sys.executable, "-m", "refgraph", "build", str(articles),
                               "-o", str(tmp_path / "out")], capture_output=True, text=True)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert f"{locked}: cannot read this folder" in done.stderr


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_outputs_get_their_mode_from_the_umask(articles, tmp_path, umask):
    old = os.umask(umask)
    try:
        assert build(articles, "-o", tmp_path / "out").exit_code == 0
    finally:
        os.umask(old)
    for name in ("bibliography.bib", "report.md", "graph.html", "works.json"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o666 & ~umask, name


def test_names_with_line_breaks_and_escapes_stay_one_visible_line_in_the_report(articles, tmp_path, seed):
    odd = articles / "evil\nname\x1b[31m\u202e.txt"
    odd.write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    (articles / "skip\nme\x07.txt").write_bytes(b"")  # skipped (empty): its name is in the report too
    result = build(articles, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert not any(c in report for c in "\x1b\x07\u202e\r")
    [row] = [ln for ln in report.splitlines() if ln.startswith("| evil")]
    assert row.startswith("| evil name\\x1b[31m\\u202e |")
    assert any(ln.startswith("- ") and "skip me\\x07.txt: the file is empty" in ln for ln in report.splitlines())
