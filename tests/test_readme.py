"""The README tells the truth about the tree and the CLI: its Layout names every module under
src/refgraph, and every command's --help shows an example (as sqlite-utils checks its own)."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from refgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "refgraph"


def layout_entries(readme: str) -> dict[str, str]:
    """The Layout block's entries (`model.py`, `extract/` ...) with their whole description."""
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    entries: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        top = re.match(r"  (\S+)", line)
        if top:
            current = top.group(1)
            entries[current] = line
        elif current:
            entries[current] += "\n" + line
    return entries


def modules() -> list[str]:
    """Every module under src/refgraph but the packages' __init__.py, as `dir/name.py`."""
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def missing_from(entries: dict[str, str], module: str) -> bool:
    folder, _, name = module.rpartition("/")
    if not folder:
        return module not in entries
    text = entries.get(folder.split("/")[0] + "/", "")
    return re.search(rf"(?<![\w.]){re.escape(name)}\b", text) is None


def test_readme_layout_names_every_module():
    entries = layout_entries((ROOT / "README.md").read_text(encoding="utf-8"))
    assert [m for m in modules() if missing_from(entries, m)] == []


@pytest.mark.parametrize(("module", "missing"), [
    ("model.py", False), ("nowhere.py", True), ("extract/split.py", False), ("extract/splits.py", True),
    ("net/split.py", True),
], ids=["top-level", "unknown-top", "in-package", "near-name", "other-package"])
def test_layout_check_can_fail(module, missing):
    entries = {"model.py": "  model.py  records", "extract/": "  extract/  sections.py, split.py",
               "net/": "  net/  http.py"}
    assert missing_from(entries, module) is missing


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    ctx = click.Context(group)
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out += commands(command, (*prefix, name))
    return out


@pytest.mark.parametrize("argv", commands(), ids=" ".join)
def test_every_command_help_has_an_example(argv):
    result = CliRunner().invoke(cli, [*argv, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\s*Examples?:\s*$", result.output, re.M), f"refgraph {' '.join(argv)} --help has no example"
    assert re.search(r"^\s+refgraph ", result.output, re.M)
