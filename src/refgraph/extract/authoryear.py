"""Author-year callouts: find `(Surname 2018)` and `Surname (2018)` and link them to references.

Linking is exact first (surname and year), then tolerant, and a tolerant link always carries an
Issue saying what differs (a surname within a small edit distance, a year off by one or
missing its letter, the wrong number of authors). When several references fit equally, the
callout is reported as ambiguous and linked to none: a guess would hide the error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refgraph.extract.textspan import fold, sentence_around
from refgraph.model import Citation, Document, Issue, Name, Reference

YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?(?![\d%])|n\.\s?d\."
UPPER = r"A-Z\u00C0-\u00DE"
WORD = r"[\w'’\u00C0-\u024F-]"
# One level of short parentheses may sit inside: pandoc prints "(Lee 2016, Lin and Pandy (2017))".
_INNER = r"(?:[^()]|\([^()]{1,12}\))"
PAREN_RE = re.compile(r"\((" + _INNER + r"{0,400}?(?:" + YEAR + r")" + _INNER + r"{0,200}?)\)")
_NESTED_YEAR_RE = re.compile(r"\((" + YEAR + r")\)")
# A work with no author is cited by its title: (“DYNOPT - Dynamic Optimisation Code” 2005).
_TITLE_ITEM_RE = re.compile(r"^[“\"‘](?P<title>[^”\"’]{3,200}?)[.,]?[”\"’][.,]?\s*(?P<year>" + YEAR + r")$")
# Initials pandoc adds to tell authors apart: "M. Takaza", "A. J. van den Bogert".
# (and the particles after them, as a surname cited alone is matched without its particle).
# "Jeremy T. White": citeproc may print the given name in full.
_CITED_INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]+\s+(?=[A-Z]\.))?(?:[A-Z]\.\s*-?\s*)+"
                                r"(?:(?:van|von|de|der|den|la|le|du|da|del|di|ten|ter)\s+)*(?=\w)")
_ITEM_RE = re.compile(
    rf"(?P<names>[{UPPER}][^;()\d]*?)?,?\s*(?P<years>(?:{YEAR})(?:\s*,\s*(?:{YEAR}|[a-z]\b))*)")
_NAME = rf"[{UPPER}]{WORD}+"
_LOCATOR = r"(?:\s*[,:]\s*(?:pp?\.?|page|chap\.|ch\.|para\.)?\s*[\divxlc]+(?:\s*[-–]\s*[\divxlc]+)?)?"
NARRATIVE_RE = re.compile(
    rf"(?P<names>{_NAME}(?:\s+{_NAME}){{0,2}}(?:['’]s?)?"
    rf"(?:\s+(?:et\.?\s+al\.?(?:['’]s)?|(?:&|and)\s+{_NAME}(?:['’]s?)?))?)"
    rf"\s+\((?P<years>(?:{YEAR})(?:\s*,\s*(?:{YEAR}|[a-z]\b))*){_LOCATOR}\)")
_PREFIX_RE = re.compile(
    r"^(?:(?:e\.g\.|i\.e\.|see(?: also)?|but see|cf\.|for example|for a review,? see|reviewed in|as in|in|"
    r"following|after|according to|as cited in|quoted in|by)\s*,?\s*)+", re.I)
_LOCATOR_RE = re.compile(r"(?:,\s*|\s+)(?:pp?\.|page|pages|chap\.|ch\.|para\.|§)\s*[\divxlc]+(?:\s*[-–]\s*[\divxlc]+)?"
                         r"|(?<=\d):\s*\d+(?:\s*[-–]\s*\d+)?", re.I)
# Capitalised words that start a sentence or a phrase in parentheses, never a cited surname.
STOPWORDS = frozenset("""a an the in on at by for from to of and or but as since during until before after
between about around circa this that these those it its we our they their he she his her there here
when while where which who what how if although though because also see e.g i.e cf note compared
since then between after january february march april may june july august september october
november december spring summer autumn winter monday tuesday wednesday thursday friday saturday
sunday figure fig table chapter section page pp vol up over under only all some most many
""".split())
_NAME_PARTICLES = frozenset("and & et al al. of for the van von de der den la le du da dos del di y".split())


@dataclass(frozen=True)
class CitedName:
    """One author-year item inside a callout: who, which year, and how many authors were named."""

    surname: str
    year: str
    et_al: bool
    second: str = ""
    named: int = 1  # how many authors the text names (before any et al.)
    title: bool = False  # cited by its title (no author): `surname` holds the title


def plausible_names(names: str) -> bool:
    """Does this read as author names ("Knox", "Mason & Reeves", "NHS England"), not prose?"""
    words = re.sub(r"\bet\.?\s*al\b\.?", " ", names).replace("&", " ").split()
    if not words or len(words) > 7:
        return False
    if not words[0][0].isupper():
        return False
    if fold(words[0]).strip(".,'’") in STOPWORDS and not (fold(words[0]) == "the" and len(words) > 1):
        return False  # "The Open Group": a group author may start with "The" (all its words capitalised)
    return all(w[0].isupper() or fold(w) in _NAME_PARTICLES for w in words)


def parse_author_year(inner: str) -> list[CitedName]:
    """'Scott 2018, 2021, Kellet 2020' -> three CitedNames; 'Smith 2019a, b' -> two."""
    items: list[CitedName] = []
    inner = _LOCATOR_RE.sub("", _NESTED_YEAR_RE.sub(r"\1", inner) if "(" in inner else inner)
    if "[" in inner:  # "(e.g., DNA [Bhardwaj et al., 2006; ...])": the brackets hold the citations
        inner = inner.replace("[", ";").replace("]", ";")
    for group in inner.split(";"):
        group = _PREFIX_RE.sub("", group.strip())
        titled = _TITLE_ITEM_RE.match(group)
        if titled:
            items.append(CitedName(surname=titled.group("title"), year=titled.group("year"), et_al=False,
                                   named=0, title=True))
            continue
        last_names, last_year = "", ""
        for m in _ITEM_RE.finditer(group):
            names = (m.group("names") or "").strip(" ,")
            names = _CITED_INITIALS_RE.sub("", _PREFIX_RE.sub("", names)) if names else last_names
            if not names or not plausible_names(names):
                continue
            last_names = names
            for year in re.split(r"\s*,\s*", m.group("years")):
                if len(year) == 1 and last_year:
                    year = last_year[:4] + year
                last_year = year
                items.append(cited_name(names, year))
    return items


def cited_name(names: str, year: str) -> CitedName:
    names = " ".join(names.split())  # a callout broken across lines: "American\nPsychiatric Association"
    et_al = bool(re.search(r"\bet\.?\s*al\b", names))
    names = re.sub(r"\bet\.?\s*al\b\.?(?:['’]s)?", "", names).strip(" ,")
    parts = [_CITED_INITIALS_RE.sub("", re.sub(r"['’]s?$", "", p.strip(" ,")))
             for p in re.split(r"\s*(?:,|&|\band\b)\s*", names)]
    parts = [p for p in parts if p]
    return CitedName(surname=parts[0] if parts else "", year=year.replace(" ", ""), et_al=et_al,
                     second=parts[1] if len(parts) > 1 else "", named=max(1, len(parts)))


_RANK = {"exact": 2, "close": 1, "": 0}


def people_for(ref: Reference, surname: str) -> tuple[Name, ...]:
    """The reference's authors as parsed or, if they fit the cited surname better, as printed.

    Reading the names before the year as well makes linking robust to a parse that missed or
    mangled the authors (and lets it work before any parser is trained).
    """
    lists = [names for names in (ref.authors or ref.editors, names_from_raw(ref.raw)) if names]
    return max(lists, key=lambda names: _RANK[name_match(surname, names[0])]) if lists else ()


_LABEL_RE = re.compile(r"^\s*(?:[-*•]\s*)?(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s+")
_HEAD_END_RE = re.compile(r"[(\[]?\b(?:1[5-9]\d\d|20\d\d)(?:[a-z]?\b)|\bn\.\s?d\.")
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?\s*-?){1,4}$")


@lru_cache(maxsize=4096)
def names_from_raw(raw: str) -> tuple[Name, ...]:
    """The authors of a reference string whose parse found none: the text before its year.

    A fallback so that linking does not depend on every reference being parsed well:
    'Knox, R. and Cooper, M. (2015)' -> Knox, Cooper; 'Destress Project (2019)' -> one literal.
    """
    raw = _LABEL_RE.sub("", raw)
    m = _HEAD_END_RE.search(raw)
    if not m or m.start() > 120 or not (m.group(0)[0] in "([" or re.search(r"[,.]\s*$", raw[:m.start()])):
        return ()  # not author-date: the year is far from the start (Vancouver), or in running text
    head = re.sub(r"\bet\.?\s*al\b\.?|\(eds?\.?\)|\beds?\.", " ", raw[:m.start()])
    out: list[Name] = []
    for part in re.split(r"\s*(?:[,;&]|\band\b)\s*", head):
        part = part.strip(" .")
        if len(part) < 2 or _INITIALS_RE.match(part):
            continue
        if not part[0].isupper():
            if fold(part.split()[0]) not in _NAME_PARTICLES or len(part.split()) < 2:
                continue
            out.append(Name(family=part.split()[-1], particle=" ".join(part.split()[:-1])))
            continue
        words = part.split()
        trailing = re.match(r"^(.+?)\s+[A-Z]{1,3}\.?$", part)
        if trailing:
            out.append(Name(family=trailing.group(1)))
        elif len(words) > 1 and all(w[0].isupper() and len(w.strip(".")) > 1 for w in words):
            out.append(Name(literal=part))
        else:
            out.append(Name(family=words[-1]))
    return tuple(out)


def _listed_names(person) -> list[str]:
    family = fold(person.literal or person.family)
    return [family, fold(f"{person.particle} {family}")] if person.particle else [family]


@lru_cache(maxsize=65536)
def name_match(cited: str, person: Name) -> str:
    """'exact', 'close' (a small edit distance: a misspelling) or '' for a cited surname."""
    cited = fold(cited)
    for listed in _listed_names(person):
        if cited == listed or listed.startswith(cited + " ") or listed.split(" ")[-1] == cited:
            return "exact"
    listed = _listed_names(person)[0]
    allowed = 0 if len(listed) < 5 else 1 if len(listed) < 10 else 2
    if not allowed:
        return ""
    # rapidfuzz takes ~50 ms to import: only paid when a cited name is not exact
    from rapidfuzz.distance import Levenshtein

    return "close" if Levenshtein.distance(cited, listed) <= allowed else ""


def year_match(cited: str, ref: Reference) -> str:
    """'exact', 'near' (off by one, or its letter missing or extra) or ''."""
    if cited.startswith("n"):
        return "exact" if ref.year is None else ""
    year, suffix = int(cited[:4]), cited[4:]
    if ref.year is None:
        return "near"
    if ref.year == year and suffix == ref.year_suffix:
        return "exact"
    return "near" if abs(ref.year - year) <= 1 else ""


def listed_et_al(ref: Reference) -> bool:
    """Was the reference's author list itself cut short with `et al.`?"""
    head = ref.raw[:ref.raw.find(str(ref.year))] if ref.year and str(ref.year) in ref.raw else ref.raw[:200]
    return bool(re.search(r"\bet\.?\s*al\b|\band others\b", head))


