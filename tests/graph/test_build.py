"""The graph of the seed corpus, the library round trip, and exports that load back."""
from __future__ import annotations

import csv
import json
import sqlite3

import networkx as nx
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from refgraph.errors import LibraryError
from refgraph.extract.crf import MODEL_NAME, data_dir
from refgraph.graph.build import DocRow, EdgeRow, graph_from_rows
from refgraph.graph.export import export_graph, nodes_csv_path
from refgraph.app.build import build
from refgraph.app.graph import load_graph
from tests.conftest import ARTICLES, GOLD


NO_MODEL = not (data_dir() / MODEL_NAME).is_file()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if NO_MODEL:
        pytest.skip(f"the parser model {data_dir() / MODEL_NAME} is not trained yet (python -m refgraph.extract.train)")
    out = tmp_path_factory.mktemp("build")
    build([ARTICLES], out)
    return out, load_graph(out / "library.sqlite")


def _gold() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(GOLD.glob("0*.json"))}


def test_seed_corpus_documents(built):
    _, g = built
    docs = {n for n, k in g.nodes(data="kind") if k == "document"}
    assert docs == {f"doc:{stem}" for stem in _gold()}
    assert all(g.nodes[n]["label"] for n in g.nodes)
    assert {k for _, _, k in g.edges(data="kind")} <= {"cites", "part-of"}


def test_library_graph_equals_built_graph(built):
    out, g = built
    again = nx.node_link_graph(json.loads((out / "graph.json").read_text()), edges="edges")
    assert set(again.nodes) == set(g.nodes) and set(again.edges) == set(g.edges)
    for s, t, d in g.edges(data=True):
        assert again.edges[s, t]["callouts"] == d["callouts"]


def _gold_callouts() -> dict[str, int]:
    """{mention id: number of gold callouts naming it}."""
    out = {}
    for stem, gold in _gold().items():
        for ref in gold["references"]:
            out[f"{stem}#{ref['n']}"] = sum(1 for c in gold["citations"] if ref["n"] in c["refs"])
    return out


def _work_of_mentions(out) -> dict[str, str]:
    works = json.loads((out / "works.json").read_text())
    works = works if isinstance(works, list) else works.get("works", [])
    return {m: w["id"] for w in works for m in w["mentions"]}


def test_callouts_equal_gold_links(built):
    out, g = built
    work_of = _work_of_mentions(out)
    for mention, n in _gold_callouts().items():
        stem = mention.split("#")[0]
        node = f"work:{work_of[mention]}"
        node = node if g.has_node(node) else next(x for x, w in g.nodes(data="work") if w == work_of[mention])
        assert g.edges[f"doc:{stem}", node]["callouts"] >= n, mention
    total = sum(d["callouts"] for _, _, d in g.edges(data=True) if d["kind"] == "cites")
    assert total == sum(_gold_callouts().values())


def test_industrialisation_of_care_is_one_node_with_two_citers_and_a_chapter(built):
    _, g = built
    book = [n for n, t in g.nodes(data="title") if t and t.lower().startswith("the industrialisation of care")]
    assert len(book) == 1
    citers = {s for s, _, k in g.in_edges(book[0], data="kind") if k == "cites"}
    assert citers == {"doc:000_c7c8872bf4338caa", "doc:003_d3235739006794ff"}
    parts = [s for s, _, k in g.in_edges(book[0], data="kind") if k == "part-of"]
    assert len(parts) == 1 and "mental health" in g.nodes[parts[0]]["title"].lower()


def test_work_that_is_a_corpus_article_is_one_node():
    docs = [DocRow("a", "Working in the therapy factory today", "a.txt", 1),
            DocRow("b", "Notes on IAPT and its critics", "b.txt", 2)]
    works = {"smith2020": {"title": "Working in the Therapy Factory Today", "DOI": "10.1/x", "type": "article"},
             "uber": {"title": "UberTherapy: working in the therapy factory today", "type": "book"}}
    edges = [EdgeRow("doc:b", "work:smith2020", "cites", 2, "As a said."), EdgeRow("doc:b", "work:uber", "cites", 1)]
    g = graph_from_rows(docs, works, edges)
    assert not g.has_node("work:smith2020") and g.has_node("work:uber")
    assert g.edges["doc:b", "doc:a"]["callouts"] == 2
    assert g.nodes["doc:a"]["kind"] == "document" and g.nodes["doc:a"]["doi"] == "10.1/x"
    assert g.nodes["doc:a"]["cited_by"] == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_load_back(built, tmp_path, fmt):
    _, g = built
    path = tmp_path / f"g.{fmt}"
    export_graph(g, fmt, path)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(back.nodes) == set(g.nodes) and set(back.edges) == set(g.edges)
    for n, d in g.nodes(data=True):
        assert back.nodes[n]["kind"] == d["kind"] and back.nodes[n]["label"] == d["label"]
    for s, t, d in g.edges(data=True):
        assert back.edges[s, t]["kind"] == d["kind"] and int(back.edges[s, t]["callouts"]) == d["callouts"]


