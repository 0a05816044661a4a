"""Graph exports, streamed to a file handle so that a graph of millions of edges is written in
one pass without building a document tree in memory.

Every format carries, for each node, `kind` (document | work) and `label`, and for each edge
`kind` (cites | part-of), `callouts` and `origin`. GraphML and GEXF leave out empty strings
(their readers then report the attribute as absent). GraphML and GEXF load back with networkx's
readers; JSON is networkx's node-link form (`nx.node_link_graph(data, edges="edges")`).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import networkx as nx

from refgraph.errors import OutputError
from refgraph.files import atomic_text_writer
from refgraph.graph.names import FORMATS

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


_XML_SPECIAL = re.compile("[&<>\"\x00-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(value) -> str:
    s = str(value)
    if not _XML_SPECIAL.search(s):  # the common case: nothing to escape
        return s
    s = _BAD_XML.sub("", s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    # Character references keep tabs and line ends through XML's whitespace normalisation.
    return s.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def attribute_types(items: Iterable[dict]) -> dict[str, str]:
    """{name: 'int' | 'double' | 'string'} over all attribute dicts, in first-seen order."""
    types: dict[str, str] = {}
    for attrs in items:
        for k, v in attrs.items():
            t = "int" if isinstance(v, int) and not isinstance(v, bool) else "double" if isinstance(v, float) else "string"
            old = types.get(k)
            if old is None:
                types[k] = t
            elif old != t:
                types[k] = "double" if {old, t} == {"int", "double"} else "string"
    return types


def _coerce(value, t: str):
    """A value in its key's declared type (only a key mixing ints and floats needs a change)."""
    return float(value) if t == "double" else value


