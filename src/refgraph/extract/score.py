"""Label scores for whole batches of tokens: the sums of the CRF's attribute weights that
crfsuite computes one attribute name at a time, computed with numpy instead.

A token's attributes are its own static names, its neighbours' names seen at distance one and
two (`-1:`, `+1:`, `-2:`, `+2:`), the word pair with its predecessor, and a handful of context
codes (see `features.context`). The static parts are summed once per distinct token of a
batch and gathered for every use; the context parts come from small precomputed tables. The
result equals crfsuite's state scores up to floating-point rounding (tests compare them).
"""
from __future__ import annotations

from itertools import chain

import numpy as np

from refgraph.extract import features as F
from refgraph.extract.crfsuite_file import CrfWeights

_GROUPS = 5  # own names, names seen by the next token (-1:), by the previous (+1:), at -2:, at +2:
_SIGNATURE_LIMIT = 50_000  # ~140 MB of summed weights at most


def _one(names: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], ...]:
    """A table axis where exactly one of the names applies."""
    return tuple((name,) for name in names)


def _maybe(*names: bytes) -> tuple[tuple[bytes, ...], ...]:
    """A table axis where none or one of the names applies (choice 0 is none)."""
    return ((), *_one(names))


class Scorer:
    """State scores (tokens x labels) for batches of `_Tok` sequences laid end to end."""

    def __init__(self, weights: CrfWeights):
        self.n_labels = len(weights.labels)
        self._attrs = weights.attributes
        state = weights.state
        self._indptr, self._label, self._weight = state.indptr, state.label, state.weight
        self._static = _static_index(weights.attributes)
        self._words, self._pairs = _pair_index(weights.attributes)
        self._signatures: dict[tuple[bytes, ...], int] = {}
        self._sig_table = np.zeros((0, _GROUPS, self.n_labels))
        self._generation = 0  # bumped when the signature table is dropped (it only grows otherwise)
        self._layout = self._table(_one(F.SEGLEN), _one(F.SEGSLEFT), _one(F.GAP))
        self._position = self._table(_one(F.SEG), _one(F.INSEG), _one(F.POS), _maybe(*F.IDX), ((), F.EDGE_L),
                                     ((), F.EDGE_R))
        self._previous = self._table(_maybe(*F.PLC), *[_maybe(flag) for flag in F.FLAGS])

    def _row(self, names: tuple[bytes, ...]) -> np.ndarray:
        """The summed weights of some attributes."""
        out = np.zeros(self.n_labels)
        for name in names:
            a = self._attrs.get(name)
            if a is not None:
                lo, hi = self._indptr[a], self._indptr[a + 1]
                out[self._label[lo:hi]] += self._weight[lo:hi]
        return out

    def _table(self, *axes: tuple[tuple[bytes, ...], ...]) -> np.ndarray:
        """Summed weights for every combination of one choice per axis, flattened row-major."""
        table = np.zeros((1, self.n_labels))
        for axis in axes:
            rows = np.stack([self._row(names) for names in axis])
            table = (table[:, None, :] + rows[None, :, :]).reshape(-1, self.n_labels)
        return table

    def _grouped(self, names: tuple[bytes, ...], positions: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(attribute ids, group of each) for static names at the given positions of a token's
        names: the word and shape reach all groups, s3= and len= only the token itself, the
        rest the token and its next neighbours."""
        get = self._static.get
        attrs: tuple[int, ...] = ()
        groups: tuple[int, ...] = ()
        for j, name in zip(positions, names):
            found = get(name)
            if found is not None:
                reach = 0 if j < 2 else (2 if j in (5, 6) else 1)
                attrs += found[reach][0]
                groups += found[reach][1]
        return attrs, groups

    def _token_ids(self, tok: F._Tok, pending: list) -> tuple:
        """(generation, signature row, pair-word id, ids and groups of the word-like names) of a
        token, cached on it.

        The signature is everything but the word and its prefix and suffix (shape, edge
        punctuation, length, flags): few distinct values, so their weights are summed once per
        signature; only the word-like names are summed per token."""
        names = tok.names
        key = names[1:4] + names[6:]
        row = self._signatures.get(key)
        if row is None:
            row = self._signatures[key] = len(self._signatures)
            pending.append((row, *self._grouped(key, (1, 2, 3, *range(6, len(names))))))
        attrs, groups = self._grouped((names[0], names[4], names[5]), (0, 4, 5))
        return (self._generation, row, self._words.get(tok.w, -1), np.array(attrs, np.int64),
                np.array(groups, np.int64))

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
        entry = np.arange(count.sum()) + np.repeat(start - (np.cumsum(count) - count), count)
        keys = np.repeat(rows, count) * self.n_labels + self._label[entry]
        return np.bincount(keys, weights=self._weight[entry], minlength=n_rows * self.n_labels).reshape(
            n_rows, self.n_labels)

    def _distinct(self, toks: list[F._Tok]) -> tuple[np.ndarray, list[F._Tok], np.ndarray]:
        """Each token's index among the distinct tokens, those tokens, and the signature table."""
        if len(self._signatures) > _SIGNATURE_LIMIT:
            self._signatures.clear()
            self._generation += 1
        index: dict[F._Tok, int] = {}
        u = np.fromiter((index.setdefault(t, len(index)) for t in toks), np.int64, len(toks))
        distinct = list(index)
        pending: list = []
        for t in distinct:
            if t.ids is None or t.ids[0] != self._generation:
                t.ids = self._token_ids(t, pending)
        return u, distinct, self._signature_table(pending)

    def _static_sums(self, distinct: list[F._Tok], table: np.ndarray) -> np.ndarray:
        """Summed static weights per distinct token and group, plus an all-zero last row that
        stands for "no such neighbour"."""
        n_distinct = len(distinct)
        own = np.concatenate([t.ids[3] for t in distinct])
        groups = np.concatenate([t.ids[4] for t in distinct])
        sizes = np.fromiter((len(t.ids[3]) for t in distinct), np.int64, n_distinct)
        words = self._sum_rows(np.repeat(np.arange(n_distinct), sizes) * _GROUPS + groups, own, n_distinct * _GROUPS)
        summed = np.empty((n_distinct + 1, _GROUPS, self.n_labels))
        np.take(table, np.fromiter((t.ids[1] for t in distinct), np.int64, n_distinct), axis=0, out=summed[:-1])
        summed[:-1] += words.reshape(n_distinct, _GROUPS, self.n_labels)
        summed[-1] = 0.0
        return summed

    def _pair_ids(self, word: np.ndarray, first: np.ndarray) -> np.ndarray:
        """The attribute id of each token's word pair with its predecessor, or -1."""
        n_words = len(self._words) + 1
        key = np.full(len(word), -1, np.int64)
        both = ~first & (word >= 0) & (np.concatenate(([-1], word[:-1])) >= 0)
        key[both] = np.concatenate(([0], word[:-1]))[both] * n_words + word[both]
        at = np.minimum(np.searchsorted(self._pairs[0], key), len(self._pairs[0]) - 1)
        return np.where((key >= 0) & (self._pairs[0][at] == key), self._pairs[1][at], -1)

    def scores(self, toks: list[F._Tok], starts: np.ndarray) -> np.ndarray:
        """State scores, shape (tokens, labels); sequence k is toks[starts[k]:starts[k + 1]]."""
        u, distinct, table = self._distinct(toks)
        summed = self._static_sums(distinct, table)
        n, none = len(toks), len(distinct)
        bits = np.fromiter((t.bits for t in distinct), np.int64, len(distinct))[u]
        ctx = F.context(bits, starts)
        i, length, k = ctx.pos_in_seq, ctx.length, np.arange(n)
        out = summed[u, 0]
        for group, step, present in ((1, -1, i > 0), (2, 1, i + 1 < length), (3, -2, i >= 2), (4, 2, i + 2 < length)):
            out += summed[np.where(present, u[np.clip(k + step, 0, n - 1)], none), group]
        pair = self._pair_ids(np.fromiter((t.ids[2] for t in distinct), np.int64, len(distinct))[u], i == 0)
        has_pair = np.flatnonzero(pair >= 0)
        out[has_pair] += self._sum_rows(np.arange(len(has_pair)), pair[has_pair], len(has_pair))
        out += self._layout[(ctx.seglen * len(F.SEGSLEFT) + ctx.segsleft) * len(F.GAP) + ctx.gap]
        idx = np.where(i < 3, i + 1, 0)
        position = ((((ctx.seg * len(F.INSEG) + ctx.inseg) * len(F.POS) + ctx.pos) * 4 + idx) * 2 + (i == 0)) * 2 \
            + (i + 1 == length)
        out += self._position[position]
        flags = ctx.flags.astype(np.int64) @ (1 << np.arange(len(F.FLAGS) - 1, -1, -1))
        out += self._previous[(ctx.plc + 1) * (1 << len(F.FLAGS)) + flags]
        return out


def _static_index(attributes: dict[bytes, int]) -> dict[bytes, tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]]:
    """Static name -> its (attribute ids, groups) when it reaches all five groups, the token and
    its next neighbours (groups 0-2), or the token only (group 0), for every name the model
    weighs as itself or seen from -1, +1, -2, +2 (built once, at load)."""
    slots = {prefix: k for k, prefix in enumerate(F.PREFIXES, 1)}
    index: dict[bytes, list[int]] = {}
    for name, a in attributes.items():
        slot = slots.get(name[:3], 0)
        base = name[3:] if slot else name
        index.setdefault(base, [-1] * _GROUPS)[slot] = a
    out = {}
    for name, ids in index.items():
        out[name] = tuple((tuple(a for a in ids[:reach] if a >= 0), tuple(g for g in range(reach) if ids[g] >= 0))
                          for reach in (5, 3, 1))
    return out


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