def test_csv_dot_json_exports(built, tmp_path):
    _, g = built
    files = export_graph(g, "csv", tmp_path / "g.csv")
    assert files == [tmp_path / "g.csv", nodes_csv_path(tmp_path / "g.csv")]
    edges = list(csv.DictReader(open(files[0], encoding="utf-8")))
    nodes = list(csv.DictReader(open(files[1], encoding="utf-8")))
    assert len(edges) == g.number_of_edges() and len(nodes) == g.number_of_nodes()
    export_graph(g, "dot", tmp_path / "g.dot")
    dot = (tmp_path / "g.dot").read_text()
    assert dot.startswith("digraph") and dot.count(" -> ") == g.number_of_edges()
    export_graph(g, "json", tmp_path / "g.json")
    back = nx.node_link_graph(json.loads((tmp_path / "g.json").read_text()), edges="edges")
    assert set(back.edges) == set(g.edges)


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@hsettings(max_examples=60, deadline=None)
@given(title=text, context=text, key=st.text("abc<>&\"' \t", min_size=1, max_size=10))
def test_graphml_round_trips_any_text(tmp_path_factory, title, context, key):
    g = graph_from_rows([DocRow("d", "Doc", "d.txt")], {key: {"title": title}},
                        [EdgeRow("doc:d", f"work:{key}", "cites", 1, context)])
    path = tmp_path_factory.mktemp("rt") / "g.graphml"
    export_graph(g, "graphml", path)
    back = nx.read_graphml(path)
    keep = "".join(c for c in title if c in "\t\n\r" or (ord(c) >= 32 and c not in "\ufffe\uffff"))
    assert back.nodes[f"work:{key}"].get("title", "") == keep
    assert back.edges["doc:d", f"work:{key}"].get("contexts", "") == "".join(
        c for c in context if c in "\t\n\r" or (ord(c) >= 32 and c not in "\ufffe\uffff"))
    assert set(back.edges) == {("doc:d", f"work:{key}")}


def test_missing_and_corrupt_library(tmp_path):
    with pytest.raises(LibraryError, match="no such library"):
        load_graph(tmp_path / "nope.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LibraryError, match="not a refgraph library"):
        load_graph(bad)


def test_library_with_broken_work_json(built, tmp_path):
    out, _ = built
    copy = tmp_path / "lib.sqlite"
    copy.write_bytes((out / "library.sqlite").read_bytes())
    with sqlite3.connect(copy) as con:
        assert con.execute("UPDATE works SET csl = '{broken' WHERE rowid = (SELECT min(rowid) FROM works)").rowcount == 1
    with pytest.raises(LibraryError, match="not valid JSON"):
        load_graph(copy)


def test_edges_to_unknown_nodes_and_repeats_are_kept():
    """A library edge naming a node missing from its tables keeps a bare node; a repeated edge
    folds into one, summing callouts and joining contexts."""
    edges = [EdgeRow("doc:d", "work:gone", "cites", 1, "first"), EdgeRow("doc:d", "work:gone", "cites", 2, "second")]
    g = graph_from_rows([DocRow("d", "Doc")], {}, edges)
    assert g.nodes["work:gone"]["kind"] == "work" and g.nodes["work:gone"]["label"] == "work:gone"
    assert g.edges["doc:d", "work:gone"]["callouts"] == 3
    assert g.edges["doc:d", "work:gone"]["contexts"] == "first ¶ second"
    assert g.nodes["work:gone"]["cited_by"] == 1 and g.nodes["work:gone"]["cited_by_docs"] == 1
