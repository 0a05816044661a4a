"""Token features for the reference-string CRF.

The features carry the signals a human reader uses: the shape and case of a word, the
punctuation glued to it, whether it sits inside brackets, quotes or Markdown emphasis, how far
into the string it is, numbers that look like years, volumes, pages or identifiers, and
lexicons learnt from the training data (which label a word usually has). Each token also sees
its neighbours' features. Static features of a token string are cached: reference lists repeat
the same words, and this is what keeps tagging fast.
"""
from __future__ import annotations

import re
from functools import lru_cache

_OPEN = "([{‘“\"'<«"
_CLOSE = ")]}’”\"'>»"
_EDGE_PUNCT = ".,;:!?()[]{}‘’“”\"'<>«»*_"
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
_COLLAPSE_RE = re.compile(r"(.)\1+")
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
    s = word.translate(_SHAPE_TRANS)
    out, prev = [], ""
    for ch in _OTHER_RE.sub("u", s):  # collapse runs: "Xxxxx" -> "Xx"
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


def _case(feats: tuple[str, ...]) -> str:
    return "C" if "cap" in feats else ("l" if "lower" in feats else ("d" if "sh=d" in feats else "o"))


def _is_break(token: str) -> bool:
    """A token that ends a sentence-like field: `Psychology.`, `reform.`, `’,` (not `J.`)."""
    t = token.rstrip("*_")
    if t.endswith(("’,", "”,", "’.", "”.", "?", "!", ":")):
        return True
    return t.endswith(".") and len(core(t)) >= 3 and not core(t).isupper()


class _Tok:
    """Everything about one token string that does not depend on its neighbours (cached).

    Feature names are kept as UTF-8 bytes: crfsuite wants bytes, and encoding each name once
    per distinct token, instead of once per use, is a large share of tagging time."""

    __slots__ = ("base", "w", "last", "prev_near", "next_near", "prev_far", "next_far", "case",
                 "opened", "closed", "quote_open", "quote_close", "emph_open", "emph_close",
                 "year", "kw_in", "brk", "digit")

    def __init__(self, token: str, lexicon: dict[str, str], known: frozenset[bytes] | None = None):
        base = _static(token, lexicon)
        enc = [a.encode() for a in base]
        self.w, self.last = enc[0], enc[3]
        near = enc[:5] + enc[7:]  # not s3= and len=
        w, sh = enc[0], enc[1]  # the far neighbours' features: word and shape
        self.base = _only(known, enc)
        self.prev_near = _only(known, [b"-1:" + a for a in near])
        self.next_near = _only(known, [b"+1:" + a for a in near])
        self.prev_far = _only(known, [b"-2:" + w, b"-2:" + sh])
        self.next_far = _only(known, [b"+2:" + w, b"+2:" + sh])
        self.case = _case(base).encode()
        self.opened = token.count("(") + token.count("[")
        self.closed = token.count(")") + token.count("]")
        self.quote_open = token[:1] in "‘“\"" or token[:2] in ("(“", "(‘")
        self.quote_close = token.rstrip(".,;:)").endswith(("’", "”", "\"")) or token.endswith(("’,", "”,", "”.", "’."))
        self.emph_open = "emph_open" in base
        self.emph_close = "emph_close" in base
        self.year = "year" in base or "has_year" in base
        self.kw_in = "kw=in" in base
        self.brk = _is_break(token)
        self.digit = has_digit(token)


def _only(known: frozenset[bytes] | None, names: list[bytes]) -> list[bytes]:
    """The names a trained model has weights for (all of them when known is None)."""
    return names if known is None else [a for a in names if a in known]


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n <= 6 else ("7-10" if n <= 10 else "11+"))


def _names(fmt: str, values) -> tuple[bytes, ...]:
    return tuple((fmt % v).encode() for v in values)


# Feature names built once: the tagger sees tens of thousands of tokens per second.
_SEGLEN = _names("seglen=%s", (_bucket(i) for i in range(12)))
_SEGSLEFT = _names("segsleft=%d", range(5))
_GAP = _names("digit_ahead=%s", (_bucket(i) for i in range(12))) + (b"digit_ahead=none",)
_SEG = _names("seg=%d", range(7))
_INSEG = _names("inseg=%d", range(4))
_POS = _names("pos=%d", range(10))
_IDX = (b"idx=0", b"idx=1", b"idx=2")
_EDGE_L, _EDGE_R = [b"-1:edge"], [b"lasttok", b"+1:edge"]
_PAREN, _INQUOTE, _INEMPH = b"paren", b"inquote", b"inemph"
_AFTER_YEAR, _AFTER_QUOTE, _AFTER_IN = b"after_year", b"after_quote", b"after_in"
_PAIR = b"w-1|w="