def write_graphml(g: nx.DiGraph, fh: TextIO) -> None:
    ntypes = attribute_types(d for _, d in g.nodes(data=True))
    etypes = attribute_types(d for _, _, d in g.edges(data=True))
    nkey = {k: f"n{i}" for i, k in enumerate(ntypes)}
    ekey = {k: f"e{i}" for i, k in enumerate(etypes)}
    fh.write('<?xml version="1.0" encoding="utf-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
             'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for for_, types, keys in (("node", ntypes, nkey), ("edge", etypes, ekey)):
        for k, t in types.items():
            fh.write(f'<key id="{keys[k]}" for="{for_}" attr.name="{_xml(k)}" attr.type="{t}"/>\n')
    fh.write('<graph edgedefault="directed">\n')
    for n, d in g.nodes(data=True):
        data = "".join(f'<data key="{nkey[k]}">{_xml(_coerce(v, ntypes[k]))}</data>' for k, v in d.items()
                       if v != "")
        fh.write(f'<node id="{_xml(n)}">{data}</node>\n')
    for s, t, d in g.edges(data=True):
        data = "".join(f'<data key="{ekey[k]}">{_xml(_coerce(v, etypes[k]))}</data>' for k, v in d.items()
                       if v != "")
        fh.write(f'<edge source="{_xml(s)}" target="{_xml(t)}">{data}</edge>\n')
    fh.write("</graph>\n</graphml>\n")


def write_gexf(g: nx.DiGraph, fh: TextIO) -> None:
    ntypes = {k: t for k, t in attribute_types(d for _, d in g.nodes(data=True)).items() if k != "label"}
    etypes = attribute_types(d for _, _, d in g.edges(data=True))
    gexf_type = {"int": "integer", "double": "double", "string": "string"}
    nid = {k: str(i) for i, k in enumerate(ntypes)}
    eid = {k: str(i) for i, k in enumerate(etypes)}
    fh.write('<?xml version="1.0" encoding="utf-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
             '<meta><creator>refgraph</creator></meta>\n<graph defaultedgetype="directed" mode="static">\n')
    for cls, types, ids in (("node", ntypes, nid), ("edge", etypes, eid)):
        fh.write(f'<attributes class="{cls}">\n')
        for k, t in types.items():
            fh.write(f'<attribute id="{ids[k]}" title="{_xml(k)}" type="{gexf_type[t]}"/>\n')
        fh.write("</attributes>\n")
    fh.write("<nodes>\n")
    for n, d in g.nodes(data=True):
        vals = "".join(f'<attvalue for="{nid[k]}" value="{_xml(_coerce(v, ntypes[k]))}"/>'
                       for k, v in d.items() if k in nid and v != "")
        fh.write(f'<node id="{_xml(n)}" label="{_xml(d.get("label", n))}"><attvalues>{vals}</attvalues></node>\n')
    fh.write("</nodes>\n<edges>\n")
    for i, (s, t, d) in enumerate(g.edges(data=True)):
        vals = "".join(f'<attvalue for="{eid[k]}" value="{_xml(_coerce(v, etypes[k]))}"/>'
                       for k, v in d.items() if v != "")
        fh.write(f'<edge id="{i}" source="{_xml(s)}" target="{_xml(t)}"><attvalues>{vals}</attvalues></edge>\n')
    fh.write("</edges>\n</graph>\n</gexf>\n")


def _dot_value(v) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{s}"'


def write_dot(g: nx.DiGraph, fh: TextIO) -> None:
    """Graphviz DOT; node and edge attributes become DOT attributes (quoted, escaped)."""
    fh.write("digraph refgraph {\n  node [shape=box];\n")
    for n, d in g.nodes(data=True):
        attrs = ", ".join(f"{k}={_dot_value(v)}" for k, v in d.items())
        fh.write(f"  {_dot_value(n)} [{attrs}];\n")
    for s, t, d in g.edges(data=True):
        attrs = ", ".join(f"{k}={_dot_value(v)}" for k, v in d.items())
        fh.write(f"  {_dot_value(s)} -> {_dot_value(t)} [{attrs}];\n")
    fh.write("}\n")


def write_json(g: nx.DiGraph, fh: TextIO) -> None:
    """networkx node-link JSON, written node by node."""
    fh.write('{"directed": true, "multigraph": false, "graph": {}, "nodes": [\n')
    for i, (n, d) in enumerate(g.nodes(data=True)):
        fh.write(("," if i else "") + json.dumps({**d, "id": n}, ensure_ascii=False) + "\n")
    fh.write('], "edges": [\n')
    for i, (s, t, d) in enumerate(g.edges(data=True)):
        fh.write(("," if i else "") + json.dumps({**d, "source": s, "target": t}, ensure_ascii=False) + "\n")
    fh.write("]}\n")


NODE_COLUMNS = ("id", "kind", "label", "title", "authors", "year", "doi", "type", "cited_by", "cited_by_docs", "path")
EDGE_COLUMNS = ("source", "target", "kind", "callouts", "origin", "contexts")


def write_csv_edges(g: nx.DiGraph, fh: TextIO) -> None:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(EDGE_COLUMNS)
    for s, t, d in g.edges(data=True):
        w.writerow((s, t, d.get("kind", ""), d.get("callouts", 0), d.get("origin", ""), d.get("contexts", "")))


def write_csv_nodes(g: nx.DiGraph, fh: TextIO) -> None:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(NODE_COLUMNS)
    for n, d in g.nodes(data=True):
        w.writerow((n, *(d.get(c, "") for c in NODE_COLUMNS[1:])))


def nodes_csv_path(path: Path) -> Path:
    """The CSV export writes edges to PATH and nodes beside it (graph.csv -> graph.nodes.csv)."""
    return path.with_name(path.stem + ".nodes.csv")


def _check_nodes_file(path: Path) -> None:
    """The nodes file is one the user did not name: replace it only when it is a nodes CSV of
    ours (its header), never some other file that happens to have that name."""
    if not path.exists():
        return
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.readline().rstrip("\r\n")
    except OSError as exc:
        raise OutputError(f"{path}: cannot read it to check it is ours ({exc.strerror})") from exc
    if head != ",".join(NODE_COLUMNS):
        raise OutputError(f"{path}: exists and is not a nodes file written by refgraph (the csv format writes "
                          "the nodes beside the edges); move it away or choose another -o name")


def export_graph(g: nx.DiGraph, fmt: str, path: Path, protected: Iterable[Path] = ()) -> list[Path]:
    """Write g to path in fmt, atomically; returns the files written."""
    from refgraph.graph.html import write_html

    writers = {"graphml": write_graphml, "gexf": write_gexf, "dot": write_dot, "json": write_json,
               "csv": write_csv_edges, "html": write_html}
    if fmt not in writers:
        raise OutputError(f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    protected = list(protected)
    if fmt == "csv":
        _check_nodes_file(nodes_csv_path(path))
    with atomic_text_writer(path, protected) as fh:
        writers[fmt](g, fh)
    if fmt != "csv":
        return [path]
    with atomic_text_writer(nodes_csv_path(path), protected) as fh:
        write_csv_nodes(g, fh)
    return [path, nodes_csv_path(path)]


def graph_to_json(g: nx.DiGraph) -> str:
    buf = io.StringIO()
    write_json(g, buf)
    return buf.getvalue()


def graph_to_graphml(g: nx.DiGraph) -> str:
    buf = io.StringIO()
    write_graphml(g, buf)
    return buf.getvalue()
