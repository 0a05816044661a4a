"""Token features for the reference-string CRF.

The features carry the signals a human reader uses: the shape and case of a word, the
punctuation glued to it, whether it sits inside brackets, quotes or Markdown emphasis, how far
into the string it is, numbers that look like years, volumes, pages or identifiers, and
lexicons learnt from the training data (which label a word usually has). Each token also sees
its neighbours' features. Static features of a token string are cached: reference lists repeat
the same words, and this is what keeps tagging fast.

What the names are called, how far each is seen and how the context bits are packed is declared
in featurespec.py (read its "How to add a feature" before changing one here).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from refgraph.extract import featurespec as spec
from refgraph.extract.featurespec import (  # noqa: F401  (the name tables, re-exported for the scorer and tests)
    CASES, COUNT_MAX, EDGE_L, EDGE_R, FAR, FLAGS, GAP, IDX, INSEG, LASTS, NEAR, OWN, PAIR, PLC, POS, PREFIXES, SEG,
    SEGLEN, SEGSLEFT, TOKEN_BITS, reach, top,
)

_OPEN = "([{‘“\"'<«"
_CLOSE = ")]}’”\"'>»"
_EDGE_PUNCT = spec.EDGE_PUNCT
_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december", "spring", "summer", "autumn", "fall", "winter",
}
_WORDS = {
    "in": "in", "eds": "eds", "ed": "ed", "edn": "edn", "editor": "eds", "editors": "eds",
    "edited": "eds", "pp": "pp", "p": "pp", "vol": "vol", "volume": "vol", "no": "no",
    "nr": "no", "issue": "no", "and": "and", "&": "and", "et": "et", "al": "al", "doi": "doi",
    "available": "avail", "accessed": "access", "retrieved": "access", "from": "from",
    "press": "press", "university": "univ", "publishing": "press", "publishers": "press",
    "books": "press", "verlag": "press", "inc": "press", "ltd": "press", "isbn": "isbn",
    "thesis": "thesis", "dissertation": "thesis", "phd": "thesis", "report": "report",
    "proceedings": "proc", "proc": "proc", "conference": "proc", "symposium": "proc",
    "workshop": "proc", "journal": "journal", "review": "journal", "trans": "journal",
    "edition": "edn", "translated": "trans", "trans.": "trans", "nd": "nd", "n.d": "nd",
    "press,": "press", "url": "url", "online": "url", "at": "at", "pmid": "pmid",
}
_YEAR_RE = re.compile(r"^(1[5-9]\d\d|20\d\d)[a-z]?$")
_DATE_RE = re.compile(r"\b(1[5-9]\d\d|20\d\d)[a-z]?\b")
_RANGE_RE = re.compile(r"^\d+\s*[-–—‐‑]+\s*\d+$")
_VOLISS_RE = re.compile(r"^\d+\s*\(\s*[\d/–-]+\s*\)")
_ROMAN_RE = re.compile(r"^[ivxlcdm]+$", re.I)
_DOI_RE = re.compile(r"10\.\d{4,9}/", re.I)
_URL_RE = re.compile(r"^(?:<|\()?(?:https?://|www\.|ftp://)", re.I)
_SHAPE_TRANS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
_OTHER_RE = re.compile(r"[^Xxd.,;:()\-/]")
_INITIALS_RE = re.compile(r"^[A-Z]\.(?:-?[A-Z]\.)*$")
_DOMAIN_RE = re.compile(r"\.(?:com|org|net|edu|gov|html?|pdf)\b")


_ASCII_DIGIT_RE = re.compile(r"[0-9]")


def has_digit(s: str) -> bool:
    """Any character of s is a digit (str.isdigit), with a regex fast path for ASCII text."""
    if s.isascii():
        return _ASCII_DIGIT_RE.search(s) is not None
    return any(ch.isdigit() for ch in s)


def core(token: str) -> str:
    """The token without surrounding punctuation and Markdown marks."""
    return token.strip(_EDGE_PUNCT)


def shape(word: str) -> str:
    """Compressed word shape: `Smith` -> `Xx`, `2019` -> `d`, `J.` -> `X.`."""
    return _collapsed(word.translate(_SHAPE_TRANS))


@lru_cache(maxsize=8192)
def _collapsed(letters: str) -> str:
    """Runs collapsed, other characters as `u`, at most six: few distinct inputs (`Xxxxx` is
    every five-letter capitalised word), so the per-character loop runs once for each."""
    out, prev = [], ""
    for ch in _OTHER_RE.sub("u", letters):
        if ch != prev:
            out.append(ch)
            prev = ch
    return "".join(out)[:6]


def _number_features(c: str, token: str) -> list[str]:
    f = []
    if _YEAR_RE.match(c):
        f.append("year")
        if token.startswith("(") or token.startswith("[("):
            f.append("year_paren")
    elif _DATE_RE.search(token):
        f.append("has_year")
    if _RANGE_RE.match(c):
        f.append("range")
    if _VOLISS_RE.match(token.lstrip("*_")):
        f.append("voliss")
    if c.isdigit():
        f.append("num%d" % min(len(c), 5))
    elif has_digit(c):
        f.append("hasdigit")
    return f


_FIRST = {ch: "first=" + ch for ch in _EDGE_PUNCT}
_LAST = {ch: "last=" + ch for ch in _EDGE_PUNCT}
_LEN = tuple("len=%d" % i for i in range(9))


def _static(token: str, lexicon: dict[str, str]) -> tuple[str, ...]:
    """Features of one token string, independent of its neighbours."""
    plain = token.replace("*", "").replace("_", "") if ("*" in token or "_" in token) and "/" not in token else token
    plain = plain or token
    c = core(plain)
    lower = c.lower()
    first, last = plain[0], plain[-1]
    f = ["w=" + lower, "sh=" + shape(c), _FIRST.get(first, "first=a"), _LAST.get(last, "last=a"),
         "p3=" + lower[:3], "s3=" + lower[-3:], _LEN[min(len(c), 8)]]
    if c:
        if c[0].isupper():
            f.append("cap")
            if c.isupper() and len(c) > 1:
                f.append("allcap")
        elif c[0].islower():
            f.append("lower")
        if len(c) == 1 and c.isalpha():
            f.append("single")
        if c[0].isupper() and _INITIALS_RE.match(
                c + ("." if plain.rstrip(",;").endswith(".") else "")):
            f.append("initials")
    if plain.rstrip(",;:").endswith(".") and len(c) > 1:
        f.append("ends_period")
    if has_digit(plain):
        f.extend(_number_features(c, plain))
    if lower in _MONTHS:
        f.append("month")
    kind = _WORDS.get(lower)
    if kind:
        f.append("kw=" + kind)
    if "." in plain or "/" in plain:
        if _URL_RE.match(plain) or _DOMAIN_RE.search(lower):
            f.append("url")
        if _DOI_RE.search(plain) or lower.startswith("doi"):
            f.append("doi")
    elif lower.startswith("doi"):
        f.append("doi")
    if c and c[0] in "ivxlcdmIVXLCDM" and len(c) <= 5 and _ROMAN_RE.match(c):
        f.append("roman")
    if token.startswith(("*", "_")) or token[:2] in ("(*", "‘*", "“*"):
        f.append("emph_open")
    if token.rstrip(".,;:)").endswith(("*", "_")) and len(token) > 1:
        f.append("emph_close")
    lex = lexicon.get(lower)
    if lex:
        f.extend("lx=" + flag for flag in lex.split())
    return tuple(f)


def _case(feats: tuple[str, ...], flags: set[str]) -> str:
    """C, l, d or o: capitalised, lower case, a number, other (flags: the feats after the positional names, as a set)."""
    return "C" if "cap" in flags else ("l" if "lower" in flags else ("d" if feats[spec.SHAPE] == "sh=d" else "o"))


def _is_break(token: str) -> bool:
    """A token that ends a sentence-like field: `Psychology.`, `reform.`, `’,` (not `J.`)."""
    t = token.rstrip("*_")
    if t.endswith(("’,", "”,", "’.", "”.", "?", "!", ":")):
        return True
    return t.endswith(".") and len(core(t)) >= 3 and not core(t).isupper()


# Bits of _Tok.bits (featurespec.TOKEN_BITS): the flags the context of a sequence is computed from.
BRK, DIGIT, QUOTE_OPEN, QUOTE_CLOSE, EMPH_OPEN, EMPH_CLOSE, YEAR, KW_IN = (TOKEN_BITS[f].bit for f in spec.FLAG_NAMES)
OPENED_BITS, CLOSED_BITS, CASE_BITS, LAST_BITS = (TOKEN_BITS[f] for f in ("opened", "closed", "case", "last"))
OPENED_SHIFT, CLOSED_SHIFT, CASE_SHIFT, LAST_SHIFT = (f.shift for f in (OPENED_BITS, CLOSED_BITS, CASE_BITS, LAST_BITS))
_CASE_CODE = {c: i for i, c in enumerate(CASES)}
_LAST_CODE = {name: i for i, name in enumerate(LASTS)}


_WORD, _LAST_NAME, _FLAGS_FROM = spec.WORD, spec.LAST, len(spec.POSITIONAL)


class _Tok:
    """Everything about one token string that does not depend on its neighbours (cached).

    `names` are the token's own attribute names as UTF-8 bytes (crfsuite wants bytes; encoding
    once per distinct token is cheaper than once per use); `bits` packs the flags and bracket
    counts the sequence context is computed from."""

    __slots__ = ("names", "w", "last", "case", "bits")

    def __init__(self, token: str, lexicon: dict[str, str]):
        base = _static(token, lexicon)
        self.names = tuple("\n".join(base).encode().split(b"\n"))  # one encode: names hold no newline
        self.w, self.last = self.names[_WORD], self.names[_LAST_NAME]
        extra = set(base[_FLAGS_FROM:])  # the flags after the names every token has
        self.case = _case(base, extra).encode()
        quote_close = token.rstrip(".,;:)").endswith(("’", "”", "\"")) or token.endswith(("’,", "”,", "”.", "’."))
        flags = (
            (BRK if _is_break(token) else 0) | (DIGIT if has_digit(token) else 0)
            | (QUOTE_OPEN if token[:1] in "‘“\"" or token[:2] in ("(“", "(‘") else 0)
            | (QUOTE_CLOSE if quote_close else 0)
            | (EMPH_OPEN if "emph_open" in extra else 0) | (EMPH_CLOSE if "emph_close" in extra else 0)
            | (YEAR if "year" in extra or "has_year" in extra else 0) | (KW_IN if "kw=in" in extra else 0))
        opened = min(token.count("(") + token.count("["), COUNT_MAX)
        closed = min(token.count(")") + token.count("]"), COUNT_MAX)
        self.bits = (flags | opened << OPENED_SHIFT | closed << CLOSED_SHIFT | _CASE_CODE[self.case] << CASE_SHIFT
                     | _LAST_CODE[self.last] << LAST_SHIFT)

    @property
    def near(self) -> tuple[bytes, ...]:
        """The names a neighbour sees at distance 1."""
        return tuple(name for j, name in enumerate(self.names) if reach(j) >= NEAR)

    @property
    def far(self) -> tuple[bytes, ...]:
        """The names a neighbour sees at distance 2."""
        return tuple(name for j, name in enumerate(self.names) if reach(j) >= FAR)


spec.check_names(_static("Smith,", {}))  # the positional names are where featurespec says


@dataclass(frozen=True, eq=False)
class Context:
    """The per-token context of a batch of token sequences laid end to end, as integer codes
    into the name tables above (numpy arrays, one entry per token): where the token sits among
    the sentence-like segments, how far ahead the next number is, whether it is inside
    brackets, quotes or emphasis, and what came before it."""

    pos_in_seq: np.ndarray
    length: np.ndarray  # of the token's sequence
    seglen: np.ndarray
    segsleft: np.ndarray
    gap: np.ndarray
    seg: np.ndarray
    inseg: np.ndarray
    pos: np.ndarray
    plc: np.ndarray  # PLC code of (previous token's last character, this token's case); -1 first
    flags: np.ndarray  # (tokens, 6) bool, in FLAGS order


def _within(starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per token: its sequence's number, that sequence's first index, and its end."""
    lengths = np.diff(starts)
    return np.repeat(np.arange(len(lengths)), lengths), np.repeat(starts[:-1], lengths), np.repeat(starts[1:], lengths)


