"""The `refgraph` command line: a click group; one module per command (group).

Only this package prints or exits. Program errors (RefgraphError) become one line on stderr and
the error's exit code, never a traceback.
"""
from __future__ import annotations

import sys

import click

from refgraph import __version__
from refgraph.errors import RefgraphError


class RefgraphGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RefgraphError as exc:
            click.echo(f"refgraph: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("refgraph: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=RefgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refgraph")
def cli() -> None:
    """refgraph: reference lists in, one clean bibliography and a citation graph out.

    \b
    Examples:
      refgraph parse article.txt                 # the references of one article
      refgraph parse article.md --format json    # the same, for scripts
      refgraph build refs/articles -o build/     # bibliography, graph, library, report
      refgraph lint drafts/                      # callouts vs references, before publication
    """


def _register() -> None:
    from refgraph.cli import build, check, cite, dedup, graph, library, lint, parse, resolve

    for module in (parse, build, lint, check, resolve, dedup, cite):
        cli.add_command(module.command)
    graph.register(cli)
    for command in library.commands:
        cli.add_command(command)


_register()


def main() -> None:
    try:
        cli(prog_name="refgraph")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
