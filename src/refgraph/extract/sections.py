"""Where are the reference lists? Under a heading (in many languages), or, with no heading, a
numbered list whose lines read like references.

Works on the document's source text (Markdown marks included) so that the reference strings
keep what the parser uses as evidence (emphasis), and offsets point into the user's file.
Returning no list is a real answer: an article without a list has zero references.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import replace

from refgraph.extract.split import (
    KEY_RE,
    NUMBER_RE,
    looks_like_reference,
    split_references,
)
from refgraph.model import RawReference, Section

# Headings of a reference list, lower case; accents are matched as printed.
HEADING_WORDS = (
    "references", "reference list", "list of references", "bibliography", "select bibliography",
    "selected bibliography", "works cited", "works consulted", "literature cited", "literature",
    "cited literature", "sources", "notes", "endnotes", "notes and references", "footnotes",
    "citations", "reference", "references and notes", "references and further reading",
    "sources and further reading", "further reading and references", "cited works", "footnotes and references",
    "endnotes and references", "notes and sources", "sources and notes", "bibliography and references",
    "references cited", "article sources", "works referenced",
    # German, French, Spanish, Italian, Portuguese, Dutch, Nordic, Polish, Czech, Turkish, Russian
    "literatur", "literaturverzeichnis", "literaturangaben", "quellen", "quellenverzeichnis",
    "quellen und literatur", "einzelnachweise", "anmerkungen", "bibliographie",
    "références", "références bibliographiques", "notes et références", "bibliographie sélective",
    "referencias", "referencias bibliográficas", "bibliografía", "notas", "notas y referencias",
    "bibliografia", "riferimenti", "riferimenti bibliografici", "referências",
    "referências bibliográficas", "literatuur", "literatuurlijst", "referenties", "bronnen",
    "litteratur", "referenser", "kirjallisuus", "lähteet", "piśmiennictwo", "bibliografie",
    "literatura", "kaynakça", "kaynaklar", "список литературы", "литература", "参考文献",
)
# Lists that are not the article's references: they end the list before them, never are one.
NOT_LIST_WORDS = ("further reading", "external links", "see also", "related articles", "similar articles",
                  "cited by", "weiterführende literatur", "weblinks", "liens externes", "enlaces externos",
                  "collegamenti esterni", "voir aussi", "siehe auch")
_ALL_WORDS = sorted(HEADING_WORDS + NOT_LIST_WORDS, key=len, reverse=True)
_HEAD = (r"^[ \t\f\v]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?:(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])\.?[ \t]+)?(?:\*\*|__)?"
         r"(" + "|".join(re.escape(w) for w in _ALL_WORDS) + r")")
HEADING_RE = re.compile(_HEAD + r"[ \t]*(?:\[edit\])?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*$", re.IGNORECASE | re.MULTILINE)
# A heading set on the same line as the first entry ("References [1] Gal Y, ...": posters).
_INLINE_HEADING_RE = re.compile(_HEAD + r"[ \t]*:?[ \t]+(?=\[1\][ \t]|1\.[ \t]+[A-Z])", re.IGNORECASE | re.MULTILINE)
# Loose headings ("Notes", "Sources") are only trusted when a real list follows.
_STRONG = {"references", "reference list", "list of references", "bibliography", "works cited",
           "literature cited", "literaturverzeichnis", "références", "referencias", "reference",
           "references and notes", "references cited", "bibliography and references", "cited works",
           "notes and references", "literatur", "bibliographie", "bibliografía", "bibliografia",
           "riferimenti bibliografici", "referências", "references and further reading",
           "références bibliographiques", "referencias bibliográficas", "einzelnachweise", "literatuur",
           "litteratur", "piśmiennictwo", "список литературы", "参考文献", "article sources"}


def is_list_heading(text: str) -> bool:
    """Is this (one line) the heading of a reference list? "External links" is a heading the
    finder knows, but of no list of references."""
    m = HEADING_RE.fullmatch(text.strip())
    return bool(m) and m.group(1).lower() not in NOT_LIST_WORDS


def find_reference_sections(text: str) -> list[Section]:
    """Every heading followed by reference-like entries (a book has one per chapter), in order.

    Each section runs to the next heading of any list ("Further reading" included); the
    splitter stops earlier where the entries stop. Without any heading, a numbered list that
    reads like references (the last such run) is the one section.
    """
    heads = sorted([(m, False) for m in HEADING_RE.finditer(text)] +
                   [(m, True) for m in _INLINE_HEADING_RE.finditer(text)], key=lambda h: h[0].start())
    found = []
    for m, inline in heads:
        word = m.group(1).lower()
        start = m.end() if inline else min(m.end() + 1, len(text))
        is_list = word not in NOT_LIST_WORDS and _entries_follow(text[start:start + 3000], strong=word in _STRONG)
        found.append((Section(start=start, end=len(text), heading=m.group(0).strip(),
                              body_end=m.start()), is_list))
    sections = [replace(s, end=nxt.body_end) for (s, ok), (nxt, _) in itertools.pairwise(found) if ok]
    if found and found[-1][1]:
        sections.append(found[-1][0])
    if not sections:
        unheaded = numbered_list_by_shape(text)
        sections = [unheaded] if unheaded else []
    return sections


def find_reference_section(text: str) -> Section | None:
    """An article's main list: the last section under a References-like heading, else the last."""
    sections = find_reference_sections(text)
    strong = [s for s in sections if heading_word(s.heading) in _STRONG]
    return (strong or sections or [None])[-1]


