"""Importers: the bibliographies people already keep (BibTeX, RIS, CSL-JSON) -> Reference records.

Each importer is a pure function of the file's text returning an `Imported`: the entries it
could read (with their original keys, source and unkept fields) and an Issue for each entry it
could not, naming the entry or line, so one bad entry never loses the rest of the file.

`read_bibliography` turns a file into a ParsedDocument for `refgraph add`: the document is
named by the file's name with its suffix (`refs.bib`, so it never replaces an article
`refs.md`), its format is the importer's (which marks its mentions `imported` in the library),
and each entry becomes a mention `refs.bib#<key>` (`refs.bib#<n>` without a usable key).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from refgraph.errors import InputError
from refgraph.ingest import printable_name
from refgraph.model import BIBLIOGRAPHY_FORMATS, Document, Issue, ParsedDocument, Reference
from refgraph.text import decode

IMPORT_SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json",
                   ".csljson": "csl-json"}
assert BIBLIOGRAPHY_FORMATS == frozenset(IMPORT_SUFFIXES.values())  # model's list names these formats


@dataclass(frozen=True)
class Imported:
    """What one bibliography file gave: its entries and the problems with the ones it could not."""

    path: str
    format: str
    references: tuple[Reference, ...]
    issues: tuple[Issue, ...] = ()


def sniff_format(path: Path, text: str) -> str:
    """bibtex, ris or csl-json, from the suffix, else from the first non-blank characters."""
    fmt = IMPORT_SUFFIXES.get(path.suffix.lower())
    if fmt:
        return fmt
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith("@"):
        return "bibtex"
    if head.startswith("TY  -"):
        return "ris"
    if head.startswith(("[", "{")):
        return "csl-json"
    raise InputError(f"{path}: not a bibliography refgraph can import (.bib, .ris, CSL-JSON .json)")


def is_bibliography(path: Path) -> bool:
    """Whether `refgraph add` should import this file rather than parse it as an article."""
    if path.suffix.lower() in (".bib", ".bibtex", ".ris", ".csljson"):
        return True
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return True  # a broken .json is reported by the CSL-JSON importer, with its line
        return isinstance(data, list) or (isinstance(data, dict) and "items" in data)
    return False


def import_text(text: str, fmt: str, source: str) -> Imported:
    from refgraph.importers import bibtex, csljson, ris

    readers = {"bibtex": bibtex.import_bibtex, "ris": ris.import_ris, "csl-json": csljson.import_csl_json}
    refs, issues = readers[fmt](text, source)
    return Imported(source, fmt, tuple(refs), tuple(issues))


def import_file(path: str | Path) -> Imported:
    """Read a .bib, .ris or CSL-JSON file (also Zotero and Better BibTeX exports of them)."""
    path = Path(path)
    text = read_text(path)
    return import_text(text, sniff_format(path, text), printable_name(str(path)))


def read_text(path: Path) -> str:
    """A bibliography file's text, decoded as every file is (text.decode); binary files refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the path") from exc
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs
        raise InputError(f"{path}: binary file, not a bibliography; export it as .bib, .ris or CSL-JSON")
    return decode(data)[0]


def read_bibliography(path: str | Path) -> tuple[ParsedDocument, tuple[Issue, ...]]:
    """A bibliography file as one document of imported entries, and the problems with its
    entries (each message names the file and the entry or line). An entry whose key repeats
    an earlier one of the same file is skipped, as BibTeX's own duplicate keys are."""
    path = Path(path)
    text = read_text(path)
    shown = printable_name(str(path))  # a name that is not UTF-8 cannot be stored or printed raw
    imported = import_text(text, sniff_format(path, text), shown)
    problems = [Issue(i.kind, f"{shown}: {i.message}", i.line) for i in imported.issues]
    doc = ParsedDocument(Document(shown, printable_name(path.name), imported.format, "", text), (), (), ())
    where = "item" if imported.format == "csl-json" else "line"
    refs, seen = [], set()
    for ref in imported.references:
        mention = doc.mention_id_of(ref)
        if mention in seen:
            problems.append(Issue("duplicate-key", f"{path}: {ref.key} ({where} {ref.n}): the key is used by an "
                                  "earlier entry; this entry was skipped (give it its own key)", ref.n))
            continue
        seen.add(mention)
        refs.append(ref)
    if not refs:
        problems.append(Issue("empty", f"{path}: no entries could be imported"))
    return ParsedDocument(doc.document, tuple(refs), (), ()), tuple(problems)
