"""The library's use cases: add articles incrementally, export, and act on a user's decisions.

One function per command (`add_documents`/`add_paths`, `export_library`, `list_works`,
`show_work`, `split_work`, `merge_works`), so the CLI stays thin and other importers (a .bib or
CSL-JSON reader) can hand `add_documents` their own ParsedDocuments. Every change runs in one
SQLite transaction: documents are replaced, then all mentions are re-clustered with the user's
decisions and the keys works had before, so keys stay stable and decisions are honoured.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from refgraph import store
from refgraph.dedup import deduplicate
from refgraph.errors import InputError, LibraryError, RefgraphError
from refgraph.importers import is_bibliography, read_bibliography
from refgraph.model import Issue, Mention, Origin, ParsedDocument, Work
from refgraph.pipeline import parse_paths
from refgraph.store import open_library
from refgraph.writers.bibtex import write_bibtex
from refgraph.writers.csljson import write_csl_json
from refgraph.writers.ris import write_ris

EXPORTERS = {"bibtex": write_bibtex, "csl-json": write_csl_json, "ris": write_ris}


@dataclass(frozen=True)
class AddResult:
    """What `add` changed: documents by fate, and the library's size afterwards."""

    library: Path
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...]
    skipped: tuple[Issue, ...]
    mentions: int
    works: int
    warnings: tuple[Issue, ...] = ()  # entries of imported files skipped or imported with a caveat


@dataclass(frozen=True)
class WorkDetail:
    """A work with every mention that was merged into it (each mention's own parsed record)."""

    work: Work
    mentions: tuple[Mention, ...]


def recluster(con: sqlite3.Connection, earlier_keys: dict[str, str] | None = None, mapper=None) -> list[Work]:
    """Deduplicate every mention of the library again, honouring decisions and earlier keys
    (`earlier_keys` adds those of mentions just replaced, so a re-added article keeps its keys;
    `mapper` spreads the work over an engine's workers, with the same works)."""
    mentions = store.load_mentions(con)
    keys = {**(earlier_keys or {}), **store.mention_keys(con)}
    works = deduplicate(mentions, store.load_decisions(con), keys, mapper=mapper)
    store.write_works(con, works, mentions)
    return works


def add_documents(library: Path, docs: Sequence[ParsedDocument], skipped: Sequence[Issue] = (),
                  origin: Origin = "parsed", warnings: Sequence[Issue] = ()) -> AddResult:
    """Add (or replace, when an article of that name is already there) documents, then re-cluster.

    Documents read from bibliography files (importers.read_bibliography) hold imported records
    whatever `origin` says; a resolver passes origin="resolved".
    """
    with open_library(library) as con:
        digests = store.document_digests(con)
        fresh = [d for d in docs if digests.get(d.document.stem) != store.document_digest(d)]
        unchanged = tuple(d.document.stem for d in docs if d not in fresh)
        replaced = tuple(d.document.stem for d in fresh if d.document.stem in digests)
        earlier = store.mention_keys(con)
        store.delete_documents(con, replaced)
        store.insert_documents(con, fresh, origin)
        works = recluster(con, earlier) if fresh or not digests else store.load_works(con)
        mentions = store.count_mentions(con)
    added = tuple(d.document.stem for d in fresh if d.document.stem not in digests)
    return AddResult(Path(library), added, replaced, unchanged, tuple(skipped), mentions, len(works),
                     tuple(warnings))


def add_paths(library: Path, paths: Iterable[str | Path], progress=None) -> AddResult:
    """Parse articles (files or folders) and import bibliography files (.bib, .ris, CSL-JSON,
    named one by one), then add them all to the library in one transaction.

    An imported file's bad entries are warnings (the others are imported); a file that cannot
    be read at all is skipped like an unreadable article; nothing readable is an InputError.
    """
    given = [Path(p) for p in paths]
    bibliographies = [p for p in given if p.is_file() and is_bibliography(p)]
    articles = [p for p in given if p not in bibliographies]
    batch = parse_paths(articles, progress, require=not bibliographies)
    docs, skipped = list(batch.documents), list(batch.skipped)
    warnings: list[Issue] = []
    stems = {d.document.stem for d in docs}
    for path in bibliographies:
        try:
            doc, problems = read_bibliography(path)
        except RefgraphError as exc:
            skipped.append(Issue("skipped", str(exc)))
            continue
        if not doc.references or doc.document.stem in stems:
            why = [f"{path}: another file has the same name {path.name!r}; rename one"] if doc.references else []
            skipped += [Issue("skipped", m) for m in why] + list(problems)
            continue
        stems.add(doc.document.stem)
        docs.append(doc)
        warnings += problems
    if not docs:
        reasons = "; ".join(i.message for i in skipped) or "nothing given"
        raise InputError(f"nothing readable to add ({reasons})")
    return add_documents(library, docs, skipped, warnings=warnings)


def library_works(library: Path) -> list[Work]:
    """Every work of an existing library file, in the order they were written."""
    with open_library(library, must_exist=True, write=False) as con:
        return store.load_works(con)


@dataclass(frozen=True)
class Exported:
    """An export's text, and what the user should know about it (fields a style lacked)."""

    text: str
    works: int
    issues: tuple[Issue, ...] = ()


