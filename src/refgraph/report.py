"""report.md: what a build found, for a person to read."""
from __future__ import annotations

import re

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


def build_report(docs: list[ParsedDocument], works: list[Work], skipped: list[Issue], notes: list[str]) -> str:
    mentions = sum(len(d.references) for d in docs)
    merged = [w for w in works if len(w.mentions) > 1]
    lines = ["# refgraph build report", "",
             f"- documents: {len(docs)}", f"- references: {mentions}", f"- works: {len(works)}",
             f"- citations (in-text callouts): {sum(len(d.citations) for d in docs)}",
             f"- duplicates merged: {mentions - len(works)} (into {len(merged)} works)",
             f"- skipped inputs: {len(skipped)}", ""]
    lines += ["## Documents", "", "| document | references | callouts | linked | problems |", "|---|---|---|---|---|"]
    for d in docs:
        linked = sum(1 for c in d.citations if c.refs)
        count = sum(len(c.problems) for c in d.citations) + len(d.issues)
        lines.append(f"| {d.document.stem} | {len(d.references)} | {len(d.citations)} | {linked} | {count} |")
    if merged:
        lines += ["", "## Merged works", ""]
        for w in merged:
            lines.append(f"- `{w.key}`: {', '.join(w.mentions)}")
            lines += [f"  - {why}" for why in w.why]
            lines += [f"  - conflict: {c}" for c in w.conflicts]
    problems = [(d, c) for d in docs for c in d.citations if c.problems]
    issues = [(d, i) for d in docs for i in d.issues]
    if problems or issues:
        lines += ["", "## Problems", ""]
        lines += [f"- {d.document.stem} line {c.span.line}: `{c.text}`: {'; '.join(p.message for p in c.problems)}" for d, c in problems]
        lines += [f"- {d.document.stem}: {i.message}" for d, i in issues]
    if skipped:
        lines += ["", "## Skipped inputs", ""] + [f"- {i.message}" for i in skipped]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(map(one_line, lines)) + "\n"
