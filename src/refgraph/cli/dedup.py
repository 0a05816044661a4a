"""`refgraph dedup FILE.bib`: merge duplicate entries of an existing BibTeX file."""
from __future__ import annotations

from pathlib import Path

import click

from refgraph.cli.output import echo_json
from refgraph.errors import InputError
from refgraph.files import write_atomic


@click.command("dedup")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the merged BibTeX here (never over FILE). Without it nothing is written.")
@click.option("--check", is_flag=True, help="Only report; exit 1 when duplicates exist.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(file: Path, output: Path | None, check: bool, fmt: str) -> None:
    """Find duplicate entries in FILE (a .bib) and merge them field by field.

    The first entry of each group keeps its key, fields and comments; fields only the others
    have are added to it; the others are removed and their keys listed as a rewrite map
    (old -> kept) for your documents. Everything else stays byte for byte.

    \b
    Examples:
      refgraph dedup refs.bib                 # show the groups and the key rewrite map
      refgraph dedup refs.bib -o clean.bib    # write the merged file
      refgraph dedup refs.bib --check         # exit 1 if there are duplicates (CI)
      refgraph dedup refs.bib --format json
    """
    if output is not None and output.exists() and output.resolve() == file.resolve():
        raise InputError(f"{output}: is the input; choose another output file (refgraph never overwrites it)")
    from refgraph.app.dedup import dedup_file  # numpy, rapidfuzz: not for a cold --help

    result = dedup_file(file)
    for issue in result.issues:
        click.echo(f"{file}: {issue.message}", err=True)
    if fmt == "json":
        echo_json({"groups": [g.to_json() for g in result.groups], "rewrite": result.rewrite,
                   "entries": result.entries, "issues": [i.to_json() for i in result.issues]})
    else:
        for g in result.groups:
            click.echo(f"{g.key} <- {', '.join(g.merged)}")
            for why in g.why:
                click.echo(f"    {why}")
            if g.added:
                click.echo(f"    added fields: {', '.join(g.added)}")
            for conflict in g.conflicts:
                click.echo(f"    conflict: {conflict}")
        merged = sum(len(g.merged) for g in result.groups)
        click.echo(f"{result.entries} entries, {len(result.groups)} duplicate groups, {merged} entries merged away")
        if result.rewrite:
            click.echo("key rewrite map:")
            for old, new in result.rewrite.items():
                click.echo(f"  {old} -> {new}")
    if output is not None and not check:
        write_atomic(output, result.text, protected=[file])
        click.echo(f"wrote {output}", err=True)
    if check and result.groups:
        click.get_current_context().exit(1)
