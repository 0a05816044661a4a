"""The `refgraph` command group. Each command lives in its own module and calls one library
function; this package is the only place that prints or exits."""
from __future__ import annotations

import click

from refgraph import __version__


@click.group()
@click.version_option(__version__, prog_name="refgraph")
def main() -> None:
    """refgraph: reference lists in, one clean bibliography and a citation graph out."""


def _register() -> None:
    from refgraph.cli.check import check
    from refgraph.cli.resolve import resolve
    main.add_command(check)
    main.add_command(resolve)


_register()
