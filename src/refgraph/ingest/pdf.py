"""PDF articles: text lines with their layout, through pypdfium2 (fast, self-contained wheels).

Measured on the ten realworld-dev PDFs, pdfium reads 190-990 pages/s against pdfminer.six's
6-35, with text of the same quality (benchmarks/pdf_readers.py). pdfminer.six stays a fallback
where pypdfium2 is not installed.

The layout the finder and splitter need is written into the text itself, so that one text
finder serves PDF and plain text alike: a line's indentation relative to its column becomes
leading spaces (hanging author-year lists), a vertical gap wider than the line pitch becomes a
blank line (entries set apart by spacing), running heads, footers and page numbers are dropped
(they interrupt lists), and hyphenated line breaks are restored as `-` + newline.
"""
from __future__ import annotations

import bisect
import contextlib
import ctypes
import io
import itertools
import logging
import re
import unicodedata
import warnings
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from refgraph.errors import InputError, MissingExtraError
from refgraph.ingest.text import document_from_text
from refgraph.model import Document

_LIGATURES = {c: unicodedata.normalize("NFKC", c) for c in "ﬀﬁﬂﬃﬄﬅﬆ"}
# pdfminer's names for glyphs it cannot map: the common ligatures of TeX fonts.
_CID_LIGATURES = {"(cid:12)": "fi", "(cid:13)": "fl", "(cid:14)": "ffi", "(cid:15)": "ffl", "(cid:11)": "ff"}
_SOFT_BREAK = re.compile("[\ufffe\x02]")  # pdfium's mark for a hyphen it joined across lines
# A spacing diaeresis/accent printed before its letter (TeX's \"u): S¨ußkraut -> Süßkraut.
_SPACING_ACCENTS = {"¨": "\u0308", "´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327"}
_ACCENT_RE = re.compile("([¨´`ˆ˜¸])([A-Za-z])")


def mend_pdf_text(text: str) -> str:
    """Undo what PDF layout does to text: ligatures, cid codes, spacing accents, form feeds."""
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    for cid, plain in _CID_LIGATURES.items():
        text = text.replace(cid, plain)
    text = _ACCENT_RE.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _SPACING_ACCENTS[m.group(1)]), text)
    text = text.replace("\x0c", "\n")
    text = _HYPHEN_BREAK_RE.sub(_join_hyphen, text)
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


# A word hyphenated at a line end: its second half moves up, so the lines stay as printed.
_HYPHEN_BREAK_RE = re.compile(r"(\w)-\n([ \t]*)([a-z][\w'’]*[,.;:)]?)([ \t]*)(?=(\n|$)?)")


def _join_hyphen(m: re.Match) -> str:
    if m.group(5) is not None:  # nothing else on the next line: the two lines become one
        return m.group(1) + m.group(3)
    return m.group(1) + m.group(3) + "\n" + m.group(2)


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One printed line: its text and where it sits (PDF points, y grows upwards)."""

    page: int
    x0: float
    baseline: float
    size: float
    text: str
    width: float = 612.0  # the page's


def pdf_lines(data: bytes, path: str = "PDF") -> list[PdfLine]:
    """Every text line of the PDF with its position and font size, in pdfium's reading order."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{path}: not a readable PDF ({exc}); is it damaged or encrypted?") from exc
    out: list[PdfLine] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            textpage = page.get_textpage()
            width = page.get_width()
            text = textpage.get_text_range()
            astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
            pos = 0
            for piece in re.split(r"(\r\n|\n|\r|[\ufffe\x02])", text):
                start, pos = pos, pos + len(piece)
                if piece in ("\r\n", "\n", "\r"):
                    continue
                if piece in ("\ufffe", "\x02"):
                    if out and out[-1].page == number:
                        out[-1] = _with_text(out[-1], out[-1].text + "-")
                    continue
                first = len(piece) - len(piece.lstrip())
                if first == len(piece):
                    continue
                index = _char_index(text, start + first, astral)
                left, bottom, _, top = textpage.get_charbox(index)
                raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
                size = raw.FPDFText_GetFontSize(textpage.raw, index)
                out.append(PdfLine(number, left, y.value, size if size > 2 else top - bottom, piece.strip(), width))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return out


def _char_index(text: str, index: int, astral: list[int]) -> int:
    """pdfium's index of text[index]: it counts a character beyond the BMP (a maths italic
    letter) as two UTF-16 units, Python as one."""
    return index + bisect.bisect_left(astral, index) if astral else index


def _with_text(line: PdfLine, text: str) -> PdfLine:
    return PdfLine(line.page, line.x0, line.baseline, line.size, text, line.width)


def _furniture_key(text: str) -> str:
    """Letters only, and only the first few: page numbers and OCR noise do not hide a repeat."""
    return re.sub(r"[^a-z]+", "", text.lower())[:16]


