"""PDF articles through pdfminer.six: text with ligatures and hyphens mended."""
from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
import warnings
import zlib
from pathlib import Path

from refgraph.errors import InputError, MissingExtraError
from refgraph.ingest.text import document_from_text
from refgraph.model import Document

_LIGATURES = {c: unicodedata.normalize("NFKC", c) for c in "ﬀﬁﬂﬃﬄﬅﬆ"}


def mend_pdf_text(text: str) -> str:
    """Undo what PDF layout does to text: ligatures, hyphenated line breaks, form feeds."""
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    text = text.replace("\x0c", "\n")
    text = re.sub(r"(\w)-\n(?=[a-z])", r"\1", text)
    return re.sub(r"[ \t]+\n", "\n", text)


# The most the Flate streams of one PDF may inflate to: a 1 MB file that inflated to 1 GB took
# 2 GB to read (the reader holds about twice what it inflates). Article PDFs inflate to a few MB.
MAX_INFLATED = 256 * 1024 * 1024
_STREAM_RE = re.compile(rb"stream\r?\n")
_INFLATE_STEP = 16 * 1024 * 1024


def inflated_size(data: bytes, limit: int = MAX_INFLATED) -> int:
    """What the file's Flate streams inflate to, counted in bounded steps without keeping the
    output, and given up past `limit` (so the answer is min(size, limit + a step)).

    A guard of its own around whichever library reads the PDF: it reads only the raw bytes."""
    total = 0
    view = memoryview(data)
    for m in _STREAM_RE.finditer(data):
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(view[m.end():], _INFLATE_STEP))
            while inflater.unconsumed_tail and not inflater.eof and total <= limit:
                total += len(inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP))
        except zlib.error:
            continue  # not Flate (an image, or the word `stream` in text), or damaged: counted as read
        if total > limit:
            break
    return total


@contextlib.contextmanager
def _quiet_pdfminer():
    """pdfminer logs what it skips in odd PDFs ("Cannot set non-stroke color ..."): noise to a
    reader of refgraph's output, and nothing the text depends on; a PDF we cannot read raises."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def read_pdf(path: Path, data: bytes) -> Document:
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfexceptions import PDFException
        from pdfminer.psexceptions import PSException
    except ImportError as exc:
        raise MissingExtraError(
            f"{path}: reading PDF needs pdfminer.six, a dependency of refgraph: pip install 'pdfminer.six'") from exc
    if inflated_size(data) > MAX_INFLATED:
        raise InputError(f"{path}: the PDF's streams inflate to over {MAX_INFLATED // 2 ** 20:,} MB "
                         f"from {len(data):,} bytes (a decompression bomb?); not read")
    try:
        with _quiet_pdfminer():
            text = extract_text(io.BytesIO(data))
    except (PDFException, PSException, ValueError, TypeError, KeyError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc.__class__.__name__}); is it damaged?") from exc
    text = mend_pdf_text(text)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (scanned?); run OCR on it first")
    return document_from_text(str(path), path.stem, "pdf", text)
