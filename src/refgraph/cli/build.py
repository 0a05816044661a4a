"""`refgraph build`: articles in, bibliography + graph + library + report out."""
from __future__ import annotations

from pathlib import Path

import click

from refgraph.cli.common import settings_from
from refgraph.cli.output import file_progress


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the outputs (created if missing).")
@click.option("--offline/--online", default=True, show_default=True,
              help="Online: resolve DOIs and discover missing ones through Crossref and doi.org "
                   "(cached, polite). Offline: no network at all.")
@click.option("--mailto", metavar="EMAIL", default=None,
              help="Your e-mail, sent to Crossref for its polite pool (or REFGRAPH_MAILTO).")
def command(paths: tuple[Path, ...], outdir: Path, offline: bool, mailto: str | None) -> None:
    """Build one deduplicated bibliography and citation graph from articles in PATHS.

    PATHS are article files or folders (searched recursively for .txt .md .html .pdf).
    Writes bibliography.bib, bibliography.json (CSL-JSON), works.json, graph.graphml,
    graph.json, graph.html (the graph as a page to open in a browser), library.sqlite and
    report.md into the output folder. It never replaces a file there that refgraph did not
    write, and the folder must not hold the input articles. It is `refgraph add`
    into OUTDIR/library.sqlite followed by an export: building again into the same folder
    keeps the works of earlier builds, their keys and your `refgraph works` decisions.

    \b
    Examples:
      refgraph build refs/articles -o build/
      refgraph build a.pdf b.md notes/ -o out/
      refgraph build refs/articles -o build/ --online --mailto you@example.org
    """
    from refgraph.app.build import build  # networkx, numpy, the writers: not for a cold `refgraph --help`

    settings = None if offline else settings_from(mailto, None)
    with file_progress("Parsing") as progress:
        result = build(paths, outdir, offline=offline, progress=progress, settings=settings)
    docs = result.documents
    refs = sum(len(d.references) for d in docs)
    click.echo(f"{len(docs)} documents, {refs} references -> {len(result.works)} works "
               f"({refs - len(result.works)} duplicates merged), "
               f"{sum(len(d.citations) for d in docs)} callouts")
    for note in result.notes:
        click.echo(f"note: {note}")
    for issue in result.skipped:
        click.echo(f"skipped: {issue.message}", err=True)
    click.echo(f"wrote {len(result.files)} files to {result.outdir}/: open {result.outdir / 'graph.html'} "
               f"in a browser to explore the graph; {result.outdir / 'report.md'} says what was found")
