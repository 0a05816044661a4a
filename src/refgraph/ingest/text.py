"""Plain text and Markdown: decoding that never loses data, and emphasis stripped with offsets."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from refgraph.errors import InputError
from refgraph.ingest.mdrefs import MarkedLists, find_marked_lists
from refgraph.model import Document, Issue
from refgraph.text import decode

# Paired emphasis: *x*, **x**, _x_, __x__ (not inside words for underscores: snake_case stays).
# An emphasised span is at most this long (a title in italics is far shorter): an unclosed mark
# then costs a bounded look-ahead, not a scan to the end of the line (`*a *a *a ...` was
# quadratic: 37 s for a 100 KB line).
MAX_EMPHASIS = 500
_EMPHASIS_RE = re.compile(
    rf"(?<![\w*])(\*{{1,3}})(?=[^\s*])(.{{1,{MAX_EMPHASIS}}}?)(?<=[^\s*])\1(?!\*)"
    rf"|(?<![\w_])(_{{1,3}})(?=[^\s_])(.{{1,{MAX_EMPHASIS}}}?)(?<=[^\s_])\3(?![\w_])"
)


def _is_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def decode_bytes(data: bytes, path: Path) -> tuple[str, tuple[Issue, ...]]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    A file that is not UTF-8 is still read, with an Issue saying how it was decoded, so that a
    Latin-1 article in a batch is processed rather than dropped.
    """
    if _is_binary(data):
        raise InputError(f"{path}: looks like a binary file, not an article (PDF, HTML or text expected)")
    issues: list[Issue] = []
    text, bad = decode(data)
    if bad is not None:
        line = data.count(b"\n", 0, bad) + 1
        issues.append(Issue("encoding", f"not valid UTF-8 (first at line {line}): those bytes decoded as "
                                        "Windows-1252/Latin-1", line))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", " ")
    return text, tuple(issues)


def strip_emphasis(text: str) -> tuple[str, tuple[int, ...]]:
    """Remove paired Markdown emphasis marks; return the text and, per kept char, its offset."""
    drop: set[int] = set()
    for m in _EMPHASIS_RE.finditer(text):
        group = 1 if m.group(1) else 3
        marks = len(m.group(group))
        drop.update(range(m.start(), m.start() + marks))
        drop.update(range(m.end() - marks, m.end()))
    if not drop:
        return text, tuple(range(len(text)))
    keep = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in keep), tuple(keep)


def document_from_text(path: str, stem: str, fmt: str, text: str, issues=()) -> Document:
    clean, offsets = strip_emphasis(text)
    line_starts = (0,) + tuple(m.end() for m in re.finditer("\n", text))
    marked = find_marked_lists(text) if fmt in ("markdown", "text") else MarkedLists()
    return Document(path=path, stem=stem, format=fmt, text=clean, source_text=text, line_starts=line_starts,
                    source_offsets=offsets, title=_guess_title(clean), issues=tuple(issues),
                    ref_regions=marked.regions, entry_starts=marked.starts, ref_reasons=marked.reasons,
                    entry_keys=marked.entry_keys, callout_marks=marked.callouts)


def _guess_title(text: str) -> str:
    """The first short line among the first few (a heading, not a paragraph or a menu word)."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()][:6]
    for line in lines:
        words = line.split()
        if 3 <= len(words) <= 30 and len(line) <= 300 and not line.endswith("."):
            return line
    return ""
