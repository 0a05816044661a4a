"""`refgraph dedup FILE.bib`: merge the duplicate entries of a BibTeX file the user keeps."""
from __future__ import annotations

from pathlib import Path

from refgraph.bibdedup import BibDedup, dedup_bibtex
from refgraph.errors import InputError


def read_bib_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if b"\x00" in data:
        raise InputError(f"{path}: binary data, not a BibTeX file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def dedup_file(path: Path) -> BibDedup:
    """The duplicate groups of a .bib file, the merged text and the key rewrite map."""
    return dedup_bibtex(read_bib_text(path))
