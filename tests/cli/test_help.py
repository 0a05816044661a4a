"""Every command's --help shows an example of itself (as sqlite-utils checks): a new command
without one fails here."""
import click
import pytest
from click.testing import CliRunner

from refgraph.cli import cli


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...]):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, click.Context(command, parent=ctx, info_name=name), (*path, name))


ALL = list(_commands(cli, click.Context(cli, info_name="refgraph"), ()))


def test_the_walk_finds_the_commands_and_subcommands():
    assert {("check",), ("resolve",), ("cites",), ("cited-by",), ("works", "split"), ("graph", "metrics")} <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) for p in ALL])
def test_every_command_help_has_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output, f"refgraph {' '.join(path)} --help shows no example"
    examples = result.output.split("Examples:", 1)[1]
    assert f"refgraph {' '.join(path)} " in examples, f"the examples of {' '.join(path)} do not use it"
