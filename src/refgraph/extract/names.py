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
    "developers", "contributors", "community", "initiative", "working",
}
# Words that end a group author's name ("R Core Team", "cyipopt Developers"): with one of them
# last, a capital letter inside the name ("R") is part of the name, not an initial.
_GROUP_END = {"team", "developers", "contributors", "community", "consortium", "collaboration", "group",
              "project", "committee", "initiative", "network"}
# Generational suffixes printed after the initials: "Pettijohn TF II", "Sacco DF Jr".
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_EDITOR_RE = re.compile(
    r"\(\s*(?:eds?|editors?|hrsg|coord)\.?\s*\)|,?\s*\b(?:(?-i:[Ee]ds?)|editors?|hrsg)\b\.?"
    r"|^\s*(?:edited\s+by|ed\.\s+by)\s+",
    re.I)  # a bare "ED" in capitals is a person's initials ("Siggia ED."), "Ed." or "(ED)" a mark
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
_SHORT_SURNAME_RE = re.compile(r"^[A-Z][a-z]$")  # `Oh, S. P.`, `Li, L.`: a surname, not an initial `Th`
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


def _upper_initials(word: str) -> bool:
    """Initials in capitals ("JM", "DJ-F", "M.", "A.B."): not a mixed-case surname such as "Li"."""
    return _is_initials(word) and word.upper() == word


@lru_cache(maxsize=16384)
def _is_corporate(part: str) -> bool:
    words = _WORD_RE.findall(part)
    if len(words) >= 2 and words[-1].lower() in _GROUP_END and not _upper_initials(words[-2]):
        return True
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


def _drop_suffix(words: list[str]) -> list[str]:
    """Without a generational suffix: "Pettijohn TF II", "Mauricio Breternitz Jr."."""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES and (words[-1][:1] == "J" or words[-1][:1] == "S"
                                                               or _upper_initials(words[-2])):
        return words[:-1]
    return words


def _given_particles_family(part: str) -> bool:
    """`Stéfan van der Walt`, `Jean de la Fontaine`: one given name, particles, a surname; four
    words with no initials, yet a person, not a corporate author."""
    words = part.split()
    return len(words) >= 3 and words[0][:1].isupper() and words[-1][:1].isupper() \
        and all(w in PARTICLES for w in words[1:-1]) \
        and not any(w.lower() in _CORPORATE for w in _WORD_RE.findall(part))


def parse_name(part: str, vancouver: bool = False) -> Name:
    """One name written without a comma: `Jackson C`, `J. P. Collman`, `W.-P. de Roever`.
    `vancouver`: the list is written `Surname Initials`, so a last word such as "Jp" is initials
    (elsewhere a short last word such as "Li" in "Xiaojuan Li" is a surname)."""
    part = _strip_end(part)
    if not part:
        return Name()
    if _is_corporate(part) and not _given_particles_family(part):
        return Name(literal=part)
    words = _drop_suffix(part.split())
    if len(words) == 1:
        return Name(family=words[0])
    initials = _is_initials if vancouver else _upper_initials
    if initials(words[-1]) and not _upper_initials(words[0]):
        # "van Ooij C", "de Quervain DJ-F": printed family first, the particle belongs to it
        if len(words) > 3 and words[0].lower() not in PARTICLES:
            return Name(literal=" ".join(words))  # "Alzheimer's Disease Neuroimaging I" (cut group)
        return Name(family=" ".join(words[:-1]), given=_given(words[-1]))
    # Given names first: the family name starts at the first particle or is the last word.
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            start = i
            break
    particle, family = _split_family(words[start:])
    return Name(family=family, given=_given(" ".join(words[:start])), particle=particle)


def _trailing_particle(given: str) -> tuple[str, str]:
    """("O.", "von") from "O. von": Chicago prints a particle after the given names."""
    words = given.split()
    i = len(words)
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
    return " ".join(words[:i]), " ".join(words[i:])


def _inverted(family: str, given: str) -> Name:
    """`Surname, Given`: the family is what is printed before the comma, particle and all
    ("van der Berg, J." sorts under v), as the journals' own metadata record it; a particle
    printed after the given names ("Stryk, O. von") stays apart."""
    words = family.split()
    if len(words) > 1 and words[0].lower() not in PARTICLES and _is_corporate(family):
        return Name(literal=family)
    given, particle = _trailing_particle(given)
    return Name(family=" ".join(words), given=_given(given), particle=particle)


def _looks_given(part: str) -> bool:
    """A comma part that is a given name: initials, one capitalised word, or `John A.`,
    perhaps followed by a particle (`Antonie J van den`)."""
    part = _trailing_particle(part)[0]
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
        and not (len(first) > 1 and _upper_initials(first[-1]))


def _given_first(part: str) -> bool:
    """A whole name written given names first: `R. Bradshaw`, `Christopher P. Smith`,
    `M. van Vijven` (its last word is a surname, not an initial or a particle)."""
    words = part.split()
    return len(words) >= 2 and words[0].lower() not in PARTICLES and words[-1].lower() not in PARTICLES \
        and not _upper_initials(words[-1]) and any(c.islower() for c in words[-1]) \
        and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)


def _chicago_style(parts: list[str]) -> bool:
    """`Behnel, S., R. Bradshaw, C. Citro, and K. Smith`: only the first name is inverted.
    Told from `Garcia, M., Perez Ruiz, J.` by the part after the third: a given name there."""
    return len(parts) >= 3 and _given_first(parts[2]) and (len(parts) == 3 or not _looks_given(parts[3])
                                                            or _given_first(parts[3]))


def _pairs(parts: list[str]) -> list[Name]:
    """Comma parts in `Surname, Given` order; a part with no partner is a whole name."""
    names: list[Name] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and _looks_given(parts[i + 1]) \
                and (not _is_initials(parts[i]) or _SHORT_SURNAME_RE.match(parts[i])):
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


def _people_joined(text: str) -> bool:
    """`Stéfan van der Walt & Jarrod Millman`: whole personal names joined by `&` or `and`, which
    are not one corporate name for having four words (`Department of Health & Social Care` is)."""
    chunks = [c.strip() for c in _split_and(text) if c.strip()]
    return len(chunks) >= 2 and all(_given_first(c) and not any(w.lower() in _CORPORATE for w in _WORD_RE.findall(c))
                                        for c in chunks)


@lru_cache(maxsize=8192)
def parse_names(text: str) -> tuple[tuple[Name, ...], bool]:
    """Names in an author or editor list, and whether the list was cut short (`et al.`)."""
    etal = _may_hold_etal(text) and bool(_ETAL_RE.search(text))
    text = _clean(_ETAL_RE.sub("", text) if etal else text)
    if not text:
        return (), etal
    if "," not in text and _is_corporate(text) and not _people_joined(text):
        return (Name(literal=text),), etal
    chunks = [c for c in _split_and(text) if c and c.strip(" ,")]
    chunk_parts = [[p.strip() for p in c.split(",") if p.strip(" .")] for c in chunks]
    flat = [p for parts in chunk_parts for p in parts]
    inverted = _inverted_style(flat)
    names: list[Name] = []
    if inverted and _chicago_style(flat):
        names = [_inverted(flat[0], flat[1])] + [parse_name(p) for p in flat[2:]]
    else:
        vancouver = not inverted and sum(_upper_initials(p.split()[-1]) for p in flat if " " in p) * 2 > len(flat)
        for parts in chunk_parts:
            names += _pairs(parts) if inverted else [parse_name(p, vancouver) for p in parts]
    return tuple(n for n in names if n.family or n.literal), etal
