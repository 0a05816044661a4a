"""Inputs that scale: files, folders, glob patterns and lists of paths, read lazily.

A folder of a million articles or a list file of a million lines is walked as it is consumed,
in a fixed order (the order of `sorted(folder.rglob("*"))`, one folder at a time), so that the
client never holds the corpus's paths and every run sees the documents in the same order.
A path that cannot be used becomes an Issue in the stream, where it was met.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from refgraph.errors import InputError
from refgraph.files import MARKER
from refgraph.ingest import ARTICLE_SUFFIXES
from refgraph.model import Issue

LIST_PREFIX = "@"  # `@papers.txt`: a file naming one article (or folder, or pattern) per line
_GLOB_CHARS = frozenset("*?[")


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Issue]:
    """Article files named, found under folders, matched by patterns or listed in @files."""
    for given in paths:
        text = str(given)
        if text.startswith(LIST_PREFIX) and len(text) > 1:
            yield from _listed(Path(text[1:]))
        else:
            yield from _one(Path(text))


def _one(p: Path) -> Iterator[Path | Issue]:
    if p.is_dir():
        found = False
        for f in walk_articles(p):
            found = found or isinstance(f, Path)
            yield f
        if (p / MARKER).is_file():
            yield Issue("skipped", f"{p}: is a refgraph output folder; its files are not articles")
        elif not found:
            yield Issue("skipped", f"{p}: no articles ({', '.join(_suffix_names())}) in this folder")
    elif p.is_file():
        yield p
    elif _GLOB_CHARS.intersection(str(p)):
        matches = sorted(glob.iglob(str(p), recursive=True))
        if not matches:
            yield Issue("skipped", f"{p}: no file matches this pattern")
        for m in matches:
            yield from _one(Path(m))
    else:
        yield Issue("skipped", f"{p}: no such file or folder")


def _suffix_names() -> list[str]:
    return [s for s in (".txt", ".md", ".html", ".pdf") if s in ARTICLE_SUFFIXES]


def _listed(listing: Path) -> Iterator[Path | Issue]:
    """The paths named in a list file, one per line (blank lines and `#` comments ignored),
    relative to the current folder like any path on the command line."""
    try:
        fh = open(listing, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{listing}: cannot read this list of paths ({exc.strerror}); check the name "
                         f"after {LIST_PREFIX}") from exc
    with fh:
        try:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    yield from _one(Path(line))
        except UnicodeDecodeError as exc:
            raise InputError(f"{listing}: a list of paths must be UTF-8 text ({exc.reason})") from exc


def walk_articles(root: Path) -> Iterator[Path | Issue]:
    """Article files under root in sorted-path order, holding one folder's entries at a time;
    hidden names and refgraph's own output folders (they hold a marker) left out, and a folder
    that cannot be read an Issue, not a silent gap."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Issue("skipped", f"{root}: cannot read this folder ({exc.strerror}); its articles were left out")
        return
    if any(e.name == MARKER for e in entries):
        return  # a build's outputs (report.md, graph.html) are not articles
    for e in entries:
        if e.name.startswith("."):
            continue
        if e.is_dir(follow_symlinks=False):
            yield from walk_articles(Path(e.path))
        elif e.is_file() and os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES:
            yield Path(e.path)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many article files the inputs name (one cheap pass, for progress and worker count)."""
    return sum(1 for x in iter_inputs(paths) if isinstance(x, Path))
