"""Names shared by the graph modules and the CLI, importable without networkx (slow to import),
so that commands that never draw a graph start fast."""

from refgraph.model import CONTEXT_SEP  # noqa: F401  (re-exported: the graph modules' name for it)

FORMATS = ("graphml", "gexf", "dot", "json", "csv", "html")
SOURCES = ("crossref", "opencitations", "openalex")