def _narrow(item: CitedName, refs: list[Reference]) -> list[Reference]:
    """Among equal candidates, keep those whose second author or author count fits the text."""
    if len(refs) < 2:
        return refs
    fits = [r for r in refs if not _count_problems(item, r)
            and (not item.second or (len(people_for(r, item.surname)) > 1
                                     and name_match(item.second, people_for(r, item.surname)[1])))]
    return fits if fits else refs


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(title)).split())


def _link_title(item: CitedName, refs: tuple[Reference, ...]) -> tuple[tuple[int, ...], tuple[Issue, ...]]:
    """A work cited by its title and year: the reference with that title (and no author)."""
    key = _title_key(item.surname)
    found = [r for r in refs if r.title and _title_key(r.title) == key and year_match(item.year, r)]
    if len(found) == 1:
        return (found[0].n,), ()
    if not found:
        return (), (Issue("unlinked", f"no reference titled {item.surname} {item.year}"),)
    numbers = tuple(r.n for r in found)
    return (), (Issue("ambiguous", f"ambiguous: {item.surname} {item.year} matches references "
                      + ", ".join(map(str, numbers)), refs=numbers),)


def link_author_year(item: CitedName, refs: tuple[Reference, ...]) -> tuple[tuple[int, ...], tuple[Issue, ...]]:
    """Reference numbers an author-year item names, and the problems of a tolerant match."""
    if item.title:
        return _link_title(item, refs)
    named = [(r, name_match(item.surname, people[0])) for r in refs if (people := people_for(r, item.surname))]
    exact = _narrow(item, [r for r, nm in named if nm == "exact" and year_match(item.year, r) == "exact"])
    if not exact:
        exact = _narrow(item, [r for r, nm in named if nm and year_match(item.year, r)])
    if len(exact) > 1:
        numbers = tuple(r.n for r in exact)
        return (), (Issue("ambiguous", f"ambiguous: {item.surname} {item.year} matches references "
                            + ", ".join(map(str, numbers)), refs=numbers),)
    if not exact:
        return (), (Issue("unlinked", f"no reference for {item.surname} {item.year}"),)
    ref = exact[0]
    problems: list[Issue] = []
    first = people_for(ref, item.surname)[0]
    if name_match(item.surname, first) == "close":
        problems.append(Issue("name", f"name: text {item.surname}, list {first.sort_name}", refs=(ref.n,)))
    if year_match(item.year, ref) == "near":
        listed = f"{ref.year}{ref.year_suffix}" if ref.year else "no year"
        problems.append(Issue("year", f"year: text {item.year}, list {listed}", refs=(ref.n,)))
    return (ref.n,), tuple(problems) + _count_problems(item, ref)


