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


def core(token: str) -> str:
    """The token without surrounding punctuation and Markdown marks."""
    return token.strip(_EDGE_PUNCT)


def shape(word: str) -> str:
    """Compressed word shape: `Smith` -> `Xx`, `2019` -> `d`, `J.` -> `X.`."""
    s = word.translate(_SHAPE_TRANS)
    s = re.sub(r"[^Xxd.,;:()\-/]", "u", s)
    return _COLLAPSE_RE.sub(r"\1", s)[:6]


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
    if _VOLISS_RE.match(c):
        f.append("voliss")
    if c.isdigit():
        f.append("num%d" % min(len(c), 5))
    elif any(ch.isdigit() for ch in c):
        f.append("hasdigit")
    return f


def _static(token: str, lexicon: dict[str, str]) -> tuple[str, ...]:
    """Features of one token string, independent of its neighbours."""
    plain = token.replace("*", "").replace("_", "") if ("*" in token or "_" in token) and "/" not in token else token
    plain = plain or token
    c = core(plain)
    lower = c.lower()
    f = ["w=" + lower, "sh=" + shape(c), "first=" + (plain[0] if plain[0] in _EDGE_PUNCT else "a"),
         "last=" + (plain[-1] if plain[-1] in _EDGE_PUNCT else "a"),
         "p3=" + lower[:3], "s3=" + lower[-3:], "len=%d" % min(len(c), 8)]
    if c:
        if c[0].isupper():
            f.append("cap")
            if c.isupper() and len(c) > 1:
                f.append("allcap")
        elif c[0].islower():
            f.append("lower")
        if len(c) == 1 and c.isalpha():
            f.append("single")
        if re.match(r"^[A-Z]\.(?:-?[A-Z]\.)*$", c + ("." if plain.rstrip(",;").endswith(".") else "")):
            f.append("initials")
    if plain.rstrip(",;:").endswith(".") and len(c) > 1:
        f.append("ends_period")
    f.extend(_number_features(c, plain))
    if lower in _MONTHS:
        f.append("month")
    kind = _WORDS.get(lower)
    if kind:
        f.append("kw=" + kind)
    if _URL_RE.match(plain) or re.search(r"\.(?:com|org|net|edu|gov|html?|pdf)\b", lower):
        f.append("url")
    if _DOI_RE.search(plain) or lower.startswith("doi"):
        f.append("doi")
    if _ROMAN_RE.match(c) and len(c) <= 5:
        f.append("roman")
    if token.startswith(("*", "_")) or token[:2] in ("(*", "‘*", "“*"):
        f.append("emph_open")
    if token.rstrip(".,;:)").endswith(("*", "_")) and len(token) > 1:
        f.append("emph_close")
    lex = lexicon.get(lower)
    if lex:
        f.append("lex=" + lex)
    return tuple(f)


class Featurizer:
    """Turns token sequences into CRF attribute lists (with a cache of static features)."""

    def __init__(self, lexicon: dict[str, str] | None = None, cache_size: int = 200_000):
        self.lexicon = lexicon or {}
        self._static = lru_cache(maxsize=cache_size)(lambda t: _static(t, self.lexicon))

    def sequence(self, tokens: list[str]) -> list[list[str]]:
        n = len(tokens)
        base = [self._static(t) for t in tokens]
        out: list[list[str]] = []
        depth = quote = emph = 0
        seen_year = seen_quote_close = seen_in = False
        for i, tok in enumerate(tokens):
            f = list(base[i])
            f.append("pos=%d" % (10 * i // n))
            if i < 3:
                f.append("idx=%d" % i)
            if i == n - 1:
                f.append("lasttok")
            opened = sum(tok.count(ch) for ch in "([")
            if depth > 0 or opened:
                f.append("paren")
            if quote:
                f.append("inquote")
            if emph:
                f.append("inemph")
            if seen_year:
                f.append("after_year")
            if seen_quote_close:
                f.append("after_quote")
            if seen_in:
                f.append("after_in")
            f.extend(self._context(base, i, n))
            out.append(f)
            depth = max(0, depth + opened - sum(tok.count(ch) for ch in ")]"))
            if tok[:1] in "‘“\"" or tok[:2] in ("(“", "(‘"):
                quote = 1
            if tok.rstrip(".,;:)").endswith(("’", "”", "\"")) or tok.endswith(("’,", "”,", "”.", "’.")):
                quote, seen_quote_close = 0, True
            if "emph_open" in base[i]:
                emph = 1
            if "emph_close" in base[i]:
                emph = 0
            if "year" in base[i] or "has_year" in base[i]:
                seen_year = True
            if "kw=in" in base[i]:
                seen_in = True
        return out

    @staticmethod
    def _context(base: list[tuple[str, ...]], i: int, n: int) -> list[str]:
        f = []
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                for a in base[j][:5]:
                    if off in (-1, 1) or a[0] in "ws":
                        f.append("%+d:%s" % (off, a))
                for a in base[j][7:]:
                    if off in (-1, 1):
                        f.append("%+d:%s" % (off, a))
            elif off in (-1, 1):
                f.append("%+d:edge" % off)
        return f
