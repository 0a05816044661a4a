"""Expansion through open citation data, against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import gzip
import json

import networkx as nx
import pytest
import yaml

from refgraph.graph.build import DocRow, EdgeRow, graph_from_rows
from refgraph.graph.expand import (CrossrefSource, OpenAlexSource, OpenCitationsSource, expand_graph,
                                   make_sources)
from refgraph.net.http import make_session


# A small citation network: A cites B and C; B cites D; C cites E and F; D cites G.
NETWORK = {"10.1000/a": ["10.1000/b", "10.1000/c"], "10.1000/b": ["10.1000/d"],
           "10.1000/c": ["10.1000/e", "10.1000/f"], "10.1000/d": ["10.1000/g"],
           "10.1000/e": [], "10.1000/f": [], "10.1000/g": []}


def crossref_record(doi: str, cited: list[str]) -> dict:
    """A Crossref /works answer shaped like the recorded one (habanero test_works_with_one_id)."""
    return {"status": "ok", "message-type": "work", "message": {
        "DOI": doi, "title": [f"Work {doi[-1].upper()}"], "issued": {"date-parts": [[2000 + ord(doi[-1]) - 96]]},
        "author": [{"given": "Ann", "family": f"Author{doi[-1].upper()}", "sequence": "first"}],
        "reference": [{"key": f"ref{i}", "DOI": c.upper(), "article-title": f"Work {c[-1].upper()}"}
                      for i, c in enumerate(cited, 1)] + [{"key": "nodoi", "unstructured": "A reference without DOI"}]}}


def seed_graph(doi: str = "10.1000/a") -> nx.DiGraph:
    works = {"a2000": {"type": "article-journal", "title": "Work A", "DOI": doi, "issued": {"date-parts": [[2000]]}}}
    return graph_from_rows([DocRow("paper", "My paper", "paper.txt", 1)], works,
                           [EdgeRow("doc:paper", "work:a2000", "cites", 3, "As shown by A.")])


def serve_network(server, network=NETWORK):
    for doi, cited in network.items():
        server.expect_request(f"/works/{doi}").respond_with_json(crossref_record(doi, cited))


def test_depth_two_follows_references_and_stops(server, settings):
    serve_network(server)
    g = seed_graph()
    with make_session(settings) as session:
        report = expand_graph(g, make_sources(["crossref"], session, settings), depth=2, budget=100)
    added = {d for _, d in g.nodes(data="doi") if d} - {"10.1000/a"}
    assert added == {"10.1000/b", "10.1000/c", "10.1000/d", "10.1000/e", "10.1000/f"}
    assert g.has_edge("work:a2000", "work:doi:10.1000/b") and g.has_edge("work:doi:10.1000/b", "work:doi:10.1000/d")
    assert not any(d == "10.1000/g" for _, d in g.nodes(data="doi"))  # depth 3
    assert g.edges["work:doi:10.1000/c", "work:doi:10.1000/f"]["origin"] == "crossref"
    assert g.nodes["work:doi:10.1000/b"]["title"] == "Work B"  # described by its own record
    assert g.nodes["work:doi:10.1000/b"]["authors"] == "AuthorB"
    assert (report.nodes_added, report.edges_added, report.lookups) == (5, 5, 3)
    assert g.edges["doc:paper", "work:a2000"]["callouts"] == 3  # article edges untouched


def test_budget_caps_new_nodes(server, settings):
    serve_network(server)
    g = seed_graph()
    with make_session(settings) as session:
        report = expand_graph(g, make_sources(["crossref"], session, settings), depth=2, budget=3)
    assert report.nodes_added == 3
    assert sum(1 for _, o in g.nodes(data="origin") if o == "crossref") == 3
    assert report.budget_hit and any(i.kind == "budget" for i in report.issues)


def test_second_run_is_served_from_the_cache(server, settings):
    serve_network(server)
    with make_session(settings) as session:
        first = seed_graph()
        expand_graph(first, make_sources(["crossref"], session, settings), depth=2, budget=100)
    sent = len(server.log)
    assert sent == 3
    with make_session(settings) as session:
        second = seed_graph()
        expand_graph(second, make_sources(["crossref"], session, settings), depth=2, budget=100)
    assert len(server.log) == sent  # nothing new reached the server
    assert nx.utils.edges_equal(first.edges, second.edges)


def test_offline_without_cache_gives_issues_not_errors(server, settings):
    from dataclasses import replace

    offline = replace(settings, offline=True)
    g = seed_graph()
    with make_session(offline) as session:
        report = expand_graph(g, make_sources(["crossref"], session, offline), depth=1)
    assert report.nodes_added == 0 and len(server.log) == 0
    assert any("offline" in i.message for i in report.issues)


@pytest.mark.parametrize("body,content_type", [
    ("{not json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    ("\x00\xff binary", "application/octet-stream"),
], ids=["broken-json", "wrong-shape", "binary"])
def test_bad_answers_become_issues(server, settings, body, content_type):
    server.expect_request("/works/10.1000/a").respond_with_data(body, content_type=content_type)
    g = seed_graph()
    with make_session(settings) as session:
        report = expand_graph(g, make_sources(["crossref"], session, settings), depth=2)
    assert report.nodes_added == 0 and report.issues
    assert g.number_of_nodes() == 2


def test_server_error_and_unknown_doi(server, settings):
    server.expect_request("/works/10.1000/a").respond_with_data("Resource not found.", status=404)
    g = seed_graph()
    with make_session(settings) as session:
        report = expand_graph(g, make_sources(["crossref"], session, settings), depth=1)
    assert report.nodes_added == 0 and report.issues == []  # an unknown DOI is not a problem


def _habanero_body(shared) -> bytes:
    cassette = shared("fixtures", "http", "habanero/test/cassettes/test-works/test_works_with_one_id.yaml")
    body = yaml.safe_load(cassette.read_text())["interactions"][0]["response"]["body"]["string"]
    return gzip.decompress(body) if isinstance(body, bytes) else body.encode()


def test_recorded_crossref_reference_list(server, settings, shared):
    body = _habanero_body(shared)
    message = json.loads(body)["message"]
    with_doi = {r["DOI"].lower() for r in message["reference"] if r.get("DOI")}
    server.expect_request("/works/10.1371/journal.pone.0033693").respond_with_data(body, content_type="application/json")
    with make_session(settings) as session:
        answer = CrossrefSource(session, settings).references("10.1371/journal.pone.0033693")
    assert {f.doi for f in answer.works} == with_doi
    assert answer.about.title.startswith("Methylphenidate Exposure")
    assert answer.about.year == message["issued"]["date-parts"][0][0]


def test_opencitations_v2_and_v1_rows(server, settings):
    v2 = [{"oci": "x", "citing": "omid:br/061 doi:10.1000/a pmid:1", "cited": "omid:br/062 doi:10.1000/Z",
           "creation": "2020", "timespan": "P1Y", "journal_sc": "no", "author_sc": "no"},
          {"oci": "y", "citing": "omid:br/061 doi:10.1000/a", "cited": "omid:br/063 pmid:5"}]
    server.expect_request("/references/doi:10.1000/a").respond_with_json(v2)
    server.expect_request("/citations/doi:10.1000/a").respond_with_json(
        [{"citing": "10.2000/citer", "cited": "10.1000/a"}])  # v1 shape: bare DOIs
    g = seed_graph()
    with make_session(settings) as session:
        report = expand_graph(g, [OpenCitationsSource(session, settings)], depth=1, cited_by=True)
    assert g.has_edge("work:a2000", "work:doi:10.1000/z")
    assert g.has_edge("work:doi:10.2000/citer", "work:a2000")
    assert g.edges["work:doi:10.2000/citer", "work:a2000"]["origin"] == "opencitations"
    assert report.nodes_added == 2


def test_openalex_references_and_citations(server, settings, shared):
    path = shared("fixtures", "http", "openalex-python/tests/fixtures/data/W2741809807.json")
    work = json.loads(path.read_text())
    refs = [w.rsplit("/", 1)[-1] for w in work["referenced_works"]]
    server.expect_request("/works/doi:10.7717/peerj.4375").respond_with_json(work)
    listing = [{"id": f"https://openalex.org/{w}", "doi": f"https://doi.org/10.9/{w.lower()}" if i % 2 else None,
                "display_name": f"Title {w}", "publication_year": 2010} for i, w in enumerate(refs)]
    for start in range(0, len(refs), 50):
        server.expect_request("/works", query_string={
            "filter": "openalex:" + "|".join(refs[start:start + 50]),
            "select": "id,doi,display_name,publication_year,authorships", "per-page": "200",
            "mailto": settings.mailto}).respond_with_json({"results": listing[start:start + 50]})
    cites = {"filter": "cites:W2741809807", "select": "id,doi,display_name,publication_year,authorships",
             "per-page": "200", "mailto": settings.mailto}
    server.expect_request("/works", query_string={**cites, "cursor": "*"}).respond_with_json(
        {"meta": {"next_cursor": "Ij1"},
         "results": [{"id": "https://openalex.org/W1", "doi": "https://doi.org/10.5/citer", "display_name": "Citer",
                      "publication_year": 2020, "authorships": [{"author": {"display_name": "Bo Chen"}}]}]})
    server.expect_request("/works", query_string={**cites, "cursor": "Ij1"}).respond_with_json(
        {"meta": {"next_cursor": "Ij2"}, "results": [{"id": "https://openalex.org/W2", "doi": None,
                                                      "display_name": "Second page", "publication_year": 2021}]})
    server.expect_request("/works", query_string={**cites, "cursor": "Ij2"}).respond_with_json(
        {"meta": {"next_cursor": None}, "results": []})
    g = seed_graph("10.7717/peerj.4375")
    with make_session(settings) as session:
        report = expand_graph(g, [OpenAlexSource(session, settings)], depth=1, budget=1000, cited_by=True)
    assert report.nodes_added == len(refs) + 2  # both pages of citing works
    assert g.has_edge("work:openalex:W2", "work:a2000")
    assert g.out_degree("work:a2000") == len(refs)
    assert g.has_node(f"work:openalex:{refs[0]}")  # no DOI: kept under its OpenAlex id
    assert g.nodes["work:doi:10.5/citer"]["authors"] == "Bo Chen"
    assert g.has_edge("work:doi:10.5/citer", "work:a2000")


def test_openalex_cited_by_paging_stops_at_max_pages(server, settings):
    """A server whose cursor never ends does not keep the expansion fetching forever."""
    server.expect_request("/works/doi:10.1000/a").respond_with_json(
        {"id": "https://openalex.org/W9", "doi": "https://doi.org/10.1000/a", "display_name": "A"})
    for cursor in ("*", "again"):
        server.expect_request("/works", query_string={
            "filter": "cites:W9", "select": "id,doi,display_name,publication_year,authorships", "per-page": "200",
            "mailto": settings.mailto, "cursor": cursor}).respond_with_json(
            {"meta": {"next_cursor": "again"},
             "results": [{"id": "https://openalex.org/W1", "doi": "https://doi.org/10.5/citer", "display_name": "C"}]})
    with make_session(settings) as session:
        source = OpenAlexSource(session, settings, max_pages=3)
        got = source.citations("10.1000/a")
    assert len(got.works) == 3  # one per page, three pages, then it stops
    assert len([r for r, _ in server.log if r.path == "/works"]) == 2  # the repeated page came from the cache
