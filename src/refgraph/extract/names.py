"""Author and editor lists -> `Name`s.

Handles the spellings reference lists actually use: `Surname, I.` pairs (APA, Harvard),
`Surname I` (Vancouver), `I. Surname` and `Given Surname`, particles (`van`, `de`), `et al.`,
`&`/`and` before the last name, editor marks (`(eds)`, `ed.`, `In:`), and corporate authors
(`Destress Project`, `NHS England`) kept whole as a literal.
"""
from __future__ import annotations

import re
from functools import lru_cache

from refgraph.extract.tokens import squash_spaces
from refgraph.model import Name

PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ten",
             "ter", "dos", "das", "do", "st", "bin", "al", "el", "van't", "d'"}
_CORPORATE = {
    "project", "england", "scotland", "wales", "organization", "organisation", "association",
    "institute", "institut", "centre", "center", "department", "dept", "society", "council",
    "group", "agency", "committee", "foundation", "office", "ministry", "university", "trust",
    "nhs", "network", "service", "services", "board", "commission", "collaboration", "consortium",
    "party", "company", "corporation", "inc", "ltd", "bank", "government", "parliament", "unit",
    "team", "alliance", "federation", "union", "authority", "program", "programme", "forum",
    "college", "school", "academy", "bureau", "agency", "health", "national", "international",
    "world", "european", "royal", "america", "american", "british", "federal", "state", "news",
    "press", "times", "post", "guardian", "who", "oecd", "unesco", "unicef", "nice", "cdc",
}
_EDITOR_RE = re.compile(
    r"\(\s*(?:eds?|editors?|hrsg|coord)\.?\s*\)|,?\s*\b(?:eds?|editors?|hrsg)\b\.?|^\s*(?:edited\s+by|ed\.\s+by)\s+",
    re.I)
_IN_RE = re.compile(r"^\s*in\s*:?\s+", re.I)
_ETAL_RE = re.compile(r",?\s*\b(?:et\.?\s*al\.?|and\s+others|u\.\s*a\.)", re.I)
# "and" in English, German, French and Spanish; the short foreign ones only in lower case and
# between spaces, so that an initial such as the Y of "M.-Y. Kan" is not taken for "y".
_AND_RE = re.compile(r"\s*(?:;|\s&\s|&amp;|\band\b|(?-i:\s(?:und|et(?!\s*al)|y)\s))\s*", re.I)
# One way to read each initial, so a near miss ("A A A ... a") fails in linear time: an
# alternative that also matched "A " made the failure exponential.
_INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.?[\s-]*)+$")
_NODOT_INITIALS_RE = re.compile(r"^[A-Z]{1,3}$")
_BROKEN_HYPHEN_RE = re.compile(r"([A-Za-z])-\s+([A-Z])")
_FINAL_INITIAL_RE = re.compile(r"(?:^|[\s.-])[A-Z]\.$")
_WORD_RE = re.compile(r"[\w’']+")


def editor_marked(text: str) -> bool:
    """True if a name list carries an editor mark: `(eds)`, `ed.`, `edited by`."""
    return _may_mark_editor(text) and bool(_EDITOR_RE.search(text))


def _may_mark_editor(text: str) -> bool:
    """False only if _EDITOR_RE cannot match: its letters have no case partner outside ASCII
    but `s`, and "hr" stands in for "hrsg" (ſ), so `in` on the lower case finds every match."""
    low = text.lower()
    return "ed" in low or "hr" in low or "coord" in low


_YEAR_IN_NAMES_RE = re.compile(r"\s*\((?:19|20)\d\d[a-z]?\)|\s*\(n\.d\.\)")
_ELLIPSIS_RE = re.compile(r"\s*\.\.\.\s*|…")


def _clean(text: str) -> str:
    """The name list without marks, editor words, years and ellipses. Each regex runs only when
    a cheap test shows it could match (most lists hold none of these)."""
    text = text.replace("*", "").replace("_", " ")
    if _may_mark_editor(text):
        text = _EDITOR_RE.sub(" ", text)
    text = _IN_RE.sub("", text)
    if "(" in text:
        text = _YEAR_IN_NAMES_RE.sub(" ", text)
    if "..." in text or "…" in text:
        text = _ELLIPSIS_RE.sub(", ", text)
    if "-" in text:
        text = _BROKEN_HYPHEN_RE.sub(r"\1-\2", text)  # "Martin- Facklam" (line break)
    return _strip_end(squash_spaces(text))


def _strip_end(text: str) -> str:
    """Trim list punctuation, keeping the full stop of a final initial (`M.J.`)."""
    text = text.strip(" ,;:()[]")
    while text.endswith(".") and not _FINAL_INITIAL_RE.search(text):
        text = text[:-1].rstrip(" ,;:")
    return text.lstrip(" .")


@lru_cache(maxsize=16384)
def _is_initials(part: str) -> bool:
    p = part.strip()
    return bool(p) and len(p.replace(".", "").replace(" ", "").replace("-", "")) <= 4 and bool(_INITIALS_RE.match(p))


