"""`refgraph build`: parse articles into a library, then write its bibliography, graph and report.

Articles are parsed on an engine (app.engine: this process, local workers or Dask) and written
by this process in batches (app.stream), so a killed build resumes; the report and the graph
are read back from the library, so the client keeps no article in memory.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from refgraph.app.engine import Engine
from refgraph.app.graph import load_graph
from refgraph.app.stream import add_stream, run_summaries
from refgraph.config import Settings
from refgraph.errors import OutputError, RefgraphError
from refgraph.files import MARKER, check_replaceable, record_outputs, write_atomic, write_atomic_check
from refgraph.ingest import ARTICLE_SUFFIXES, read_document
from refgraph.graph.export import export_graph, graph_to_graphml, graph_to_json
from refgraph.model import RESOLVED, Issue, ParsedDocument, Work
from refgraph.net.resolve import enrich
from refgraph.report import DocSummary, build_report
from refgraph.writers.bibtex import left_out, write_bibtex
from refgraph.writers.csljson import write_csl_json, write_works_json

# The files `build` writes into its output folder (besides library.sqlite, which it adds to).
BUILD_OUTPUTS = ("bibliography.bib", "bibliography.json", "works.json", "graph.graphml", "graph.json",
                 "report.md", "graph.html")


@dataclass(frozen=True)
class BuildResult:
    outdir: Path
    documents: tuple[DocSummary, ...]  # this run's articles (counts and problems, not their text)
    works: tuple[Work, ...]
    skipped: tuple[Issue, ...]
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    engine: str = "one process"


def enrich_documents(docs: list[ParsedDocument], settings, counts: dict[str, int] | None = None) \
        -> tuple[list[ParsedDocument], list[str]]:
    """Resolve DOIs and discover missing ones for every reference (one batched pass).

    Resolved fields win over parsed ones (the resolver keeps the parsed record when a DOI names
    another work, with an Issue); a resolved reference is marked `source="resolved:..."` so that
    deduplication prefers it. Returns the documents and one note per finding worth reading,
    the summary first; given `counts`, the tallies add up there instead (one batch of many) and
    no summary is returned (see enrich_summary).
    """
    refs = [r for d in docs for r in d.references]
    enriched = iter(enrich(refs, settings))
    out, notes = [], []
    summary = counts is None
    counts = {} if counts is None else counts
    for k in ("resolved", "discovered", "unresolved"):
        counts.setdefault(k, 0)
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
    return out, ([enrich_summary(counts)] if summary else []) + notes


def enrich_summary(counts: dict[str, int]) -> str:
    return (f"online: {counts.get('resolved', 0)} references resolved ({counts.get('discovered', 0)} DOIs "
            f"discovered), {counts.get('unresolved', 0)} left as parsed")


def build(paths: Iterable[str | Path], outdir: str | Path, offline: bool = True,
          progress: Callable[[int, int], None] | None = None, library: Path | None = None, settings=None,
          engine: Engine | None = None, total: int | None = None) -> BuildResult:
    """add + export: parse the articles into the library (OUTDIR/library.sqlite unless given),
    then write the library's bibliography and works, and this run's graph and report.

    `engine` says where articles are parsed (this process unless given); progress(done, total).
    Online (offline=False, with Settings), references are resolved and missing DOIs discovered
    through the polite cached HTTP layer before they join the library."""
    given = [Path(p) for p in paths]
    outdir = Path(outdir)
    inputs = _output_clashes(given, outdir)
    for name in (*BUILD_OUTPUTS, "library.sqlite"):  # refuse before anything is written
        write_atomic_check(outdir / name, inputs)
    _check_output_folder(outdir, given)
    library = library or outdir / "library.sqlite"
    counts: dict[str, int] = {}
    enrich_batch = None if offline else (lambda docs: enrich_documents(docs, settings or Settings(), counts))
    engine = engine or Engine(workers=1)
    run = add_stream(library, given, engine, progress, enrich=enrich_batch, total=total)
    works = run.works
    stems = set(run.stems)
    run_works = [w for w in works if any(m.rsplit("#", 1)[0] in stems for m in w.mentions)]
    earlier = len(run_works) < len(works)
    graph = load_graph(library, stems, {w.key for w in run_works}) if earlier else load_graph(library)
    summaries = tuple(run_summaries(library, run.stems))
    notes = []
    if offline:
        unresolved = sum(1 for w in works if not w.reference.doi)
        notes.append(f"offline: no DOI was resolved or discovered ({unresolved} works have no DOI)")
    else:
        notes.append(enrich_summary(counts))
    notes += run.notes
    notes += [f"{w.key}: left out of bibliography.bib (no field and no text as printed; mentions "
              f"{', '.join(w.mentions)})" for w in left_out(works)]
    if earlier:
        notes.append(f"the library {library} also holds {len(works) - len(run_works)} works of earlier runs; "
                     "the bibliography includes them, the graph and this report do not")
    outputs = {
        "bibliography.bib": lambda: write_bibtex(works),
        "bibliography.json": lambda: write_csl_json(works),
        "works.json": lambda: write_works_json(works),
        "graph.graphml": lambda: graph_to_graphml(graph),
        "graph.json": lambda: graph_to_json(graph),
        "report.md": lambda: build_report(list(summaries), run_works, list(run.skipped), notes),
    }
    written = []
    for name, content in outputs.items():
        write_atomic(outdir / name, content(), protected=inputs)
        written.append(outdir / name)
    written += export_graph(graph, "html", outdir / "graph.html", protected=inputs)
    record_outputs(outdir, [p.name for p in written])
    return BuildResult(outdir, summaries, tuple(works), tuple(run.skipped), tuple(written + [library]),
                       tuple(notes), engine.describe)


def _check_output_folder(outdir: Path, given: list[Path]) -> None:
    """An output folder must hold no input (the next build would read our outputs as articles,
    and a file of the user's there could be replaced), and no file of the user's that a build
    would replace. Checked on the paths given (a folder given is an input under it), so that
    nothing is walked or written before."""
    folder = outdir.resolve()
    for path in given:
        if not path.exists():
            continue
        real = path.resolve()
        holds = (folder == real or folder in real.parents) if path.is_dir() else folder in real.parents
        if holds:
            raise OutputError(f"{outdir}: holds the input {path}; write the outputs to a folder of their "
                              "own (say -o build/)")
    check_replaceable(outdir, BUILD_OUTPUTS)


def _output_clashes(paths: list[Path], outdir: Path) -> list[Path]:
    """Outputs that already exist and are inputs (named, or articles inside a named folder that
    is not a refgraph output folder): writing them would overwrite an article."""
    if (outdir / MARKER).is_file():
        return [p for p in paths if p.is_file()]
    out = [p for p in paths if p.is_file()]
    for name in BUILD_OUTPUTS:
        target = outdir / name
        if target.is_file() and target.suffix.lower() in ARTICLE_SUFFIXES and _readable(target):
            real = target.resolve()
            if any(p.is_dir() and p.resolve() in real.parents for p in paths):
                out.append(target)
    return out


def _readable(path: Path) -> bool:
    """Whether the build would read path as an article (an unreadable one is skipped, no input)."""
    try:
        read_document(path)
    except RefgraphError:
        return False
    return True
