"""Parsing: the stages from a file to a ParsedDocument (ingest, sections, split, parse, callouts).

`parse_document` is the per-document step (pure: Document in, ParsedDocument out), so a batch
can map it over many documents in any order; `parse_paths` does that for files and folders,
collecting unreadable inputs as Issues instead of stopping.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from refgraph import ids
from refgraph.errors import InputError, RefgraphError
from refgraph.extract.incite import find_citations
from refgraph.extract.parse import label_many_tokens
from refgraph.extract.parse import parse_references as parse_strings
from refgraph.extract.sections import find_reference_section
from refgraph.extract.split import split_references
from refgraph.ingest import ARTICLE_SUFFIXES, read_bytes, read_document
from refgraph.ingest.text import decode_bytes
from refgraph.model import Document, Issue, ParsedDocument, Reference


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
