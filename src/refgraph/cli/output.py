"""Formatting helpers shared by the commands."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def truncate(s: str, width: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= width else s[: width - 1] + "…"


@contextmanager
def _lazy_bar(label: str, show: Callable[[int], bool], **options) -> Iterator:
    """A callback (steps, total, item) that opens a progress bar on stderr the first time
    show(total) holds on a terminal, and advances it; scripts and logs get no bar noise."""
    bar = None

    def advance(steps: int, total: int, item=None) -> None:
        nonlocal bar
        if bar is None and show(total) and sys.stderr.isatty():
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, **options)
            bar.__enter__()
        if bar is not None:
            bar.update(steps, item)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@contextmanager
def file_progress(label: str) -> Iterator:
    """A progress callback (path, index, total) for more than one file."""
    with _lazy_bar(label, lambda total: total > 1, item_show_func=lambda p: p and p.name) as advance:
        yield lambda path, index, total: advance(1, total, path)


@contextmanager
def count_progress(label: str, minimum: int = 2000) -> Iterator:
    """A progress callback (done, total) for at least `minimum` items (smaller jobs finish
    before a bar would help)."""
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal shown
        advance(done - shown, total)
        shown = done

    with _lazy_bar(label, lambda total: total >= minimum) as advance:
        yield update


@contextmanager
def rate_progress(label: str, unit: str = "docs", minimum: int = 2) -> Iterator:
    """A progress callback (done, total): done/total, rate and ETA on a terminal, for at least
    `minimum` items."""
    import time

    started = time.monotonic()
    shown = 0

    def rate(_item) -> str:
        elapsed = time.monotonic() - started
        return f"{shown / elapsed:,.1f} {unit}/s" if elapsed > 0 and shown else ""

    def update(done: int, total: int) -> None:
        nonlocal shown
        step, shown = done - shown, done
        advance(step, total)

    with _lazy_bar(label, lambda total: total >= minimum, item_show_func=rate, show_eta=True) as advance:
        yield update
