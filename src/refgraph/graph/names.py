"""Names shared by the graph modules and the CLI, importable without networkx (slow to import),
so that commands that never draw a graph start fast."""

CONTEXT_SEP = " ¶ "  # joins the citation contexts of one edge in scalar-only formats
FORMATS = ("graphml", "gexf", "dot", "json", "csv", "html")
SOURCES = ("crossref", "opencitations", "openalex")
