"""Importers: the bibliographies people already keep (BibTeX, RIS, CSL-JSON) -> Reference records.

Each importer is a pure function of the file's text returning an `Imported`: the entries it
could read (with their original keys, source and unkept fields) and an Issue for each entry it
could not, naming the entry or line, so one bad entry never loses the rest of the file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from refgraph.errors import InputError
from refgraph.model import Issue, Reference

IMPORT_SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json",
                   ".csljson": "csl-json"}


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
        except (OSError, UnicodeDecodeError, ValueError):
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the path") from exc
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file, not a bibliography; export it as .bib, .ris or CSL-JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return import_text(text, sniff_format(path, text), str(path))
