"""Numeric callouts: superscripts, brackets, parentheses and digits glued to a word.

Only articles with a numbered list are searched. The evidence that a number is a callout and
not a year, a percentage, a quantity or a list number is, from strongest to weakest: its form
(superscripts and brackets are callouts unless they read as exponents or years), the size of
the reference list (a number the list does not have is not a callout, except in the strong
forms, where it is a callout pointing nowhere), and the order of first appearance (a glued or
parenthesised number that jumps well ahead of every number cited so far is prose, not a
callout: "mp3" before any callout is not a citation of reference 3).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.extract.textspan import sentence_around
from refgraph.model import Citation, Document, Issue, Reference

_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_MAP = str.maketrans(_SUP_DIGITS + "⁻", "0123456789-")
SUPERSCRIPT_RE = re.compile(rf"[{_SUP_DIGITS}]+(?:[,⁻˒‚ ]*[{_SUP_DIGITS}]+)*")
BRACKET_RE = re.compile(r"\[\^?(\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*)\](?!\()")  # [3], [1–4], Markdown [^3]
# Superscripts written out in Markdown: <sup>1,2</sup> (HTML inside Markdown) and ^1^ (pandoc).
SUP_MARKUP_RE = re.compile(r"<sup>\s*(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\s*</sup>|\^(\d{1,3}(?:[-–,]\d{1,3})*)\^")
# IEEE's range across brackets: "[3]–[5]" names 3, 4 and 5.
BRACKET_RANGE_RE = re.compile(r"\[(\d{1,4})\]\s?[-–—]\s?\[(\d{1,4})\]")
PAREN_RE = re.compile(r"\((\d{1,3}(?:\s*[-–—,;]\s*\d{1,3})*)\)")
# Digits glued to the end of a word or to closing punctuation: "alike.1,2", "colleagues3".
GLUED_RE = re.compile(r"(?<=[A-Za-z\u00C0-\u024F.,;:)\]’'\"”])(\d{1,3}(?:[,–-]\d{1,3})*)(?=[\s.,;:)]|$)")
# How far ahead of the highest number cited so far a weak-form callout may jump.
ORDER_SLACK = 3
# A strong-form number this far beyond the list is a callout pointing nowhere; further, not one.
DANGLING_SLACK = 20
_LABELLED_WORDS = re.compile(
    r"(?:\bp|\bpp|\bvol|\bno|\bch|\bchap|\bfig|\bfigure|\btable|\bstep|\bstage|\bphase|\bsection|\bpart|\bappendix"
    r"|\beq|\bequation|\bitem|\bquestion|\bq|\bgrade|\bband|\blevel|\btier|\bversion|\bwave|\bstudy|\bexperiment)"
    r"\.?\s*$", re.I)
_UNITS = re.compile(r"(?:\b(?:m|cm|mm|km|ft|in|kg|s|mi|yd)|\b[A-Za-z]|(?<!\d)\d{1,3})$")


@dataclass(frozen=True)
class NumericHit:
    """A numeric callout before linking: where it is, its form and the numbers it names."""

    start: int
    end: int
    numbers: tuple[int, ...]
    form: str  # superscript | bracket | paren | glued


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


def glued_is_not_callout(text: str, start: int, end: int) -> bool:
    """Decimals, times, ratios, money, names with digits, labelled numbers ("p.5", "Table.2")."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 3]
    if re.match(r"\s*(?:%|°|per\s?cent|[ap]\.?m\b|h\b|hrs?\b|mins?\b)", after, re.I) or re.match(r"[.:]\d", after):
        return True
    if re.search(r"\d[.,:]$", before) or re.search(r"\b[A-Z]{1,4}-?$", before) or re.search(r"\d[A-Za-z]+$", before):
        return True  # "1.5", "10:30", "H1N1", "COVID-19"
    if re.search(r"(?<![\w.])[A-Za-z]$", before):
        return True  # an identifier of one letter and a number: "v2", "k2", "x3"
    if _LABELLED_WORDS.search(before):
        return True
    return bool(re.search(r"[£$€¥#]$", before))


