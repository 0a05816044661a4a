"""`refgraph graph`, `graph metrics`, `cites`, `cited-by`: the citation graph of a library.

Each command is one call here: the graph is read from the library through the store, expanded
through open citation data when asked, then exported, measured or queried.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from refgraph import store
from refgraph.config import Settings, load_settings
from refgraph.errors import InputError
from refgraph.graph.build import DocRow, graph_from_rows
from refgraph.graph.expand import ExpandReport, expand_graph, make_sources
from refgraph.graph.export import export_graph
from refgraph.graph.metrics import GraphMetrics, compute_metrics
from refgraph.graph.names import SOURCES
from refgraph.graph.query import Neighbour, cited_by, cites, resolve_node
from refgraph.net.http import make_session


@dataclass(frozen=True)
class GraphRequest:
    """How to make the graph of a library: load it, then optionally expand it."""

    library: Path
    depth: int = 0
    budget: int = 1000
    sources: tuple[str, ...] = ("crossref",)
    cited_by: bool = False


@dataclass(frozen=True)
class GraphOptions:
    """The graph commands' options as given (library None: the configured one)."""

    library: Path | None = None
    depth: int = 0
    budget: int = 1000
    sources: str = "crossref"
    with_citations: bool = False
    offline: bool | None = None
    mailto: str | None = None


@dataclass(frozen=True)
class GraphRun:
    """A graph made for a command, what expansion added (None: no expansion) and what was written."""

    graph: nx.DiGraph
    expanded: ExpandReport | None
    files: tuple[Path, ...] = ()
    metrics: GraphMetrics | None = None


@dataclass(frozen=True)
class Neighbours:
    """A node, its label and the works it cites (or that cite it)."""

    node: str
    label: str
    rows: tuple[Neighbour, ...]


def load_graph(path: Path, documents: Collection[str] | None = None, works: Collection[str] | None = None) \
        -> nx.DiGraph:
    """The citation graph of a library file, as `build` made it (see graph.graph_from_rows);
    with `documents` and `works`, only those (store.graph_rows)."""
    with store.graph_rows(path, documents, works) as (docs, works, edges):
        return graph_from_rows([DocRow(*d) for d in docs], works, edges)  # streams the edges while the file is open


def library_graph(request: GraphRequest, settings: Settings) -> tuple[nx.DiGraph, ExpandReport | None]:
    """(graph, ExpandReport | None): the library's graph, expanded when depth > 0."""
    g = load_graph(request.library)
    if request.depth <= 0:
        return g, None
    session = make_session(settings)
    try:
        report = expand_graph(g, make_sources(request.sources, session, settings), request.depth,
                              request.budget, request.cited_by)
    finally:
        session.close()
    return g, report


def _settings(options: GraphOptions) -> Settings:
    library = str(options.library) if options.library else None
    return load_settings(library=library, mailto=options.mailto, offline=options.offline or None)


def _load(options: GraphOptions) -> tuple[nx.DiGraph, ExpandReport | None]:
    settings = _settings(options)
    names = tuple(s.strip() for s in options.sources.split(",") if s.strip())
    unknown = [s for s in names if s not in SOURCES]
    if unknown:
        raise InputError(f"unknown --source {', '.join(unknown)}; choose from {', '.join(SOURCES)}")
    request = GraphRequest(settings.library_path, options.depth, options.budget, names, options.with_citations)
    return library_graph(request, settings)


def graph_outputs(options: GraphOptions, fmt: str, output: Path | None, metrics: bool = False,
                  top: int = 10) -> GraphRun:
    """`refgraph graph`: the library's graph written to `output` in `fmt` (never over the
    library), and its metrics when asked."""
    g, report = _load(options)
    files: Iterable[Path] = ()
    if output is not None:
        files = export_graph(g, fmt, output, protected=[_settings(options).library_path])
    return GraphRun(g, report, tuple(files), compute_metrics(g, top) if metrics else None)


def graph_metrics(options: GraphOptions, top: int = 10) -> GraphRun:
    """`refgraph graph metrics`: the most cited works, PageRank, co-citation, coupling, components."""
    g, report = _load(options)
    return GraphRun(g, report, (), compute_metrics(g, top))


def neighbours(options: GraphOptions, work: str, direction: str) -> Neighbours:
    """`refgraph cites` / `cited-by`: what WORK cites, or who cites it (one query, two directions)."""
    g, _ = _load(options)
    node = resolve_node(g, work)
    rows = cites(g, node) if direction == "cites" else cited_by(g, node)
    return Neighbours(node, g.nodes[node].get("label", node), tuple(rows))
