"""Deduplicate an existing BibTeX file without disturbing what the user wrote.

The file is parsed with bibtexparser v2 without middleware, so every value keeps the form
the user typed; entries are located in the original text, and the output is the original
text with merged-away entries cut out and the missing fields of each kept entry appended.
Everything else (comments, @string, @preamble, formatting, malformed blocks) stays byte for
byte. The first entry of a group keeps its key; the others' keys are reported as a rewrite map,
and `crossref` fields that named them are rewritten to the kept key.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from refgraph.dedup import Decisions, cluster, features
from refgraph.dedup.features import norm_doi, pages
from refgraph.importers.bibtex import decode_latex, entry_to_reference, resolve_value, string_macros
from refgraph.model import Issue

_CONFLICT_FIELDS = ("year", "volume", "number", "pages", "doi", "isbn")
# Fields that say the same thing: one is never added to an entry that has the other.
_ALIASES = [{"author", "editor"}, {"journal", "journaltitle"}, {"year", "date"}, {"address", "location"},
            {"school", "institution"}]


@dataclass(frozen=True)
class BibGroup:
    """Entries found to be one work: the kept key, the merged keys, why, and what changed."""

    key: str
    merged: tuple[str, ...]
    why: tuple[str, ...]
    added: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"key": self.key, "merged": list(self.merged), "why": "; ".join(self.why),
                "added_fields": list(self.added), "conflicts": list(self.conflicts)}


@dataclass(frozen=True)
class BibDedup:
    text: str
    groups: tuple[BibGroup, ...]
    entries: int
    issues: tuple[Issue, ...]

    @property
    def rewrite(self) -> dict[str, str]:
        return {old: g.key for g in self.groups for old in g.merged}


@dataclass(frozen=True)
class _Located:
    entry: Entry
    start: int
    end: int
    line: int


def plain(value: str, macros: dict[str, str]) -> str:
    """A raw BibTeX value as plain text, read as the importer reads it, for comparison only
    (never written back)."""
    return decode_latex(resolve_value(value, macros)[0])


def _locate(text: str, blocks) -> tuple[list[_Located], list[Issue]]:
    """Each entry with its [start, end) in the text; malformed blocks as Issues."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found, issues = [], []
    for block in blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            issues.append(Issue("duplicate-key", f"line {line}: the key {block.key!r} is used twice; this entry is "
                                "compared like the others", line=line))
            block = block.ignore_error_block
        elif isinstance(block, ParsingFailedBlock):
            first = (block.raw or "").strip().splitlines()[0][:60] if (block.raw or "").strip() else ""
            reason = (str(block.error or "").strip().splitlines() or ["syntax error"])[0]
            issues.append(Issue("malformed", f"line {line}: {first!r} is not valid BibTeX ({reason}); "
                                "left as it is", line=line))
            continue
        if not isinstance(block, Entry):
            continue
        raw = block.raw or ""  # the parser keeps every entry's text and line; the types allow None
        offset = line_starts[min(block.start_line or 0, len(line_starts) - 1)]
        start = text.find(raw, offset)
        if start < 0:
            issues.append(Issue("unlocated", f"line {line}: entry {block.key} could not be located; left as it is",
                                line=line))
            continue
        found.append(_Located(block, start, start + len(raw), line))
    return found, issues


def _append_fields(raw: str, additions: Sequence[tuple[str, str]]) -> str:
    """The entry's raw text with fields appended before its closing brace, in its own layout."""
    stripped = raw.rstrip()
    close = len(stripped) - 1  # the closing } or )
    body, after = stripped[:close], raw[close:]
    content = body.rstrip()
    before_close = body[len(content):]
    had_comma = content.endswith(",")
    if had_comma:
        content = content[:-1]
    multiline = "\n" in raw
    indent = re.search(r"\n([ \t]+)\w+\s*=", raw)
    pad = indent.group(1) if indent else "  "
    eq = " = " if re.search(r"\w\s+=\s", raw) else "="  # the user's own spacing
    for name, value in additions:
        content += (",\n" + pad if multiline else ", ") + f"{name}{eq}{value}"
    return content + ("," if had_comma else "") + (before_close or ("\n" if multiline else "")) + after