def _count_problems(item: CitedName, ref: Reference) -> tuple[Issue, ...]:
    """Wrong number of authors for the reference; first-author-alone is a note, not an error."""
    people = people_for(ref, item.surname)
    cut = listed_et_al(ref)
    count = max(len(people), 3) if cut else len(people)
    names = " and ".join(p.sort_name for p in people[:2])
    if item.et_al and count in (1, 2):
        return (Issue("authors", f"authors: text et al., list has {'one' if count == 1 else 'two'} ({names})",
                        refs=(ref.n,)),)
    if item.named >= 2 and not item.et_al and item.named != count and not (cut and item.named >= 3):
        return (Issue("authors", f"authors: text names {item.named}, list has {count}", refs=(ref.n,)),)
    if item.second and count >= 2 and not name_match(item.second, people[1]):
        return (Issue("name", f"name: text {item.second}, list {people[1].sort_name}", refs=(ref.n,)),)
    if item.named == 1 and not item.et_al and count == 2:
        return (Issue("first-author-alone", f"authors: first author cited alone for {names}", refs=(ref.n,)),)
    if item.named == 1 and not item.et_al and count >= 3:
        return (Issue("et-al-missing", f"authors: {people[0].sort_name} cited without et al.", refs=(ref.n,)),)
    return ()


