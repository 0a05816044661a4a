"""The shipped CRF model: found in the package, loaded once and lazily, used to label tokens.

The model file is read on the first call to `model()`, so commands that never parse a
reference do not pay for it.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from refgraph.errors import RefgraphError
from refgraph.extract.crfsuite_file import read_crfsuite
from refgraph.extract.decode import Transitions, log_probability, viterbi
from refgraph.extract.features import Featurizer
from refgraph.extract.score import Scorer

MODEL_NAME = "parser.crfsuite"
LEXICON_NAME = "parser-lexicon.json"
BEGIN, END = "B-", "E-"  # a model may mark the first and last token of a field: `B-title` is `title`
SCORE_BATCH = 512  # sequences scored together (sorted by length)
DECODE_BATCH = 128  # sequences decoded together: the largest temporary (~0.7 MB) stays in a 1 MB L2 cache


def unmark(labels) -> list[str]:
    """Labels without the field-start and field-end marks (a no-op for unmarked labels)."""
    return [lab[2:] if lab.startswith((BEGIN, END)) else lab for lab in labels]


class ModelError(RefgraphError):
    """The parser model is missing or unreadable (reinstall refgraph or retrain it)."""


@dataclass(frozen=True)
class Labelling:
    """The best labels of one token sequence and a confidence figure: the probability of the
    whole labelling, per token (geometric mean), so that long and short references compare."""

    labels: tuple[str, ...]
    confidence: float


class Model:
    """The trained CRF (its weights read straight from the crfsuite file) and the featurizer
    (with its lexicon) it was trained with. Labels are crfsuite's; the work is done in numpy
    batches (see score.py and decode.py), which is several times faster than crfsuite's own
    tagger once attribute names no longer have to be passed one by one."""

    def __init__(self, model_path: Path, lexicon: dict[str, str]):
        if not model_path.is_file():
            raise ModelError(f"parser model not found at {model_path}; run `python -m refgraph.extract.train`")
        weights = read_crfsuite(model_path)
        self.featurizer = Featurizer(lexicon)
        self.scorer = Scorer(weights, lexicon)
        self.transitions = Transitions.of(weights.transitions)
        self.labels = np.array(unmark(weights.labels), dtype=object)
        self._lock = threading.Lock()  # the scorer's caches are shared between threads

    def label_many(self, sequences: list[list[str]], with_probability: bool = True) -> list[Labelling]:
        """Labellings of many token sequences (empty ones get no labels and confidence 0).
        Sequences of similar length are decoded together: the batch is sorted by length."""
        out = [Labelling((), 0.0)] * len(sequences)
        order = sorted((k for k, s in enumerate(sequences) if s), key=lambda k: len(sequences[k]))
        for lo in range(0, len(order), SCORE_BATCH):
            block = order[lo:lo + SCORE_BATCH]
            starts = np.concatenate(([0], np.cumsum([len(sequences[k]) for k in block])))
            with self._lock:
                scores = self.scorer.scores([t for k in block for t in sequences[k]], starts)
            for c in range(0, len(block), DECODE_BATCH):
                for k, labelling in zip(block[c:c + DECODE_BATCH],
                                        self._decode(scores, starts[c:c + DECODE_BATCH + 1], with_probability)):
                    out[k] = labelling
        return out

    def _decode(self, scores: np.ndarray, starts: np.ndarray, with_probability: bool) -> list[Labelling]:
        """Labellings of the sequences scores[starts[k]:starts[k + 1]] (one decoding batch)."""
        lengths = np.diff(starts)
        padded = np.zeros((len(lengths), int(lengths.max()), scores.shape[1]))
        seq = np.repeat(np.arange(len(lengths)), lengths)
        padded[seq, np.arange(starts[-1] - starts[0]) - np.repeat(starts[:-1] - starts[0], lengths)] = \
            scores[starts[0]:starts[-1]]
        best = viterbi(padded, lengths, self.transitions)
        if with_probability:
            confidence = np.exp(log_probability(padded, lengths, best, self.transitions) / lengths).tolist()
        else:
            confidence = [1.0] * len(lengths)
        return [Labelling(tuple(self.labels[row[:n]]), p) for row, n, p in zip(best, lengths.tolist(), confidence)]

    def tag(self, tokens: list[str]) -> list[str]:
        """The best labels of one token sequence (batch with `label_many` where you can)."""
        return list(self.label_many([tokens], with_probability=False)[0].labels)


_MODEL: Model | None = None
_LOAD_LOCK = threading.Lock()


def data_dir() -> Path:
    return Path(str(resources.files("refgraph") / "data"))


def model() -> Model:
    """The shipped model, loaded on first use and kept for the life of the process."""
    global _MODEL
    if _MODEL is None:
        with _LOAD_LOCK:
            if _MODEL is None:
                d = data_dir()
                lexicon_path = d / LEXICON_NAME
                lexicon = json.loads(lexicon_path.read_text(encoding="utf-8")) if lexicon_path.is_file() else {}
                _MODEL = Model(d / MODEL_NAME, lexicon)
    return _MODEL
