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
    r"^[ \t]*(?:[-*•·][ \t]*)?(?:\[\^?(\d{1,3})\]:?|\((\d{1,3})\)|(\d{1,3})[.)](?![\d)])|(\d{1,3})(?=[ \t]+[^\s\d]))[ \t]*")
# Alphanumeric labels of mathematics and physics lists: [AH], [Ahl78], [BDGHK].
KEY_RE = re.compile(r"^[ \t]*\[\^?([A-Za-z][\w.+-]{0,15})\]:?[ \t]*")  # also Markdown footnotes [^key]:
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)|\bn\.\s?d\.|\bin press\b|\bforthcoming\b", re.I)
_LINKISH_RE = re.compile(r"https?://|www\.|\bdoi\b|10\.\d{4,9}/|\b[a-z0-9-]{1,63}\.(?:ly|org|com|net|edu|gov|uk)/", re.I)
_SURNAME = r"(?:(?:de|van|von|der|den|di|da|del|du|le|la|ten|ter|dos|das)\s+)*[A-ZÀ-Þ][\w'’À-ɏ-]+"
_INITIALS = r"(?:[A-Z]\.?[ \t]?-?){1,4}"
# How the first line of an entry begins, in the name orders of the common styles.
_ENTRY_START_RES = [re.compile(p) for p in (
    rf"^{_SURNAME}(?:[ \t]{_SURNAME})?(?:,[ \t]*|[ \t]+){_INITIALS}(?:[,.;:]|[ \t]*\(|[ \t]+(?:and|&|et)\b)",  # Anderson MJ, / Aharoni,A.
    rf"^{_SURNAME}(?:[ \t]{_SURNAME})?,[ \t]+[A-ZÀ-Þ][a-zà-ÿ]+",  # Smith, John
    rf"^(?:[A-Z][a-z]?\.[ \t]?-?){{1,3}}[ \t]*{_SURNAME}(?:,|[ \t]+(?:and|et|&|und)[ \t])",  # S. C. WONG et / J.-P. JAY-GERIN and
    rf"^(?:[A-Z]\.[ \t]?-?){{1,3}}[ \t]*[A-Z][A-Z'’-]{{2,}}\.",  # I. SURNAME.
    r"^[A-Z][a-z]+(?:[ \t][A-Z]\.?)?[ \t][A-Z][\w'’-]+(?:,|\.[ \t]+(?:1[5-9]|20)\d\d|[ \t]+and[ \t])",  # Rich Caruana. 1997
    rf"^{_SURNAME}(?:[ \t](?:&|and)[ \t]{_SURNAME})?[ \t]*\((?:1[5-9]|20)\d\d",  # Dalal (2018) / Jackson & Rizq (2019)
    r"^[A-Z][\w&.'’ -]{2,60}\((?:1[5-9]|20)\d\d[a-z]?\)",  # Destress Project (2019)
    r"^(?:[-–—_]{2,}|[-–—]\s)",  # "——. 1998." the same authors again
    r"^(?:Anon(?:ymous)?|Anon\.|N\.\s?N\.|Unknown|Unattributed)\b",  # no author named
)]
# Invisible marks (bidirectional controls, zero-width characters, soft hyphen) that right-to-left
# names and copied web text carry: the line tests read the text without them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d"
                                   "\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"))
# A line ending like this goes on in the next line (author list, hyphenated word, open clause).
_CONTINUES_RE = re.compile(r"(?:[-,;:&]|\b(?:and|et|in|of|the|for|In|eds?\.?)|\b[A-Z]\.|\bet al\.)\s*$")


_FURNITURE_RE = re.compile(
    r"[ \t]*(?:\d{1,4}|(?:[A-Z][A-Z :&-]{2,60}[ \t]+)?\d{1,4}|\d{1,4}[ \t]+[A-Z][A-Z :&-]{2,60}|[-–—][ \t]*\d{1,4}[ \t]*[-–—])[ \t]*")