def _merge_group(items: list[_Located], macros: dict[str, str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(new raw text of the kept entry, added field names, conflicts) for one group."""
    kept = items[0].entry
    have = {k.lower() for k in kept.fields_dict}
    have |= {alias for group in _ALIASES if have & group for alias in group}
    additions, conflicts = [], []
    others = sorted(items[1:], key=lambda x: -len(x.entry.fields))
    for item in others:
        for field in item.entry.fields:
            name = field.key.lower()
            if name not in have:
                additions.append((field.key, field.value))
                have.add(name)
                have |= {alias for group in _ALIASES if name in group for alias in group}
    for name in _CONFLICT_FIELDS:
        values: dict[str, list[str]] = {}
        for item in items:
            same = next((f for f in item.entry.fields if f.key.lower() == name), None)
            if same is not None:
                value = plain(same.value, macros).lower()
                if name == "pages":
                    value = "–".join(map(str, pages(value) or (value,)))
                elif name == "doi":
                    value = norm_doi(value)
                values.setdefault(value, []).append(item.entry.key)
        if len(values) > 1:
            conflicts.append(f"{name}: " + " vs ".join(f"{v} ({', '.join(k)})" for v, k in values.items()))
    raw = _append_fields(kept.raw or "", additions) if additions else kept.raw or ""
    return raw, tuple(a for a, _ in additions), tuple(conflicts)


def dedup_bibtex(text: str) -> BibDedup:
    """Find duplicate entries in BibTeX text and merge them field by field (see module doc)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    located, issues = _locate(text, library.blocks)
    ids = [f"{loc.entry.key}@{loc.line}" for loc in located]
    macros = string_macros(library)
    feats = [features(entry_to_reference(loc.entry, macros, "")[0]) for loc in located]
    clusters = [c for c in cluster(feats, ids, Decisions()) if len(c.members) > 1]
    kept_raw: dict[int, str] = {}  # start of a kept entry -> its new text
    removed: list[tuple[int, int]] = []
    groups = []
    for c in clusters:
        items = [located[i] for i in c.members]
        raw, added, conflicts = _merge_group(items, macros)
        kept_raw[items[0].start] = raw
        removed += [(x.start, _through_blank_line(text, x.end)) for x in items[1:]]
        why = tuple(re.sub(r"@\d+", "", w) for w in c.why)
        groups.append(BibGroup(items[0].entry.key, tuple(x.entry.key for x in items[1:]), why, added, conflicts))
    rewrite = {old: g.key for g in groups for old in g.merged}
    gone = {start for start, _ in removed}
    edits: list[tuple[int, int, str]] = [(start, end, "") for start, end in removed]
    for loc in located:
        if loc.start in gone:
            continue
        raw = _rewrite_crossref(kept_raw.get(loc.start, loc.entry.raw or ""), rewrite)
        if raw != loc.entry.raw:
            edits.append((loc.start, loc.end, raw))
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return BibDedup("".join(out), tuple(groups), len(located), tuple(issues))


_CROSSREF_RE = re.compile(r"(\bcrossref\s*=\s*[{\"]\s*)([^}\"]+?)(\s*[}\"])", re.I)


def _rewrite_crossref(raw: str, rewrite: dict[str, str]) -> str:
    """`crossref = {OldKey}` pointing at a merged-away entry now names the kept one (else
    BibTeX would look for an entry that is no longer there)."""
    if not rewrite or "crossref" not in raw.lower():
        return raw
    return _CROSSREF_RE.sub(lambda m: m.group(1) + rewrite.get(m.group(2), m.group(2)) + m.group(3), raw)


def _through_blank_line(text: str, end: int) -> int:
    """Extend a removed entry over the line break (and one blank line) that followed it."""
    m = re.match(r"[ \t]*\n(?:[ \t]*\n)?", text[end:])
    return end + (m.end() if m else 0)
