"""Quick questions at the terminal: which node is WORK, what does it cite, what cites it.

WORK is a citation key (or node id), a DOI in any common spelling, or words of the title; a
question that names several works is answered with the candidates, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from refgraph.errors import InputError
from refgraph.graph.build import CONTEXT_SEP
from refgraph.ids import normalize_doi


@dataclass(frozen=True)
class Neighbour:
    node: str
    kind: str
    label: str
    doi: str
    callouts: int
    contexts: tuple[str, ...]
    origin: str


def _words(s: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in (s or "").casefold()).split()


def find_nodes(g: nx.DiGraph, query: str) -> list[str]:
    """Nodes named by a key/node id, a DOI, or (all of) the given title words."""
    q = query.strip()
    for candidate in (q, f"work:{q}", f"doc:{q}"):
        if g.has_node(candidate):
            return [candidate]
    doi = normalize_doi(q)
    if doi:
        hits = [n for n, d in g.nodes(data="doi") if d and d.lower() == doi]
        if hits:
            return hits
    words = _words(q)
    if not words:
        return []
    out = []
    for n, d in g.nodes(data=True):
        have = set(_words(" ".join(str(d.get(k, "")) for k in ("title", "label", "authors"))))
        if all(w in have for w in words):
            out.append(n)
    return out


def resolve_node(g: nx.DiGraph, query: str) -> str:
    hits = find_nodes(g, query)
    if not hits:
        raise InputError(f"no document or work matches {query!r}; try a citation key, a DOI or other title words")
    if len(hits) > 1:
        names = "; ".join(f"{n} ({g.nodes[n].get('label', '')[:50]})" for n in hits[:6])
        raise InputError(f"{len(hits)} nodes match {query!r}: {names}{' ...' if len(hits) > 6 else ''}; "
                         f"give the key (first column) instead")
    return hits[0]


def _neighbour(g: nx.DiGraph, node: str, edge: dict) -> Neighbour:
    d = g.nodes[node]
    return Neighbour(node, d.get("kind", ""), str(d.get("label", node)), d.get("doi", ""),
                     edge.get("callouts", 0), tuple(c for c in edge.get("contexts", "").split(CONTEXT_SEP) if c),
                     edge.get("origin", ""))


def cites(g: nx.DiGraph, node: str) -> list[Neighbour]:
    """What node cites (its references), most called-out first."""
    out = [_neighbour(g, t, e) for _, t, e in g.out_edges(node, data=True) if e.get("kind") == "cites"]
    return sorted(out, key=lambda n: (-n.callouts, n.label))


def cited_by(g: nx.DiGraph, node: str) -> list[Neighbour]:
    """Who cites node, with the callouts and the sentences they cite it in."""
    out = [_neighbour(g, s, e) for s, _, e in g.in_edges(node, data=True) if e.get("kind") == "cites"]
    return sorted(out, key=lambda n: (-n.callouts, n.label))