def _seen_before(flag: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Whether an earlier token of the same sequence has the flag."""
    before = np.cumsum(flag) - flag
    return before - before[first] > 0


def _state_before(on: np.ndarray, off: np.ndarray, first: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """A switch turned on and off by earlier tokens of the same sequence (off wins within one
    token): its state when the token is reached."""
    event = np.where(on | off, idx, -1)
    last = np.maximum.accumulate(event)
    last = np.concatenate(([-1], last[:-1]))
    valid = last >= first
    return valid & on[np.where(valid, last, 0)] & ~off[np.where(valid, last, 0)]


def _depth_before(delta: np.ndarray, first: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """Bracket depth when each token is reached: depth = max(0, depth + opened - closed), as the
    prefix sum minus its running minimum (a reflected walk); sequences are kept apart by an
    offset larger than any depth."""
    csum = np.cumsum(delta) - delta
    walk = csum - csum[first]
    offset = 2 * (int(np.abs(walk).max(initial=0)) + 2)
    shifted = walk - offset * seq
    return shifted - np.minimum.accumulate(shifted)


def context(bits: np.ndarray, starts: np.ndarray) -> Context:
    """The Context of the tokens whose `_Tok.bits` are given; sequence k is
    bits[starts[k]:starts[k + 1]]."""
    n = len(bits)
    seq, first, end = _within(starts)
    idx = np.arange(n)
    brk = (bits & BRK) > 0
    i = idx - first
    seg_start = (i == 0) | np.concatenate(([True], brk[:-1]))
    seg_id = np.cumsum(seg_start) - 1
    seg = seg_id - seg_id[first]
    inseg = idx - np.maximum.accumulate(np.where(seg_start, idx, 0))
    seglen = np.bincount(seg_id)[seg_id]
    segsleft = seg[end - 1] - seg
    digit_at = np.where((bits & DIGIT) > 0, idx, n + 1)
    next_digit = np.concatenate((np.minimum.accumulate(digit_at[::-1])[::-1][1:], [n + 1]))
    gap = np.where(next_digit < end, np.minimum(next_digit - idx, top(GAP) - 1), top(GAP))
    opened, closed = OPENED_BITS.get(bits), CLOSED_BITS.get(bits)
    depth = _depth_before(opened - closed, first, seq)
    flag = lambda bit: (bits & bit) > 0  # noqa: E731
    prev_last = np.concatenate(([0], LAST_BITS.get(bits[:-1])))
    plc = np.where(i > 0, prev_last * len(CASES) + CASE_BITS.get(bits), -1)
    flags = np.stack([  # in the order of FLAGS
        (depth > 0) | (opened > 0),
        _state_before(flag(QUOTE_OPEN), flag(QUOTE_CLOSE), first, idx),
        _state_before(flag(EMPH_OPEN), flag(EMPH_CLOSE), first, idx),
        _seen_before(flag(YEAR), first), _seen_before(flag(QUOTE_CLOSE), first), _seen_before(flag(KW_IN), first),
    ], axis=1)
    length = end - first
    return Context(i, length, np.minimum(seglen, top(SEGLEN)), np.minimum(segsleft, top(SEGSLEFT)), gap,
                   np.minimum(seg, top(SEG)), np.minimum(inseg, top(INSEG)), len(POS) * i // length, plc, flags)


class Featurizer:
    """Turns token sequences into CRF attribute names (with a cache of per-token work)."""

    def __init__(self, lexicon: dict[str, str] | None = None, cache_size: int = 30_000):
        self.lexicon = lexicon or {}
        self.tok = lru_cache(maxsize=cache_size)(lambda t: _Tok(t, self.lexicon))

    def sequence(self, tokens: list[str]) -> list[list[str]]:
        """Readable attribute names per token (what `encoded` gives crfsuite, decoded)."""
        return [[a.decode() for a in f] for f in self.encoded(tokens)]

    def encoded(self, tokens: list[str]) -> list[list[bytes]]:
        """Attribute names per token as UTF-8 bytes, the form crfsuite takes without copying
        (training; tagging scores the same attributes in `score.py` without naming them)."""
        toks = [self.tok(t) for t in tokens]
        if not toks:
            return []
        ctx = context(np.array([t.bits for t in toks], dtype=np.int64), np.array([0, len(toks)]))
        cols = zip(ctx.seglen.tolist(), ctx.segsleft.tolist(), ctx.gap.tolist(), ctx.seg.tolist(),
                   ctx.inseg.tolist(), ctx.pos.tolist(), ctx.plc.tolist(), ctx.flags.tolist())
        n, out = len(toks), []
        for i, (t, (seglen, left, gap, seg, inseg, pos, plc, flags)) in enumerate(zip(toks, cols)):
            f = [*t.names, SEGLEN[seglen], SEGSLEFT[left], GAP[gap], SEG[seg], INSEG[inseg]]
            if i:
                prev = toks[i - 1]
                f += [PLC[plc], PAIR + prev.w + b"|" + t.w, *(b"-1:" + a for a in prev.near)]
            else:
                f += EDGE_L
            f.append(POS[pos])
            if i < len(IDX):
                f.append(IDX[i])
            if i + 1 == n:
                f += EDGE_R
            else:
                f += (b"+1:" + a for a in toks[i + 1].near)
                if i + 2 < n:
                    f += (b"+2:" + a for a in toks[i + 2].far)
            if i >= 2:
                f += (b"-2:" + a for a in toks[i - 2].far)
            f += (name for name, on in zip(FLAGS, flags) if on)
            out.append(f)
        return out
