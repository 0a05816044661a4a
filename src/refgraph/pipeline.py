"""Parsing: the stages from a file to a ParsedDocument (ingest, sections, split, parse, callouts).

`parse_document` is the per-document step (pure: Document in, ParsedDocument out), so a batch
can map it over many documents in any order; `parse_paths` does that for files and folders,
collecting unreadable inputs as Issues instead of stopping.
"""
from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from refgraph import ids
from refgraph.errors import InputError, RefgraphError
from refgraph.extract.incite import find_citations
from refgraph.extract.parse import label_many_tokens
from refgraph.extract.parse import parse_references as parse_strings
from refgraph.extract.sections import find_reference_section
from refgraph.extract.split import split_references
from refgraph.extract.structured import marked_citations, merge_citations, structured_references
from refgraph.files import MARKER
from refgraph.ingest import ARTICLE_SUFFIXES, read_bytes, read_document
from refgraph.ingest.text import decode_bytes
from refgraph.model import Document, Finding, Issue, ParsedDocument, RawReference, Reference


def text_index(doc: Document, source_offset: int) -> int:
    """The index in doc.text of the first character at or after a source offset."""
    return bisect.bisect_left(doc.source_offsets, source_offset)


def find_raw_references(doc: Document) -> tuple[list[RawReference], tuple[Finding, ...], int]:
    """(reference strings, where they were found and why, body end in doc.source_text).

    Lists the reader recognised from markup win; Markdown and text also get the list the text
    finder sees outside them (a References list above Markdown footnotes: both, in page order).
    """
    raws: list[RawReference] = []
    findings: list[Finding] = []
    if doc.ref_regions:
        raws, found = structured_references(doc)
        findings = [f for f in found if f.entries]
    section = None
    if not raws or doc.format in ("markdown", "text"):
        section = find_reference_section(doc.source_text)
        if section is not None and any(s <= section.start < e for s, e in doc.ref_regions):
            section = None  # the finder's list is one the markup marked
        if section is not None:  # it ends where a marked list begins
            section = replace(section, end=min([s for s, _ in doc.ref_regions if s > section.start] + [section.end]))
    if section is not None:
        text_raws = split_references(doc.source_text, section.start, section.end)
        if text_raws:
            how = "heading" if section.heading else "finder"
            why = f"under the heading {section.heading!r}" if section.heading else "a numbered list at the end"
            findings.append(Finding(section.start, section.end, how, why, len(text_raws)))
            raws = raws + text_raws
    order = sorted(range(len(raws)), key=lambda i: raws[i].start)
    raws = [replace(raws[i], n=k) for k, i in enumerate(order, start=1)]
    findings.sort(key=lambda f: f.start)
    body_end = min([f.start for f in findings] + ([section.body_end] if section is not None else []),
                   default=len(doc.source_text))
    return raws, tuple(findings), body_end


def parse_references(doc: Document) -> tuple[tuple[Reference, ...], bool, int, tuple[Finding, ...]]:
    """(references, numbered?, body end in doc.text, findings) for one document."""
    raws, findings, body_end = find_raw_references(doc)
    if not raws:
        return (), False, len(doc.text), findings
    parsed = parse_strings([r.text for r in raws], [r.n for r in raws],
                           [doc.span_of_source(r.start, r.end) for r in raws])
    refs = tuple(ref.with_(label=r.label) for ref, r in zip(parsed, raws))
    numbered = bool(raws) and all(r.label for r in raws)
    return refs, numbered, text_index(doc, body_end), findings


def body_links(doc: Document, body_end: int) -> tuple[str, ...]:
    """URLs mentioned in the body (cited web pages for the graph and for link checking)."""
    seen: dict[str, None] = {}  # ordered and O(1) membership: 50,000 URLs in a list were quadratic
    for found in ids.find_urls(doc.text[:body_end]):
        seen.setdefault(found.value)
    return tuple(seen)


def parse_document(doc: Document) -> ParsedDocument:
    refs, numbered, body_end, findings = parse_references(doc)
    marked = marked_citations(doc, refs)
    marks_only = numbered and bool(marked or (doc.format == "html" and doc.entry_keys))
    citations = merge_citations(find_citations(doc, body_end, refs, numbered), marked, marks_only)
    issues = list(doc.issues)
    if not refs:
        issues.append(Issue("no-references", "no reference list found"))
    return ParsedDocument(document=doc, references=refs, citations=citations,
                          links=body_links(doc, body_end), numbered=numbered, issues=tuple(issues),
                          findings=findings)


def parse_path(path: str | Path) -> ParsedDocument:
    return parse_document(read_document(path))


def _articles_under(folder: Path, issues: list[Issue]) -> list[Path]:
    """Article files under folder, hidden names and refgraph's own output folders (they hold a
    marker) left out; a subfolder that cannot be read becomes an Issue, not a silent gap."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        issues.append(Issue("skipped", f"{exc.filename}: cannot read this folder ({exc.strerror}); "
                                       "its articles were left out"))

    for top, dirs, names in os.walk(folder, onerror=unreadable):
        if MARKER in names:
            dirs.clear()  # a build's outputs (report.md, graph.html) are not articles
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(top) / n for n in names if not n.startswith(".")
                  and Path(n).suffix.lower() in ARTICLE_SUFFIXES and os.path.isfile(os.path.join(top, n))]
    return sorted(found)


def collect_articles(paths: Iterable[str | Path]) -> tuple[list[Path], list[Issue]]:
    """Article files named or found under folders; missing paths become Issues."""
    files: list[Path] = []
    issues: list[Issue] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = _articles_under(p, issues)
            if (p / MARKER).is_file():
                issues.append(Issue("skipped", f"{p}: is a refgraph output folder; its files are not articles"))
            elif not found:
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


def read_reference_lines(path: str | Path) -> list[str]:
    """The lines of a text file of reference strings, one reference per line (blank lines kept
    out), decoded like any article so that bad encodings fail the same clear way."""
    text, _ = decode_bytes(read_bytes(Path(path)), Path(path))
    return [line for line in text.splitlines() if line.strip()]


def parse_reference_lines(path: str | Path, progress: Callable[[int, int], None] | None = None) \
        -> tuple[Reference, ...]:
    """`refgraph parse --lines`: each line of the file parsed as one reference string;
    progress(done, total) is called as the lines are parsed."""
    return tuple(parse_strings(read_reference_lines(path), progress=progress))


def label_reference_lines(path: str | Path) -> list[list[tuple[str, str]]]:
    """`refgraph parse --lines --format xml`: every token of every line with its label."""
    return label_many_tokens(read_reference_lines(path))
