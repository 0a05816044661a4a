"""`refgraph build`: articles in, bibliography + graph + library + report out."""
from __future__ import annotations

from pathlib import Path

import click

from refgraph.app.engine import SMALL_JOB, open_engine
from refgraph.app.inputs import count_inputs
from refgraph.cli.common import settings_from
from refgraph.cli.output import rate_progress


@click.command("build")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the outputs (created if missing).")
@click.option("--offline/--online", default=True, show_default=True,
              help="Online: resolve DOIs and discover missing ones through Crossref and doi.org "
                   "(cached, polite). Offline: no network at all.")
@click.option("--mailto", metavar="EMAIL", default=None,
              help="Your e-mail, sent to Crossref for its polite pool (or REFGRAPH_MAILTO).")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes that parse articles. Default: one process for fewer than "
                   f"{SMALL_JOB} articles, else all cores of this machine. The results are the same "
                   "for any number.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Parse on a Dask cluster: its scheduler's address (tcp://host:8786), or `local` for a "
                   "LocalCluster of --workers processes here. Also REFGRAPH_SCHEDULER or `scheduler` in the "
                   "config file. Needs `pip install 'refgraph[cluster]'`; workers must see the input files "
                   "at the same paths.")
def command(paths: tuple[str, ...], outdir: Path, offline: bool, mailto: str | None, workers: int | None,
            scheduler: str | None) -> None:
    """Build one deduplicated bibliography and citation graph from articles in PATHS.

    PATHS are article files, folders (searched recursively for .txt .md .html .pdf), glob
    patterns ('papers/**/*.pdf', quoted) or @FILE, a file listing one path per line (read
    as it is used: a million articles need no more memory than a thousand). Writes
    bibliography.bib, bibliography.json (CSL-JSON), works.json, graph.graphml, graph.json,
    graph.html (the graph as a page to open in a browser), library.sqlite and report.md into
    the output folder. It never replaces a file there that refgraph did not write, and the
    folder must not hold the input articles. It is `refgraph add` into OUTDIR/library.sqlite
    followed by an export: building again into the same folder keeps the works of earlier
    builds, their keys and your `refgraph works` decisions, and skips the articles already
    there unchanged, so a build that was stopped finishes where it stopped.

    \b
    Examples:
      refgraph build refs/articles -o build/
      refgraph build a.pdf b.md notes/ -o out/
      refgraph build @papers.txt -o out/ --workers 8
      refgraph build 'corpus/**/*.pdf' -o out/ --scheduler tcp://10.0.0.5:8786
      refgraph build refs/articles -o build/ --online --mailto you@example.org
    """
    from refgraph.app.build import build  # networkx, numpy, the writers: not for a cold `refgraph --help`

    settings = settings_from(mailto, None, scheduler=scheduler)
    total = count_inputs(paths)
    engine = open_engine(workers, settings.scheduler, n_items=total)
    with engine:
        if engine.workers > 1 or engine.dashboard:
            click.echo(f"parsing on {engine.describe}", err=True)
        if engine.dashboard:
            click.echo(f"Dask dashboard: {engine.dashboard}", err=True)
        with rate_progress("Parsing") as progress:
            result = build(paths, outdir, offline=offline, progress=progress,
                           settings=None if offline else settings, engine=engine, total=total)
    docs = result.documents
    refs = sum(d.references for d in docs)
    click.echo(f"{len(docs)} documents, {refs} references -> {len(result.works)} works "
               f"({refs - len(result.works)} duplicates merged), "
               f"{sum(d.callouts for d in docs)} callouts")
    for note in result.notes:
        click.echo(f"note: {note}")
    for issue in result.skipped:
        click.echo(f"skipped: {issue.message}", err=True)
    click.echo(f"wrote {len(result.files)} files to {result.outdir}/: open {result.outdir / 'graph.html'} "
               f"in a browser to explore the graph; {result.outdir / 'report.md'} says what was found")
