"""Notes style (Chicago footnotes and endnotes): `Ibid.` and short forms point back.

In a list of notes, a work is given in full once; later notes cite it again as `Ibid., 45.`
(the work of the note before), `Lee, “Short Title,” 12.` or `Lee, op. cit., 3.` (a work given
earlier by that author), or `Lee 2015, 12.` (author-date notes). Such a note is not a new work:
parsed on its own it yields a junk record (title "Ibid.") that dedup and the bibliography would
carry as a work of its own. `link_notes` gives each such note the fields of the work it points
to, with `same_as` naming the note that gave the work in full, so that dedup merges it with that
work and the bibliography holds the work once. The note keeps its own number, text and place.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from refgraph.text import fold
from refgraph.model import Reference

_LABEL_RE = re.compile(r"^\s*(?:\[\^?\d+\]:?|\(\d+\)|\d+[.)]?|\^\d+)\s+")
# Ibid. and its kin in the languages of the training data (Ebd. German, Id. legal "the same").
_IBID_RE = re.compile(r"^(?:ibid(?:em)?|ib|ebd|ebenda|id|idem\s+ibid)\b\.?(?=[\s,.;:]|$)", re.I)
_OP_CIT_RE = re.compile(r"\b(?:op\.?\s*cit|loc\.?\s*cit|art\.?\s*cit|a\.\s*a\.\s*O)\b\.?", re.I)
_YEAR_RE = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b")
# `Lee 2015, 12` / `Lee and Park 2015: 12` (author-date short notes).
_AUTHOR_YEAR_RE = re.compile(r"^(?P<names>[^\d,;:()]{2,60}?)\s+\(?(?P<year>(?:1[5-9]\d\d|20\d\d))(?P<suffix>[a-z]?)\)?"
                             r"(?:\s*[,:]\s*[\dxivlc][\w–-]*)?[.\s]*$")
_SHORT_WORDS = 16  # a short form is a few words: author, a few title words, a page


def _text(raw: str) -> str:
    return _LABEL_RE.sub("", raw).strip()


def is_ibid(raw: str) -> bool:
    """`Ibid.`, `Ibid., 45.`, `Ibidem, p. 3`, `Ebd., S. 4`: the work of the note before."""
    return bool(_IBID_RE.match(_text(raw)))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def _family_keys(ref: Reference) -> list[str]:
    return [_key(f"{a.particle} {a.literal or a.family}") for a in ref.authors[:1] or ref.editors[:1]]


def _names_fit(names: str, ref: Reference) -> bool:
    """Does the author part of a short form (`Lee`, `Ann Lee`, `Lee and Park`) name the work's first
    author (the last word of the first name, particle or not)?"""
    key = _first_name_key(names)
    return bool(key) and any(fam == key or fam.endswith(" " + key) or key.endswith(" " + fam)
                             for fam in _family_keys(ref))


def is_work(ref: Reference) -> bool:
    """A note that gives a work (title and something a citation carries), not only commentary."""
    return bool(ref.title) and bool(ref.year or ref.container_title or ref.publisher or ref.doi or ref.url
                                    or ref.isbn) and not is_ibid(ref.raw)


def _short_title(rest: str) -> str:
    """The title words of a short form after its author: `“Short Title,” 12.` -> `Short Title`."""
    rest = _OP_CIT_RE.sub("", rest)
    m = re.match(r"\s*[“\"‘'*_]+(?P<t>[^”\"’*_]{2,120}?)[,.]?[”\"’'*_]+", rest)
    if m:
        return m.group("t")
    return re.split(r",|\s\d|\(", rest, maxsplit=1)[0].strip(" .;:")


def _last_word(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def _first_name_key(names: str) -> str:
    return _key(re.split(r"\s+(?:and|&|und|et|y)\s+|,", names)[0])


class _Works:
    """The works given so far, found by the last word of their first author's name: every name
    `_names_fit` accepts ends in that word, so a short note is compared with a few works, not
    with every earlier one (a batch of 10,000 strings stayed linear)."""

    def __init__(self, works: Sequence[Reference] = ()):
        self._by_word: dict[str, list[Reference]] = {}
        for work in works:
            self.add(work)

    def __bool__(self) -> bool:
        return bool(self._by_word)

    def add(self, work: Reference) -> None:
        for fam in dict.fromkeys(_last_word(k) for k in _family_keys(work) if k):
            self._by_word.setdefault(fam, []).append(work)

    def named(self, names: str) -> list[Reference]:
        """The works, oldest first, whose first author the names fit."""
        key = _first_name_key(names)
        return [w for w in self._by_word.get(_last_word(key), []) if _names_fit(names, w)] if key else []


def short_form_target(ref: Reference, earlier: Sequence[Reference] | _Works) -> Reference | None:
    """The earlier work a short note (`Lee, “Short Title,” 12.`, `Lee, op. cit., 3`, `Lee 2015,
    12`) points to: the latest one whose first author and title (or year) fit, else None."""
    text = _text(ref.raw)
    if not earlier or len(text.split()) > _SHORT_WORDS:
        return None
    works = earlier if isinstance(earlier, _Works) else _Works(earlier)
    m = _AUTHOR_YEAR_RE.match(text)
    if m:
        year, suffix = int(m.group("year")), m.group("suffix")
        fits = [w for w in works.named(m.group("names")) if w.year == year
                and (not suffix or w.year_suffix == suffix)]
        return fits[-1] if fits else None
    if _YEAR_RE.search(text) or "," not in text:
        return None  # a full note with a year, or not the `Author, Title, page` shape
    names, _, rest = text.partition(",")
    if len(names.split()) > 4 or any(ch.isdigit() for ch in names):
        return None
    candidates = works.named(names)
    if _OP_CIT_RE.search(rest):
        return candidates[-1] if candidates else None
    title = _key(_short_title(rest))
    if len(title) < 3:
        return None
    fits = [w for w in candidates if _key(w.title).startswith(title) or f" {title} " in f" {_key(w.title)} "]
    return fits[-1] if fits else None


def same_as(note: Reference, work: Reference) -> Reference:
    """The note as a mention of `work`: the work's fields, the note's number, text, place and label."""
    target = work.same_as or work.n
    return work.with_(n=note.n, raw=note.raw, span=note.span, label=note.label, confidence=note.confidence,
                      same_as=target, issues=())


def link_notes(refs: Sequence[Reference]) -> list[Reference]:
    """Every Ibid. and short-form note linked to the earlier note that gives its work in full
    (a list with neither comes back unchanged)."""
    out: list[Reference] = []
    works = _Works()
    last: Reference | None = None  # the work the note before cited
    for ref in refs:
        target = last if is_ibid(ref.raw) else short_form_target(ref, works)
        if target is not None:
            ref = same_as(ref, target)
            last = target
        elif is_work(ref):
            works.add(ref)
            last = ref
        out.append(ref)
    return out
