"""The one place that chains the stages.

`parse_document` is the per-document step (pure: Document in, ParsedDocument out), so a batch
can map it over many documents in any order; `parse_paths` does that for files and folders,
collecting unreadable inputs as Issues instead of stopping.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from refgraph import ids
from refgraph.errors import InputError, RefgraphError
from refgraph.extract.incite import find_citations
from refgraph.extract.parse import parse_references as parse_strings
from refgraph.extract.sections import find_reference_section
from refgraph.extract.split import split_references
from refgraph.files import write_atomic, write_atomic_check
from refgraph.ingest import ARTICLE_SUFFIXES, read_document
from refgraph.model import Document, Issue, Mention, ParsedDocument, Reference, Work

if TYPE_CHECKING:
    from refgraph.report import DocSummary


def text_index(doc: Document, source_offset: int) -> int:
    """The index in doc.text of the first character at or after a source offset."""
    return bisect.bisect_left(doc.source_offsets, source_offset)


def parse_references(doc: Document) -> tuple[tuple[Reference, ...], bool, int]:
    """(references, numbered?, body end in doc.text) for one document."""
    section = find_reference_section(doc.source_text)
    if section is None:
        return (), False, len(doc.text)
    raws = split_references(doc.source_text, section.start, section.end)
    parsed = parse_strings([r.text for r in raws], [r.n for r in raws],
                           [doc.span_of_source(r.start, r.end) for r in raws])
    refs = tuple(ref.with_(label=r.label) for ref, r in zip(parsed, raws))
    numbered = bool(raws) and all(r.label for r in raws)
    return refs, numbered, text_index(doc, section.body_end)


def body_links(doc: Document, body_end: int) -> tuple[str, ...]:
    """URLs mentioned in the body (cited web pages for the graph and for link checking)."""
    seen: list[str] = []
    for found in ids.find_urls(doc.text[:body_end]):
        if found.value not in seen:
            seen.append(found.value)
    return tuple(seen)


def parse_document(doc: Document) -> ParsedDocument:
    refs, numbered, body_end = parse_references(doc)
    citations = find_citations(doc, body_end, refs, numbered)
    issues = list(doc.issues)
    if not refs:
        issues.append(Issue("no-references", "no reference list found"))
    return ParsedDocument(document=doc, references=refs, citations=citations,
                          links=body_links(doc, body_end), numbered=numbered, issues=tuple(issues))


def parse_path(path: str | Path) -> ParsedDocument:
    return parse_document(read_document(path))


def collect_articles(paths: Iterable[str | Path]) -> tuple[list[Path], list[Issue]]:
    """Article files named or found under folders; missing paths become Issues."""
    files: list[Path] = []
    issues: list[Issue] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                issues.append(Issue("skipped", f"{p}: no articles (.txt, .md, .html, .pdf) in this folder"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            issues.append(Issue("skipped", f"{p}: no such file or folder"))
    return files, issues


@dataclass(frozen=True)
class Batch:
    """The documents of a run, and the inputs that could not be read (with why)."""

    documents: tuple[ParsedDocument, ...]
    skipped: tuple[Issue, ...]


Progress = Callable[[Path, int, int], None]  # (file, index, total)


def parse_paths(paths: Iterable[str | Path], progress: Progress | None = None, require: bool = True) -> Batch:
    """Parse every article named or found under a folder; `require`: no readable article is an
    InputError (add, which may also import bibliography files, checks that itself)."""
    files, skipped = collect_articles(paths)
    docs: list[ParsedDocument] = []
    seen_stems: set[str] = set()
    for index, f in enumerate(files):
        if progress:
            progress(f, index, len(files))
        try:
            parsed = parse_path(f)
        except RefgraphError as exc:
            skipped.append(Issue("skipped", str(exc)))
            continue
        if parsed.document.stem in seen_stems:
            skipped.append(Issue("skipped", f"{f}: another article has the same file name {f.stem!r}; rename one"))
            continue
        seen_stems.add(parsed.document.stem)
        docs.append(parsed)
    if not docs and require:
        reasons = "; ".join(i.message for i in skipped) or "no articles given"
        raise InputError(f"no readable articles ({reasons})")
    return Batch(tuple(docs), tuple(skipped))


def mentions_of(doc: ParsedDocument) -> list[Mention]:
    """Each reference of a document as a Mention, with its callout count and contexts."""
    out = []
    for ref in doc.references:
        cites = [c for c in doc.citations if ref.n in c.refs]
        out.append(Mention(id=doc.mention_id_of(ref), document=doc.document.stem, reference=ref,
                           callouts=len(cites), contexts=tuple(dict.fromkeys(c.context for c in cites if c.context))))
    return out


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
    from refgraph.net.resolve import enrich

    refs = [r for d in docs for r in d.references]
    enriched = iter(enrich(refs, settings))
    out, notes = [], []
    summary = counts is None
    counts = {"resolved": 0, "discovered": 0, "unresolved": 0} if counts is None else counts
    for k in ("resolved", "discovered", "unresolved"):
        counts.setdefault(k, 0)
    for doc in docs:
        new_refs = []
        for _ in doc.references:
            e = next(enriched)
            ref = e.reference
            if e.resolved is not None and ref is not e.parsed:
                ref = ref.with_(source=f"resolved:{e.doi_source}")
                counts["resolved"] += 1
                if e.doi_source == "discovered":
                    counts["discovered"] += 1
                    notes.append(f"{doc.mention_id(ref.n)}: DOI {ref.doi} discovered "
                                 f"({e.match.grade if e.match else 'matched'})")
            else:
                counts["unresolved"] += 1
            notes += [f"{doc.mention_id(ref.n)}: {i.message}" for i in ref.issues if i.kind == "doi-mismatch"]
            new_refs.append(ref)
        out.append(replace(doc, references=tuple(new_refs)))
    return out, ([enrich_summary(counts)] if summary else []) + notes


def enrich_summary(counts: dict[str, int]) -> str:
    return (f"online: {counts['resolved']} references resolved ({counts['discovered']} DOIs discovered), "
            f"{counts['unresolved']} left as parsed")


OUTPUTS = ("bibliography.bib", "bibliography.json", "works.json", "graph.graphml", "graph.json", "report.md",
           "library.sqlite")


def build(paths: Iterable[str | Path], outdir: str | Path, offline: bool = True,
          progress: Callable[[int, int], None] | None = None, library: Path | None = None, settings=None,
          engine=None, total: int | None = None) -> BuildResult:
    """add + export: parse the articles into the library (OUTDIR/library.sqlite unless given),
    then write the library's bibliography and works, and this run's graph and report.

    `engine` (app.engine) says where articles are parsed (one process unless given); the client
    writes them in batches, so a killed build resumes (app.stream). progress(done, total).
    Online (offline=False, with Settings), references are resolved and missing DOIs discovered
    through the polite cached HTTP layer before they join the library."""
    from refgraph.app.engine import Engine
    from refgraph.app.stream import add_stream, run_summaries
    from refgraph.config import Settings  # tomllib, platformdirs: not on the parse path
    from refgraph.store import load_graph

    paths = [Path(p) for p in paths]
    outdir = Path(outdir)
    inputs = _output_clashes(paths, outdir)
    for name in OUTPUTS:  # refuse before anything is written
        write_atomic_check(outdir / name, inputs)
    library = library or outdir / "library.sqlite"
    counts: dict[str, int] = {}
    enrich = None if offline else (lambda docs: enrich_documents(docs, settings or Settings(), counts))
    engine = engine or Engine(workers=1)
    run = add_stream(library, paths, engine, progress, enrich=enrich, total=total)
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
        notes.append(enrich_summary(counts or {"resolved": 0, "discovered": 0, "unresolved": 0}))
    notes += run.notes
    if earlier:
        notes.append(f"the library {library} also holds {len(works) - len(run_works)} works of earlier runs; "
                     "the bibliography includes them, the graph and this report do not")
    written = _write_outputs(outdir, works, run_works, graph, summaries, run.skipped, notes, inputs)
    return BuildResult(outdir, summaries, tuple(works), tuple(run.skipped), tuple(written + [library]),
                       tuple(notes), engine.describe)


def _output_clashes(paths: list[Path], outdir: Path) -> list[Path]:
    """Outputs that already exist and are among the inputs (named, or inside a named folder):
    writing them would overwrite an article."""
    from refgraph.ingest import ARTICLE_SUFFIXES

    out = []
    for name in OUTPUTS:
        target = outdir / name
        if not target.is_file() or target.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        real = target.resolve()
        if any(real == p.resolve() or (p.is_dir() and p.resolve() in real.parents) for p in paths):
            out.append(target)
    return out


def _write_outputs(outdir: Path, works, run_works, graph, summaries, skipped, notes, inputs) -> list[Path]:
    from refgraph.graph import (  # networkx: slow to import
        graph_to_graphml,
        graph_to_json,
    )
    from refgraph.report import (
        build_report,  # the writers (bibtexparser) only when building
    )
    from refgraph.writers.bibtex import write_bibtex
    from refgraph.writers.csljson import write_csl_json, write_works_json

    outputs = {
        "bibliography.bib": lambda: write_bibtex(works),
        "bibliography.json": lambda: write_csl_json(works),
        "works.json": lambda: write_works_json(works),
        "graph.graphml": lambda: graph_to_graphml(graph),
        "graph.json": lambda: graph_to_json(graph),
        "report.md": lambda: build_report(list(summaries), run_works, list(skipped), notes),
    }
    written = []
    for name, content in outputs.items():
        write_atomic(outdir / name, content(), protected=inputs)
        written.append(outdir / name)
    return written


def read_reference_lines(path: str | Path) -> list[str]:
    """The lines of a text file of reference strings, one reference per line (blank lines kept
    out), decoded like any article so that bad encodings fail the same clear way."""
    from refgraph.ingest import read_bytes
    from refgraph.ingest.text import decode_bytes

    text, _ = decode_bytes(read_bytes(Path(path)), Path(path))
    return [line for line in text.splitlines() if line.strip()]


def parse_reference_lines(path: str | Path, progress: Callable[[int, int], None] | None = None) \
        -> tuple[Reference, ...]:
    """`refgraph parse --lines`: each line of the file parsed as one reference string;
    progress(done, total) is called as the lines are parsed."""
    return tuple(parse_strings(read_reference_lines(path), progress=progress))


def label_reference_lines(path: str | Path) -> list[list[tuple[str, str]]]:
    """`refgraph parse --lines --format xml`: every token of every line with its label."""
    from refgraph.extract.parse import label_many_tokens

    return label_many_tokens(read_reference_lines(path))
