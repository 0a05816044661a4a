"""Reference lists that Markdown and reStructuredText mark up: where each list and entry begins.

pandoc's `<div id="refs">` with one `csl-entry` per reference (often with no heading), Markdown
footnote definitions `[^n]:`, RST citations and footnotes `.. [n]`, and escaped `\\[1\\]` lists
say where their entries begin; offsets are into the document's source text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_REFS_DIV_RE = re.compile(r"<div\b[^>]*\bid=[\"']refs[\"'][^>]*>", re.IGNORECASE)
_DIV_RE = re.compile(r"<div\b[^>]*>|</div\s*>", re.IGNORECASE)
_CSL_ENTRY_RE = re.compile(r"<div\b[^>]*(?:\bid=[\"']ref-|\bclass=[\"'][^\"']*\bcsl-entry\b)[^>]*>", re.IGNORECASE)
_FOOTNOTE_RE = re.compile(r"^\[\^(?P<key>[^\]\s]+)\]:", re.MULTILINE)
_RST_RE = re.compile(r"^\.\.[ \t]+\[(?P<key>[#*\w.-]+)\][ \t]", re.MULTILINE)
_ENTRY_ID_RE = re.compile(r"\bid=[\"'](ref-[^\"']+)[\"']")
# Callouts the markup links: [^1] (Markdown footnote), [1]_ (RST), [Lee, 2015](#ref-lee2015) (pandoc)
_CALLOUT_RES = ((re.compile(r"\[\^([^\]\s]+)\](?!:)"), "^"), (re.compile(r"\[([#*\w.-]+)\]_"), "rst:"),
                (re.compile(r"\[[^\[\]\n]{1,200}\]\(#([^)\s]+)\)"), ""))
_ANCHOR_RE = re.compile(r"^<a[ \t]+(?:name|id)=[\"'](?P<key>[^\"']+)[\"'][^>]*>[^<\n]{0,8}</a>", re.MULTILINE)
_ESCAPED_RE = re.compile(r"^\\\[\d{1,3}\\?\][ \t]", re.MULTILINE)
_NUMBERED_RE = re.compile(r"^\\?\[\d{1,3}\\?\][ \t]", re.MULTILINE)  # the same list, some labels not escaped

Marks = tuple[list[tuple[int, int]], list[int], list[str], list[tuple[int, str]]]


def _pandoc_refs(text: str, out: Marks) -> None:
    for m in _REFS_DIV_RE.finditer(text):
        depth, end = 0, len(text)
        for d in _DIV_RE.finditer(text, m.start()):
            depth += -1 if d.group(0).startswith("</") else 1
            if depth == 0:
                end = d.end()
                break
        entries = list(_CSL_ENTRY_RE.finditer(text, m.end(), end))
        starts = [e.start() for e in entries]
        out[3].extend((e.start(), k.group(1)) for e in entries for k in [_ENTRY_ID_RE.search(e.group(0))] if k)
        if starts:
            out[0].append((starts[0], end))
            out[1].extend(starts)
            out[2].append("pandoc <div id=\"refs\"> with csl-entry blocks")


def _definitions(text: str, pattern: re.Pattern, indented_only: bool) -> tuple[list[int], int]:
    """Starts of the definitions a pattern finds, and where the last one ends: its own line, the
    lines that follow it (indented ones only in RST), and indented paragraphs after blank lines."""
    starts = [m.start() for m in pattern.finditer(text)]
    if not starts:
        return [], 0
    first_end = text.find("\n", starts[-1])
    end = len(text) if first_end == -1 else first_end
    lines = text[end:].split("\n")[1:]
    pos = end + 1
    for i, line in enumerate(lines):
        if not line.strip():
            following = next((x for x in lines[i + 1:] if x.strip()), "")
            if not following[:1].isspace():
                break
        elif indented_only and not line[:1].isspace():
            break
        else:
            end = pos + len(line)
        pos += len(line) + 1
    return starts, end


def _listed(text: str, pattern: re.Pattern, reason: str, out: Marks, minimum: int = 1,
            indented_only: bool = False, prefix: str = "") -> None:
    starts, end = _definitions(text, pattern, indented_only)
    if len(starts) >= minimum:
        if "key" in pattern.groupindex:
            out[3].extend((m.start(), prefix + m.group("key")) for m in pattern.finditer(text))
        out[0].append((starts[0], end))
        out[1].extend(starts)
        out[2].append(reason)


@dataclass(frozen=True)
class MarkedLists:
    regions: tuple[tuple[int, int], ...] = ()
    starts: tuple[int, ...] = ()
    reasons: tuple[str, ...] = ()
    entry_keys: tuple[tuple[int, str], ...] = ()
    callouts: tuple[tuple[int, int, tuple[str, ...]], ...] = ()


def find_marked_lists(text: str) -> MarkedLists:
    """The lists the markup marks, in text order (lists that overlap an earlier one are left
    out), with the keys of their entries and the callouts that name those keys."""
    found: Marks = ([], [], [], [])
    _pandoc_refs(text, found)
    _listed(text, _FOOTNOTE_RE, "Markdown footnote definitions [^n]:", found, prefix="^")
    _listed(text, _RST_RE, "reStructuredText citations .. [n]", found, indented_only=True, prefix="rst:")
    _listed(text, _ANCHOR_RE, "entries opened by HTML anchors <a name=...>", found, minimum=2)
    if _ESCAPED_RE.search(text):
        _listed(text, _NUMBERED_RE, "a list numbered \\[n\\]", found, minimum=2)
    regions: list[tuple[int, int]] = []
    _starts: list[int] = []
    reasons: list[str] = []
    for region, reason in sorted(zip(found[0], found[2])):
        if regions and region[0] < regions[-1][1]:
            continue
        regions.append(region)
        reasons.append(reason)
    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in regions)
    kept = [s for s in sorted(set(found[1])) if inside(s)]
    keys = tuple((s, k) for s, k in found[3] if inside(s))
    known = {k for _, k in keys}
    callouts = sorted((m.start(), m.end(), (prefix + m.group(1),)) for pattern, prefix in _CALLOUT_RES
                      for m in pattern.finditer(text) if not inside(m.start()) and prefix + m.group(1) in known)
    return MarkedLists(tuple(regions), tuple(kept), tuple(reasons), keys, tuple(callouts))
