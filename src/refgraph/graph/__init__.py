"""The citation graph: build (records or library rows -> networkx), expand (open citation data),
metrics, and exports (GraphML, GEXF, DOT, JSON, CSV, HTML).

Names are loaded on first use (PEP 562), so importing `refgraph.graph.names` or this package
does not import networkx."""
from refgraph.graph.names import CONTEXT_SEP, FORMATS, SOURCES

_LAZY = {"DocRow": "build", "EdgeRow": "build", "build_graph": "build", "doc_node": "build",
         "graph_from_rows": "build", "work_node": "build", "export_graph": "export",
         "graph_to_graphml": "export", "graph_to_json": "export"}

__all__ = ["CONTEXT_SEP", "FORMATS", "SOURCES", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"refgraph.graph.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'refgraph.graph' has no attribute {name!r}")
