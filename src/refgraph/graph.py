"""The citation graph: documents and works as nodes, "cites" and "part-of" as edges.

Node and edge attributes are scalars so that GraphML and GEXF (which allow nothing else) carry
them; contexts are joined with a separator that cannot occur in a sentence we keep.
"""
from __future__ import annotations

import json

import networkx as nx

from refgraph.model import Mention, ParsedDocument, Work

CONTEXT_SEP = " ¶ "


def doc_node(stem: str) -> str:
    return f"doc:{stem}"


def work_node(key: str) -> str:
    return f"work:{key}"


def work_label(work: Work) -> str:
    ref = work.reference
    people = ref.authors or ref.editors
    who = (people[0].literal or people[0].family) if people else ""
    title = ref.title or ref.url or ref.doi or work.key
    return " ".join(p for p in (who, f"({ref.year})" if ref.year else "", title[:80]) if p)


def build_graph(docs: list[ParsedDocument], works: list[Work], mentions: list[Mention]) -> nx.DiGraph:
    g = nx.DiGraph()
    by_mention = {m: w for w in works for m in w.mentions}
    for d in docs:
        g.add_node(doc_node(d.document.stem), kind="document", label=d.document.title or d.document.stem,
                   path=d.document.path, references=len(d.references))
    for w in works:
        ref = w.reference
        g.add_node(work_node(w.key), kind="work", label=work_label(w), title=ref.title, year=ref.year or 0,
                   doi=ref.doi, type=ref.type, authors="; ".join(a.literal or a.family for a in ref.authors))
    for m in mentions:
        work = by_mention[m.id]
        src, dst = doc_node(m.document), work_node(work.key)
        if g.has_edge(src, dst):
            edge = g.edges[src, dst]
            edge["callouts"] += m.callouts
            edge["contexts"] = CONTEXT_SEP.join(filter(None, [edge["contexts"], *m.contexts]))
        else:
            g.add_edge(src, dst, kind="cites", callouts=m.callouts, contexts=CONTEXT_SEP.join(m.contexts))
    for w in works:
        if w.part_of:
            g.add_edge(work_node(w.key), work_node(w.part_of), kind="part-of", callouts=0, contexts="")
    for n in g.nodes:
        g.nodes[n]["cited_by"] = sum(1 for _, _, k in g.in_edges(n, data="kind") if k == "cites")
    return g


def graph_to_json(g: nx.DiGraph) -> str:
    data = nx.node_link_data(g, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def graph_to_graphml(g: nx.DiGraph) -> str:
    return "\n".join(nx.generate_graphml(g)) + "\n"
