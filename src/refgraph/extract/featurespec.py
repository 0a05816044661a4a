"""The parser's feature contract, declared once: what each token feature is called, how far it
is seen, and how the flags the sequence context needs are packed into one integer.

Training names every attribute (`features.Featurizer.encoded`, strings crfsuite learns weights
for); tagging never names them (`score.Scorer` sums the same weights from numpy tables). Both
read the tables below, so a feature changed here changes in both, and a table that outgrows its
bits is an error at import, not a silent corruption of its neighbour's bits.

How to add a feature
--------------------
- A flag of the token string alone (``roman``, ``kw=in``...): append it in `features._static`
  (after the positional names). Flags reach `FLAG_REACH`, join the token's signature in the
  scorer, and need nothing else. Retrain (`python -m refgraph.extract.train`) to give it weights.
- A positional name every token has (like ``w=`` or ``len=``): add a `Positional` to `POSITIONAL`
  at the index where `features._static` emits it; `check_names` (run at import) fails if the
  two disagree. ``word=True`` puts it in the per-token sum (for names with very many values),
  otherwise in the per-signature sum.
- A flag the sequence context reads (brackets, quotes, a year seen before...): add a `BitField`
  to `TOKEN_BITS`, set it in `features._Tok`, read it in `features.context` with
  `TOKEN_BITS["name"].get(bits)`. Widths are checked: an enumerated field whose values do not
  fit, or a layout past 63 bits, raises `FeatureSpecError` at import.
- A context attribute (``seglen=``, ``pos=``...): a name table below whose length sets the
  clamp of its code in `features.context` (`top(table)`); emit it in `Featurizer.encoded`
  and add its axis to one of the scorer's combination tables (`Scorer.__init__`, `Scorer.scores`).
  The score tests compare the scorer with the named attributes on real references and fail if
  the two sides disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from refgraph.errors import RefgraphError

OWN, NEAR, FAR = 1, 3, 5  # reach: the token itself; and its neighbours at 1; and at 2 (groups 0..reach-1)


class FeatureSpecError(RefgraphError):
    """The feature specification contradicts itself (a programming error: fix featurespec.py)."""


@dataclass(frozen=True)
class Positional:
    """A name every token has, at a fixed index of its static names: its prefix, its reach, and
    whether the scorer sums it per token (`word`, many distinct values) or per signature."""

    prefix: str
    reach: int
    word: bool = False


# The static names every token starts with, in the order `features._static` emits them.
POSITIONAL = (
    Positional("w=", FAR, word=True),  # the lower-cased word without edge punctuation
    Positional("sh=", FAR),  # its compressed shape
    Positional("first=", NEAR),  # its first character, if punctuation
    Positional("last=", NEAR),  # its last character, if punctuation
    Positional("p3=", NEAR, word=True),  # three-letter prefix
    Positional("s3=", OWN, word=True),  # three-letter suffix
    Positional("len=", OWN),  # length, capped at 8
)
FLAG_REACH = NEAR  # the optional flags after the positional names
# Positions read by name: `w=` (paired with the previous word), `sh=` (the case code of a number)
# and `last=` (context bits).
WORD, SHAPE, LAST = 0, 1, 3
WORD_POSITIONS = tuple(j for j, p in enumerate(POSITIONAL) if p.word)
SIGNATURE_POSITIONS = tuple(j for j, p in enumerate(POSITIONAL) if not p.word)  # and every flag after them
PREFIXES = (b"-1:", b"+1:", b"-2:", b"+2:")  # a static name as seen by a neighbour, groups 1..4
GROUPS = 1 + len(PREFIXES)
assert (POSITIONAL[WORD].prefix, POSITIONAL[SHAPE].prefix, POSITIONAL[LAST].prefix) == ("w=", "sh=", "last=")
assert all(p.reach in (OWN, NEAR, FAR) for p in POSITIONAL) and FLAG_REACH in (OWN, NEAR, FAR)


_REACH = tuple(p.reach for p in POSITIONAL)


def reach(position: int, _reach=_REACH, _n=len(_REACH)) -> int:
    """How far the static name at this position is seen, as a number of the groups (itself,
    -1:, +1:, -2:, +2:) it appears in (called per name of every new signature: kept cheap)."""
    return _reach[position] if position < _n else FLAG_REACH


def check_names(names: tuple[str, ...]) -> None:
    """Fail unless a token's static names start with the positional names, in order."""
    got = tuple(name.split("=", 1)[0] + "=" for name in names[:len(POSITIONAL)])
    want = tuple(p.prefix for p in POSITIONAL)
    if got != want:
        raise FeatureSpecError(f"features._static emits {got}, featurespec.POSITIONAL declares {want}")


