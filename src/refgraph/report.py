"""report.md: what a build found, for a person to read."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refgraph.model import Issue, ParsedDocument, Work

_BREAKS = re.compile(r"[\n\r\t\v\f\x85\u2028\u2029]+")
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # controls, bidi overrides


def one_line(text: str) -> str:
    """A report line as the reader should see it: names, callouts and messages from the inputs
    may hold line breaks (which would start new Markdown blocks) or terminal escapes and bidi
    overrides (which would hide or reorder text): breaks become spaces, the rest visible escapes."""
    text = _BREAKS.sub(" ", text)
    return _UNSEEN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                       text)


@dataclass(frozen=True)
class DocSummary:
    """What the report says of one document: counts and problem lines, not the document (a
    build of a million articles keeps these rows, or reads them back from the library)."""

    stem: str
    references: int
    callouts: int
    linked: int
    problem_count: int  # problems of its callouts, plus its issues
    problems: tuple[str, ...]  # "line N: `callout`: why", one per callout with problems
    issues: tuple[str, ...]


def summarize(d: ParsedDocument) -> DocSummary:
    return DocSummary(d.document.stem, len(d.references), len(d.citations), sum(1 for c in d.citations if c.refs),
                      sum(len(c.problems) for c in d.citations) + len(d.issues),
                      tuple(f"line {c.span.line}: `{c.text}`: {'; '.join(p.message for p in c.problems)}"
                            for c in d.citations if c.problems),
                      tuple(i.message for i in d.issues))


def build_report(docs: Sequence[ParsedDocument | DocSummary], works: list[Work], skipped: list[Issue],
                 notes: list[str]) -> str:
    rows = [d if isinstance(d, DocSummary) else summarize(d) for d in docs]
    mentions = sum(d.references for d in rows)
    merged = [w for w in works if len(w.mentions) > 1]
    lines = ["# refgraph build report", "",
             f"- documents: {len(rows)}", f"- references: {mentions}", f"- works: {len(works)}",
             f"- citations (in-text callouts): {sum(d.callouts for d in rows)}",
             f"- duplicates merged: {mentions - len(works)} (into {len(merged)} works)",
             f"- skipped inputs: {len(skipped)}", ""]
    lines += ["## Documents", "", "| document | references | callouts | linked | problems |", "|---|---|---|---|---|"]
    for d in rows:
        lines.append(f"| {d.stem} | {d.references} | {d.callouts} | {d.linked} | {d.problem_count} |")
    if merged:
        lines += ["", "## Merged works", ""]
        for w in merged:
            lines.append(f"- `{w.key}`: {', '.join(w.mentions)}")
            lines += [f"  - {why}" for why in w.why]
            lines += [f"  - conflict: {c}" for c in w.conflicts]
    problems = [f"- {d.stem} {p}" for d in rows for p in d.problems]
    issues = [f"- {d.stem}: {i}" for d in rows for i in d.issues]
    if problems or issues:
        lines += ["", "## Problems", ""] + problems + issues
    if skipped:
        lines += ["", "## Skipped inputs", ""] + [f"- {i.message}" for i in skipped]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(map(one_line, lines)) + "\n"
