"""`refgraph check`: the DOIs and URLs of articles, `.bib` files and libraries.

`check_paths` is the use case behind the command: inputs in, `CheckReport` out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import requests

from refgraph import store
from refgraph.config import Settings
from refgraph.csl import reference_from_csl
from refgraph.errors import InputError, RefgraphError
from refgraph.ids import normalize_doi
from refgraph.importers.bibtex import import_bibtex
from refgraph.ingest import ARTICLE_SUFFIXES, read_bytes
from refgraph.ingest.text import decode_bytes
from refgraph.model import Issue, LinkStatus, Reference
from refgraph.net.http import make_session
from refgraph.net.linkcheck import Target, check_targets
from refgraph.pipeline import parse_path

BIB_SUFFIXES = {".bib", ".bibtex"}
LIBRARY_SUFFIXES = {".sqlite", ".sqlite3", ".db"}
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class CheckReport:
    results: tuple[LinkStatus, ...]
    files: tuple[str, ...]
    skipped: tuple[Issue, ...] = ()  # inputs that could not be read, with why (as build skips them)

    @property
    def broken(self) -> bool:
        return any(r.status == "broken" for r in self.results)

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "warning": 0, "broken": 0, "unknown": 0}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def expand(paths, skipped: list[Issue] | None = None) -> list[Path]:
    """Files named, and the checkable files inside folders named (sorted, not recursive). A path
    that gives nothing is an Issue in `skipped` when given, else an InputError."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            out += _expand_one(path)
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(Issue("skipped", str(exc)))
    return out


def _expand_one(path: Path) -> list[Path]:
    if path.is_dir():
        wanted = ARTICLE_SUFFIXES | BIB_SUFFIXES | LIBRARY_SUFFIXES
        try:
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in wanted
                           and not p.name.startswith("."))
        except OSError as exc:
            raise InputError(f"{path}: cannot read this folder ({exc.strerror})") from exc
        if not found:
            raise InputError(f"{path}: no articles, .bib files or libraries in this folder")
        return found
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    return [path]


def targets_of(path: Path) -> list[Target]:
    """Every DOI and URL that `path` cites, each with the reference that cites it."""
    data = read_bytes(path)
    if path.suffix.lower() in LIBRARY_SUFFIXES or data.startswith(SQLITE_MAGIC):
        return _library_targets(path)
    if path.suffix.lower() in BIB_SUFFIXES:
        text, _ = decode_bytes(data, path)
        return _reference_targets(path.stem, bib_references(text, path))
    return _article_targets(path)


def _reference_targets(name: str, refs, links=(), contexts=None) -> list[Target]:
    """Sources are named like mentions everywhere else: `<file stem>#<n>` (body links: the stem)."""
    out = []
    for ref in refs:
        source = f"{name}#{ref.n}"
        if ref.doi:
            out.append(Target("doi", ref.doi, source, ref, (contexts or {}).get(ref.n, "")))
        if ref.url and not (ref.doi and normalize_doi(ref.url) == ref.doi):
            out.append(Target("url", ref.url, source, ref))
    cited = {t.target for t in out}
    out.extend(Target("url", link, name) for link in links if link not in cited)
    return out


def _article_targets(path: Path) -> list[Target]:
    parsed = parse_path(path)
    contexts: dict[int, str] = {}
    for citation in parsed.citations:
        for n in citation.refs:
            contexts[n] = f"{contexts.get(n, '')} {citation.context}".strip()
    return _reference_targets(parsed.document.stem, parsed.references, parsed.links, contexts)


def bib_references(text: str, path: Path | None = None) -> list[Reference]:
    """BibTeX entries as References (n = position in the file), read by the one BibTeX reader
    (importers.bibtex); a DOI that is not one is left out, as it cannot be checked."""
    refs, _ = import_bibtex(text, str(path or "input"))
    if not refs:
        raise InputError(f"{path or 'input'}: no BibTeX entries could be read; is it a .bib file?")
    return [ref.with_(n=n, doi=normalize_doi(ref.doi), page=ref.page.replace("--", "-").replace("\u2013", "-"))
            for n, ref in enumerate(refs, start=1)]


def _library_targets(path: Path) -> list[Target]:
    """The references stored in a library built by `refgraph build` (opened read-only)."""
    out = []
    for mention, n, raw, csl in store.stored_references(path):
        try:
            item = json.loads(csl)
        except ValueError:
            continue  # a damaged row: nothing to check in it
        ref = reference_from_csl(item, n, raw=raw)  # the library's own reader of its rows
        ref = ref.with_(doi=normalize_doi(ref.doi))  # an imported entry keeps its DOI as the user wrote it
        if ref.doi:
            out.append(Target("doi", ref.doi, mention, ref))
        if ref.url and not (ref.doi and normalize_doi(ref.url) == ref.doi):
            out.append(Target("url", ref.url, mention, ref))
    return out


def check_paths(paths, settings: Settings, session: requests.Session | None = None,
                progress=None) -> CheckReport:
    """Check every DOI and URL cited by `paths` (files or folders).

    progress, if given, is called as progress(advance, total) as checks finish.
    """
    skipped: list[Issue] = []
    files, targets = [], []
    for f in expand(paths, skipped):
        try:
            targets += targets_of(f)
        except RefgraphError as exc:  # one unreadable file does not stop the others (as in build)
            skipped.append(Issue("skipped", str(exc)))
            continue
        files.append(f)
    if not files:
        raise InputError("nothing to check (" + "; ".join(i.message for i in skipped) + ")")
    session = session or make_session(settings)
    tick = (lambda n: progress(n, len(targets))) if progress else None
    results = check_targets(targets, session, settings, tick)
    return CheckReport(tuple(sorted(results, key=_sort_key)), tuple(str(f) for f in files), tuple(skipped))


def _sort_key(status: LinkStatus):
    name, _, n = status.source.partition("#")
    return (name, int(n) if n.isdigit() else 0, status.kind, status.target)
