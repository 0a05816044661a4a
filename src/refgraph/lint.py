"""`refgraph lint`: what an author, editor or reviewer should fix before publication.

Each article gets a list of `Issue` records: callouts that point nowhere, references never
cited, callouts linked only tolerantly (a misspelt name, a wrong year, the wrong number of
authors), duplicate entries, gaps in the numbering and, as notes, habits that are common and
usually deliberate (a two-author work cited by its first author alone) or that the text alone
cannot prove (a numbered reference first cited out of order: the page layout of a PDF or a
magazine often scrambles the order of paragraphs, so that is a note, and only raised when a
clear majority of the list is in order).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from refgraph.extract.textspan import fold
from refgraph.model import Citation, Issue, ParsedDocument, Reference


@dataclass(frozen=True)
class LintKind:
    """A kind of lint finding, whether it fails lint by default, and what it means."""

    name: str
    fails: bool
    description: str


KINDS: dict[str, LintKind] = {k.name: k for k in (
    LintKind("unlinked-callout", True, "a callout that names no reference in the list"),
    LintKind("ambiguous-callout", True, "a callout that fits several references equally"),
    LintKind("name-mismatch", True, "a callout linked to a reference whose author is spelt differently"),
    LintKind("year-mismatch", True, "a callout linked to a reference with another year (or year letter)"),
    LintKind("author-count", True, "a callout naming the wrong number of authors (et al. for one or two)"),
    LintKind("uncited-reference", True, "a reference no callout names"),
    LintKind("duplicate-reference", True, "the same work listed twice in one reference list"),
    LintKind("numbering-gap", True, "a number missing or repeated in a numbered list"),
    LintKind("first-author-alone", False, "a two-author work cited by its first author only (note)"),
    LintKind("et-al-missing", False, "a work of three or more authors cited without et al. (note)"),
    LintKind("out-of-order", False, "a numbered reference first cited out of sequence (note)"),
    LintKind("no-references", False, "no reference list found, so nothing was checked (note)"),
)}
DEFAULT_FAIL = frozenset(k.name for k in KINDS.values() if k.fails)
# Citation problem kind -> lint kind; tolerant-link kinds of one callout and one reference merge.
_CITATION_KINDS = {"unlinked": "unlinked-callout", "ambiguous": "ambiguous-callout", "name": "name-mismatch",
                   "year": "year-mismatch", "authors": "author-count", "first-author-alone": "first-author-alone",
                   "et-al-missing": "et-al-missing"}
_MISMATCH_RANK = ("name-mismatch", "year-mismatch", "author-count")
DUPLICATE_RATIO = 92  # rapidfuzz ratio of two folded reference strings above which they are one work
ORDER_MAJORITY = 0.6  # share of cited references that must be in order before out-of-order is noted


@dataclass(frozen=True)
class LintReport:
    """The findings for one article, in line order."""

    path: str
    problems: tuple[Issue, ...]
    checked: bool = True  # False when the article had no reference list

    def shown(self, kinds: Iterable[str]) -> tuple[Issue, ...]:
        wanted = set(kinds)
        return tuple(p for p in self.problems if p.kind in wanted)


def citation_issues(citations: tuple[Citation, ...]) -> list[Issue]:
    """One Issue per callout and reference: 'Kellet 2020' for Kellett 2021 is one finding, not two."""
    out: list[Issue] = []
    for c in citations:
        merged: dict[tuple[int, ...], list] = {}
        for p in c.problems:
            kind = _CITATION_KINDS.get(p.kind, p.kind)
            if kind in _MISMATCH_RANK:
                merged.setdefault(p.refs, []).append((kind, p.message))
            else:
                out.append(Issue(kind, f"{c.text}: {p.message}", c.span.line, p.refs))
        for refs, found in merged.items():
            kind = min((k for k, _ in found), key=_MISMATCH_RANK.index)
            out.append(Issue(kind, f"{c.text}: " + "; ".join(m for _, m in found), c.span.line, refs))
    return out


def _ref_line(ref: Reference) -> int | None:
    return ref.span.line if ref.span else None


def _ref_name(ref: Reference) -> str:
    return f"reference {ref.label or ref.n}"


def _short(raw: str, width: int = 70) -> str:
    raw = " ".join(raw.split())
    return raw if len(raw) <= width else raw[:width - 1] + "…"


def uncited_issues(parsed: ParsedDocument) -> list[Issue]:
    cited = {n for c in parsed.citations for n in c.refs}
    cited |= {n for c in parsed.citations for p in c.problems if p.kind == "ambiguous" for n in p.refs}
    refs = parsed.references
    if refs and not parsed.citations:
        return [Issue("uncited-reference", f"none of the {len(refs)} references is cited in the text "
                      "(or its callouts are in a form refgraph does not read)", _ref_line(refs[0]),
                      tuple(r.n for r in refs))]
    return [Issue("uncited-reference", f"{_ref_name(r)} is never cited: {_short(r.raw)}", _ref_line(r), (r.n,))
            for r in refs if r.n not in cited]


def _comparable(raw: str) -> str:
    raw = re.sub(r"^\s*(?:[-*•]\s*)?(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s+", "", raw)
    return " ".join(re.sub(r"[^\w]+", " ", fold(raw)).split())


def same_work(a: Reference, b: Reference) -> str:
    """Why two entries of one list are the same work ('' if they are not)."""
    if a.doi and a.doi.lower() == b.doi.lower():
        return f"same DOI {a.doi}"
    if a.doi and b.doi:
        return ""
    if fuzz.ratio(_comparable(a.raw), _comparable(b.raw)) >= DUPLICATE_RATIO:
        return "same text"
    return ""


def duplicate_issues(refs: tuple[Reference, ...]) -> list[Issue]:
    out = []
    for i, a in enumerate(refs):
        for b in refs[i + 1:]:
            why = same_work(a, b)
            if why:
                out.append(Issue("duplicate-reference", f"{_ref_name(b)} repeats {_ref_name(a)} ({why}): "
                                 f"{_short(b.raw)}", _ref_line(b), (a.n, b.n)))
    return out


def numbering_issues(parsed: ParsedDocument) -> list[Issue]:
    """Printed numbers of a numbered list that skip or repeat."""
    if not parsed.numbered:
        return []
    out: list[Issue] = []
    seen: dict[int, int] = {}  # printed number -> the first reference that bears it
    previous = 0
    for ref in parsed.references:
        if not ref.label.isdigit():
            continue
        label = int(ref.label)
        if label in seen:
            out.append(Issue("numbering-gap", f"number {label} is used twice (references {seen[label]} and {ref.n})",
                             _ref_line(ref), (seen[label], ref.n)))
        elif label > previous + 1:
            missing = f"{previous + 1}" if label == previous + 2 else f"{previous + 1}–{label - 1}"
            out.append(Issue("numbering-gap", f"no reference numbered {missing} (the list goes from "
                             f"{previous or 'the start'} to {label})", _ref_line(ref), (ref.n,)))
        seen.setdefault(label, ref.n)
        previous = max(previous, label)
    return out


def _longest_increasing(seq: list[int]) -> set[int]:
    """The values of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = v, i
        parent[i] = tail_at[k - 1] if k else -1
    out, i = set(), tail_at[-1] if tail_at else -1
    while i != -1:
        out.add(seq[i])
        i = parent[i]
    return out