def running_furniture(lines: list[PdfLine]) -> set[int]:
    """Indices of page numbers, running heads and footers: the first and last three lines of a
    page that are a bare number, or that recur (digits aside) at the edge of other pages."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        pages.setdefault(line.page, []).append(i)
    edges = {i for idx in pages.values() for i in idx[:3] + idx[-3:]}
    repeats = max(2, min(3, len(pages)))
    counts = Counter(_furniture_key(lines[i].text) for i in edges)
    exact = Counter(lines[i].text.strip() for i in edges)  # "00302.", the tail of a wrapped footer
    out = set()
    for i in edges:
        text = lines[i].text.strip()
        page_number = re.fullmatch(r"[-–—]?\s*\d{1,4}\s*[-–—]?|[ivxlc]{1,6}", text, re.IGNORECASE)
        key = _furniture_key(text)
        if page_number or (len(key) >= 4 and counts[key] >= repeats and len(text) < 200) or exact[text] >= repeats:
            out.add(i)
    return out


def _column_margins(lines: list[PdfLine]) -> dict[tuple[int, int], float]:
    """Left margin of each column of each page: the leftmost x0 shared by two lines or more."""
    groups: dict[tuple[int, int], list[float]] = {}
    for ln in lines:
        groups.setdefault((ln.page, _column(ln)), []).append(round(ln.x0))
    margins = {}
    for key, xs in groups.items():
        counts = Counter(xs)
        shared = [x for x, c in counts.items() if c >= 2 or c * 5 >= len(xs)]
        margins[key] = float(min(shared or xs))
    return margins


def _column(line: PdfLine) -> int:
    return 0 if line.x0 < line.width * 0.42 else 1


def _pitches(lines: list[PdfLine]) -> dict[tuple[int, int], float]:
    """The usual distance between baselines in each column of each page (its line pitch)."""
    steps: dict[tuple[int, int], list[float]] = {}
    for a, b in itertools.pairwise(lines):
        if a.page == b.page and 3 < a.baseline - b.baseline < 40:
            steps.setdefault((b.page, _column(b)), []).append(a.baseline - b.baseline)
    return {key: _mode(values) for key, values in steps.items()}


def _mode(values: list[float]) -> float:
    """The most common value to half a point, the smaller on a tie (the tight pitch)."""
    counts = Counter(round(v * 2) / 2 for v in values)
    return min(counts, key=lambda v: (-counts[v], v))


def layout_text(lines: list[PdfLine]) -> str:
    """The lines as text, layout kept: indentation as spaces, wide gaps as blank lines."""
    drop = running_furniture(lines)
    kept = [ln for i, ln in enumerate(lines) if i not in drop]
    margins = _column_margins(kept)
    pitch = _pitches(kept)
    out: list[str] = []
    previous: PdfLine | None = None
    for ln in kept:
        if previous is not None and previous.page == ln.page:
            gap = previous.baseline - ln.baseline
            step = pitch.get((ln.page, _column(ln)), 12.0)
            if step * 1.4 < gap < step * 6 and abs(ln.x0 - previous.x0) < ln.width * 0.3:
                out.append("")
        margin = margins.get((ln.page, _column(ln)), ln.x0)
        indent = max(0, min(12, round((ln.x0 - margin) / 3.5)))
        out.append(" " * indent + ln.text)
        previous = ln
    return "\n".join(out) + "\n"


def pdf_text(data: bytes, path: str = "PDF") -> str:
    """The text of a PDF with its layout in spaces and blank lines (pdfminer's plain text where
    pypdfium2 is missing)."""
    if inflated_size(data) > MAX_INFLATED:
        raise InputError(f"{path}: the PDF's streams inflate to over {MAX_INFLATED // 2 ** 20:,} MB "
                         f"from {len(data):,} bytes (a decompression bomb?); not read")
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return _pdfminer_text(data, path)
    return mend_pdf_text(layout_text(pdf_lines(data, path)))


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


def _pdfminer_text(data: bytes, path: str) -> str:
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfexceptions import PDFException
        from pdfminer.psexceptions import PSException
    except ImportError as exc:
        raise MissingExtraError(
            f"{path}: reading PDF needs pypdfium2 or pdfminer.six, dependencies of refgraph: "
            "pip install pypdfium2") from exc
    try:
        with _quiet_pdfminer():
            text = extract_text(io.BytesIO(data))
    except (PDFException, PSException, ValueError, TypeError, KeyError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc.__class__.__name__}); is it damaged?") from exc
    return mend_pdf_text(text)


def read_pdf(path: Path, data: bytes) -> Document:
    text = pdf_text(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (scanned?); run OCR on it first")
    return document_from_text(str(path), path.stem, "pdf", text)
