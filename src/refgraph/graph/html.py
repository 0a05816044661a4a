"""The interactive page: one self-contained HTML file with the graph drawn by Cytoscape.js.

The library is inlined from package data (src/refgraph/data/cytoscape/, see its README for the
version and how to refresh it), and so is the graph as JSON, so the page opens without a
network. Text from articles reaches the page only as JSON data rendered with textContent, so a
hostile title cannot inject markup.
"""
from __future__ import annotations

import html
import json
import math
from importlib import resources
from typing import TextIO

import networkx as nx

CYTOSCAPE_VERSION = "3.34.4"
NODE_FIELDS = ("kind", "label", "title", "authors", "year", "doi", "url", "type", "container", "path",
               "cited_by", "cited_by_docs")


def _data_file(name: str) -> str:
    return resources.files("refgraph").joinpath("data", *name.split("/")).read_text(encoding="utf-8")


def page_data(g: nx.DiGraph) -> dict:
    """Nodes and edges as Cytoscape element data: node size grows with citations."""
    most = max((d.get("cited_by", 0) for _, d in g.nodes(data=True)), default=0) or 1
    nodes = []
    for n, d in g.nodes(data=True):
        item = {"id": n, **{k: d[k] for k in NODE_FIELDS if d.get(k) not in (None, "")}}
        item["short"] = str(d.get("label", n))[:40]
        size = math.sqrt(d.get("cited_by", 0) / most)
        item["size"] = round(max(size, 0.35) if d.get("kind") == "document" else size, 3)
        item["expanded"] = int(d.get("origin", "article") != "article")
        nodes.append(item)
    edges = [{"id": f"e{i}", "source": s, "target": t, "kind": d.get("kind", "cites"),
              "callouts": d.get("callouts", 0), "contexts": d.get("contexts", ""), "origin": d.get("origin", "")}
             for i, (s, t, d) in enumerate(g.edges(data=True))]
    return {"nodes": nodes, "edges": edges}


def _script_json(value) -> str:
    """JSON safe inside a <script> element (no '</script>', no '<!--')."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def write_html(g: nx.DiGraph, fh: TextIO, title: str = "refgraph: citation graph") -> None:
    template = _data_file("graph_page.html").replace("__TITLE__", html.escape(title)).replace(
        "__CYTOSCAPE_VERSION__", CYTOSCAPE_VERSION)
    head, rest = template.split("__DATA__", 1)
    middle, tail = rest.split("__CYTOSCAPE__", 1)
    fh.write(head)
    fh.write(_script_json(page_data(g)))
    fh.write(middle)
    fh.write(_data_file("cytoscape/cytoscape.min.js"))
    fh.write(tail)
