"""Cleaning and tokenising reference strings as they come out of real articles.

The parser labels whitespace tokens (as AnyStyle's training data does), so the job here is to
make the whitespace trustworthy: PDF ligatures, odd spaces, hyphenated line breaks, and tokens
that the source glued together (`reform.Journal`, `510–526.https://doi.org/...`) are repaired
before labelling. `label_tokens` keeps the raw tokens instead, for the XML dataset output.
"""
from __future__ import annotations

import re
from functools import lru_cache

_LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u00ad": "",  # soft hyphen: invisible, drop
    "\u200b": "", "\ufeff": "",
    # bidirectional and zero-width marks (right-to-left names, copied web text): invisible, drop
    "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\u061c": "", "\u2060": "",
    "\u202a": "", "\u202b": "", "\u202c": "", "\u202d": "", "\u202e": "",
    "\u2066": "", "\u2067": "", "\u2068": "", "\u2069": "",
})
_LIGATURE_RE = re.compile("[" + "".join(map(chr, _LIGATURES)) + "]")  # finds one far faster than translate
_SPACES_RE = re.compile(r"\s+")
# "psycho-\nlogy" -> "psychology"; a hyphen that ends a line before a lower-case letter.
_HYPHEN_BREAK_RE = re.compile(r"(?<=[a-z])-\s*\n\s*(?=[a-z])")
# A URL or DOI glued to what precedes it: "526.https://", "2019.doi:10.", "pp.1-2.http"
_GLUED_ID_RE = re.compile(r"(?<=[\w).,;:])(?=(?:https?://|doi:\s*10\.|www\.)\S)", re.I)
# A sentence glued to the next one: "reform.Journal", "Press.London" (not "M.J.", not URLs).
_GLUED_SENTENCE_RE = re.compile(r"(?<=[a-z]{3}[.?!])(?=[A-Z][a-z])")
# Closing quote or bracket glued to a word: "title’,Journal" / "(2019)Title"
_GLUED_CLOSE_RE = re.compile(r"(?<=[’”\"),])(?=[A-Z][a-z])")
_CLOSERS = frozenset("’”\"),")
# Vancouver's glued locator "2011;144(5):646-74." -> "2011;" "144(5):" "646-74."
_GLUED_LOCATOR_RE = re.compile(r"(?<=\d;)(?=\d)|(?<=[\d)]:)(?=[\deE]\d*)")


def squash_spaces(s: str) -> str:
    """Every run of white space as one space. Printable text without a double space has nothing to
    squash (all white space but " " is unprintable), so it skips the regex: a hot path."""
    if s.isprintable() and "  " not in s:
        return s
    return _SPACES_RE.sub(" ", s)


def _repair(raw: str) -> str:
    """Ligatures and hyphenated line breaks repaired. Each step runs only where it can change
    something: ASCII text (isascii costs nothing) holds no ligature, and a break needs a newline."""
    s = raw.translate(_LIGATURES) if not raw.isascii() and _LIGATURE_RE.search(raw) else raw
    return _HYPHEN_BREAK_RE.sub("", s) if "\n" in s else s


def clean(raw: str) -> str:
    """The reference string with ligatures, hyphenated breaks and odd spaces repaired."""
    return _SPACES_RE.sub(" ", _repair(raw)).strip()


def _looks_like_link(token: str) -> bool:
    return "/" in token or "@" in token or token.lower().startswith(("www.", "doi", "http"))


@lru_cache(maxsize=100_000)
def _unglue(token: str) -> tuple[str, ...]:
    return tuple(unglue(token))


def _is_plain_word(token: str) -> bool:
    """Letters and digits with at most a final stop or comma: nothing glued to split."""
    return (token[:-1] if token[-1] in ".,;:" else token).isalnum()


def unglue(token: str) -> list[str]:
    """Split one whitespace token where the source lost a space between two fields."""
    if token and _is_plain_word(token):
        return [token]
    low = token.lower()  # a glued id holds "://", "do(i)" or "www": letters with no non-ASCII case partner
    if not low.startswith(("http", "www", "doi")) and ("://" in low or "do" in low or "ww" in low):
        token = _GLUED_ID_RE.sub(" ", token)
    parts: list[str] = []
    for piece in token.split(" "):
        if not _looks_like_link(piece):
            piece = _unglue_piece(piece)
        parts.extend(p for p in piece.split(" ") if p)
    return parts


def _unglue_piece(piece: str) -> str:
    """Spaces where sentences, a closing quote or a locator were glued; each regex runs only
    if the punctuation it looks behind is in the piece."""
    if "." in piece or "?" in piece or "!" in piece:
        piece = _GLUED_SENTENCE_RE.sub(" ", piece)
    if not _CLOSERS.isdisjoint(piece):
        piece = _GLUED_CLOSE_RE.sub(" ", piece)
    if ";" in piece or ":" in piece:
        piece = _GLUED_LOCATOR_RE.sub(" ", piece)
    return piece


def tokenize(raw: str) -> list[str]:
    """Tokens of a cleaned, unglued reference string (what `parse_reference` labels).

    Splitting `_repair(raw)` gives the tokens of `clean(raw)` (both squash the same white space),
    and plain words, most tokens, are kept here without a call into `unglue`."""
    out: list[str] = []
    for token in _repair(raw).split():
        if _is_plain_word(token):
            out.append(token)
        else:
            out.extend(_unglue(token))
    return out


def raw_tokens(raw: str) -> list[str]:
    """Every whitespace token of raw, unchanged (what the XML dataset output keeps)."""
    return raw.split()
