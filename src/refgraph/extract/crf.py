"""The shipped CRF model: found in the package, loaded once and lazily, used to label tokens.

Importing this module costs nothing; the model file is opened on the first call to `tag`, so
commands that never parse a reference (and cold starts) do not pay for it.
"""
from __future__ import annotations

import json
import os
import threading
from importlib import resources
from pathlib import Path

from refgraph.errors import RefgraphError
from refgraph.extract.features import Featurizer

MODEL_NAME = "parser.crfsuite"
LEXICON_NAME = "parser-lexicon.json"
ATTRIBUTES_NAME = "parser-attributes.txt"
BEGIN, END = "B-", "E-"  # a model may mark the first and last token of a field: `B-title` is `title`
_ATTRIBUTES_HEADER = b"# attributes with weights in the parser models; model bytes="


def unmark(labels) -> list[str]:
    """Labels without the field-start and field-end marks (a no-op for unmarked labels)."""
    return [lab[2:] if lab.startswith((BEGIN, END)) else lab for lab in labels]


class ModelError(RefgraphError):
    """The parser model is missing or unreadable (reinstall refgraph or retrain it)."""


class Model:
    """A crfsuite tagger and the featurizer (with its lexicon) it was trained with."""

    def __init__(self, model_path: Path, lexicon_path: Path):
        import pycrfsuite  # imported here: the extension is only needed once we tag

        if not model_path.is_file():
            raise ModelError(f"parser model not found at {model_path}; run `python -m refgraph.extract.train`")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        lexicon = json.loads(lexicon_path.read_text(encoding="utf-8")) if lexicon_path.is_file() else {}
        known = read_attributes(model_path.with_name(ATTRIBUTES_NAME), model_path)
        self.featurizer = Featurizer(lexicon, known=known)
        self._lock = threading.Lock()

    def _label(self, tokens: list[str], with_probability: bool) -> tuple[list[str], float]:
        """Labels and (if asked: it costs a forward pass) the per-token geometric mean of the
        labelling's probability."""
        xseq = self.featurizer.encoded(tokens)
        with self._lock:  # a crfsuite Tagger is not safe to share between threads
            labels = self.tagger.tag(xseq)
            p = float(self.tagger.probability(labels)) ** (1.0 / len(labels)) if with_probability else 1.0
        return unmark(labels), p

    def tag(self, tokens: list[str]) -> list[str]:
        return self._label(tokens, False)[0] if tokens else []

    def marginals(self, tokens: list[str]) -> tuple[list[str], float]:
        """Labels and a confidence figure: the probability of the whole labelling, per token
        (geometric mean), so that long and short references compare."""
        return self._label(tokens, True) if tokens else ([], 1.0)


def _signature(model_path: Path) -> bytes:
    """The model file's size: an attribute list written for another model is never used."""
    return _ATTRIBUTES_HEADER + str(model_path.stat().st_size).encode()


def write_attributes(model_path: Path, out: Path) -> int:
    """Write the attribute names that carry weights in the model (slow: once, after training).
    Many attributes of a new text (rare words, word pairs) are not among them, and leaving
    those out saves the tagger work. The header records the model's size, so a stale list is
    never used with another model."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    names = {attr for attr, _ in tagger.info().state_features}
    body = _signature(model_path) + b"\n" + "\n".join(sorted(names)).encode()
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(body)
    os.replace(tmp, out)
    return len(names)


def read_attributes(path: Path, model_path: Path) -> frozenset[bytes] | None:
    """The model's weighted attribute names, or None (no filtering) if the list is missing or
    was written for another model file."""
    if not path.is_file():
        return None
    header, _, body = path.read_bytes().partition(b"\n")
    if header != _signature(model_path):
        return None
    return frozenset(body.split(b"\n"))


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
                _MODEL = Model(d / MODEL_NAME, d / LEXICON_NAME)
    return _MODEL
