"""Readers for labelled reference-string corpora, mapped onto AnyStyle's label set.

Each reader returns `Sequence`s: the whitespace tokens of one reference and one label per
token. AnyStyle's XML is the base (its labels are the output format); ParsCit's inline tags
map onto it closely. The held-out test set (AnyStyle gold.xml minus training duplicates) is
never read here for training: `read_anystyle` takes the files it is given.
"""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sequence:
    tokens: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def read_anystyle(path: Path) -> list[Sequence]:
    """AnyStyle dataset XML: one <sequence> per reference, one child element per field."""
    out = []
    for seq in ET.parse(path).getroot().iter("sequence"):
        toks: list[str] = []
        labels: list[str] = []
        for child in seq:
            words = (child.text or "").split()
            toks += words
            labels += [child.tag] * len(words)
        if toks:
            out.append(Sequence(tuple(toks), tuple(labels)))
    return out


_PARSCIT_MAP = {
    "author": "author", "booktitle": "container-title", "date": "date", "editor": "editor",
    "institution": "publisher", "journal": "journal", "location": "location", "note": "note",
    "notes": "note", "pages": "pages", "publisher": "publisher", "tech": "genre",
    "title": "title", "volume": "volume",
}
_TAG_RE = re.compile(r"<(/?)([a-z-]+)>")


def read_parscit(path: Path) -> list[Sequence]:
    """ParsCit `<tag> tokens </tag>` lines, mapped onto AnyStyle labels."""
    out = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.replace("<br>", " ")
        toks: list[str] = []
        labels: list[str] = []
        current = "note"
        pos = 0
        for m in _TAG_RE.finditer(line):
            words = line[pos:m.start()].split()
            toks += words
            labels += [current] * len(words)
            current = _PARSCIT_MAP.get(m.group(2), "note") if not m.group(1) else "note"
            pos = m.end()
        if toks:
            out.append(Sequence(tuple(toks), tuple(labels)))
    return out


def augment_emphasis(seqs: list[Sequence], fraction: float, seed: int) -> list[Sequence]:
    """Copies of some references with the journal or book title in Markdown emphasis.

    Articles converted to Markdown print `*Journal*`; the training data never does. Without
    these copies the model has never seen an asterisk and cannot learn what it signals.
    """
    rng = random.Random(seed)
    out = []
    for seq in seqs:
        if rng.random() >= fraction:
            continue
        target = "journal" if "journal" in seq.labels else ("container-title" if "container-title" in seq.labels else "title")
        idx = [i for i, lab in enumerate(seq.labels) if lab == target]
        if not idx:
            continue
        first, last = idx[0], idx[-1]
        if idx != list(range(first, last + 1)):
            continue
        toks = list(seq.tokens)
        toks[first] = "*" + toks[first]
        m = re.match(r"^(.*?)([.,;:]*)$", toks[last])
        toks[last] = m.group(1) + "*" + m.group(2)
        out.append(Sequence(tuple(toks), seq.labels))
    return out
