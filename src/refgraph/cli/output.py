"""Formatting helpers shared by the commands."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def truncate(s: str, width: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= width else s[: width - 1] + "…"


@contextmanager
def file_progress(label: str) -> Iterator:
    """A progress callback (path, index, total) drawing a bar on stderr, only for a terminal
    and more than one file, so scripts and logs get no bar noise."""
    bar = None

    def update(path: Path, index: int, total: int) -> None:
        nonlocal bar
        if bar is None and total > 1 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                    item_show_func=lambda p: p and p.name)
            bar.__enter__()
        if bar is not None:
            bar.update(1, path)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@contextmanager
def count_progress(label: str, minimum: int = 2000) -> Iterator:
    """A progress callback (done, total) drawing a bar on stderr, only for a terminal and at
    least `minimum` items (smaller jobs finish before a bar would help)."""
    bar = None
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None and total >= minimum and sys.stderr.isatty():
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            bar.__enter__()
        if bar is not None:
            bar.update(done - shown)
            shown = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
