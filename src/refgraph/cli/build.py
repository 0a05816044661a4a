"""`refgraph build`: articles in, bibliography + graph + library + report out."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from refgraph.pipeline import build


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the outputs (created if missing).")
@click.option("--offline/--online", default=True, show_default=True,
              help="Offline: no network at all. (Online resolution arrives with `refgraph check`.)")
def command(paths: tuple[Path, ...], outdir: Path, offline: bool) -> None:
    """Build one deduplicated bibliography and citation graph from articles in PATHS.

    PATHS are article files or folders (searched recursively for .txt .md .html .pdf).
    Writes bibliography.bib, bibliography.json (CSL-JSON), works.json, graph.graphml,
    graph.json, library.sqlite and report.md into the output folder.

    \b
    Examples:
      refgraph build refs/articles -o build/
      refgraph build a.pdf b.md notes/ -o out/
    """
    bar = None

    def progress(path: Path, index: int, total: int) -> None:
        nonlocal bar
        if bar is None and total > 1:
            bar = click.progressbar(length=total, label="Parsing", file=sys.stderr,
                                    show_pos=True, item_show_func=lambda p: p and p.name)
            bar.__enter__()
        if bar is not None:
            bar.update(1, path)

    try:
        result = build(paths, outdir, offline=offline, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    docs = result.documents
    refs = sum(len(d.references) for d in docs)
    click.echo(f"{len(docs)} documents, {refs} references -> {len(result.works)} works "
               f"({refs - len(result.works)} duplicates merged), "
               f"{sum(len(d.citations) for d in docs)} callouts")
    for note in result.notes:
        click.echo(f"note: {note}")
    for issue in result.skipped:
        click.echo(f"skipped: {issue.message}", err=True)
    click.echo(f"wrote {len(result.files)} files to {result.outdir}/ (see report.md)")
