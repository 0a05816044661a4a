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
        word = toks[last].rstrip(".,;:")  # the emphasis closes before trailing punctuation
        toks[last] = word + "*" + toks[last][len(word):]
        out.append(Sequence(tuple(toks), seq.labels))
    return out


_GROBID_SCOPE = {"vol": "volume", "volume": "volume", "issue": "volume", "pp": "pages", "page": "pages",
                 "pages": "pages"}
_GROBID_TAGS = {"author": "author", "editor": "editor", "date": "date", "publisher": "publisher",
                "pubPlace": "location", "pubplace": "location", "orgName": "publisher", "note": "note",
                "notes": "note", "ptr": "url", "idno": "note"}
_NUMBER_RE = re.compile(r"^[\[(]?\d{1,4}[\].)]?$")


def _local(el: ET.Element) -> str:
    """The tag without its XML namespace (some GROBID files are TEI-namespaced, some not)."""
    return el.tag.rsplit("}", 1)[-1]


def _grobid_label(el: ET.Element, has_article_title: bool) -> str | None:
    tag = _local(el)
    kind = el.get("level") or el.get("type") or el.get("unit") or ""
    if tag == "title":
        return {"a": "title", "j": "journal", "s": "collection-title"}.get(
            kind, "container-title" if has_article_title else "title")
    if tag == "biblScope":
        return _GROBID_SCOPE.get(kind, "note")
    if tag == "idno" and kind.lower() == "doi":
        return "doi"
    if tag == "idno" and kind.lower() == "isbn":
        return "isbn"
    return _GROBID_TAGS.get(tag)


def _grobid_chars(bibl: ET.Element) -> tuple[str, list[str | None]]:
    """The raw text of a <bibl> and a label per character (None outside every field)."""
    has_a = any(_local(e) == "title" and e.get("level") == "a" for e in bibl.iter())
    text: list[str] = []
    labels: list[str | None] = []

    def walk(el: ET.Element, label: str | None) -> None:
        here = _grobid_label(el, has_a) if el is not bibl else None
        label = here or label
        if _local(el) == "lb":
            text.append(" ")
            labels.append(None)
        if el.text:
            text.append(el.text)
            labels.extend([label] * len(el.text))
        for child in el:
            walk(child, label)
            if child.tail:
                text.append(child.tail)
                labels.extend([label] * len(child.tail))

    walk(bibl, None)
    return "".join(text), labels


def _grobid_sequence(bibl: ET.Element) -> Sequence | None:
    """Whitespace tokens labelled AnyStyle's way: punctuation glued to a field's word joins the
    field; untagged words (`In`, `pp.`) join the next field, untagged punctuation the previous."""
    chars, char_labels = _grobid_chars(bibl)
    toks: list[str] = []
    labels: list[str | None] = []
    for m in re.finditer(r"\S+", chars):
        own = [char_labels[i] for i in range(m.start(), m.end()) if chars[i].isalnum() and char_labels[i]]
        toks.append(m.group())
        labels.append(max(set(own), key=own.count) if own else None)
    if not toks:
        return None
    if labels[0] is None and _NUMBER_RE.match(toks[0]):
        labels[0] = "citation-number"
    for i in range(len(toks)):
        if labels[i] is None and any(ch.isalnum() for ch in toks[i]):
            labels[i] = next((lab for lab in labels[i + 1:] if lab), None)
    for i in range(len(toks)):
        if labels[i] is None:
            labels[i] = labels[i - 1] if i else next((lab for lab in labels if lab), "note")
    return Sequence(tuple(toks), tuple(lab or "note" for lab in labels))


def read_grobid(path: Path) -> list[Sequence]:
    """GROBID citation TEI: one <bibl> per reference, fields tagged, punctuation between tags."""
    out = []
    for bibl in ET.parse(path).getroot().iter():
        if _local(bibl) == "bibl":
            seq = _grobid_sequence(bibl)
            if seq:
                out.append(seq)
    return out
