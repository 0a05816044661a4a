"""`refgraph build`: parse articles into a library, then write its bibliography, graph and report."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from refgraph.app.library import add_documents, library_works
from refgraph.config import Settings
from refgraph.errors import OutputError
from refgraph.files import check_replaceable, record_outputs, write_atomic, write_atomic_check
from refgraph.graph.build import build_graph
from refgraph.graph.export import export_graph, graph_to_graphml, graph_to_json
from refgraph.model import RESOLVED, Issue, ParsedDocument, Work, mentions_of
from refgraph.net.resolve import enrich
from refgraph.pipeline import Progress, parse_paths
from refgraph.report import build_report
from refgraph.writers.bibtex import left_out, write_bibtex
from refgraph.writers.csljson import write_csl_json, write_works_json


@dataclass(frozen=True)
class BuildResult:
    outdir: Path
    documents: tuple[ParsedDocument, ...]
    works: tuple[Work, ...]
    skipped: tuple[Issue, ...]
    files: tuple[Path, ...]
    notes: tuple[str, ...]


def enrich_documents(docs: list[ParsedDocument], settings) -> tuple[list[ParsedDocument], list[str]]:
    """Resolve DOIs and discover missing ones for every reference (one batched pass).

    Resolved fields win over parsed ones (the resolver keeps the parsed record when a DOI names
    another work, with an Issue); a resolved reference is marked `source="resolved:..."` so that
    deduplication prefers it. Returns the documents and one note per finding worth reading.
    """
    refs = [r for d in docs for r in d.references]
    enriched = iter(enrich(refs, settings))
    out, notes = [], []
    counts = {"resolved": 0, "discovered": 0, "unresolved": 0}
    for doc in docs:
        new_refs = []
        for _ in doc.references:
            e = next(enriched)
            ref = e.reference
            if e.resolved is not None and ref is not e.parsed:
                ref = ref.with_(source=f"{RESOLVED}{e.doi_source}")
                counts["resolved"] += 1
                if e.doi_source == "discovered":
                    counts["discovered"] += 1
                    notes.append(f"{doc.mention_id(ref.n)}: DOI {ref.doi} discovered "
                                 f"({e.match.grade if e.match else 'matched'}; {e.match.summary() if e.match else ''})")
            else:
                counts["unresolved"] += 1
            notes += [f"{doc.mention_id(ref.n)}: {i.message}" for i in ref.issues
                      if i.kind in ("doi-mismatch", "doi-possible")]
            new_refs.append(ref)
        out.append(replace(doc, references=tuple(new_refs)))
    summary = (f"online: {counts['resolved']} references resolved ({counts['discovered']} DOIs discovered), "
               f"{counts['unresolved']} left as parsed")
    return out, [summary] + notes


# The files `build` writes into its output folder (besides library.sqlite, which it adds to).
BUILD_OUTPUTS = ("bibliography.bib", "bibliography.json", "works.json", "graph.graphml", "graph.json",
                 "report.md", "graph.html")


def _check_output_folder(outdir: Path, inputs: list[Path]) -> None:
    """An output folder must hold no input (the next build would read our outputs as articles,
    and a file of the user's there could be replaced), and no file of the user's that a build
    would replace."""
    folder = outdir.resolve()
    for path in inputs:
        if folder == path.resolve().parent or folder in path.resolve().parents:
            raise OutputError(f"{outdir}: holds the input {path}; write the outputs to a folder of their "
                              "own (say -o build/)")
    check_replaceable(outdir, BUILD_OUTPUTS)


def build(paths: Iterable[str | Path], outdir: str | Path, offline: bool = True,
          progress: Progress | None = None, library: Path | None = None, settings=None) -> BuildResult:
    """add + export: parse the articles into the library (OUTDIR/library.sqlite unless given),
    then write the library's bibliography and works, and this run's graph and report.

    Online (offline=False, with Settings), references are resolved and missing DOIs discovered
    through the polite cached HTTP layer before they join the library."""
    paths = [Path(p) for p in paths]
    outdir = Path(outdir)
    batch = parse_paths(paths, progress)
    docs = list(batch.documents)
    enrich_notes: list[str] = []
    if not offline:
        docs, enrich_notes = enrich_documents(docs, settings or Settings())
    inputs = [Path(d.document.path) for d in docs]
    for name in (*BUILD_OUTPUTS, "library.sqlite"):  # refuse before anything is written
        write_atomic_check(outdir / name, inputs)
    _check_output_folder(outdir, inputs)
    library = library or outdir / "library.sqlite"
    add_documents(library, docs, batch.skipped)
    works = library_works(library)
    mentions = [m for d in docs for m in mentions_of(d)]
    ours = {m.id for m in mentions}
    run_works = [w for w in works if ours.intersection(w.mentions)]
    graph = build_graph(docs, run_works, mentions)
    notes = []
    unresolved = sum(1 for w in works if not w.reference.doi)
    if offline:
        notes.append(f"offline: no DOI was resolved or discovered ({unresolved} works have no DOI)")
    notes += enrich_notes
    notes += [f"{w.key}: left out of bibliography.bib (no field and no text as printed; mentions "
              f"{', '.join(w.mentions)})" for w in left_out(works)]
    if len(run_works) < len(works):
        notes.append(f"the library {library} also holds {len(works) - len(run_works)} works of earlier runs; "
                     "the bibliography includes them, the graph and this report do not")
    outputs = {
        "bibliography.bib": write_bibtex(works),
        "bibliography.json": write_csl_json(works),
        "works.json": write_works_json(works),
        "graph.graphml": graph_to_graphml(graph),
        "graph.json": graph_to_json(graph),
        "report.md": build_report(docs, run_works, list(batch.skipped), notes),
    }
    written = []
    for name, content in outputs.items():
        write_atomic(outdir / name, content, protected=inputs)
        written.append(outdir / name)
    written += export_graph(graph, "html", outdir / "graph.html", protected=inputs)
    record_outputs(outdir, [p.name for p in written])
    written.append(library)
    return BuildResult(outdir, tuple(docs), tuple(works), batch.skipped, tuple(written), tuple(notes))
