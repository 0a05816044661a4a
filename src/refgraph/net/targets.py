"""What `refgraph check` checks: the DOIs and URLs of articles, `.bib` files and libraries.

`check_paths` is the library function behind the command: inputs in, `CheckReport` out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import requests

from refgraph.config import Settings
from refgraph.errors import InputError
from refgraph.ids import extract_identifiers, normalize_doi
from refgraph.ingest import ARTICLE_SUFFIXES, read_bytes
from refgraph.ingest.text import decode_bytes
from refgraph.model import LinkStatus, Name, Reference
from refgraph.net.http import make_session
from refgraph.net.linkcheck import Target, check_targets

BIB_SUFFIXES = {".bib", ".bibtex"}
LIBRARY_SUFFIXES = {".sqlite", ".sqlite3", ".db"}
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class CheckReport:
    results: tuple[LinkStatus, ...]
    files: tuple[str, ...]

    @property
    def broken(self) -> bool:
        return any(r.status == "broken" for r in self.results)

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "warning": 0, "broken": 0, "unknown": 0}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def expand(paths) -> list[Path]:
    """Files named, and the checkable files inside folders named (sorted, not recursive)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            wanted = ARTICLE_SUFFIXES | BIB_SUFFIXES | LIBRARY_SUFFIXES
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in wanted
                           and not p.name.startswith("."))
            if not found:
                raise InputError(f"{path}: no articles, .bib files or libraries in this folder")
            out.extend(found)
        elif not path.exists():
            raise InputError(f"{path}: no such file; check the path")
        else:
            out.append(path)
    return out


def targets_of(path: Path) -> list[Target]:
    """Every DOI and URL that `path` cites, each with the reference that cites it."""
    data = read_bytes(path)
    if path.suffix.lower() in LIBRARY_SUFFIXES or data.startswith(SQLITE_MAGIC):
        return _library_targets(path)
    if path.suffix.lower() in BIB_SUFFIXES:
        text, _ = decode_bytes(data, path)
        return _reference_targets(path.name, bib_references(text, path))
    return _article_targets(path)


def _reference_targets(name: str, refs, links=()) -> list[Target]:
    out = []
    for ref in refs:
        source = f"{name}#{ref.n}"
        if ref.doi:
            out.append(Target("doi", ref.doi, source, ref))
        if ref.url and not (ref.doi and normalize_doi(ref.url) == ref.doi):
            out.append(Target("url", ref.url, source, ref))
    cited = {t.target for t in out}
    out.extend(Target("url", link, name) for link in links if link not in cited)
    return out


def _article_targets(path: Path) -> list[Target]:
    try:
        from refgraph.pipeline import parse_path  # the lead's pipeline, once it has landed
    except ImportError:
        return _reference_targets(path.name, _lines_with_identifiers(path))
    parsed = parse_path(path)
    return _reference_targets(path.name, parsed.references, parsed.links)


def _lines_with_identifiers(path: Path) -> list[Reference]:
    """Stand-in until pipeline.parse_path exists: each line holding a DOI or URL is a reference."""
    from refgraph.extract.parse import parse_reference
    from refgraph.ingest import read_document
    doc = read_document(path)
    refs = []
    for line in doc.text.splitlines():
        line = re.sub(r"^\s*(?:\[\d+\]|\d+\.|[-*])\s+", "", line).strip()
        ids = extract_identifiers(line)
        if ids.doi or ids.url:
            refs.append(parse_reference(line, n=len(refs) + 1))
    return refs


def bib_references(text: str, path: Path | None = None) -> list[Reference]:
    """BibTeX entries as References (n = position in the file)."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
    library = bibtexparser.parse_string(text, append_middleware=[
        LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()])
    if library.failed_blocks and not library.entries:
        raise InputError(f"{path or 'input'}: no BibTeX entries could be read; is it a .bib file?")
    return [_bib_entry(entry, n) for n, entry in enumerate(library.entries, start=1)]


_BIB_TYPES = {"article": "article-journal", "book": "book", "inbook": "chapter", "incollection": "chapter",
              "inproceedings": "paper-conference", "conference": "paper-conference",
              "techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis", "misc": "document",
              "online": "webpage"}


def _bib_entry(entry, n: int) -> Reference:
    def get(key: str) -> str:
        field = entry.fields_dict.get(key)
        return " ".join(str(field.value).replace("{", "").replace("}", "").split()) if field else ""

    def names(key: str) -> tuple[Name, ...]:
        field = entry.fields_dict.get(key)
        out = []
        for person in (field.value if field and isinstance(field.value, list) else []):
            family = " ".join(getattr(person, "last", []) or []).strip("{} ")
            given = " ".join(getattr(person, "first", []) or []).strip("{} ")
            if family:
                out.append(Name(family=family, given=given))
        return tuple(out)

    year = re.search(r"\d{4}", get("year") or get("date"))
    raw = f"@{entry.entry_type}{{{entry.key}}}"
    return Reference(
        n=n, raw=raw, type=_BIB_TYPES.get(entry.entry_type.lower(), "document"), title=get("title"),
        authors=names("author"), editors=names("editor"), year=int(year.group(0)) if year else None,
        container_title=get("journal") or get("journaltitle") or get("booktitle"),
        volume=get("volume"), issue=get("number"), page=get("pages").replace("--", "-"),
        publisher=get("publisher"), doi=normalize_doi(get("doi")), url=get("url"), isbn=get("isbn"))


def _library_targets(path: Path) -> list[Target]:
    try:
        from refgraph.store import references_for_check  # provided by store.py once it lands
    except ImportError as exc:
        raise InputError(f"{path}: checking a library needs the library store, which this build "
                         f"lacks; check the articles or .bib files instead") from exc
    return [Target(kind, target, source, ref) for kind, target, source, ref in references_for_check(path)]


def check_paths(paths, settings: Settings, session: requests.Session | None = None,
                progress=None) -> CheckReport:
    """Check every DOI and URL cited by `paths` (files or folders).

    progress, if given, is called as progress(advance, total) as checks finish.
    """
    files = expand(paths)
    targets = [t for f in files for t in targets_of(f)]
    session = session or make_session(settings)
    tick = (lambda n: progress(n, len(targets))) if progress else None
    results = check_targets(targets, session, settings, tick)
    return CheckReport(tuple(sorted(results, key=_sort_key)), tuple(str(f) for f in files))


def _sort_key(status: LinkStatus):
    name, _, n = status.source.partition("#")
    return (name, int(n) if n.isdigit() else 0, status.kind, status.target)