def order_issues(parsed: ParsedDocument) -> list[Issue]:
    """Numbered references first cited out of sequence, when most of the list is in sequence."""
    if not parsed.numbered:
        return []
    first: dict[int, Citation] = {}
    for c in parsed.citations:
        for n in c.refs:
            first.setdefault(n, c)
    order = list(first)
    in_order = _longest_increasing(order)
    if len(order) < 4 or len(in_order) < ORDER_MAJORITY * len(order):
        return []  # too few callouts, or the list is not in citation order at all (alphabetical)
    out = []
    for pos, n in enumerate(order):
        if n not in in_order:
            before = ", ".join(str(m) for m in order[:pos] if m > n)
            out.append(Issue("out-of-order", f"reference {n} is first cited after {before}", first[n].span.line, (n,)))
    return out


def lint_document(parsed: ParsedDocument) -> LintReport:
    """Every finding for one parsed article, ordered by line."""
    path = parsed.document.path
    if not parsed.references:
        return LintReport(path, (Issue("no-references", "no reference list found; nothing was checked"),), False)
    found = (citation_issues(parsed.citations) + uncited_issues(parsed) + duplicate_issues(parsed.references)
             + numbering_issues(parsed) + order_issues(parsed))
    found.sort(key=lambda i: (i.line or 0))
    return LintReport(path, tuple(found))