STYLED_FORMATS = ("text", "html", "markdown")
DEFAULT_STYLE = "apa"


def export_library(library: Path, fmt: str, style: str | None = None,
                   cited_by: Sequence[str | Path] = ()) -> Exported:
    """The library's works (or those cited by some of its documents) as BibTeX, CSL-JSON or RIS,
    or as a reference list in a CSL style (text, HTML or Markdown; APA unless a style is given).

    Data formats carry every field and need no style, so a style with one is a usage error.
    """
    if fmt not in EXPORTERS and fmt not in STYLED_FORMATS:
        raise LibraryError(f"unknown export format {fmt!r}; choose one of {', '.join([*EXPORTERS, *STYLED_FORMATS])}")
    if style and fmt in EXPORTERS:
        raise LibraryError(f"--style renders a reference list; use --format {'|'.join(STYLED_FORMATS)} with it "
                           f"({fmt} keeps every field and has no style)")
    with open_library(library, must_exist=True, write=False) as con:
        works = store.load_works(con)
        if cited_by:
            wanted = set(store.mentions_of_documents(con, [_document_stem(con, p) for p in cited_by]))
            works = [w for w in works if wanted.intersection(w.mentions)]
    if fmt == "bibtex":
        from refgraph.writers.bibtex import left_out

        empty = left_out(works)
        issues = tuple(Issue("empty-record", f"{w.key}: left out of the BibTeX (no field and no text as printed)")
                       for w in empty)
        return Exported(write_bibtex(works), len(works) - len(empty), issues)
    if fmt in EXPORTERS:
        return Exported(EXPORTERS[fmt](works), len(works))
    from refgraph.styles import render_bibliography  # citeproc-py: slow to import, only for styled output

    rendered = render_bibliography(works, style or DEFAULT_STYLE, fmt)
    return Exported(rendered.document() if works else "", len(works), rendered.issues)


def _document_stem(con: sqlite3.Connection, given: str | Path) -> str:
    """The document a --cited-by PATH names: by its path, its stored name, or its file stem."""
    given = Path(given)
    rows = store.document_paths(con)
    for match in (lambda stem, path: given.exists() and Path(path).exists() and Path(path).samefile(given),
                  lambda stem, path: str(given) in (stem, path),
                  lambda stem, path: given.stem == stem or given.name == stem):
        found = [stem for stem, path in rows if match(stem, path)]
        if len(found) == 1:
            return found[0]
    raise LibraryError(f"{given}: no such document in the library (or more than one); name an added article "
                       f"by its path or file stem, e.g. {', '.join(s for s, _ in rows[:3]) or 'none added yet'}")


def list_works(library: Path, query: str = "") -> list[Work]:
    """Works whose key, title or first author contains `query` (all when empty)."""
    q = query.casefold()
    works = library_works(library)
    if not q:
        return works
    return [w for w in works if q in w.key.casefold() or q in w.reference.title.casefold()
            or any(q in (a.family or a.literal).casefold() for a in w.reference.authors[:1])]


def show_work(library: Path, key: str) -> WorkDetail:
    with open_library(library, must_exist=True, write=False) as con:
        return _detail(con, key)


def _detail(con: sqlite3.Connection, key: str) -> WorkDetail:
    work = next((w for w in store.load_works(con) if w.key == key), None)
    if work is None:
        raise LibraryError(f"no work with key {key!r}; see `refgraph works list`")
    wanted = set(work.mentions)
    return WorkDetail(work, tuple(m for m in store.load_mentions(con) if m.id in wanted))


def split_work(library: Path, key: str, mention_ids: Sequence[str]) -> list[Work]:
    """The named mentions are not the same work as the rest of `key`: recorded, then re-clustered.

    Returns the works that now hold the mentions of the old work.
    """
    with open_library(library, must_exist=True) as con:
        work = _detail(con, key).work
        unknown = [m for m in mention_ids if m not in work.mentions]
        if unknown or not mention_ids:
            raise LibraryError(f"{', '.join(unknown) or 'no mention given'}: name mentions of {key} "
                               f"({', '.join(work.mentions)})")
        rest = [m for m in work.mentions if m not in mention_ids]
        if not rest:
            raise LibraryError(f"naming every mention of {key} splits nothing; leave at least one out")
        for a in mention_ids:
            for b in rest:
                store.record_decision(con, "different", a, b)
        works = recluster(con)
    old = set(work.mentions)
    return [w for w in works if old & set(w.mentions)]


def merge_works(library: Path, keys: Sequence[str]) -> Work:
    """The works named by `keys` are one work: recorded, then re-clustered. Returns the merged work."""
    if len(keys) < 2:
        raise LibraryError("name at least two works to merge")
    with open_library(library, must_exist=True) as con:
        details = [_detail(con, k) for k in keys]
        anchor = details[0].work.mentions[0]
        members = [m for d in details for m in d.work.mentions]
        store.forget_decisions(con, "different", members)  # the user's latest word wins
        for d in details[1:]:
            store.record_decision(con, "same", anchor, d.work.mentions[0])
        works = recluster(con)
    return next(w for w in works if anchor in w.mentions)
