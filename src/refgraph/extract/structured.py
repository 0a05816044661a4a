"""Reference lists the reader recognised from markup: cut at the entries the markup marks.

A web page's `ol.references`, pandoc's `div#refs`, Markdown `[^n]:` notes and RST `.. [n]`
citations say where the list is and where each entry begins, which no guess from the text can
match. The reader records those offsets on the Document (`ref_regions`, `entry_starts`); this
module turns them into reference strings: the printed label taken off, the link buttons and
back-links that pages glue to entries removed, an entry printed twice kept once.
"""
from __future__ import annotations

import bisect
import re

from refgraph.model import Citation, Document, Finding, RawReference, Reference

# The printed label of an entry: 12. / [12] / [^12]: / \[12\] / .. [12] / (12) / [Lee15]
_LABEL_RE = re.compile(
    r"^(?:\.\.[ \t]+)?(?:\\?\[\^?\\?(?P<a>[#\w.+-]{1,20})\\?\]:?|\((?P<b>\d{1,3})\)|(?P<c>\d{1,3})(?:[.)](?![\d)])|:(?=[ \t])))[ \t]*")
# Back-links of wiki notes and footnotes: "^ a b", "↑ 1.0 1.1", "↩", "^"
_BACKLINK_RE = re.compile(r"^(?:[\^↑][ \t]*(?:(?:[a-z]{1,2}|\d+(?:\.\d+)?)[ \t]+)*)+|[ \t]*[↩↑][\ufe0e\ufe0f]?$")
# Link buttons printed after entries of journal pages, alone or in brackets.
_JUNK_WORDS = (r"(?:Google Scholar|PubMed Central|PubMed|Crossref|CrossRef|Medline|MEDLINE|CAS|Web of Science|"
               r"Scopus|Article|Full Text|Abstract|PMC free article|Free Full Text|ADS|MathSciNet|zbMATH|"
               r"View Article|Download citation|OpenURL|Find this resource|Link|ISI)")
_JUNK_TAIL_RE = re.compile(rf"(?:[ \t]*(?:\[(?:{_JUNK_WORDS}|DOI|PMC|PMC free article)\]|\b{_JUNK_WORDS}\b)[ \t]*[|/,]?)+[ \t]*$")
_DISTINCT_JUNK_RE = re.compile(r"Google Scholar|PubMed|Cross[Rr]ef|Medline|MEDLINE|Web of Science|Scopus|MathSciNet|"
                               r"zbMATH|OpenURL")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w-]*(?:[ \t\n][^<>]*)?/?>")
_AVAILABLE_RE = re.compile(r"(Available (?:at|from|online)):?(?=https?://)", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t]*\n[ \t]*|[ \t]{2,}")


def clean_entry(text: str) -> tuple[str, str]:
    """(label, entry text): the entry as printed, without its label, markup tags, back-links
    and link buttons; line breaks joined."""
    text = _HTML_TAG_RE.sub("", text)
    text = _SPACE_RE.sub(" ", text).strip()
    label = ""
    for _ in range(3):  # "1. 1." (the number printed twice), "^ a b", "[1] ↑"
        text = _BACKLINK_RE.sub("", text).strip()
        m = _LABEL_RE.match(text)
        if not m or m.end() == len(text):
            break
        label = label or next(g for g in m.groups() if g)
        text = text[m.end():].strip()
    tail = _JUNK_TAIL_RE.search(text)
    if tail and (_DISTINCT_JUNK_RE.search(tail.group(0)) or "[" in tail.group(0)):
        text = text[:tail.start()].strip()  # a lone "Article" or "CAS" may end a real title
    text = _AVAILABLE_RE.sub(r"\1 ", text)
    return label, text


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).casefold().strip()


def _without_repeats(entries: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """A list printed twice (a collapsed and an expanded copy, or each entry doubled) once.

    Only long entries count as repeats: short notes such as "Ibid." are meant to recur.
    """
    keys = [_key(t) for _, t, _, _ in entries]
    half = len(entries) // 2
    if half and len(entries) % 2 == 0 and keys[:half] == keys[half:]:
        return entries[:half]
    out = [e for i, e in enumerate(entries) if not (i and keys[i] == keys[i - 1] and len(keys[i]) >= 30)]
    return out


def structured_references(doc: Document) -> tuple[list[RawReference], list[Finding]]:
    """The reference strings of the lists the reader marked, numbered 1..k across them in order."""
    text = doc.source_text
    raws: list[RawReference] = []
    findings: list[Finding] = []
    reasons = doc.ref_reasons or ("list markup",) * len(doc.ref_regions)
    for (start, end), reason in zip(doc.ref_regions, reasons):
        starts = sorted({s for s in doc.entry_starts if start <= s < end})
        starts = starts or [start]  # a region without marked entries is one entry
        entries = []
        for s, e in zip(starts, [*starts[1:], end]):
            label, body = clean_entry(text[s:e])
            if body:
                lead = len(text[s:e]) - len(text[s:e].lstrip())
                trail = len(text[s:e]) - len(text[s:e].rstrip())
                entries.append((label, body, s + lead, e - trail))
        entries = _without_repeats(entries)
        findings.append(Finding(start, end, "structure", reason, len(entries)))
        for label, body, s, e in entries:
            raws.append(RawReference(n=len(raws) + 1, text=body, start=s, end=e, label=label))
    return raws, findings


def marked_citations(doc: Document, refs: tuple[Reference, ...]) -> list[Citation]:
    """Callouts whose target the markup names, linked to the reference of that entry."""
    if not doc.callout_marks or not doc.entry_keys or not refs:
        return []
    spans = sorted((r.span.start, r.n) for r in refs if r.span is not None)
    firsts = [start for start, _ in spans]
    entry_starts = sorted({s for s, _ in doc.entry_keys})
    number: dict[str, int] = {}
    for start, key in doc.entry_keys:
        i = bisect.bisect_left(firsts, start)
        nxt = entry_starts[bisect.bisect_right(entry_starts, start):][:1]
        if i < len(spans) and (not nxt or spans[i][0] < nxt[0]):
            number.setdefault(key, spans[i][1])
    out = []
    for start, end, keys in doc.callout_marks:
        linked = tuple(dict.fromkeys(number[k] for k in keys if k in number))
        if linked:
            text = doc.source_text[start:end]
            out.append(Citation(text=text, span=doc.span_of_source(start, end), refs=linked, style="marked"))
    return out


def merge_citations(found: tuple[Citation, ...], marked: list[Citation], marks_only: bool) -> tuple[Citation, ...]:
    """The finder's callouts, except where a marked callout covers the same text: that one wins.

    `marks_only`: the markup links this numbered list's callouts (footnotes, RST citations, wiki
    notes, a web page whose entries carry ids), so bare numbers elsewhere, "[3]", "(1)" or an
    affiliation's superscript, are not callouts: only the marked ones are kept.
    """
    if marks_only:
        return tuple(marked)
    if not marked:
        return found
    kept = [c for c in found if not any(c.span.start < m.span.end and m.span.start < c.span.end for m in marked)]
    return tuple(sorted([*kept, *marked], key=lambda c: c.span.start))
