"""Label scores for whole batches of tokens: the sums of the CRF's attribute weights that
crfsuite computes one attribute name at a time, computed with numpy instead.

A token's attributes are its own static names, its neighbours' names seen at distance one and
two (`-1:`, `+1:`, `-2:`, `+2:`), the word pair with its predecessor, and a handful of context
codes (see `features.context`); positions, reach and name tables come from featurespec.py.
What a token string contributes on its own is worked out once per string and kept in numpy
arrays (a token table); the shape-and-punctuation part is summed once
per distinct "signature", the word part once per distinct token of a batch, and both are
gathered for every use; the context parts come from small precomputed tables. The
result equals crfsuite's state scores up to floating-point rounding (tests compare them).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import numpy as np

from refgraph.extract import features as F
from refgraph.extract import featurespec as spec
from refgraph.extract.crfsuite_file import CrfWeights

_GROUPS = spec.GROUPS  # own names, names seen by the next token (-1:), by the previous (+1:), at -2:, at +2:
_SIGNATURE_LIMIT = 20_000  # summed weights kept for at most this many signatures (~55-90 MB)
# The word-like names of a token (featurespec.POSITIONAL with word=True: word, three-letter
# prefix, suffix), summed per token; the other static names make up its signature. Each slot of
# a token's word attribute ids belongs to one group.
_WORD_POSITIONS = spec.WORD_POSITIONS
_WORD_REACH = tuple(spec.reach(j) for j in _WORD_POSITIONS)
_WORD_GROUPS = np.array([g for r in _WORD_REACH for g in range(r)])
_WORD_NAMES = itemgetter(*_WORD_POSITIONS)
# The signature: the static names at every other position, and the flags after them.
_SIGNATURE_NAMES = itemgetter(*spec.SIGNATURE_POSITIONS)
_FLAGS_FROM = len(spec.POSITIONAL)
# itemgetter gives tuples for two positions or more; `_describe` unpacks the three word-like
# names one by one (the hottest loop of tagging new text): a fourth needs a line there.
assert len(_WORD_POSITIONS) == 3 and len(spec.SIGNATURE_POSITIONS) > 1, "featurespec.POSITIONAL: see _describe"
_TOKEN_LIMIT = 200_000  # distinct token strings remembered (~40 MB); both start afresh beyond


def _one(names: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], ...]:
    """A table axis where exactly one of the names applies."""
    return tuple((name,) for name in names)


def _maybe(*names: bytes) -> tuple[tuple[bytes, ...], ...]:
    """A table axis where none or one of the names applies (choice 0 is none)."""
    return ((), *_one(names))


@dataclass(frozen=True, eq=False)
class _ComboTable:
    """Summed weights for every combination of one choice per axis, looked up by the choices'
    codes (one array per axis)."""

    table: np.ndarray
    dims: tuple[int, ...]

    def __getitem__(self, codes: tuple[np.ndarray, ...]) -> np.ndarray:
        return self.table[np.ravel_multi_index(codes, self.dims)]


class _TokenTable:
    """What each distinct token string contributes, by token id: its context bits, signature
    row, pair-word id, and the attribute ids of its word-like names in the groups of
    _WORD_GROUPS (an id with no weights where the model has none). New strings are appended a
    batch at a time."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.bits = self.signature = self.word = np.zeros(0, np.int64)
        self.word_attrs = np.zeros((0, len(_WORD_GROUPS)), np.int64)

    def extend(self, rows: list[tuple[int, ...]]) -> None:
        """Append rows of (bits, signature row, pair-word id, *word attribute ids)."""
        if not rows:
            return
        new = np.fromiter(chain.from_iterable(rows), np.int64).reshape(len(rows), -1)
        self.bits = np.concatenate((self.bits, new[:, 0]))
        self.signature = np.concatenate((self.signature, new[:, 1]))
        self.word = np.concatenate((self.word, new[:, 2]))
        self.word_attrs = np.concatenate((self.word_attrs, new[:, 3:]))