def _layout(toks: list[_Tok]) -> list[tuple[bytes, ...]]:
    """Where a token sits among the sentence-like segments: how long its segment is, how many
    segments follow, and how far ahead the next number is (journals are short segments just
    before the volume; titles are long ones early on)."""
    n = len(toks)
    seg_of, lengths, seg, run = [], [], 0, 0
    for t in toks:
        seg_of.append(seg)
        run += 1
        if t.brk:
            lengths.append(run)
            seg, run = seg + 1, 0
    if run:
        lengths.append(run)
    last = len(lengths) - 1
    out: list[tuple[bytes, ...]] = [()] * n
    next_digit = -1
    for i in range(n - 1, -1, -1):
        gap = _GAP[12] if next_digit < 0 else _GAP[min(next_digit - i, 11)]
        k = seg_of[i]
        out[i] = (_SEGLEN[min(lengths[k], 11)], _SEGSLEFT[min(last - k, 4)], gap)
        if toks[i].digit:
            next_digit = i
    return out


class Featurizer:
    """Turns token sequences into CRF attribute lists (with a cache of per-token work)."""

    def __init__(self, lexicon: dict[str, str] | None = None, cache_size: int = 30_000,
                 known: frozenset[bytes] | None = None):
        """known: the attribute names a trained model has weights for; when given, others (the
        features of rare words, most word pairs) are left out, once per distinct token: the
        labels do not change, and crfsuite has less to copy and look up."""
        self.lexicon = lexicon or {}
        self.known = known
        self._tok = lru_cache(maxsize=cache_size)(lambda t: _Tok(t, self.lexicon, known))

    def sequence(self, tokens: list[str]) -> list[list[str]]:
        """Readable attribute names per token (what `encoded` gives crfsuite, decoded)."""
        return [[a.decode() for a in f] for f in self.encoded(tokens)]

    def encoded(self, tokens: list[str]) -> list[list[bytes]]:
        """Attribute names per token as UTF-8 bytes, the form crfsuite takes without copying."""
        n = len(tokens)
        get, known = self._tok, self.known
        toks = [get(t) for t in tokens]
        out: list[list[bytes]] = []
        depth = quote = emph = seg = in_seg = 0
        seen_year = seen_quote_close = seen_in = False
        layout = _layout(toks)
        prev = None
        nxt = toks[1] if n > 1 else None
        for i, t in enumerate(toks):
            f = [*t.base, *layout[i], _SEG[seg if seg < 6 else 6], _INSEG[in_seg if in_seg < 3 else 3]]
            if prev is not None:
                f.append(b"pl|c=" + prev.last + b"|" + t.case)
                pair = _PAIR + prev.w + b"|" + t.w
                if known is None or pair in known:
                    f.append(pair)
                f += prev.prev_near
            else:
                f += _EDGE_L
            f.append(_POS[10 * i // n])
            if i < 3:
                f.append(_IDX[i])
            if nxt is None:
                f += _EDGE_R
            else:
                f += nxt.next_near
                if i + 2 < n:
                    f += toks[i + 2].next_far
            if i >= 2:
                f += toks[i - 2].prev_far
            if depth > 0 or t.opened:
                f.append(_PAREN)
            if quote:
                f.append(_INQUOTE)
            if emph:
                f.append(_INEMPH)
            if seen_year:
                f.append(_AFTER_YEAR)
            if seen_quote_close:
                f.append(_AFTER_QUOTE)
            if seen_in:
                f.append(_AFTER_IN)
            out.append(f)
            depth = max(0, depth + t.opened - t.closed)
            if t.quote_open:
                quote = 1
            if t.quote_close:
                quote, seen_quote_close = 0, True
            if t.emph_open:
                emph = 1
            if t.emph_close:
                emph = 0
            seen_year = seen_year or t.year
            seen_in = seen_in or t.kw_in
            if t.brk:
                seg, in_seg = seg + 1, 0
            else:
                in_seg += 1
            prev, nxt = t, (toks[i + 2] if i + 2 < n else None)
        return out
