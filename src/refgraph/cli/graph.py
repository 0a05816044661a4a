"""`refgraph graph` (export, metrics) and `refgraph cites` / `refgraph cited-by` (quick questions)."""
from __future__ import annotations

from pathlib import Path

import click

from refgraph.cli.output import echo_json, truncate
from refgraph.graph.names import FORMATS, SOURCES

# refgraph.app.graph imports networkx, slow to import: it is loaded when a command runs (a cold
# `refgraph --help` lists this module's commands without it).

LIBRARY_HELP = "The SQLite library (`build -o DIR` writes DIR/library.sqlite); default: REFGRAPH_LIBRARY or config."


def _library_option(func):
    return click.option("--library", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help=LIBRARY_HELP)(func)


def _expand_options(func):
    for option in reversed((
        click.option("--depth", type=click.IntRange(0, 5), default=0, show_default=True,
                     help="Expand through open citation data this many steps from works with DOIs (0: no network)."),
        click.option("--budget", type=click.IntRange(1), default=1000, show_default=True,
                     help="At most this many works added by expansion."),
        click.option("--source", "sources", default="crossref", show_default=True,
                     help=f"Comma-separated expansion sources: {', '.join(SOURCES)}."),
        click.option("--cited-by", "with_citations", is_flag=True, help="Also add works that cite them."),
        click.option("--offline", is_flag=True, default=None, help="Expansion answers from the cache only."),
        click.option("--mailto", metavar="EMAIL", default=None, help="Your e-mail for the polite pools."),
    )):
        func = option(func)
    return func


def _options(library, depth=0, budget=1000, sources="crossref", with_citations=False, offline=None, mailto=None):
    from refgraph.app.graph import GraphOptions

    return GraphOptions(library, depth, budget, sources, with_citations, offline, mailto)


def _print_expansion(report) -> None:  # a graph.expand.ExpandReport, or None: not expanded
    if report is None:
        return
    click.echo(f"expanded: {report.nodes_added} works and {report.edges_added} edges added "
               f"({report.lookups} lookups)", err=True)
    for issue in report.issues[:20]:
        click.echo(f"note: {issue.message}", err=True)
    if len(report.issues) > 20:
        click.echo(f"note: ... and {len(report.issues) - 20} more", err=True)


@click.group("graph", invoke_without_command=True)
@_library_option
@_expand_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="graphml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (csv also writes NAME.nodes.csv beside it).")
@click.option("--metrics", "show_metrics", is_flag=True, help="Print the graph's metrics (as `graph metrics`).")
@click.pass_context
def graph_group(ctx, library, depth, budget, sources, with_citations, offline, mailto, fmt, output, show_metrics):
    """Export the citation graph of a library, optionally expanded through open citation data.

    \b
    Examples:
      refgraph graph --library out/library.sqlite --format html -o graph.html
      refgraph graph --library out/library.sqlite --depth 2 --budget 500 --format gexf -o g.gexf
      refgraph graph --library out/library.sqlite --metrics
      refgraph graph metrics --library out/library.sqlite --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    if output is None and not show_metrics:
        raise click.UsageError("give -o FILE (and --format), or --metrics")
    from refgraph.app.graph import graph_outputs

    run = graph_outputs(_options(library, depth, budget, sources, with_citations, offline, mailto), fmt, output,
                        show_metrics)
    _print_expansion(run.expanded)
    g, files = run.graph, run.files
    if output is not None:
        click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> "
                   + ", ".join(str(f) for f in files))
        if fmt == "html" and g.number_of_nodes() > 5000:
            click.echo("note: a page with over 5000 nodes is slow to draw; gexf (Gephi) suits big graphs", err=True)
    if run.metrics is not None:
        _print_metrics(run.metrics)


@graph_group.command("metrics")
@_library_option
@_expand_options
@click.option("--top", type=click.IntRange(1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def metrics_command(library, depth, budget, sources, with_citations, offline, mailto, top, fmt):
    """Most cited works, PageRank, co-citation, bibliographic coupling, components.

    \b
    Examples:
      refgraph graph metrics --library build/library.sqlite --top 5
    """
    from refgraph.app.graph import graph_metrics

    run = graph_metrics(_options(library, depth, budget, sources, with_citations, offline, mailto), top)
    _print_expansion(run.expanded)
    m = run.metrics
    if fmt == "json":
        echo_json(m.to_json())
    else:
        _print_metrics(m)


def _print_metrics(m) -> None:  # a graph.metrics.GraphMetrics
    click.echo(f"{m.documents} documents, {m.works} works, {m.cites} citations; "
               f"{len(m.components)} connected components (largest {m.components[0] if m.components else 0})")
    for title, rows, fmt in (("Most cited by the corpus", m.most_cited_in_corpus, "{:.0f}"),
                             ("Most cited overall", m.most_cited_overall, "{:.0f}"),
                             ("PageRank", m.pagerank, "{:.4f}")):
        click.echo(f"\n{title}:")
        for r in rows:
            click.echo(f"  {fmt.format(r.value):>7}  {truncate(r.label, 70):<70}  {r.node}")
    click.echo("\nCo-cited pairs (cited together by N articles):")
    for p in m.co_citation:
        click.echo(f"  {p.count:>3}  {p.a}  +  {p.b}")
    click.echo("\nBibliographic coupling (articles sharing N references):")
    for p in m.coupling:
        click.echo(f"  {p.count:>3}  {p.a}  +  {p.b}: {', '.join(p.shared[:5])}")
    if m.no_references:
        click.echo("\nArticles citing nothing (no reference list found): " + ", ".join(m.no_references))
    if m.no_doi:
        click.echo("Articles none of whose references has a DOI: " + ", ".join(m.no_doi))


def _print_neighbours(rows: list, node: str, label: str, verb: str, contexts: bool) -> None:
    """rows: graph.query.Neighbour records."""
    click.echo(f"{label} [{node}] {verb} {len(rows)}:")
    for r in rows:
        extra = f"  {r.callouts} callout(s)" if r.callouts else ""
        click.echo(f"  {truncate(r.label, 70):<70} {r.doi or r.node}{extra}"
                   + (f"  [{r.origin}]" if r.origin and r.origin != "article" else ""))
        if contexts:
            for c in r.contexts:
                click.echo(f"      “{truncate(c, 150)}”")


def _neighbours(work: str, library, fmt: str, direction: str) -> None:
    """What WORK cites, or who cites it: one query, two directions."""
    from refgraph.app.graph import neighbours

    found = neighbours(_options(library), work, direction)
    if fmt == "json":
        echo_json([r.__dict__ for r in found.rows])
    else:
        verb, contexts = ("cites", False) if direction == "cites" else ("is cited by", True)
        _print_neighbours(list(found.rows), found.node, found.label, verb, contexts)


@click.command("cites")
@click.argument("work")
@_library_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def cites_command(work, library, fmt):
    """What WORK cites. WORK = citation key, document stem, DOI or title words.

    \b
    Examples:
      refgraph cites 003_d3235739006794ff --library build/library.sqlite
    """
    _neighbours(work, library, fmt, "cites")


@click.command("cited-by")
@click.argument("work")
@_library_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def cited_by_command(work, library, fmt):
    """Who cites WORK, with the callouts and sentences. WORK = key, DOI or title words.

    \b
    Examples:
      refgraph cited-by scott2018improving --library build/library.sqlite
    """
    _neighbours(work, library, fmt, "cited-by")
