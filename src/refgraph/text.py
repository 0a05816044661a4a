"""Text shared by every stage: bytes decoded one way, accents off, case folded.

One definition, so that a name or title compares the same way in the callout linker
(extract/textspan.py), deduplication (dedup/features.py), the graph's corpus aliases
(graph/build.py) and citation keys (writers/keys.py). ASCII text takes a fast path: NFKD leaves
it unchanged, so the result is the same.
"""
from __future__ import annotations

import codecs
import unicodedata


def strip_accents(s: str) -> str:
    """'Müller' -> 'Muller': NFKD, then combining marks dropped (ligatures and full-width forms
    become their plain letters too)."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def fold(s: str) -> str:
    """Lower case without accents: 'Müller' and 'muller' compare alike."""
    if s.isascii():
        return s.casefold()
    return strip_accents(s).casefold()


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes UTF-8 could not read, read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


CP1252_FALLBACK = "refgraph-cp1252"
codecs.register_error(CP1252_FALLBACK, _cp1252_bytes)


def decode(data: bytes, keep_bom: bool = False) -> tuple[str, int | None]:
    """(text, offset of the first byte that is not UTF-8, or None): the one decoder of files.

    UTF-16 with a BOM; else UTF-8, each byte that is not UTF-8 read as Windows-1252, so a
    Latin-1 file reads as Windows-1252 would and a UTF-8 file with one stray byte keeps every
    other character as written. keep_bom leaves a UTF-8 BOM in the text (bibdedup writes the
    file back byte for byte)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    codec = "utf-8" if keep_bom else "utf-8-sig"
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as first:
        return data.decode(codec, errors=CP1252_FALLBACK), first.start
