"""`refgraph resolve DOI...`: print the registered metadata of DOIs."""
from __future__ import annotations

import sys

import click

from refgraph.app.resolve import metadata_of
from refgraph.cli.common import network_options, settings_from


@click.command("resolve")
@click.argument("dois", nargs=-1, required=True)
@network_options
@click.option("--format", "fmt", type=click.Choice(["csl-json", "bibtex"]), default="csl-json",
              show_default=True)
def command(dois, mailto, offline, fmt) -> None:
    """Print metadata for DOIS (Crossref, or the DOI's own agency). Exit 1 if any is not found.

    \b
    Examples:
      refgraph resolve 10.1371/journal.pone.0115069
      refgraph resolve doi.org/10.1038/nature12373 --format bibtex
    """
    settings = settings_from(mailto, offline)
    result = metadata_of(dois, settings, fmt)
    for doi, why in result.failures:
        click.echo(f"refgraph: {doi}: {why}", err=True)
    click.echo(result.text, nl=False)
    sys.exit(1 if result.failures else 0)