class Scorer:
    """State scores (tokens x labels) for batches of token sequences laid end to end."""

    def __init__(self, weights: CrfWeights, lexicon: dict[str, str]):
        self.n_labels = len(weights.labels)
        self.lexicon = lexicon
        self._attrs = weights.attributes
        state = weights.state
        self._none = len(state.indptr) - 1  # an attribute id with no weights
        self._indptr = np.append(state.indptr, state.indptr[-1])
        self._label, self._weight = state.label, state.weight
        self._static = _static_index(weights.attributes, self._none)
        self._no_ids = [self._none] * _GROUPS
        self._words, self._pairs = _pair_index(weights.attributes)
        self._tokens = _TokenTable()
        self._signatures: dict[tuple[bytes, ...], int] = {}
        self._sig_table = np.zeros((1, _GROUPS, self.n_labels))  # row 0: nothing (no such neighbour)
        self._layout = self._table(_one(F.SEGLEN), _one(F.SEGSLEFT), _one(F.GAP))
        self._position = self._table(_one(F.SEG), _one(F.INSEG), _one(F.POS), _maybe(*F.IDX), ((), F.EDGE_L),
                                     ((), F.EDGE_R))
        self._previous = self._table(_maybe(*F.PLC), *[_maybe(flag) for flag in F.FLAGS])

    def _table(self, *axes: tuple[tuple[bytes, ...], ...]) -> _ComboTable:
        """The summed weights of every combination of one choice (a tuple of names) per axis."""
        table = np.zeros((1, self.n_labels))
        for axis in axes:
            found = [(k, self._attrs[name]) for k, names in enumerate(axis) for name in names if name in self._attrs]
            rows = self._sum_rows(np.array([k for k, _ in found], np.int64), np.array([a for _, a in found], np.int64),
                                  len(axis))
            table = (table[:, None, :] + rows[None, :, :]).reshape(-1, self.n_labels)
        return _ComboTable(table, tuple(len(axis) for axis in axes))

    def _grouped(self, names: tuple[bytes, ...], positions: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(attribute ids, group of each) for static names at the given positions of a token's
        names, in the groups each reaches (`features.reach`)."""
        attrs: list[int] = []
        groups: list[int] = []
        for j, name in zip(positions, names):
            ids = self._static.get(name, self._no_ids)
            for g in range(spec.reach(j)):
                if ids[g] != self._none:
                    attrs.append(ids[g])
                    groups.append(g)
        return tuple(attrs), tuple(groups)

    def _describe(self, token: str, pending: list) -> tuple:
        """A new token string's row for the token table.

        The signature is everything but the word and its prefix and suffix (shape, edge
        punctuation, length, flags): few distinct values, so their weights are summed once per
        signature; only the word-like names are summed per token."""
        tok = F._Tok(token, self.lexicon)
        names = tok.names
        key = _SIGNATURE_NAMES(names) + names[_FLAGS_FROM:]
        row = self._signatures.get(key)
        if row is None:
            row = self._signatures[key] = len(self._signatures) + 1
            positions = tuple(j for j in range(len(names)) if j not in _WORD_POSITIONS)
            pending.append((row, *self._grouped(key, positions)))
        get, none = self._static.get, self._no_ids
        (w, p, s), (w_reach, p_reach, s_reach) = _WORD_NAMES(names), _WORD_REACH
        return (tok.bits, row, self._words.get(tok.w, -1),
                *get(w, none)[:w_reach], *get(p, none)[:p_reach], *get(s, none)[:s_reach])

    def _signature_table(self, pending: list) -> np.ndarray:
        """The summed weights of every signature seen so far, shape (signatures, groups, labels)."""
        if pending:
            rows = np.fromiter(chain.from_iterable([r * _GROUPS + g for g in gs] for r, _, gs in pending), np.int64)
            attrs = np.fromiter(chain.from_iterable(a for _, a, _ in pending), np.int64)
            first = pending[0][0]
            new = self._sum_rows(rows - first * _GROUPS, attrs, len(pending) * _GROUPS)
            if len(self._sig_table) < first + len(pending):
                grown = np.zeros((max(2 * len(self._sig_table), first + len(pending)), _GROUPS, self.n_labels))
                grown[:first] = self._sig_table[:first]
                self._sig_table = grown
            self._sig_table[first:first + len(pending)] = new.reshape(len(pending), _GROUPS, self.n_labels)
        return self._sig_table

    def _sum_rows(self, rows: np.ndarray, attrs: np.ndarray, n_rows: int) -> np.ndarray:
        """out[r] = the sum of the weight rows of the attributes paired with r."""
        start = self._indptr[attrs]
        count = self._indptr[attrs + 1] - start
        entry = _ranges(start, count)
        keys = np.repeat(rows, count) * self.n_labels + self._label[entry]
        return np.bincount(keys, weights=self._weight[entry], minlength=n_rows * self.n_labels).reshape(
            n_rows, self.n_labels)

    def _token_ids(self, tokens: list[str]) -> np.ndarray:
        """Token-table ids of the tokens, describing new strings first."""
        if len(self._tokens.index) > _TOKEN_LIMIT or len(self._signatures) > _SIGNATURE_LIMIT:
            self._tokens, self._signatures = _TokenTable(), {}
        index = self._tokens.index
        new: list[tuple] = []
        pending: list[tuple] = []
        for token in tokens:
            if token not in index:
                index[token] = len(index)
                new.append(self._describe(token, pending))
        self._tokens.extend(new)
        self._signature_table(pending)
        get = index.__getitem__
        return np.fromiter(map(get, tokens), np.int64, len(tokens))

    def _static_sums(self, distinct: np.ndarray) -> np.ndarray:
        """Summed static weights per distinct token id and group, plus an all-zero last row
        that stands for "no such neighbour"."""
        table, n_distinct = self._tokens, len(distinct)
        rows = (np.arange(n_distinct)[:, None] * _GROUPS + _WORD_GROUPS[None, :]).ravel()
        words = self._sum_rows(rows, table.word_attrs[distinct].ravel(), n_distinct * _GROUPS)
        summed = self._sig_table[np.append(table.signature[distinct], 0)]
        summed[:-1] += words.reshape(n_distinct, _GROUPS, self.n_labels)
        return summed

    def _pair_ids(self, word: np.ndarray, first: np.ndarray) -> np.ndarray:
        """The attribute id of each token's word pair with its predecessor, or -1."""
        keys, ids = self._pairs
        if not len(keys):
            return np.full(len(word), -1, np.int64)
        previous = np.concatenate(([-1], word[:-1]))
        key = np.where(~first & (word >= 0) & (previous >= 0), previous * (len(self._words) + 1) + word, -1)
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return np.where((key >= 0) & (keys[at] == key), ids[at], -1)

    def scores(self, tokens: list[str], starts: np.ndarray) -> np.ndarray:
        """State scores, shape (tokens, labels); sequence k is tokens[starts[k]:starts[k + 1]]."""
        ids = self._token_ids(tokens)
        distinct, u = np.unique(ids, return_inverse=True)
        summed = self._static_sums(distinct)
        n, none = len(tokens), len(distinct)
        ctx = F.context(self._tokens.bits[ids], starts)
        i, length, k = ctx.pos_in_seq, ctx.length, np.arange(n)
        out = summed[u, 0]
        for group, step, present in ((1, -1, i > 0), (2, 1, i + 1 < length), (3, -2, i >= 2), (4, 2, i + 2 < length)):
            out += summed[np.where(present, u[np.clip(k + step, 0, n - 1)], none), group]
        pair = self._pair_ids(self._tokens.word[ids], i == 0)
        has_pair = np.flatnonzero(pair >= 0)
        out[has_pair] += self._sum_rows(np.arange(len(has_pair)), pair[has_pair], len(has_pair))
        out += self._layout[ctx.seglen, ctx.segsleft, ctx.gap]
        idx = np.where(i < len(F.IDX), i + 1, 0)
        out += self._position[ctx.seg, ctx.inseg, ctx.pos, idx, (i == 0).astype(np.int64), (i + 1 == length).astype(np.int64)]
        out += self._previous[(ctx.plc + 1, *ctx.flags.T.astype(np.int64))]
        return out


def _ranges(start: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The concatenated index ranges start[k]:start[k] + count[k]."""
    return np.arange(count.sum()) + np.repeat(start - (np.cumsum(count) - count), count)


def _static_index(attributes: dict[bytes, int], none: int) -> dict[bytes, list[int]]:
    """Static name -> its attribute ids as itself and seen from -1, +1, -2, +2 (`none` where
    the model has no such attribute), for every name the model weighs in any of those roles
    (built once, at load)."""
    slots = {prefix: k for k, prefix in enumerate(spec.PREFIXES, 1)}
    index: dict[bytes, list[int]] = {}
    for name, a in attributes.items():
        slot = slots.get(name[:3], 0)
        index.setdefault(name[3:] if slot else name, [none] * _GROUPS)[slot] = a
    return index


def _pair_index(attributes: dict[bytes, int]) -> tuple[dict[bytes, int], tuple[np.ndarray, np.ndarray]]:
    """The word-pair attributes as integers: a word id for every `w=` name that occurs in a
    pair, and the sorted pair keys (first * (words + 1) + second) with their attribute ids."""
    pairs = [(name[len(F.PAIR):], a) for name, a in attributes.items() if name.startswith(F.PAIR)]
    words: dict[bytes, int] = {}
    keyed = []
    for body, a in pairs:
        cut = body.find(b"|w=")
        while cut >= 0:  # a word containing "|w=" makes the split ambiguous: try each place
            first, second = words.setdefault(body[:cut], len(words)), words.setdefault(body[cut + 1:], len(words))
            keyed.append((first, second, a))
            cut = body.find(b"|w=", cut + 1)
    n_words = len(words) + 1
    keys = np.array([f * n_words + s for f, s, _ in keyed], np.int64)
    ids = np.array([a for _, _, a in keyed], np.int64)
    order = np.argsort(keys, kind="stable")
    return words, (keys[order], ids[order])
