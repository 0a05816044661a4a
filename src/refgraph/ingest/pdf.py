"""PDF articles through pdfminer.six: text with ligatures and hyphens mended."""
from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
import warnings
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
    try:
        with _quiet_pdfminer():
            text = extract_text(io.BytesIO(data))
    except (PDFException, PSException, ValueError, TypeError, KeyError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc.__class__.__name__}); is it damaged?") from exc
    text = mend_pdf_text(text)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (scanned?); run OCR on it first")
    return document_from_text(str(path), path.stem, "pdf", text)