def is_page_furniture(line: str) -> bool:
    """A page number or running head left in the text by a PDF: not part of any entry."""
    return bool(_FURNITURE_RE.fullmatch(line))


MAX_ENTRY_LINES = 9
# Lines that end a reference list: the next part of the document.
_ENDS_LIST_RE = re.compile(r"(?:appendix|chapter|table|figure|acknowledge?ments?|about the authors?|"
                           r"author biograph|biograph|index|glossary|supplementary)\b[^.]{0,80}$", re.I)


def starts_entry(line: str) -> bool:
    return any(r.match(line.strip()) for r in _ENTRY_START_RES)


# Page furniture of web articles that has a year but is no reference: it ends a list.
_NOT_REFERENCE_RE = re.compile(
    r"(?:©|\(c\)\s|copyright\b|all rights reserved|share (?:this|on)\b|cite this\b|how to cite\b|"
    r"received:?\s|accepted:?\s|published online\b|related articles?\b|keywords?:|tags?:|"
    r"posted (?:in|on|by)\b|comments?\b\s*\(?\d*\)?$)", re.I)


def looks_like_reference(text: str) -> bool:
    """A cheap test: a year (or n.d.) or a link, and more than a couple of words."""
    text = text.strip()
    if len(text) < 8 or _NOT_REFERENCE_RE.match(text):
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
    """The lines of text with their offsets; page numbers and running heads become blank, and
    invisible marks are dropped (offsets inside a line with marks may be off by their number)."""
    out, pos = [], 0
    for raw in text.split("\n"):
        body = "" if is_page_furniture(raw) else raw.translate(_INVISIBLE)
        out.append(_Line(base + pos, base + pos + len(raw), body))
        pos += len(raw) + 1
    return out


def split_references(text: str, start: int = 0, end: int | None = None) -> list[RawReference]:
    """Reference strings of text[start:end], numbered 1..k in list order."""
    end = len(text) if end is None else end
    lines = _lines(text[start:end], start)
    first = next((ln for ln in lines if ln.text.strip()), None)
    if first is None:
        return []
    if _is_numbered(lines):
        entries = _split_numbered(lines)
    else:
        entries = _split_unnumbered(lines)
    return [RawReference(n=i, text=t, start=s, end=e, label=label)
            for i, (label, t, s, e) in enumerate(entries, start=1)]


def _number_of(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))


def _is_numbered(lines: list[_Line]) -> bool:
    """The list is numbered if its first line and another early line carry rising numbers."""
    early = [ln for ln in lines if ln.text.strip()][:12]
    if KEY_RE.match(early[0].text) and sum(1 for ln in early if KEY_RE.match(ln.text)) >= 2:
        return True
    numbers: list[int] = []
    for ln in early:
        m = NUMBER_RE.match(ln.text)
        if m and (not numbers or numbers[-1] < _number_of(m) <= numbers[-1] + 3):
            numbers.append(_number_of(m))
        elif not numbers:
            return False
    if len(numbers) >= 2 and numbers[1] in (numbers[0] + 1, numbers[0] + 2):
        return True
    first = next(ln for ln in lines if ln.text.strip())
    return len(numbers) == 1 and looks_like_reference(NUMBER_RE.sub("", first.text, count=1))


def _split_numbered(lines: list[_Line]) -> list[tuple[str, str, int, int]]:
    entries: list[list] = []  # [label, parts, start, end]
    previous, blank = None, False
    for ln in lines:
        stripped = ln.text.strip()
        if not stripped:
            blank = True
            continue
        m = NUMBER_RE.match(ln.text)
        key = KEY_RE.match(ln.text) if not m else None
        if m and (previous is None or previous < _number_of(m) <= previous + 3):
            previous = _number_of(m)
            entries.append([str(previous), [ln.text[m.end():].strip()], ln.start + m.end(), ln.end])
        elif key:
            entries.append([key.group(1), [ln.text[key.end():].strip()], ln.start + key.end(), ln.end])
        elif entries and (not blank or (looks_like_reference(stripped) and not starts_entry(stripped))):
            entries[-1][1].append(stripped)
            entries[-1][3] = ln.end
        else:
            break
        blank = False
    return [(label, _join(parts), s, e) for label, parts, s, e in entries]


