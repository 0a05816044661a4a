"""Where is the reference list? A heading such as "References", or a trailing numbered list.

Works on the document's source text (Markdown marks included) so that the reference strings
keep what the parser uses as evidence (emphasis), and offsets point into the user's file.
Returning None (no list) is a real answer: an article without a list has zero references.
"""
from __future__ import annotations

import re

from refgraph.extract.split import NUMBER_RE, looks_like_reference, split_references
from refgraph.model import Section

HEADING_WORDS = (
    "references", "reference list", "list of references", "bibliography", "select bibliography",
    "selected bibliography", "works cited", "works consulted", "literature cited", "literature",
    "cited literature", "sources", "notes", "endnotes", "notes and references", "footnotes",
    "further reading", "citations", "bibliographie", "literatur", "literaturverzeichnis",
    "reference", "references and notes", "references and further reading", "sources and further reading",
    "further reading and references", "cited works", "footnotes and references", "endnotes and references",
    "notes and sources", "sources and notes", "bibliography and references", "references cited",
    "références", "referencias", "bibliografía", "bibliografia", "riferimenti bibliografici",
)
HEADING_RE = re.compile(
    r"^[ \t\f\v]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?:(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])\.?[ \t]+)?(?:\*\*|__)?"
    r"(" + "|".join(re.escape(w) for w in sorted(HEADING_WORDS, key=len, reverse=True)) + r")"
    r"[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*$",
    re.I | re.M,
)
# Loose headings ("Notes", "Sources") are only trusted when a real list follows.
_STRONG = {"references", "reference list", "list of references", "bibliography", "works cited",
           "literature cited", "literaturverzeichnis", "références", "referencias", "reference",
           "references and notes", "references cited", "bibliography and references", "cited works"}


def find_reference_sections(text: str) -> list[Section]:
    """Every heading followed by reference-like entries (a book has one per chapter), in order.

    Each section runs to the next candidate heading; the splitter stops earlier where the
    entries stop. Without any heading, a trailing numbered list is the one section.
    """
    found = []
    for m in HEADING_RE.finditer(text):
        start = m.end() + 1 if m.end() < len(text) else m.end()
        if _entries_follow(text[start:start + 3000], strong=m.group(1).lower() in _STRONG):
            found.append(Section(start=start, end=len(text), heading=m.group(0).strip(), body_end=m.start()))
    sections = [Section(s.start, nxt.body_end, s.heading, s.body_end) for s, nxt in zip(found, found[1:])]
    sections += found[-1:]
    if not sections:
        trailing = _trailing_numbered_list(text)
        sections = [trailing] if trailing else []
    return sections


def find_reference_section(text: str) -> Section | None:
    """An article's own list: the last section under a References-like heading, else the last
    one (so a "Further reading" list after the references does not replace them)."""
    sections = find_reference_sections(text)
    strong = [s for s in sections if _heading_word(s.heading) in _STRONG]
    return (strong or sections or [None])[-1]


def _heading_word(heading: str) -> str:
    m = HEADING_RE.match(heading)
    return m.group(1).lower() if m else ""


def _entries_follow(chunk: str, strong: bool) -> bool:
    """Do reference entries start right under this heading? (One for "References", two for "Notes".)"""
    entries = split_references(chunk)
    if not entries:
        return False
    lines_before = chunk[:entries[0].start].count("\n") - chunk[:entries[0].start].count("\n\n")
    return lines_before <= 2 and (strong or len(entries) >= 2 or entries[0].end >= len(chunk.rstrip()) - 1)


def _trailing_numbered_list(text: str) -> Section | None:
    """A list 1..k of reference-like lines at the very end, with no heading above it."""
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    expected, first_index = None, None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        if not line:
            continue
        m = NUMBER_RE.match(line)
        if not m:
            if expected is None:
                return None  # the document does not end in a numbered list
            continue  # a continuation line of an entry
        number = int(next(g for g in m.groups() if g))
        if expected is not None and number != expected - 1:
            break
        if not looks_like_reference(line[m.end():]):
            break
        expected, first_index = number, i
        if number == 1:
            break
    if expected != 1 or first_index is None:
        return None
    count = sum(1 for line in lines[first_index:] if NUMBER_RE.match(line.strip()))
    if count < 2:
        return None
    start = offsets[first_index]
    return Section(start=start, end=len(text), heading="", body_end=start)
