"""Inputs are walked lazily, in the order of sorted paths, from folders, patterns and @lists."""
from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.app.inputs import count_inputs, iter_inputs, walk_articles
from refgraph.errors import InputError
from refgraph.model import Issue


@pytest.fixture
def tree(tmp_path) -> Path:
    for rel in ["b.txt", "a.md", "a/z.html", "a/y.pdf", "a.b/c.txt", "A/x.txt", ".hidden/h.txt", "c/.h.txt",
                "c/notes.docx", "c/d/e/deep.txt", "empty/.keep"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    return tmp_path


def test_walk_is_sorted_rglob_without_hidden(tree):
    from refgraph.ingest import ARTICLE_SUFFIXES

    expected = sorted(f for f in tree.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                      and not any(part.startswith(".") for part in f.relative_to(tree).parts))
    assert list(walk_articles(tree)) == expected
    (tree / "c" / ".refgraph-outputs.json").write_text("{}", encoding="utf-8")  # a build's output folder
    assert list(walk_articles(tree)) == [f for f in expected if "c" not in f.relative_to(tree).parts[:1]]
    assert tree / "c" / "d" / "e" / "deep.txt" in expected


def test_walk_is_lazy(tree):
    walk = walk_articles(tree)
    assert next(walk) == tree / "A" / "x.txt"  # the first file, before the rest is listed


def test_list_file_patterns_and_missing_paths(tree, monkeypatch):
    monkeypatch.chdir(tree)
    (tree / "list.txt").write_text("# my corpus\nb.txt\n\na\nnope.txt\n", encoding="utf-8")
    got = list(iter_inputs(["@list.txt", "c/**/*.txt", "none/*.pdf", "empty"]))
    paths = [p for p in got if isinstance(p, Path)]
    issues = [i.message for i in got if isinstance(i, Issue)]
    assert paths == [Path("b.txt"), Path("a/y.pdf"), Path("a/z.html"), Path("c/d/e/deep.txt")]
    assert issues == ["nope.txt: no such file or folder", "none/*.pdf: no file matches this pattern",
                      "empty: no articles (.txt, .md, .html, .pdf) in this folder"]
    assert count_inputs(["@list.txt"]) == 3


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00bad"], ids=["missing", "not-utf8"])
def test_an_unreadable_list_is_a_clear_error(tmp_path, content):
    listing = tmp_path / "list.txt"
    if content is not None:
        listing.write_bytes(content)
    with pytest.raises(InputError, match="list.txt"):
        list(iter_inputs([f"@{listing}"]))
