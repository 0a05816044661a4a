"""The `refgraph` command line: a click group; one module per command (group).

Only this package prints or exits. Program errors (RefgraphError) become one line on stderr and
the error's exit code, never a traceback.
"""
from __future__ import annotations

import importlib
import logging
import sys

import click

from refgraph import __version__
from refgraph.errors import RefgraphError


# Command name -> (module, attribute). Commands are imported only when run (or listed by
# --help), so `refgraph parse` never pays for the network stack, numpy or citeproc.
_COMMANDS = {
    "parse": ("parse", "command"), "build": ("build", "command"), "lint": ("lint", "command"),
    "check": ("check", "command"), "resolve": ("resolve", "command"), "dedup": ("dedup", "command"),
    "cite": ("cite", "command"), "graph": ("graph", "graph_group"), "cites": ("graph", "cites_command"),
    "cited-by": ("graph", "cited_by_command"), "add": ("library", "add_command"),
    "export": ("library", "export_command"), "works": ("library", "works_group"),
}


class RefgraphGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in _COMMANDS:
            module, attr = _COMMANDS[name]
            self.add_command(getattr(importlib.import_module(f"refgraph.cli.{module}"), attr), name)
        return super().get_command(ctx, name)

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
    _quiet_third_parties()


def _quiet_third_parties() -> None:
    """Libraries' log records and warnings never reach the user's terminal: what matters of them
    comes back as our Issues and errors. (Python prints unhandled log records and warnings to
    stderr; a handler on the root logger that drops them, and warnings routed to logging, stop it.)"""
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())
    logging.captureWarnings(True)


def main() -> None:
    try:
        cli(prog_name="refgraph")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
