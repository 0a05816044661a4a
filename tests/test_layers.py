"""The import graph of refgraph: no circle between modules, and no import from a lower layer
to a higher one.

Layers, bottom to top (a module may import its own layer and those below; within a layer only
no circle is allowed):

  records  model, errors, ids, config, files, csl, text (records, their CSL form, settings, atomic
           writes, text normalisation)
  stages   ingest, extract, net, dedup, graph, importers, writers, styles, lint, bibdedup, report,
           pipeline (each a step of the work, free of storage and of use cases)
  store    the SQLite library: persists records, knows no stage
  app      the use cases: one function per command, chaining stages and the store
  cli      click commands, the only code that prints or exits (and __main__)

grimp reads every import statement, including those inside function bodies, so an import
deferred into a function (for start-up speed) still counts: deferring cannot hide a circle or an
upward import.
"""
from __future__ import annotations

import grimp
import networkx as nx
import pytest

LAYERS: dict[str, tuple[str, ...]] = {
    "records": ("refgraph", "refgraph.model", "refgraph.errors", "refgraph.ids", "refgraph.config",
                "refgraph.files", "refgraph.csl", "refgraph.text"),
    "stages": ("refgraph.ingest", "refgraph.extract", "refgraph.net", "refgraph.dedup", "refgraph.graph",
               "refgraph.importers", "refgraph.writers", "refgraph.styles", "refgraph.lint", "refgraph.bibdedup",
               "refgraph.report", "refgraph.pipeline"),
    "store": ("refgraph.store",),
    "app": ("refgraph.app",),
    "cli": ("refgraph.cli", "refgraph.__main__"),
}
ORDER = list(LAYERS)


@pytest.fixture(scope="module")
def imports() -> nx.DiGraph:
    graph = grimp.build_graph("refgraph", cache_dir=None)
    g = nx.DiGraph()
    for module in graph.modules:
        g.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] == "refgraph":
                g.add_edge(module, imported)
    return g


def layer_of(module: str) -> str:
    """The layer of a module: the one naming it or the package holding it (longest name wins)."""
    best = ("", "")
    for layer, names in LAYERS.items():
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > len(best[1]):
                best = (layer, name)
    return best[0]


def test_every_module_has_a_layer(imports):
    assert [m for m in sorted(imports) if not layer_of(m)] == []


def test_no_import_circle(imports):
    cycles = sorted(sorted(c) for c in nx.simple_cycles(imports))
    assert cycles == [], f"import circles: {cycles}"


def test_no_import_goes_up_a_layer(imports):
    upward = sorted(f"{a} ({layer_of(a)}) imports {b} ({layer_of(b)})" for a, b in imports.edges
                    if ORDER.index(layer_of(b)) > ORDER.index(layer_of(a)))
    assert upward == []


@pytest.mark.parametrize("forbidden", ["refgraph.importers", "refgraph.dedup", "refgraph.graph",
                                       "refgraph.pipeline"], ids=lambda s: s.split(".")[-1])
def test_store_only_persists(imports, forbidden):
    assert not [m for m in imports["refgraph.store"] if m == forbidden or m.startswith(forbidden + ".")]


@pytest.mark.parametrize(("layer", "module", "expected"), [
    ("records", "refgraph.model", "records"), ("stages", "refgraph.extract.parse", "stages"),
    ("app", "refgraph.app.build", "app"), ("cli", "refgraph.cli.graph", "cli"), ("unknown", "refgraph_x.y", ""),
], ids=["model", "nested-stage", "app", "cli", "not-refgraph"])
def test_layer_of(layer, module, expected):
    assert layer_of(module) == expected