def _link_items(items: list[CitedName], refs: tuple[Reference, ...]) -> tuple[list[int], list[Issue]]:
    numbers: list[int] = []
    problems: list[Issue] = []
    for item in items:
        linked, item_problems = link_author_year(item, refs)
        numbers.extend(n for n in linked if n not in numbers)
        problems.extend(item_problems)
    return numbers, problems


def _narrative(m: re.Match, refs: tuple[Reference, ...]) -> tuple[int, list[CitedName]] | None:
    """(start, items) of a narrative callout, dropping leading words ("As Carl Rogers") until one links."""
    words = list(re.finditer(r"\S+", m.group("names")))
    fallback = None
    for w in words:
        names = m.group("names")[w.start():]
        if re.match(r"(?:et\.?\s+al|&|and)\b", names) or not plausible_names(names):
            continue
        items = [cited_name(names, y) for y in _years(m.group("years"))]
        start = m.start("names") + w.start()
        if any(link_author_year(i, refs)[0] for i in items):
            return start, items
        fallback = fallback or (start, items)
    strong = fallback and (fallback[1][0].et_al or fallback[1][0].second)
    return fallback if strong else None  # "Covid (2020)" with no reference is just prose


def _years(text: str) -> list[str]:
    out, last = [], ""
    for year in re.split(r"\s*,\s*", text):
        if len(year) == 1 and last:
            year = last[:4] + year
        last = year
        out.append(year.replace(" ", ""))
    return out


def find_author_year(doc: Document, body_end: int, refs: tuple[Reference, ...]) -> list[Citation]:
    """Parenthetical and narrative author-year callouts in doc.text[:body_end], linked."""
    text = doc.text[:body_end]
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, items: list[CitedName]) -> None:
        numbers, problems = _link_items(items, refs)
        taken.append((start, end))
        out.append(Citation(text=text[start:end], span=doc.span(start, end), refs=tuple(numbers),
                            style="author-year", problems=tuple(problems), context=sentence_around(text, start, end)))

    for m in PAREN_RE.finditer(text):
        items = parse_author_year(m.group(1))
        if items:
            add(m.start(), m.end(), items)
    for m in NARRATIVE_RE.finditer(text):
        if any(s <= m.end() - 1 < e or s <= m.start() < e for s, e in taken):
            continue
        found = _narrative(m, refs)
        if found:
            add(found[0], m.end(), found[1])
    return sorted(out, key=lambda c: c.span.start)