def _acronym(word: str) -> bool:
    """`BBC`, `WHO`: three or more capitals (Vancouver initials are at most three, so only
    counted as an acronym next to a corporate word)."""
    return len(word) >= 3 and word.isalpha() and word.isupper()


@lru_cache(maxsize=16384)
def _is_corporate(part: str) -> bool:
    words = _WORD_RE.findall(part)
    if len(words) < 2:
        return len(words) == 1 and words[0].isupper() and len(words[0]) >= 2 and words[0].lower() in _CORPORATE
    if any(w.lower() in _CORPORATE for w in words):
        return not any(_is_initials(w) and w.lower() not in _CORPORATE and not _acronym(w) for w in words)
    return len(words) >= 4 and not any(_is_initials(w) for w in words)


def _given(text: str) -> str:
    text = squash_spaces(text).strip(" ,;")
    if _NODOT_INITIALS_RE.match(text.rstrip(".")):
        text = text.rstrip(".")
        return " ".join(c + "." for c in text)  # Vancouver "MJ" -> "M. J."
    return text


def _split_family(words: list[str]) -> tuple[str, str]:
    """(particle, family) from the words of a family name."""
    i = 0
    while i < len(words) - 1 and words[i].lower() in PARTICLES:
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def parse_name(part: str) -> Name:
    """One name written without a comma: `Jackson C`, `J. P. Collman`, `W.-P. de Roever`."""
    part = _strip_end(part)
    if not part:
        return Name()
    if _is_corporate(part):
        return Name(literal=part)
    words = part.split()
    if len(words) == 1:
        return Name(family=words[0])
    if _is_initials(words[-1]) and not _is_initials(words[0]):
        particle, family = _split_family(words[:-1])
        return Name(family=family, given=_given(words[-1]), particle=particle)
    # Given names first: the family name starts at the first particle or is the last word.
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            start = i
            break
    particle, family = _split_family(words[start:])
    return Name(family=family, given=_given(" ".join(words[:start])), particle=particle)


def _inverted(family: str, given: str) -> Name:
    words = family.split()
    if len(words) > 1 and words[0].lower() not in PARTICLES and _is_corporate(family):
        return Name(literal=family)
    particle, fam = _split_family(words)
    return Name(family=fam, given=_given(given), particle=particle)


def _looks_given(part: str) -> bool:
    """A comma part that is a given name: initials, one capitalised word, or `John A.`."""
    if _is_initials(part):
        return True
    words = part.split()
    if len(words) == 1:
        return part[:1].isupper() and part.lower() not in _CORPORATE
    return len(words) <= 3 and all(w[:1].isupper() for w in words) and any(_is_initials(w) for w in words)


def _inverted_style(parts: list[str]) -> bool:
    """True if the list is written `Surname, Given, Surname, Given` (decided on its start)."""
    if len(parts) < 2:
        return False
    first = parts[0].split()
    return (len(first) == 1 or first[0].lower() in PARTICLES) and _looks_given(parts[1]) \
        and not _NODOT_INITIALS_RE.match(first[-1])


def _pairs(parts: list[str]) -> list[Name]:
    """Comma parts in `Surname, Given` order; a part with no partner is a whole name."""
    names: list[Name] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and _looks_given(parts[i + 1]) and not _is_initials(parts[i]):
            names.append(_inverted(parts[i], parts[i + 1]))
            i += 2
        else:
            names.append(parse_name(parts[i]))
            i += 1
    return names


def _may_hold_etal(text: str) -> bool:
    """False only if _ETAL_RE cannot match (its letters have no case partner outside ASCII), so
    most lists skip a regex that may start anywhere."""
    low = text.lower()
    return "et" in low or "and" in low or "u." in low


def _split_and(text: str) -> list[str]:
    """_AND_RE.split, skipped when no separator it knows is in the text (white space other than
    " " is unprintable, so `isprintable` lets the " y "-style checks stand for `\\sy\\s`)."""
    if not text.isprintable() or ";" in text or "&" in text or " y " in text or " et" in text \
            or " und " in text or "and" in text.lower():
        return _AND_RE.split(text)
    return [text]


@lru_cache(maxsize=8192)
def parse_names(text: str) -> tuple[tuple[Name, ...], bool]:
    """Names in an author or editor list, and whether the list was cut short (`et al.`)."""
    etal = _may_hold_etal(text) and bool(_ETAL_RE.search(text))
    text = _clean(_ETAL_RE.sub("", text) if etal else text)
    if not text:
        return (), etal
    if "," not in text and _is_corporate(text):
        return (Name(literal=text),), etal
    chunks = [c for c in _split_and(text) if c and c.strip(" ,")]
    chunk_parts = [[p.strip() for p in c.split(",") if p.strip(" .")] for c in chunks]
    inverted = _inverted_style([p for parts in chunk_parts for p in parts])
    names: list[Name] = []
    for parts in chunk_parts:
        names += _pairs(parts) if inverted else [parse_name(p) for p in parts]
    return tuple(n for n in names if n.family or n.literal), etal
