"""`refgraph dedup FILE.bib`: merge the duplicate entries of a BibTeX file the user keeps."""
from __future__ import annotations

from pathlib import Path

from refgraph.bibdedup import BibDedup, dedup_bibtex
from refgraph.errors import InputError
from refgraph.text import decode


def read_bib_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs
        raise InputError(f"{path}: binary data, not a BibTeX file")
    return decode(data, keep_bom=True)[0]  # the BOM stays: the file is written back byte for byte


def dedup_file(path: Path) -> BibDedup:
    """The duplicate groups of a .bib file, the merged text and the key rewrite map."""
    return dedup_bibtex(read_bib_text(path))
