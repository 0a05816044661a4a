"""The trained line finder: a linear-chain CRF that labels each non-blank line of a document as
a reference start (B), a reference continuation (I), a list heading (H), body text (T) or page
furniture (N), from features of the line and its neighbours.

The heuristics of `sections` and `split` are features here, not gates: heading words in many
languages, list markers and numbering, year/name/page/DOI density, punctuation, length,
indentation (the PDF reader writes it as leading spaces), blank lines around, the position in
the document. Trained on synthetic documents by `python -m refgraph.extract.linefind_train`;
tagged with numpy from the crfsuite file (no python-crfsuite needed at run time).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from refgraph.extract.split import (
    KEY_RE,
    NUMBER_RE,
    is_page_furniture,
    looks_like_reference,
    starts_entry,
)
from refgraph.extract.crfsuite_file import StateWeights
from refgraph.model import RawReference, Section

LABELS = ("B", "I", "H", "T", "N")
MODEL_FILE = "finder.crfsuite"

_YEAR = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20\d\d)[a-z]?(?!\d)")
_PAGES = re.compile(r"\b\d{1,5}\s?[-–]\s?\d{1,5}\b")
_DOI = re.compile(r"10\.\d{4,9}/|doi|https?://|www\.", re.IGNORECASE)
_INITIAL = re.compile(r"\b[A-Z]\.")
_CAPWORD = re.compile(r"\b[A-Z][a-zà-ÿ]+")
_VENUE = re.compile(r"\b(?:In:?|Proc\.|Proceedings|Journal|J\.|Conf\.|vol\.|Vol\.|pp\.|Press|eds?\.|Trans\.)", re.IGNORECASE)
_BULLET = re.compile(r"^[-*•·–]\s")


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= e for e in edges)


def _heading_kind(text: str) -> str:
    from refgraph.extract.sections import HEADING_RE, NOT_LIST_WORDS

    m = HEADING_RE.match(text)
    if not m:
        return ""
    return "notlist" if m.group(1).lower() in NOT_LIST_WORDS else "list"


def line_features(line: str) -> list[str]:
    """The line's own attributes (the neighbours' are added by `document_features`)."""
    text = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    words = text.split()
    f = [f"len={_bucket(len(text), (4, 15, 35, 60, 90, 130))}", f"words={_bucket(len(words), (2, 4, 8, 14))}",
         f"indent={_bucket(indent, (1, 3, 6, 10))}"]
    m = NUMBER_RE.match(text)
    if m:
        style = next(i for i, g in enumerate(m.groups()) if g)
        number = int(next(g for g in m.groups() if g))
        f += [f"num={style}", f"numval={_bucket(number, (2, 10, 100))}"]
    if KEY_RE.match(text):
        f.append("key")
    if _BULLET.match(text):
        f.append("bullet")
    kind = _heading_kind(line)
    if kind:
        f.append(f"heading={kind}")
    if starts_entry(text):
        f.append("startsentry")
    if looks_like_reference(text):
        f.append("reflike")
    if is_page_furniture(text):
        f.append("furniture")
    years = len(_YEAR.findall(text))
    f.append(f"years={min(years, 2)}")
    for name, rx in (("pages", _PAGES), ("doi", _DOI), ("venue", _VENUE)):
        if rx.search(text):
            f.append(name)
    n = max(len(words), 1)
    f += [f"initials={_bucket(len(_INITIAL.findall(text)) / n, (0.05, 0.2, 0.4))}",
          f"caps={_bucket(len(_CAPWORD.findall(text)) / n, (0.2, 0.4, 0.7))}",
          f"digits={_bucket(sum(c.isdigit() for c in text) / max(len(text), 1), (0.02, 0.08, 0.2))}",
          f"punct={_bucket(sum(c in ',.;:()' for c in text) / n, (0.2, 0.5, 1.0))}"]
    if text:
        first, last = text[0], text[-1]
        f.append("first=" + ("U" if first.isupper() else "l" if first.islower() else "d" if first.isdigit() else "p"))
        f.append("last=" + (last if last in ".,;:-)" else "w"))
        if text.isupper() and len(words) >= 2:
            f.append("allcaps")
    return f


def heuristic_marks(lines: list[str]) -> dict[int, str]:
    """What the heuristic finder says of each line: 'start' of an entry or inside one ('in')."""
    import bisect

    from refgraph.extract.sections import rule_references

    text = "\n".join(lines)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    marks: dict[int, str] = {}
    for r in rule_references(text)[0]:
        first = bisect.bisect_right(starts, r.start) - 1
        last = bisect.bisect_right(starts, max(r.end - 1, r.start)) - 1
        for i in range(first, last + 1):
            marks[i] = "start" if i == first else "in"
    return marks


def document_features(lines: list[str]) -> tuple[list[int], list[list[str]]]:
    """(indices of the non-blank lines, each one's attributes with its neighbours')."""
    index = [i for i, line in enumerate(lines) if line.strip()]
    marks = heuristic_marks(lines)
    own = [line_features(lines[i]) + [f"heur={marks.get(i, 'no')}"] for i in index]
    total = max(len(index), 1)
    out = []
    for k, i in enumerate(index):
        f = list(own[k])
        f.append(f"pos={_bucket(k / total, (0.3, 0.6, 0.8, 0.9))}")
        if i > 0 and not lines[i - 1].strip():
            f.append("blank_before")
        if i + 1 < len(lines) and not lines[i + 1].strip():
            f.append("blank_after")
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        for d in (-2, -1, 1, 2):
            j = k + d
            if 0 <= j < len(index):
                f += [f"{d}:{a}" for a in own[j] if not a.startswith(("caps", "punct", "digits", "initials"))]
                if abs(d) == 1:
                    other = len(lines[index[j]]) - len(lines[index[j]].lstrip(" "))
                    f.append(f"{d}:dindent=" + ("<" if other < indent else ">" if other > indent else "="))
            else:
                f.append(f"{d}:none")
        out.append(f)
    return index, out


@dataclass(frozen=True, eq=False)
class LineModel:
    labels: tuple[str, ...]
    attributes: dict[bytes, int]
    state: StateWeights
    transitions: np.ndarray

    def tag(self, lines: list[str]) -> tuple[list[int], list[str]]:
        """(indices of the non-blank lines, their labels)."""
        from refgraph.extract.decode import Transitions, viterbi

        index, feats = document_features(lines)
        if not index:
            return [], []
        scores = np.zeros((1, len(index), len(self.labels)))
        st = self.state
        for t, f in enumerate(feats):
            for a in f:
                aid = self.attributes.get(a.encode())
                if aid is None:
                    continue
                lo, hi = st.indptr[aid], st.indptr[aid + 1]
                scores[0, t, st.label[lo:hi]] += st.weight[lo:hi]
        best = viterbi(scores, np.array([len(index)]), Transitions.of(self.transitions))[0]
        return index, [self.labels[i] for i in best]


@lru_cache(maxsize=1)
def load_model(path: Path | None = None) -> LineModel | None:
    """The shipped finder model, or None where it is not installed (the heuristics then work alone)."""
    from refgraph.extract.crfsuite_file import read_crfsuite

    path = path or Path(__file__).resolve().parent.parent / "data" / MODEL_FILE
    if not path.exists():
        return None
    w = read_crfsuite(path)
    return LineModel(w.labels, w.attributes, w.state, w.transitions)


def model_section(text: str, model: LineModel | None = None) -> Section | None:
    """The reference list as the model sees it: from the first reference start of the last run
    of reference lines (at least two starts) to the end of the text; None if there is none."""
    model = model or load_model()
    if model is None:
        return None
    lines = text.split("\n")
    index, labels = model.tag(lines)
    runs: list[list[int]] = []
    for k, label in enumerate(labels):
        if label in ("B", "I") and (runs and runs[-1][-1] == k - 1 or label == "B"):
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        elif label == "N" and runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)  # a page number inside the list
    runs = [r for r in runs if sum(labels[k] == "B" for k in r) >= 2]
    if not runs:
        return None
    first = index[runs[-1][0]]
    start = sum(len(line) + 1 for line in lines[:first])
    return Section(start=start, end=len(text), heading="", body_end=start)


def model_references(text: str, model: LineModel | None = None) -> list[RawReference]:
    """Reference strings as the model cuts them: a start line (B) and the continuation lines (I)
    after it; page furniture (N) inside an entry is skipped. Numbered 1..k in text order."""
    from refgraph.extract.split import _join

    model = model or load_model()
    if model is None:
        return []
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    index, labels = model.tag(lines)
    entries: list[list[int]] = []
    for i, label in zip(index, labels):
        if label == "B":
            entries.append([i])
        elif label == "I" and entries:
            entries[-1].append(i)
        elif label != "N" and entries and entries[-1] != [-1]:
            entries.append([-1])  # a body line closes the entry before it
    out: list = []
    for group in (g for g in entries if g != [-1]):
        first = lines[group[0]]
        m = NUMBER_RE.match(first) or KEY_RE.match(first)
        label = next((g for g in m.groups() if g), "") if m else ""
        skip = m.end() if m else len(first) - len(first.lstrip())
        parts = [first[skip:].strip()] + [lines[i].strip() for i in group[1:]]
        out.append(RawReference(n=len(out) + 1, text=_join(parts), start=starts[group[0]] + skip,
                                end=starts[group[-1]] + len(lines[group[-1]]), label=label))
    return out
