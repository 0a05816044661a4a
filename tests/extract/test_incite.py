import pytest

from refgraph.extract.incite import expand_numbers, find_citations, link_author_year, parse_author_year
from refgraph.ingest.text import document_from_text
from refgraph.model import Name, Reference


def doc(text: str):
    return document_from_text("t.txt", "t", "text", text)


def numeric(text: str, count: int = 9) -> list[tuple[int, ...]]:
    d = doc(text)
    refs = tuple(Reference(n=i, raw=f"ref {i}") for i in range(1, count + 1))
    return [c.refs for c in find_citations(d, len(d.text), refs, numbered=True)]


@pytest.mark.parametrize("text, expected", [
    ("published in 2019¹ and later²,³.", [(1,), (2, 3)]),
    ("as shown⁵⁻⁷ here", [(5, 6, 7)]),
    ("staff alike.1,2 In the", [(1, 2)]),
    ("the 2017 survey,1 43% reported", [(1,)]),
    ("Delgadillo and colleagues3 found", [(3,)]),
    ("as found,3 and", [(3,)]),
    ("the rate).6 Then", [(6,)]),
    ("see [3] and [1–4] and [2, 5]", [(3,), (1, 2, 3, 4), (2, 5)]),
], ids=["superscripts", "superscript-range", "glued-after-point", "glued-after-comma", "glued-to-word",
        "found-comma", "after-paren", "brackets"])
def test_numeric_callouts(text, expected):
    assert numeric(text) == expected


@pytest.mark.parametrize("text", [
    "In the 2017 survey 43% reported it.",
    "She interviewed 15 practitioners.",
    "Most clients end at 8–10 sessions.",
    "It cost £5 and took 3 hours.",
    "The COVID-19 crisis and H1N1.",
    "See page 4 and p.5 of the report.",
    "a rise of 37.3 per cent",
    "[12] is outside a list of nine",
], ids=["year-percent", "quantity", "range-of-sessions", "money-time", "names-with-digits", "page", "decimal",
        "beyond-list"])
def test_false_callouts_are_ignored(text):
    assert numeric(text) == []


def test_no_numeric_callouts_when_list_is_not_numbered():
    d = doc("alike.1,2 and colleagues3")
    refs = (Reference(n=1, raw="a"), Reference(n=2, raw="b"), Reference(n=3, raw="c"))
    assert find_citations(d, len(d.text), refs, numbered=False) == ()


@pytest.mark.parametrize("text, expected", [
    ("1,3–5", [1, 3, 4, 5]), ("²⁻⁴", [2, 3, 4]), ("7", [7]), ("1-200", []),
], ids=["mixed", "superscript-range", "single", "absurd-range"])
def test_expand_numbers(text, expected):
    assert expand_numbers(text) == expected


@pytest.mark.parametrize("inner, expected", [
    ("Scott 2018, 2021, Kellet 2020", [("Scott", "2018"), ("Scott", "2021"), ("Kellet", "2020")]),
    ("Mason & Reeves 2018", [("Mason", "2018")]),
    ("Smith 2019a, b", [("Smith", "2019a"), ("Smith", "2019b")]),
    ("e.g. Smith 2019; see Jones and Lee, 2020", [("Smith", "2019"), ("Jones", "2020")]),
    ("Smith 2019, p. 4", [("Smith", "2019")]),
    ("Wakefield et al 2020", [("Wakefield", "2020")]),
], ids=["names-carry-over", "ampersand", "year-letters", "prefixes-and-semicolons", "page", "et-al-no-point"])
def test_parse_author_year(inner, expected):
    assert [(i.surname, i.year) for i in parse_author_year(inner)] == expected


def ref(n, family, year, *more):
    names = (Name(family=family),) + tuple(Name(family=m) for m in more)
    return Reference(n=n, raw="", authors=names, year=year)


REFS = (ref(1, "Kellett", 2021), ref(2, "Scott", 2018), ref(3, "Scott", 2021), ref(4, "Knox", 2015, "Cooper"),
        Reference(n=5, raw="", authors=(Name(literal="Destress Project"),), year=2019))


@pytest.mark.parametrize("inner, refs, problems", [
    ("Scott 2021", (3,), ()),
    ("Kellet 2020", (1,), ("name: text Kellet, list Kellett", "year: text 2020, list 2021")),
    ("Kellett 2020", (1,), ("year: text 2020, list 2021",)),
    ("Destress 2019", (5,), ()),
    ("Knox 2015", (4,), ("authors: first author cited alone for Knox and Cooper",)),
    ("Nobody 2015", (), ("no reference for Nobody 2015",)),
], ids=["exact", "misspelt-and-year", "year-off-by-one", "corporate", "first-author-alone", "missing"])
def test_link_author_year(inner, refs, problems):
    item = parse_author_year(inner)[0]
    assert link_author_year(item, REFS) == (refs, problems)


def test_ambiguous_is_reported_not_guessed():
    refs = (ref(1, "Smith", 2019), ref(2, "Smith", 2019))
    linked, problems = link_author_year(parse_author_year("Smith 2019")[0], refs)
    assert linked == () and "ambiguous" in problems[0]


def test_narrative_and_context():
    d = doc("Earlier work. As Scott (2018) argued, the model fails. Later.")
    cites = find_citations(d, len(d.text), REFS, numbered=False)
    assert [(c.text, c.refs) for c in cites] == [("Scott (2018)", (2,))]
    assert cites[0].context == "As Scott (2018) argued, the model fails."
