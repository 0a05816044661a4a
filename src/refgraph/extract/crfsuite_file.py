"""Read a trained crfsuite model file (crfsuite's `crf1dm` format) into numpy arrays.

Tagging with python-crfsuite spends most of its time turning ~30 attribute names per token
into C++ strings and looking them up; refgraph instead scores whole batches of tokens with
numpy (see `extract/score.py`), which needs the model's weights. Reading them through
`Tagger.info()` takes about a second; reading the file directly takes milliseconds.

Layout (crfsuite 0.12, lib/crf/src/crf1d_model.c, little-endian): a 48-byte header with the
offsets of a feature array (20 bytes per feature: type, source, destination, weight as a
double) and of two CQDB string databases (labels and attributes), whose backward arrays map
each id to a record `id, size, name NUL`.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from refgraph.errors import RefgraphError

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1


class ModelFileError(RefgraphError):
    """The parser model file is not a crfsuite model (reinstall refgraph or retrain it)."""


@dataclass(frozen=True, eq=False)
class StateWeights:
    """Attribute-to-label weights in compressed rows: attribute a has weights `weight[k]` for
    labels `label[k]`, k in indptr[a]:indptr[a + 1] (most attributes weigh on few labels)."""

    indptr: np.ndarray
    label: np.ndarray
    weight: np.ndarray


@dataclass(frozen=True, eq=False)
class CrfWeights:
    """A linear-chain CRF: `state[a, y]` is the weight of attribute a for label y, and
    `transitions[i, j]` the weight of label i followed by label j (label ids are crfsuite's)."""

    labels: tuple[str, ...]
    attributes: dict[bytes, int]
    state: StateWeights
    transitions: np.ndarray


def _names(buf: bytes, offset: int) -> list[bytes]:
    """The strings of the CQDB database at offset, in id order."""
    if buf[offset:offset + 4] != b"CQDB":
        raise ValueError("no string table")
    bwd_size, bwd_offset = struct.unpack_from("<II", buf, offset + 16)
    records = np.frombuffer(buf, "<u4", bwd_size, offset + bwd_offset).astype(np.int64) + offset
    starts = records.tolist()
    sizes = [struct.unpack_from("<I", buf, r + 4)[0] for r in starts]
    return [buf[r + 8:r + 7 + k] for r, k in zip(starts, sizes)]


def read_crfsuite(path: Path) -> CrfWeights:
    """The weights of the crfsuite model at path."""
    buf = path.read_bytes()
    if len(buf) < _HEADER.size or buf[:4] != b"lCRF":
        raise ModelFileError(f"{path} is not a crfsuite model; reinstall refgraph or retrain the parser")
    if _HEADER.unpack_from(buf)[1] != len(buf):
        raise ModelFileError(f"{path} is truncated or damaged; reinstall refgraph or retrain the parser")
    try:
        return _parse(buf)
    except (ValueError, IndexError, struct.error) as err:
        raise ModelFileError(f"{path} is damaged ({err}); reinstall refgraph or retrain the parser") from err


def _parse(buf: bytes) -> CrfWeights:
    (_, _, _, _, _, n_labels, n_attrs, off_features, off_labels, off_attrs, _, _) = _HEADER.unpack_from(buf)
    (n_features,) = struct.unpack_from("<I", buf, off_features + 8)
    feats = np.frombuffer(buf, _FEATURE, n_features, off_features + 12)
    labels = tuple(n.decode() for n in _names(buf, off_labels))
    attrs = _names(buf, off_attrs)
    if len(labels) != n_labels or len(attrs) != n_attrs:
        raise ValueError("label or attribute count")
    st = feats[feats["type"] == _STATE]
    st = st[np.argsort(st["src"], kind="stable")]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(st["src"], minlength=n_attrs)))).astype(np.int64)
    state = StateWeights(indptr, st["dst"].astype(np.int64), st["weight"].astype(np.float64))
    tr = feats[feats["type"] == _TRANSITION]
    transitions = np.zeros((n_labels, n_labels))
    transitions[tr["src"], tr["dst"]] = tr["weight"]
    return CrfWeights(labels, {a: i for i, a in enumerate(attrs)}, state, transitions)
