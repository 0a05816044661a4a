"""refgraph: reference lists in, one clean bibliography and a citation graph out."""

__version__ = "0.1.0"