def _split_unnumbered(lines: list[_Line]) -> list[tuple[str, str, int, int]]:
    """Blank-line separated entries, or hanging entries; stop where references stop."""
    blocks: list[list[_Line]] = [[]]
    for ln in lines:
        if ln.text.strip():
            blocks[-1].append(ln)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) > 1 and _double_spaced(blocks):
        blocks = [[ln for block in blocks for ln in block]]
    one_per_block = len(blocks) > 1 and sum(len(b) for b in blocks) <= 1.5 * len(blocks)
    groups = [g for block in blocks for g in ([block] if one_per_block else _hanging_entries(block))]
    entries: list[tuple[str, str, int, int]] = []
    missed: list[tuple[str, str, int, int]] = []  # groups that read as no reference, for now
    for group in groups:
        entry = ("", _join([ln.text.strip() for ln in group]), group[0].start + _indent(group[0].text), group[-1].end)
        if not (looks_like_reference(entry[1]) or _named_entry(entry[1])):
            missed.append(entry)
            if len(missed) >= 2 or (one_per_block and entries and _ends_list(entry[1])):
                break
            continue
        entries += missed  # an entry between two references is one (anonymous, undated): kept
        missed = []
        entries.append(entry)
    return entries


def _ends_list(text: str) -> bool:
    """A block after a list's entries that ends it (the next heading, page furniture), rather
    than an entry with no year or link between two others."""
    return bool(_ENDS_LIST_RE.match(text) or _NOT_REFERENCE_RE.match(text)) or not text.rstrip().endswith(".")


def _complete(text: str) -> bool:
    return looks_like_reference(text) or _named_entry(text)


def _named_entry(text: str) -> bool:
    """An entry with no year or link that still opens like one (names, or Anonymous) and ends
    like one: an undated work inside a list."""
    return starts_entry(text) and len(text.split()) >= 3 and text.rstrip().endswith((".", ")"))


def _double_spaced(blocks: list[list[_Line]]) -> bool:
    """Typed double-spaced: a blank line after every line, entries or not."""
    head = [b[0].text for b in blocks[:8]]
    return sum(1 for t in head if not looks_like_reference(t) and not starts_entry(t)) >= max(2, len(head) // 3)


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip())


def _hanging_entries(block: list[_Line]) -> list[list[_Line]]:
    """Group wrapped lines: an entry starts where a line opens like one and the last one closed."""
    if all((looks_like_reference(ln.text) or _named_entry(ln.text)) and starts_entry(ln.text) for ln in block):
        return [[ln] for ln in block]
    groups: list[list[_Line]] = []
    for ln in block:
        if _ENDS_LIST_RE.match(ln.text.strip()):
            break
        if not groups or (starts_entry(ln.text) and not _CONTINUES_RE.search(groups[-1][-1].text)
                          and _complete(" ".join(x.text for x in groups[-1]))):
            groups.append([ln])
        else:
            groups[-1].append(ln)
    if groups and len(groups[-1]) > MAX_ENTRY_LINES:
        groups[-1] = _trim_entry(groups[-1])
    return groups


def _trim_entry(group: list[_Line]) -> list[_Line]:
    """The last entry swallowed the prose after the list: keep it up to its last year or link."""
    head = group[:MAX_ENTRY_LINES]
    keep = max((i for i, ln in enumerate(head) if _YEAR_RE.search(ln.text) or _LINKISH_RE.search(ln.text)),
               default=0)
    return head[:keep + 1]


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
