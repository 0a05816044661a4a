"""The citation graph: documents and works as nodes, "cites" and "part-of" as edges.

Node and edge attributes are scalars so that GraphML and GEXF (which allow nothing else) carry
them; contexts are joined with a separator that cannot occur in a sentence we keep. The graph
is made from plain rows (a document's stem/title/path, a work's CSL-JSON item, an edge) so
that `build` (records in memory) and `load_graph` (rows from the SQLite library) give the same
graph.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
from rapidfuzz import fuzz

from refgraph.graph.names import CONTEXT_SEP
from refgraph.model import Mention, ParsedDocument, Work
from refgraph.text import fold

ARTICLE_ORIGIN = "article"
# A work is the same node as a corpus article only when the titles are nearly identical and
# long enough that a coincidence is unlikely ("Introduction" must never merge).
SAME_TITLE = 95.0
MIN_TITLE_WORDS = 4
MAX_BLOCK = 200


def doc_node(stem: str) -> str:
    return f"doc:{stem}"


def work_node(key: str) -> str:
    return f"work:{key}"


@dataclass(frozen=True)
class DocRow:
    """A corpus article as the graph needs it."""

    stem: str
    title: str = ""
    path: str = ""
    references: int = 0


class EdgeRow(NamedTuple):
    """A stored edge between two node ids (a NamedTuple: millions are read from a library, and
    a tuple is made in C, many times faster than a frozen dataclass)."""

    source: str
    target: str
    kind: str
    callouts: int = 0
    contexts: str = ""
    origin: str = ARTICLE_ORIGIN


def _names(people: list[dict] | None) -> list[str]:
    return [p.get("literal") or p.get("family") or "" for p in people or []]


def _year(item: dict) -> int:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    try:
        return int(parts[0][0]) if parts and parts[0] else 0
    except (TypeError, ValueError):
        return 0


def work_attrs(item: dict, key: str = "") -> dict:
    """Node attributes of a work from its CSL-JSON item (as stored in the library)."""
    people = _names(item.get("author")) or _names(item.get("editor"))
    year = _year(item)
    title = item.get("title") or ""
    shown = title or item.get("URL") or item.get("DOI") or key or item.get("id", "")
    label = " ".join(p for p in (people[0] if people else "", f"({year})" if year else "", shown[:80]) if p)
    return {"kind": "work", "label": label, "title": title, "year": year, "doi": item.get("DOI") or "",
            "url": item.get("URL") or "", "type": item.get("type") or "", "authors": "; ".join(people),
            "container": item.get("container-title") or ""}


def _norm(s: str) -> str:
    s = fold(s or "").replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def _title_keys(words: list[str]) -> tuple[str, str]:
    """Blocking keys: two titles 95% alike nearly always share their first or last three words."""
    return "^" + " ".join(words[:3]), "$" + " ".join(words[-3:])


def corpus_aliases(docs: Iterable[DocRow], works: dict[str, dict]) -> dict[str, str]:
    """{work key: document stem} for works that are articles of the corpus themselves.

    An identical normalised title is a match; a near-identical one is looked for only among
    the articles sharing a blocking key, and not at all in a block so crowded (a title that
    starts like hundreds of others) that fuzzy matching would be slow and unsafe."""
    exact: dict[str, str] = {}
    blocks: dict[str, list[str]] = {}
    for d in docs:
        title = _norm(d.title)
        if len(title.split()) >= MIN_TITLE_WORDS:
            exact.setdefault(title, d.stem)
            for key in _title_keys(title.split()):
                blocks.setdefault(key, []).append(title)
    out = {}
    for key, item in works.items():
        wt = _norm(item.get("title") or "")
        words = wt.split()
        if len(words) < MIN_TITLE_WORDS:
            continue
        if wt in exact:
            out[key] = exact[wt]
            continue
        for block in _title_keys(words):
            candidates = blocks.get(block, ())
            if len(candidates) > MAX_BLOCK:
                continue
            hit = next((c for c in candidates if abs(len(c) - len(wt)) <= len(wt) // 10
                        and fuzz.ratio(wt, c, score_cutoff=SAME_TITLE)), None)
            if hit:
                out[key] = exact[hit]
                break
    return out


def graph_from_rows(docs: Iterable[DocRow], works: dict[str, dict], edges: Iterable[EdgeRow | tuple]) -> nx.DiGraph:
    """The graph of documents, works (CSL items by key) and edges; works that are corpus
    articles are folded into the document's node.

    Nodes and edges are gathered in plain dicts first (repeated edges folded, citation counts
    summed) and handed to networkx in one bulk call each: a library holds millions of edges."""
    docs = list(docs)
    nodes: dict[str, dict] = {
        doc_node(d.stem): {"kind": "document", "label": d.title or d.stem, "title": d.title, "path": d.path,
                           "references": d.references}
        for d in docs}
    aliases = {work_node(k): doc_node(s) for k, s in corpus_aliases(docs, works).items()}
    for key, item in works.items():
        node = work_node(key)
        attrs = work_attrs(item, key)
        if node in aliases:  # keep the work's bibliographic fields on the document's node
            doc = nodes[aliases[node]]
            doc.update({k: v for k, v in attrs.items() if k not in ("kind", "label") and v})
            doc["work"] = key
        else:
            nodes.setdefault(node, {}).update(attrs)
    folded = _fold_edges(nodes, edges, aliases)
    g = nx.DiGraph()
    g.add_nodes_from(nodes.items())
    g.add_edges_from(_drain(folded))  # networkx copies each attribute dict: free ours as we go
    return g


def _drain(folded: dict[tuple[str, str], dict]):
    while folded:
        (s, t), attrs = folded.popitem()
        yield s, t, attrs


def _fold_edges(nodes: dict[str, dict], edges: Iterable[EdgeRow | tuple],
                aliases: dict[str, str]) -> dict[tuple[str, str], dict]:
    """Edges by (source, target), repeats folded into the first; `cited_by` counts on nodes."""
    for attrs in nodes.values():
        attrs["cited_by"] = attrs["cited_by_docs"] = 0
    folded: dict[tuple[str, str], dict] = {}
    for src, dst, kind, callouts, contexts, origin in edges:
        src, dst = aliases.get(src, src), aliases.get(dst, dst)
        if src == dst:
            continue
        for n in (src, dst):
            if n not in nodes:  # an edge to or from a node not in the tables: keep it, bare
                nodes[n] = {"kind": "work", "label": n, "cited_by": 0, "cited_by_docs": 0}
        edge = folded.get((src, dst))
        if edge is not None:
            _fold_into(edge, callouts, contexts, origin)
            continue
        folded[src, dst] = {"kind": kind, "callouts": callouts, "contexts": contexts, "origin": origin}
        if kind == "cites":
            target = nodes[dst]
            target["cited_by"] += 1
            if nodes[src]["kind"] == "document":
                target["cited_by_docs"] += 1
    return folded


def _fold_into(edge: dict, callouts: int, contexts: str, origin: str) -> None:
    edge["callouts"] += callouts
    edge["contexts"] = CONTEXT_SEP.join(filter(None, [edge["contexts"], contexts]))
    if origin not in edge["origin"].split(","):
        edge["origin"] += "," + origin


def add_edge(g: nx.DiGraph, src: str, dst: str, e: EdgeRow) -> None:
    """Add an edge, or fold it into an existing one (summing callouts, joining contexts)."""
    if src == dst:
        return
    if g.has_edge(src, dst):
        _fold_into(g.edges[src, dst], e.callouts, e.contexts, e.origin)
        return
    g.add_edge(src, dst, kind=e.kind, callouts=e.callouts, contexts=e.contexts, origin=e.origin)


def refresh_counts(g: nx.DiGraph) -> None:
    """`cited_by` (all citing nodes) and `cited_by_docs` (corpus articles) on every node."""
    kind = dict(g.nodes(data="kind"))
    cited: dict[str, int] = dict.fromkeys(g.nodes, 0)
    by_docs: dict[str, int] = dict.fromkeys(g.nodes, 0)
    for s, t, k in g.edges(data="kind"):
        if k == "cites":
            cited[t] += 1
            if kind[s] == "document":
                by_docs[t] += 1
    for n, attrs in g.nodes(data=True):
        attrs["cited_by"] = cited[n]
        attrs["cited_by_docs"] = by_docs[n]


def edge_rows(docs: list[ParsedDocument], works: list[Work], mentions: list[Mention]) -> list[EdgeRow]:
    """The article edges: each document cites the works its references became; chapters are
    part of their books."""
    by_mention = {m: w for w in works for m in w.mentions}
    rows = [EdgeRow(doc_node(m.document), work_node(by_mention[m.id].key), "cites", m.callouts,
                    CONTEXT_SEP.join(m.contexts)) for m in mentions]
    rows += [EdgeRow(work_node(w.key), work_node(w.part_of), "part-of") for w in works if w.part_of]
    return rows


def doc_rows(docs: list[ParsedDocument]) -> list[DocRow]:
    return [DocRow(d.document.stem, d.document.title, d.document.path, len(d.references)) for d in docs]


def build_graph(docs: list[ParsedDocument], works: list[Work], mentions: list[Mention]) -> nx.DiGraph:
    return graph_from_rows(doc_rows(docs), {w.key: w.to_json() for w in works}, edge_rows(docs, works, mentions))