def rule_references(text: str) -> tuple[list[RawReference], int | None]:
    """All reference strings the rules find, numbered 1..k across the lists, and where the body
    ends (None: no list). Two lists (notes, then references) give both, in document order; a
    numbered list cut by a text box or column ([1]-[10] here, [11]-[12] further on) is joined."""
    return references_in(text, find_reference_sections(text))


def references_in(text: str, sections: list[Section]) -> tuple[list[RawReference], int | None]:
    """The sections split into reference strings, numbered 1..k, and where the body ends."""
    out: list[RawReference] = []
    for section in sections:
        raws = split_references(text, section.start, section.end)
        raws += _numbering_continued(text, raws, section.end)
        out += raws
    numbered = [replace(r, n=i) for i, r in enumerate(_unique(out), start=1)]
    return numbered, (sections[0].body_end if sections else None)


def _unique(raws: list[RawReference]) -> list[RawReference]:
    """A continuation found twice (two sections) is kept once."""
    seen: set[int] = set()
    out = []
    for r in raws:
        if r.start not in seen:
            seen.add(r.start)
            out.append(r)
    return out


def _numbering_continued(text: str, raws: list[RawReference], end: int) -> list[RawReference]:
    """Entries k+1, k+2 ... printed elsewhere after a list numbered 1..k ended."""
    if not raws or not raws[-1].label.isdigit():
        return []
    following = str(int(raws[-1].label) + 1)
    pattern = re.compile(r"^[ \t]*(?:\[" + following + r"\]|" + following + r"\.)[ \t]+\S", re.MULTILINE)
    m = pattern.search(text, raws[-1].end)
    if not m or m.start() < raws[-1].end:
        return []
    more = split_references(text, m.start(), len(text))
    run = []
    for r in more:
        if r.label != following or not looks_like_reference(r.text):
            break
        run.append(r)
        following = str(int(following) + 1)
    return run


def heading_word(heading: str) -> str:
    m = HEADING_RE.match(heading) or _INLINE_HEADING_RE.match(heading + " [1] ")
    return m.group(1).lower() if m else ""


def _entries_follow(chunk: str, strong: bool) -> bool:
    """Do reference entries start right under this heading? (One for "References", two for "Notes".)"""
    entries = split_references(chunk)
    if not entries:
        return False
    lines_before = chunk[:entries[0].start].count("\n") - chunk[:entries[0].start].count("\n\n")
    return lines_before <= 2 and (strong or len(entries) >= 2 or entries[0].end >= len(chunk.rstrip()) - 1)


def numbered_list_by_shape(text: str) -> Section | None:
    """With no heading: the last run of entries numbered 1, 2, 3 ... (or [1], [2] ...) whose
    lines read like references, wherever it stands (an APS paper's list, a bare README list)."""
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    best = None
    i = 0
    while i < len(lines):
        m = NUMBER_RE.match(lines[i])
        if m and _number(m) == 1 and looks_like_reference(lines[i][m.end():]):
            count, good, last = _follow_run(lines, i)
            if count >= 2 and good * 3 >= count * 2 and (count >= 3 or last >= len(lines) - 3):
                best = (i, count)
            i = max(last, i) + 1
        else:
            i += 1
    if best is None:
        return None
    start = offsets[best[0]]
    return Section(start=start, end=len(text), heading="", body_end=start)


def _number(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))


def _follow_run(lines: list[str], first: int) -> tuple[int, int, int]:
    """(entries, entries that read like references, index of the last line) of the run at first."""
    expected, count, good, last, gap = 1, 0, 0, first, 0
    for j in range(first, len(lines)):
        line = lines[j]
        m = NUMBER_RE.match(line)
        if m and _number(m) == expected:
            count, expected, last, gap = count + 1, expected + 1, j, 0
            good += looks_like_reference(line[m.end():] + " " + "".join(lines[j + 1:j + 3]))
            continue
        gap += 1
        if gap > 8 or (m and _number(m) == 1) or KEY_RE.match(line):
            break
    return count, good, last
