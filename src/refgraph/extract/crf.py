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
from refgraph.extract.stack import stacked

MODEL_NAME = "parser.crfsuite"
SECOND_NAME = "parser-second.crfsuite"  # the second pass (stack.py); optional
LEXICON_NAME = "parser-lexicon.json"
ATTRIBUTES_NAME = "parser-attributes.txt"
BEGIN = "B-"  # a model may mark the first token of each field: `B-title` is `title`
_ATTRIBUTES_HEADER = b"# attributes with weights in the parser models; model bytes="


def unmark(labels) -> list[str]:
    """Labels without the field-start mark (a no-op for models trained without it)."""
    return [lab[2:] if lab.startswith(BEGIN) else lab for lab in labels]


class ModelError(RefgraphError):
    """The parser model is missing or unreadable (reinstall refgraph or retrain it)."""


class Model:
    """A crfsuite tagger (and, if shipped, the second-pass tagger of stack.py) and the
    featurizer (with its lexicon) they were trained with."""

    def __init__(self, model_path: Path, lexicon_path: Path):
        import pycrfsuite  # imported here: the extension is only needed once we tag

        if not model_path.is_file():
            raise ModelError(f"parser model not found at {model_path}; run `python -m refgraph.extract.train`")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        second = model_path.with_name(SECOND_NAME)
        self.second = None
        if second.is_file():
            self.second = pycrfsuite.Tagger()
            self.second.open(str(second))
        lexicon = json.loads(lexicon_path.read_text(encoding="utf-8")) if lexicon_path.is_file() else {}
        known = read_attributes(model_path.with_name(ATTRIBUTES_NAME), model_path)
        self.featurizer = Featurizer(lexicon, known=known)
        self._lock = threading.Lock()

    def _label(self, tokens: list[str], with_probability: bool) -> tuple[list[str], float]:
        xseq = self.featurizer.encoded(tokens)
        with self._lock:  # a crfsuite Tagger is not safe to share between threads
            tagger = self.tagger
            labels = self.tagger.tag(xseq)
            if self.second is not None:
                tagger = self.second
                labels = tagger.tag(stacked(xseq, unmark(labels)))
            p = float(tagger.probability(labels)) if with_probability else 1.0
        return unmark(labels), p

    def tag(self, tokens: list[str]) -> list[str]:
        return self._label(tokens, False)[0] if tokens else []

    def marginals(self, tokens: list[str]) -> tuple[list[str], float]:
        """Labels and a confidence figure: the probability of the whole labelling, per token
        (geometric mean), so that long and short references compare."""
        if not tokens:
            return [], 1.0
        labels, p = self._label(tokens, True)
        return labels, p ** (1.0 / len(labels)) if p > 0 else 0.0


def _signature(model_path: Path) -> bytes:
    """The model files' sizes: an attribute list written for other files is never used."""
    second = model_path.with_name(SECOND_NAME)
    sig = str(model_path.stat().st_size)
    if second.is_file():
        sig += "+" + str(second.stat().st_size)
    return _ATTRIBUTES_HEADER + sig.encode()


def write_attributes(model_path: Path, out: Path) -> int:
    """Write the attribute names that carry weights in the model and its second pass (slow:
    once, after training). Many attributes of a new text (rare words, word pairs) are not
    among them, and leaving those out saves the tagger work. The header records the models'
    sizes, so a stale list is never used with other models."""
    import pycrfsuite

    names: set[str] = set()
    for path in (model_path, model_path.with_name(SECOND_NAME)):
        if path.is_file():
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            names |= {attr for attr, _ in tagger.info().state_features}
    body = _signature(model_path) + b"\n" + "\n".join(sorted(names)).encode()
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(body)
    os.replace(tmp, out)
    return len(names)


def read_attributes(path: Path, model_path: Path) -> frozenset[bytes] | None:
    """The models' weighted attribute names, or None (no filtering) if the list is missing or
    was written for other model files."""
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
