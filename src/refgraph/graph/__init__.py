"""The citation graph: build (records or library rows -> networkx), expand (open citation data),
metrics, and exports (GraphML, GEXF, DOT, JSON, CSV, HTML)."""
from refgraph.graph.build import (CONTEXT_SEP, DocRow, EdgeRow, build_graph, doc_node, graph_from_rows,
                                  work_node)
from refgraph.graph.export import FORMATS, export_graph, graph_to_graphml, graph_to_json

__all__ = ["CONTEXT_SEP", "DocRow", "EdgeRow", "FORMATS", "build_graph", "doc_node", "export_graph",
           "graph_from_rows", "graph_to_graphml", "graph_to_json", "work_node"]
