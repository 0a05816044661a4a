"""Cut a reference section into reference strings.

Handles numbered lists (`1.`, `[1]`, `1)`, `- 1 Name`, `1 Name`), one entry per line, entries
separated by blank lines, and hanging author-date entries wrapped over several lines (PDF).
The list ends at the first block that does not read as a reference, so a page footer or a
second post after the list is not taken for references.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.model import RawReference

NUMBER_RE = re.compile(
    r"^[ \t]*(?:[-*•·][ \t]*)?(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?!\d)|(\d{1,4})(?=[ \t]+[^\s\d]))[ \t]*")
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)|\bn\.\s?d\.|\bin press\b|\bforthcoming\b", re.I)
_LINKISH_RE = re.compile(r"https?://|www\.|\bdoi\b|10\.\d{4,9}/|\b[a-z0-9-]+\.(?:ly|org|com|net|edu|gov|uk)/", re.I)
_AUTHOR_START_RE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’À-ÿ-]+(?:[ \t][A-ZÀ-Þ][\w'’À-ÿ-]+)?,[ \t]*(?:[A-Z]\.|[A-ZÀ-Þ][a-zà-ÿ]+)"
    r"|[A-ZÀ-Þ][\w'’À-ÿ-]+[ \t]+[A-Z]{1,3}[,.][ \t]"
    r"|[A-ZÀ-Þ][\w'’À-ÿ-]+(?:[ \t](?:&|and)[ \t][A-ZÀ-Þ][\w'’-]+)?[ \t]*\((?:1[5-9]|20)\d\d)")


def looks_like_reference(text: str) -> bool:
    """A cheap test: a year (or n.d.) or a link, and more than a couple of words."""
    text = text.strip()
    if len(text) < 8:
        return False
    if _LINKISH_RE.search(text):
        return True
    return bool(_YEAR_RE.search(text)) and len(text.split()) >= 3


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str, base: int) -> list[_Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\n")
        out.append(_Line(base + pos, base + pos + len(body), body))
        pos += len(raw)
    return out


def split_references(text: str, start: int = 0, end: int | None = None) -> list[RawReference]:
    """Reference strings of text[start:end], numbered 1..k in list order."""
    end = len(text) if end is None else end
    lines = _lines(text[start:end], start)
    first = next((ln for ln in lines if ln.text.strip()), None)
    if first is None:
        return []
    if NUMBER_RE.match(first.text) and looks_like_reference(NUMBER_RE.sub("", first.text, count=1)):
        entries = _split_numbered(lines)
    else:
        entries = _split_unnumbered(lines)
    return [RawReference(n=i, text=t, start=s, end=e, label=label)
            for i, (label, t, s, e) in enumerate(entries, start=1)]


def _number_of(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))


def _split_numbered(lines: list[_Line]) -> list[tuple[str, str, int, int]]:
    entries: list[list] = []  # [label, parts, start, end]
    previous, blank = 0, False
    for ln in lines:
        stripped = ln.text.strip()
        if not stripped:
            blank = True
            continue
        m = NUMBER_RE.match(ln.text)
        if m and previous < _number_of(m) <= previous + 3:
            previous = _number_of(m)
            entries.append([str(previous), [ln.text[m.end():].strip()], ln.start + m.end(), ln.end])
        elif entries and (not blank or looks_like_reference(stripped)) and not m:
            entries[-1][1].append(stripped)
            entries[-1][3] = ln.end
        else:
            break
        blank = False
    return [(label, _join(parts), s, e) for label, parts, s, e in entries]


def _split_unnumbered(lines: list[_Line]) -> list[tuple[str, str, int, int]]:
    blocks: list[list[_Line]] = [[]]
    for ln in lines:
        if ln.text.strip():
            blocks[-1].append(ln)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    uses_blank_lines = len(blocks) > 1 and sum(len(b) for b in blocks) <= 1.5 * len(blocks)
    entries: list[tuple[str, str, int, int]] = []
    for block in blocks:
        groups = [block] if uses_blank_lines else _hanging_entries(block)
        for group in groups:
            joined = _join([ln.text.strip() for ln in group])
            if not looks_like_reference(joined):
                return entries
            entries.append(("", joined, group[0].start + _indent(group[0].text), group[-1].end))
        if not uses_blank_lines and len(groups) < 1:
            break
    return entries


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip())


def _hanging_entries(block: list[_Line]) -> list[list[_Line]]:
    """Group wrapped lines: a new entry starts where a line reads like the start of one."""
    if all(looks_like_reference(ln.text) for ln in block):
        return [[ln] for ln in block]
    groups: list[list[_Line]] = []
    for ln in block:
        starts = _AUTHOR_START_RE.match(ln.text.strip()) and (not groups or _ends_entry(groups[-1][-1].text))
        if not groups or starts:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


def _ends_entry(text: str) -> bool:
    return text.rstrip().endswith((".", ")", "]")) or bool(_LINKISH_RE.search(text.split()[-1] if text.split() else ""))


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        last_token = out.split()[-1] if out.split() else ""
        if not out:
            out = part
        elif "/" in last_token or last_token.startswith("www."):
            out += part  # a URL broken at the line end
        elif out.endswith("-") and part[:1].islower() and not out.endswith(" -"):
            out = out[:-1] + part
        elif out.endswith(("/", "-")) and not out.endswith(" -"):
            out += part  # a URL or a hyphenated compound broken at the line end
        else:
            out += " " + part
    return out.strip()
