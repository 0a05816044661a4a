"""Readers: one per input format, each turning a file into a `Document`.

`read_document` picks the reader from the file's suffix (and sniffs content where the suffix
says nothing), so the rest of the pipeline never knows where the text came from.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from refgraph.errors import InputError
from refgraph.ingest.text import decode_bytes, document_from_text
from refgraph.model import Document, Issue

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
MAX_BYTES = 200_000_000


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file, or use `refgraph build` for folders")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size:,} bytes is too large (limit {MAX_BYTES:,}); split the file")
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied; make the file readable") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    return data


def printable_name(text: str) -> str:
    """A file name as text that can be stored and printed: bytes of a name that is not UTF-8
    (which Python keeps as lone surrogates) written as \\xNN, so two such names stay apart."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def read_document(path: str | Path) -> Document:
    """Read one article from disk into a Document, or raise InputError saying why not.

    A file name that is not UTF-8 is kept in the Document with its odd bytes escaped (and an
    Issue): SQLite, JSON and the report cannot hold the raw name, and one such file must not
    stop a build."""
    path = Path(path)
    shown = printable_name(str(path))
    if shown == str(path):
        return _read_document(path)
    try:
        doc = _read_document(path)
    except InputError as exc:
        raise InputError(printable_name(str(exc))) from exc
    issue = Issue("file-name", f"{shown}: the file name is not valid UTF-8; its odd bytes are shown as \\xNN "
                  "(rename the file to keep its name as it is)")
    return replace(doc, path=shown, stem=printable_name(path.stem), issues=doc.issues + (issue,))


def _read_document(path: Path) -> Document:
    data = read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        from refgraph.ingest.pdf import read_pdf
        return read_pdf(path, data)
    if suffix in HTML_SUFFIXES or _looks_like_html(data):
        from refgraph.ingest.html import read_html
        return read_html(path, data)
    text, issues = decode_bytes(data, path)
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return document_from_text(str(path), path.stem, fmt, text, issues)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