# A bracket that is an index or a statistic's degrees of freedom, "F[1,12] = 8.4", "x[3] < 2".
_BRACKET_INDEX_BEFORE = re.compile(r"(?:^|[^\w])[A-Za-z\u0370-\u03FF]$")
_BRACKET_INDEX_AFTER = re.compile(r"\s*[=<>≤≥]")


def bracket_is_not_callout(text: str, start: int, end: int) -> bool:
    """Statistics and indices ("F[1,12] = 8.4", "x[3]"), and Markdown definitions at a line start
    ("[1]: https://...", "[^1]: Note")."""
    if text[end:end + 1] == ":" and not text[text.rfind("\n", 0, start) + 1:start].strip():
        return True
    return bool(_BRACKET_INDEX_BEFORE.search(text[max(0, start - 2):start])
                or _BRACKET_INDEX_AFTER.match(text, end))


def superscript_is_not_callout(text: str, start: int, end: int) -> bool:
    """Exponents and units: "m²", "x²", "10³" (but "in 2019¹" is a callout); affiliation marks:
    "¹Department of Genetics" (glued to the word after it), and those of a byline
    ("Jane Smith¹, John Doe²": a line of capitalised names and no sentence)."""
    if _UNITS.search(text[max(0, start - 6):start]):
        return True
    if end < len(text) and text[end].isalpha():
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return _is_byline(text[line_start:line_end if line_end != -1 else len(text)])


def _is_byline(line: str) -> bool:
    """Names only: capitalised words (a full stop only after an initial), no sentence end."""
    bare = SUPERSCRIPT_RE.sub(" ", line)
    words = [w for w in re.split(r"[\s,;&*†‡]+", bare) if w and w != "and"]
    return (0 < len(words) <= 24 and not bare.rstrip().endswith((".", ":"))
            and all((w[0].isupper() or w.lower() in _NAME_PARTICLES) and (not w.endswith(".") or len(w) <= 3)
                    for w in words))


_NAME_PARTICLES = {"de", "van", "von", "der", "den", "di", "da", "del", "du", "le", "la", "ten", "ter", "dos", "das"}


