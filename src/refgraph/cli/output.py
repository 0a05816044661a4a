"""Formatting helpers shared by the commands."""
from __future__ import annotations

import json

import click


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def truncate(s: str, width: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= width else s[: width - 1] + "…"
