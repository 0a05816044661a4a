"""Metrics on a small graph whose answers can be worked out by hand."""
from __future__ import annotations

import pytest

from refgraph.graph.build import DocRow, EdgeRow, graph_from_rows
from refgraph.graph.metrics import co_citation, compute_metrics, coupling, most_cited, pagerank

# d1 cites A, B, C; d2 cites A, B; d3 cites C; d4 cites nothing; A cites B (found by expansion);
# chapter X is part of book B (not a citation).
DOCS = [DocRow("d1", "First"), DocRow("d2", "Second"), DocRow("d3", "Third"), DocRow("d4", "Fourth")]
WORKS = {"A": {"title": "Alpha", "DOI": "10.1/a"}, "B": {"title": "Beta", "type": "book"},
         "C": {"title": "Gamma"}, "X": {"title": "Chapter", "type": "chapter"}}
EDGES = [EdgeRow("doc:d1", "work:A", "cites", 2), EdgeRow("doc:d1", "work:B", "cites", 1),
         EdgeRow("doc:d1", "work:C", "cites", 1), EdgeRow("doc:d2", "work:A", "cites", 1),
         EdgeRow("doc:d2", "work:B", "cites", 3), EdgeRow("doc:d3", "work:C", "cites", 1),
         EdgeRow("work:A", "work:B", "cites", 0, "", "crossref"), EdgeRow("work:X", "work:B", "part-of")]


@pytest.fixture
def g():
    return graph_from_rows(DOCS, WORKS, EDGES)


def test_most_cited(g):
    in_corpus = {r.node: r.value for r in most_cited(g, corpus_only=True)}
    overall = {r.node: r.value for r in most_cited(g, corpus_only=False)}
    assert in_corpus == {"work:A": 2, "work:B": 2, "work:C": 2}
    assert overall["work:B"] == 3 and overall["work:A"] == 2
    assert most_cited(g, top=1, corpus_only=False)[0].node == "work:B"


def test_pagerank_ranks_the_most_cited_first(g):
    ranks = pagerank(g)
    assert ranks[0].node == "work:B"
    assert pytest.approx(sum(r.value for r in pagerank(g, top=100)), abs=1e-3) == 1.0


def test_co_citation_and_coupling(g):
    pairs = {(p.a, p.b): p.count for p in co_citation(g)}
    assert pairs[("work:A", "work:B")] == 2 and pairs[("work:A", "work:C")] == 1
    assert co_citation(g)[0].a == "work:A" and co_citation(g)[0].b == "work:B"
    coupled = {(p.a, p.b): (p.count, p.shared) for p in coupling(g)}
    assert coupled[("doc:d1", "doc:d2")] == (2, ("work:A", "work:B"))
    assert coupled[("doc:d1", "doc:d3")] == (1, ("work:C",))
    assert ("doc:d2", "doc:d3") not in coupled


def test_summary(g):
    m = compute_metrics(g)
    assert (m.documents, m.works, m.cites) == (4, 4, 7)
    assert m.no_references == ("doc:d4",)
    assert m.no_doi == ("doc:d3",)  # d3 cites only C, which has no DOI
    assert m.components == (7, 1)  # everything but the lonely d4 hangs together
    data = m.to_json()
    assert data["components"] == {"count": 2, "sizes": [7, 1]}
    assert data["bibliographic_coupling"][0]["shared"] == ["work:A", "work:B"]


def test_empty_graph():
    m = compute_metrics(graph_from_rows([], {}, []))
    assert (m.documents, m.works, m.cites, m.pagerank, m.components) == (0, 0, 0, (), ())