@dataclass(frozen=True)
class BitField:
    """Bits [shift, shift + width) of a token's packed context integer."""

    name: str
    shift: int
    width: int

    @property
    def mask(self) -> int:
        return (1 << self.width) - 1

    @property
    def bit(self) -> int:
        """The field's lowest bit (the whole value of a one-bit flag)."""
        return 1 << self.shift

    def get(self, bits):
        """The field's value in bits (an int or a numpy integer array)."""
        return (bits >> self.shift) & self.mask


class BitLayout:
    """Named bit fields laid out one after another from bit 0 of an int64, each checked to hold
    the values declared for it."""

    LIMIT = 63  # bits of a non-negative int64

    def __init__(self, *fields: tuple[str, int, int]):
        """fields: (name, width, values it must hold: 2 for a flag, a table's length, a count's cap + 1)."""
        self.fields: dict[str, BitField] = {}
        shift = 0
        for name, width, values in fields:
            if values > 1 << width:
                raise FeatureSpecError(f"bit field {name!r}: {values} values do not fit in {width} bits")
            self.fields[name] = BitField(name, shift, width)
            shift += width
        if shift > self.LIMIT:
            raise FeatureSpecError(f"bit layout needs {shift} bits, more than the {self.LIMIT} of an int64")
        self.width = shift

    def __getitem__(self, name: str) -> BitField:
        return self.fields[name]


EDGE_PUNCT = ".,;:!?()[]{}‘’“”\"'<>«»*_"  # stripped from a word; each its own `first=` and `last=` value
CASES = (b"C", b"l", b"d", b"o")  # capitalised, lower case, a number, other
LASTS = tuple(("last=" + ch).encode() for ch in EDGE_PUNCT) + (b"last=a",)
COUNT_MAX = 0xFFFF  # brackets counted per token

# What `features.context` needs to know of each token, packed into one integer per token.
FLAG_NAMES = ("brk", "digit", "quote_open", "quote_close", "emph_open", "emph_close", "year", "kw_in")
TOKEN_BITS = BitLayout(
    *((name, 1, 2) for name in FLAG_NAMES),
    ("opened", 16, COUNT_MAX + 1),  # brackets opened in the token, capped at COUNT_MAX
    ("closed", 16, COUNT_MAX + 1),
    ("case", 2, len(CASES)),  # index into CASES
    ("last", 5, len(LASTS)),  # index into LASTS
)


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n <= 6 else ("7-10" if n <= 10 else "11+"))


def _names(fmt: str, values) -> tuple[bytes, ...]:
    return tuple((fmt % v).encode() for v in values)


def top(table: tuple) -> int:
    """The largest code of a context name table: `features.context` clamps the code to it."""
    return len(table) - 1


# Context attribute names, indexed by the codes `features.context` computes (clamped to `top`).
SEGLEN = _names("seglen=%s", (_bucket(i) for i in range(12)))  # tokens in the segment
SEGSLEFT = _names("segsleft=%d", range(5))  # segments after this one
GAP = _names("digit_ahead=%s", (_bucket(i) for i in range(12))) + (b"digit_ahead=none",)  # last: none
SEG = _names("seg=%d", range(7))  # which segment
INSEG = _names("inseg=%d", range(4))  # index within the segment
POS = _names("pos=%d", range(10))  # tenth of the sequence
IDX = (b"idx=0", b"idx=1", b"idx=2")  # the first tokens' index (none after)
EDGE_L, EDGE_R = (b"-1:edge",), (b"lasttok", b"+1:edge")  # first token; last token
FLAGS = (b"paren", b"inquote", b"inemph", b"after_year", b"after_quote", b"after_in")  # context flags
PLC = tuple(b"pl|c=" + last + b"|" + case for last in LASTS for case in CASES)  # code: last * len(CASES) + case
PAIR = b"w-1|w="  # the word pair with the previous token
