"""`refgraph resolve DOI...`: print the registered metadata of DOIs."""
from __future__ import annotations

import json
import sys

import click

from refgraph.cli.common import network_options, settings_from
from refgraph.model import Work
from refgraph.net.resolve import resolve_metadata
from refgraph.writers.bibtex import write_bibtex
from refgraph.writers.keys import assign_keys


@click.command("resolve")
@click.argument("dois", nargs=-1, required=True)
@network_options
@click.option("--format", "fmt", type=click.Choice(["csl-json", "bibtex"]), default="csl-json",
              show_default=True)
def command(dois, mailto, offline, fmt) -> None:
    """Print metadata for DOIS (Crossref, or the DOI's own agency). Exit 1 if any is not found.

    \b
    Examples:
      refgraph resolve 10.1192/bjp.bp.115.171017
      refgraph resolve 10.1192/bjp.bp.115.171017 10.1371/journal.pone.0033693 --format bibtex
      refgraph resolve https://doi.org/10.5281/zenodo.1234 --mailto you@example.org
    """
    settings = settings_from(mailto, offline)
    result = resolve_metadata(dois, settings)
    for doi, why in result.failures:
        click.echo(f"refgraph: {doi}: {why}", err=True)
    if fmt == "bibtex":
        refs = list(result.references)
        works = [Work(key, ref, ()) for key, ref in zip(assign_keys(refs), refs)]
        click.echo(write_bibtex(works), nl=False)
    else:
        items = [r.to_csl() for r in result.references]
        for item in items:
            item.pop("n", None)
            item.pop("raw", None)
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
    sys.exit(1 if result.failures else 0)
