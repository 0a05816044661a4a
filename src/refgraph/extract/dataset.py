"""AnyStyle's XML dataset format for labelled reference strings (the `--format xml` output).

One <sequence> per reference, one child element per run of equally labelled tokens, every
token kept, so that `spans.py score` can compare the output with labelled corpora.
"""
from __future__ import annotations

from xml.sax.saxutils import escape


def write_dataset(references: list[list[tuple[str, str]]]) -> str:
    """The XML document for labelled references (lists of (token, label) pairs)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<dataset>"]
    for tokens in references:
        lines.append("  <sequence>")
        run: list[str] = []
        label = ""
        for tok, lab in tokens + [("", "")]:
            if lab != label and run:
                lines.append(f"    <{label}>{escape(' '.join(run))}</{label}>")
                run = []
            label = lab
            if tok:
                run.append(tok)
        lines.append("  </sequence>")
    lines.append("</dataset>")
    return "\n".join(lines) + "\n"
