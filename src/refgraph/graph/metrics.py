"""What a corpus rests on: most cited works, PageRank, co-citation, bibliographic coupling,
articles with nothing resolved, and the connected pieces of the graph.

Counts are over "cites" edges only ("part-of" links a chapter to its book; it is not a citation).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import networkx as nx


@dataclass(frozen=True)
class Ranked:
    node: str
    label: str
    value: float


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    count: int
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphMetrics:
    documents: int
    works: int
    cites: int
    most_cited_in_corpus: tuple[Ranked, ...]
    most_cited_overall: tuple[Ranked, ...]
    pagerank: tuple[Ranked, ...]
    co_citation: tuple[Pair, ...]
    coupling: tuple[Pair, ...]
    no_references: tuple[str, ...]
    no_doi: tuple[str, ...]
    components: tuple[int, ...]

    def to_json(self) -> dict:
        def ranked(rs):
            return [{"node": r.node, "label": r.label, "value": r.value} for r in rs]

        def pairs(ps):
            return [{"a": p.a, "b": p.b, "count": p.count, "shared": list(p.shared)} for p in ps]

        return {"documents": self.documents, "works": self.works, "cites": self.cites,
                "most_cited_in_corpus": ranked(self.most_cited_in_corpus),
                "most_cited_overall": ranked(self.most_cited_overall), "pagerank": ranked(self.pagerank),
                "co_citation": pairs(self.co_citation), "bibliographic_coupling": pairs(self.coupling),
                "documents_without_references": list(self.no_references),
                "documents_without_doi_references": list(self.no_doi),
                "components": {"count": len(self.components), "sizes": list(self.components)}}


def cites_view(g: nx.DiGraph) -> nx.DiGraph:
    return nx.subgraph_view(g, filter_edge=lambda s, t: g.edges[s, t].get("kind") == "cites")


def _label(g: nx.DiGraph, n: str) -> str:
    return str(g.nodes[n].get("label", n))


def _top(g: nx.DiGraph, scores: dict[str, float], top: int) -> tuple[Ranked, ...]:
    best = sorted(((v, n) for n, v in scores.items() if v), key=lambda x: (-x[0], x[1]))[:top]
    return tuple(Ranked(n, _label(g, n), v) for v, n in best)


def documents(g: nx.DiGraph) -> list[str]:
    return [n for n, k in g.nodes(data="kind") if k == "document"]


def most_cited(g: nx.DiGraph, top: int = 10, corpus_only: bool = True) -> tuple[Ranked, ...]:
    """Nodes by the number of citing nodes (corpus articles only, or any citing node)."""
    c = cites_view(g)
    scores = {n: float(sum(1 for s in c.predecessors(n) if not corpus_only or g.nodes[s].get("kind") == "document"))
              for n in g.nodes}
    return _top(g, scores, top)


def pagerank(g: nx.DiGraph, top: int = 10) -> tuple[Ranked, ...]:
    c = cites_view(g)
    if c.number_of_edges() == 0:
        return ()
    scores = nx.pagerank(c)
    return tuple(Ranked(r.node, r.label, round(r.value, 6)) for r in _top(g, scores, top))


def co_citation(g: nx.DiGraph, top: int = 10) -> tuple[Pair, ...]:
    """Pairs of works cited together by the same article, by how many articles do so."""
    c = cites_view(g)
    counts: Counter = Counter()
    for d in documents(g):
        counts.update(combinations(sorted(c.successors(d)), 2))
    best = sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:top]
    return tuple(Pair(a, b, n) for (a, b), n in best)


def coupling(g: nx.DiGraph, top: int = 10) -> tuple[Pair, ...]:
    """Pairs of corpus articles that share references (bibliographic coupling)."""
    c = cites_view(g)
    refs = {d: set(c.successors(d)) for d in documents(g)}
    citing: dict[str, list[str]] = {}
    for d, targets in refs.items():
        for t in targets:
            citing.setdefault(t, []).append(d)
    counts: Counter = Counter()
    for ds in citing.values():
        counts.update(combinations(sorted(ds), 2))
    best = sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:top]
    return tuple(Pair(a, b, n, tuple(sorted(refs[a] & refs[b]))) for (a, b), n in best)


def unresolved_documents(g: nx.DiGraph) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(articles citing nothing, articles none of whose cited works has a DOI)."""
    c = cites_view(g)
    none, no_doi = [], []
    for d in documents(g):
        cited = list(c.successors(d))
        if not cited:
            none.append(d)
        elif not any(g.nodes[t].get("doi") for t in cited):
            no_doi.append(d)
    return tuple(none), tuple(no_doi)


def compute_metrics(g: nx.DiGraph, top: int = 10) -> GraphMetrics:
    none, no_doi = unresolved_documents(g)
    kinds = Counter(k for _, k in g.nodes(data="kind"))
    return GraphMetrics(
        documents=kinds.get("document", 0), works=kinds.get("work", 0),
        cites=sum(1 for _, _, k in g.edges(data="kind") if k == "cites"),
        most_cited_in_corpus=most_cited(g, top, corpus_only=True),
        most_cited_overall=most_cited(g, top, corpus_only=False),
        pagerank=pagerank(g, top), co_citation=co_citation(g, top), coupling=coupling(g, top),
        no_references=none, no_doi=no_doi,
        components=tuple(sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)))
