"""In-text callouts: find them in the body and link them to reference numbers.

Numeric callouts (superscripts, brackets, digits glued to a word) are only taken where the list
is numbered, and only for numbers the list has: the size of the list is the strongest guard
against years, percentages and quantities. Author-year callouts are matched on first-author
surname and year, exactly first, then tolerantly with a problem recorded.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from refgraph.model import Citation, Document, Reference

_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_MAP = str.maketrans(_SUP_DIGITS + "⁻", "0123456789-")
SUPERSCRIPT_RE = re.compile(rf"[{_SUP_DIGITS}]+(?:[,⁻˒‚ ]*[{_SUP_DIGITS}]+)*")
BRACKET_RE = re.compile(r"\[(\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*)\]")
# Digits glued to the end of a word or to closing punctuation: "alike.1,2", "colleagues3".
GLUED_RE = re.compile(r"(?<=[A-Za-z\u00C0-\u024F.,;:)\]’'\"”])(\d{1,3}(?:[,–-]\d{1,3})*)(?=[\s.,;:)]|$)")
YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\."
PAREN_RE = re.compile(r"\(([^()]{0,400}?(?:" + YEAR + r")[^()]{0,200}?)\)")
_ITEM_RE = re.compile(
    r"(?P<names>[A-Z\u00C0-\u024F][^;()\d]*?)?,?\s*(?P<years>(?:" + YEAR + r")(?:\s*,\s*(?:" + YEAR
    + r"|[a-z]\b))*)")
NARRATIVE_RE = re.compile(
    r"(?P<names>[A-Z\u00C0-\u024F][\w'’\u00C0-\u024F-]+(?:['’]s)?"
    r"(?:\s+(?:et\s+al\.?|(?:&|and)\s+[A-Z\u00C0-\u024F][\w'’\u00C0-\u024F-]+))?)"
    r"\s+\((?P<years>(?:" + YEAR + r")(?:\s*,\s*(?:" + YEAR + r"))*)\)")
_PREFIX_RE = re.compile(r"^(?:e\.g\.|i\.e\.|see(?: also)?|cf\.|for example|as in|in)\s*,?\s*", re.I)


@dataclass(frozen=True)
class CitedName:
    """One author-year item inside a callout: who, which year, and how many authors were named."""

    surname: str
    year: str
    et_al: bool
    second: str = ""


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def expand_numbers(text: str) -> list[int]:
    """'1,3–5' -> [1, 3, 4, 5]; a range of more than 50 is not a callout."""
    out: list[int] = []
    for part in re.split(r"[,;]", text.translate(_SUP_MAP)):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*[-–—]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            lo, hi = int(bounds[0]), int(bounds[1])
            if lo <= hi <= lo + 50:
                out.extend(range(lo, hi + 1))
                continue
        if part.isdigit():
            out.append(int(part))
        else:
            return []
    return out


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], for the citation context."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    right_candidates = [i for i in (text.find("\n", end), text.find(". ", end), text.find("? ", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left + 1:right].split())[:600]


def find_numeric(doc: Document, body_end: int, count: int) -> list[Citation]:
    """Superscript, bracketed and glued numeric callouts that name numbers 1..count."""
    text = doc.text[:body_end]
    found: list[tuple[int, int, list[int]]] = []
    for regex, group in ((SUPERSCRIPT_RE, 0), (BRACKET_RE, 0), (GLUED_RE, 1)):
        for m in regex.finditer(text):
            numbers = expand_numbers(m.group(1) if regex is not SUPERSCRIPT_RE else m.group(0))
            if regex is BRACKET_RE:
                numbers = expand_numbers(m.group(1))
            if not numbers or not all(1 <= n <= count for n in numbers):
                continue
            if regex is GLUED_RE and _glued_is_not_callout(text, m):
                continue
            s, e = m.span(group)
            found.append((s, e, numbers))
    found.sort()
    return [Citation(text=_callout_text(text, s, e), span=doc.span(s, e), refs=tuple(ns), style="numeric",
                     context=sentence_around(text, s, e)) for s, e, ns in found]


def _callout_text(text: str, s: int, e: int) -> str:
    """The callout as a reader sees it: glued digits keep the word or mark they hang on."""
    if text[s:s + 1].isdigit() and s > 0 and not text[s - 1].isspace() and text[s - 1] != "[":
        word_start = s - 1
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        return text[word_start:e]
    return text[s:e]


def _glued_is_not_callout(text: str, m: re.Match) -> bool:
    before = text[max(0, m.start() - 12):m.start()]
    after = text[m.end():m.end() + 2]
    if after.startswith(("%", "°")) or re.match(r"\.\d", after):
        return True
    if re.search(r"\d[.,]$", before) or re.search(r"\b[A-Z]{1,4}-?$", before) or re.search(r"\d[A-Za-z]+$", before):
        return True  # "1.5", "H1N1", "COVID-19"
    if re.search(r"(?:\bp|\bpp|\bvol|\bno|\bch|\bfig|\btable|\bstep|\bsection)\.?$", before, re.I):
        return True
    return bool(re.search(r"[£$€]$", before))


def parse_author_year(inner: str) -> list[CitedName]:
    """'Scott 2018, 2021, Kellet 2020' -> three CitedNames; 'Smith 2019a, b' -> two."""
    items: list[CitedName] = []
    inner = re.sub(r",?\s*(?:pp?\.|page|chap\.|ch\.)\s*[\d–-]+", "", inner)
    for group in inner.split(";"):
        group = _PREFIX_RE.sub("", group.strip())
        last_names, last_year = "", ""
        for m in _ITEM_RE.finditer(group):
            names = (m.group("names") or "").strip(" ,")
            names = _PREFIX_RE.sub("", names) if names else last_names
            if not names:
                continue
            last_names = names
            for year in re.split(r"\s*,\s*", m.group("years")):
                if len(year) == 1 and last_year:
                    year = last_year[:4] + year
                last_year = year
                items.append(_cited_name(names, year))
    return items


def _cited_name(names: str, year: str) -> CitedName:
    et_al = bool(re.search(r"\bet\.?\s*al\b", names))
    names = re.sub(r"\bet\.?\s*al\.?", "", names).strip(" ,")
    parts = [p.strip(" ,") for p in re.split(r"\s*(?:&|\band\b)\s*", names) if p.strip(" ,")]
    first = re.sub(r"['’]s$", "", parts[0]) if parts else ""
    return CitedName(surname=first, year=year.replace(" ", ""), et_al=et_al,
                     second=parts[1] if len(parts) > 1 else "")


def _ref_surnames(ref: Reference) -> list[str]:
    people = ref.authors or ref.editors
    return [fold(p.literal or p.family) for p in people]


def _surname_matches(cited: str, listed: str) -> bool:
    cited, listed = fold(cited), fold(listed)
    return cited == listed or listed.startswith(cited + " ") or listed.split(" ")[-1] == cited


def link_author_year(item: CitedName, refs: tuple[Reference, ...]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Reference numbers an author-year item names, and the problems of a tolerant match."""
    year, suffix = item.year[:4], item.year[4:]
    exact, near = [], []
    for ref in refs:
        names = _ref_surnames(ref)
        if not names:
            continue
        ref_year = str(ref.year or "")
        same_name = _surname_matches(item.surname, names[0])
        close_name = not same_name and Levenshtein.distance(fold(item.surname), names[0]) <= max(1, len(names[0]) // 5)
        if same_name and ref_year == year and (not suffix or not ref.year_suffix or ref.year_suffix == suffix):
            exact.append(ref)
        elif same_name or close_name:
            near.append((ref, close_name))
    if len(exact) == 1:
        return (exact[0].n,), _count_problems(item, exact[0])
    if len(exact) > 1:
        return (), (f"ambiguous: {item.surname} {item.year} matches references "
                    + ", ".join(str(r.n) for r in exact),)
    candidates = [(r, close) for r, close in near if r.year and abs(r.year - int(year)) <= 1] if year.isdigit() else []
    if len(candidates) == 1:
        ref, close = candidates[0]
        problems = []
        if close:
            problems.append(f"name: text {item.surname}, list {(ref.authors or ref.editors)[0].sort_name}")
        if str(ref.year) != year:
            problems.append(f"year: text {year}, list {ref.year}")
        return (ref.n,), tuple(problems) + _count_problems(item, ref)
    return (), (f"no reference for {item.surname} {item.year}",)


def _count_problems(item: CitedName, ref: Reference) -> tuple[str, ...]:
    people = ref.authors or ref.editors
    if item.second and len(people) == 1:
        return (f"authors: text names two, list has one ({people[0].sort_name})",)
    if not item.et_al and not item.second and len(people) == 2:
        return (f"authors: first author cited alone for {people[0].sort_name} and {people[1].sort_name}",)
    return ()


def find_author_year(doc: Document, body_end: int, refs: tuple[Reference, ...]) -> list[Citation]:
    text = doc.text[:body_end]
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for regex, inner_group in ((PAREN_RE, 1), (NARRATIVE_RE, 0)):
        for m in regex.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            inner = m.group(1) if regex is PAREN_RE else f"{m.group('names')} {m.group('years')}"
            items = parse_author_year(inner)
            if not items:
                continue
            numbers: list[int] = []
            problems: list[str] = []
            for item in items:
                linked, item_problems = link_author_year(item, refs)
                numbers.extend(n for n in linked if n not in numbers)
                problems.extend(item_problems)
            if not numbers and regex is NARRATIVE_RE:
                continue  # "Covid (2020)" with no reference is just prose
            taken.append(m.span())
            out.append(Citation(text=m.group(0), span=doc.span(*m.span()), refs=tuple(numbers),
                                style="author-year", problems=tuple(problems),
                                context=sentence_around(text, *m.span())))
    return sorted(out, key=lambda c: c.span.start)


def find_citations(doc: Document, body_end: int, refs: tuple[Reference, ...], numbered: bool) -> tuple[Citation, ...]:
    """All callouts in doc.text[:body_end], in reading order."""
    if not refs:
        return ()
    if numbered:
        return tuple(find_numeric(doc, body_end, len(refs)))
    return tuple(find_author_year(doc, body_end, refs))