def is_enumeration(text: str, start: int, end: int, numbers: tuple[int, ...]) -> bool:
    """A parenthesised list number: "(1) the first ... (2) the second", or at a line start."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip(" \t-*•"):
        return True
    if len(numbers) != 1 or not re.match(r"\s+[a-z]", text[end:end + 3]):
        return False
    n = numbers[0]
    para_lo = max(0, text.rfind("\n\n", 0, start))
    para_hi = text.find("\n\n", end)
    para = text[para_lo:para_hi if para_hi != -1 else len(text)]
    return any(re.search(rf"\({k}\)\s+[a-z]", para) for k in (n - 1, n + 1) if k > 0)


def _bracket_ranges(text: str) -> list[NumericHit]:
    hits = []
    for m in BRACKET_RANGE_RE.finditer(text):
        numbers = tuple(expand_numbers(f"{m.group(1)}-{m.group(2)}"))
        if numbers:
            hits.append(NumericHit(m.start(), m.end(), numbers, "bracket"))
    return hits


def _marked_up_superscripts(text: str) -> list[NumericHit]:
    hits = []
    for m in SUP_MARKUP_RE.finditer(text):
        numbers = tuple(expand_numbers(m.group(1) or m.group(2)))
        if numbers:
            hits.append(NumericHit(m.start(), m.end(), numbers, "superscript"))
    return hits


def _hits(text: str) -> list[NumericHit]:
    hits = _bracket_ranges(text) + _marked_up_superscripts(text)
    ranges = [(h.start, h.end) for h in hits]
    for form, regex in (("superscript", SUPERSCRIPT_RE), ("bracket", BRACKET_RE), ("paren", PAREN_RE),
                        ("glued", GLUED_RE)):
        for m in regex.finditer(text):
            numbers = tuple(expand_numbers(m.group(0 if form == "superscript" else 1)))
            if not numbers:
                continue
            s, e = m.span(1 if form == "glued" else 0)
            if any(lo <= s < hi for lo, hi in ranges):
                continue
            if form == "superscript" and superscript_is_not_callout(text, s, e):
                continue
            if form == "bracket" and bracket_is_not_callout(text, s, e):
                continue
            if form == "glued" and glued_is_not_callout(text, s, e):
                continue
            if form == "paren" and (is_enumeration(text, s, e, numbers) or _LABELLED_WORDS.search(text[max(0, s - 15):s])):
                continue
            hits.append(NumericHit(s, e, numbers, form))
    hits.sort(key=lambda h: h.start)
    if sum(1 for h in hits if h.form in ("superscript", "bracket")) >= 2:
        # A document cites in one style: where it cites with superscripts or brackets, a number
        # in parentheses is an equation or enumeration number, "E = mc² (3)", not a callout.
        hits = [h for h in hits if h.form != "paren"]
    return hits


def label_map(refs: tuple[Reference, ...]) -> dict[int, int]:
    """Printed number -> position in the list; positions themselves when labels are missing."""
    mapping: dict[int, int] = {}
    for ref in refs:
        key = int(ref.label) if ref.label.isdigit() else ref.n
        mapping.setdefault(key, ref.n)
    return mapping


def _accept(hit: NumericHit, known: dict[int, int], highest: int, cited: set[int]) -> bool:
    """Is this hit a callout, given the list and the numbers cited before it?"""
    in_list = [n for n in hit.numbers if n in known]
    if hit.form in ("superscript", "bracket"):
        top = max(known, default=0)
        return all(n in known or 0 < n <= top + DANGLING_SLACK for n in hit.numbers)
    if len(in_list) != len(hit.numbers):
        return False
    return min(hit.numbers) <= highest + ORDER_SLACK or any(n in cited for n in hit.numbers)


# Bracket callouts from which on a document is taken to cite in brackets only.
BRACKET_STYLE_MIN = 3


def cited_forms(hits: list[NumericHit], known: dict[int, int]) -> list[NumericHit]:
    """The hits of the forms this document cites with: an article that cites in brackets
    ("[3]", at least BRACKET_STYLE_MIN of them naming listed numbers) does not also cite with
    bare glued digits or parentheses, so "t1", "x2", "p<.001" and equation numbers "(3)" are
    left alone there."""
    brackets = sum(1 for h in hits if h.form == "bracket" and all(n in known for n in h.numbers))
    if brackets < BRACKET_STYLE_MIN:
        return hits
    return [h for h in hits if h.form not in ("glued", "paren")]


def find_numeric(doc: Document, body_end: int, refs: tuple[Reference, ...]) -> list[Citation]:
    """Numeric callouts in doc.text[:body_end], linked through the printed numbers of the list."""
    text = doc.text[:body_end]
    known = label_map(refs)
    out: list[Citation] = []
    highest, cited = 0, set()
    for hit in cited_forms(_hits(text), known):
        if not _accept(hit, known, highest, cited):
            continue
        linked = tuple(dict.fromkeys(known[n] for n in hit.numbers if n in known))
        missing = [n for n in hit.numbers if n not in known]
        problems = (Issue("unlinked", f"no reference numbered {', '.join(map(str, missing))}"),) if missing else ()
        highest = max([highest, *(n for n in hit.numbers if n in known)])
        cited.update(hit.numbers)
        out.append(Citation(text=callout_text(text, hit), span=doc.span(hit.start, hit.end), refs=linked,
                            style="numeric", problems=problems, context=sentence_around(text, hit.start, hit.end)))
    return out


def callout_text(text: str, hit: NumericHit) -> str:
    """The callout as a reader sees it: glued digits keep the word or mark they hang on."""
    s, e = hit.start, hit.end
    if hit.form == "glued" and s > 0:
        word_start = s - 1
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        return text[word_start:e]
    return text[s:e]
