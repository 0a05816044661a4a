"""Author-year callouts: every form, the prose guards, and every kind of tolerant link."""
import pytest

from refgraph.extract.authoryear import (find_author_year, link_author_year, names_from_raw, parse_author_year,
                                         plausible_names)
from refgraph.ingest.text import document_from_text
from refgraph.model import Name, Reference


def doc(text: str):
    return document_from_text("t.txt", "t", "text", text)


def ref(n, family, year, *more, suffix="", raw=""):
    names = tuple(Name(literal=f) if " " in f else Name(family=f) for f in (family, *more))
    return Reference(n=n, raw=raw or f"{family} ({year}{suffix}) Title.", authors=names, year=year, year_suffix=suffix)


# The reference list of seed 003 (Harvard), as the parser should read it.
REFS = (
    ref(1, "Dalal", 2018), ref(2, "Destress Project", 2019), ref(3, "Jackson", 2019, "Rizq"),
    ref(4, "Kellett", 2021, raw="Kellett, S. et al. (2021) ‘The costs and benefits of practice-based evidence’"),
    ref(5, "Knox", 2015, "Cooper"), ref(6, "Mason", 2018, "Reeves"), ref(7, "Rogers", 1951),
    ref(8, "Scott", 2018), ref(9, "Scott", 2021),
    ref(10, "Wakefield", 2021, raw="Wakefield, S. et al. (2021) ‘Improving Access to Psychological Therapies’"),
    ref(11, "Whitaker", 2010), ref(12, "Delgadillo", 2016, "Asaria", "Ali", "Gilbody"),
    ref(13, "Smith", 2019, suffix="a"), ref(14, "Smith", 2019, suffix="b"), ref(15, "van Dijk", 2012),
    ref(16, "Clark", 2011, "Layard"), ref(17, "Clark", 2011, "Fairburn"),
)


def cites(text: str, refs=REFS):
    d = doc(text)
    return find_author_year(d, len(d.text), refs)


@pytest.mark.parametrize("text, callout, refs", [
    ("a dichotomy for therapists (Mason & Reeves 2018), do we", "(Mason & Reeves 2018)", (6,)),
    ("as argued (Mason and Reeves, 2018).", "(Mason and Reeves, 2018)", (6,)),
    ("services in poorer areas (Delgadillo et al. 2016).", "(Delgadillo et al. 2016)", (12,)),
    ("services in poorer areas (Delgadillo et al 2016).", "(Delgadillo et al 2016)", (12,)),
    ("predictor of a successful outcome (Dalal 2018; Rogers 1951)", "(Dalal 2018; Rogers 1951)", (1, 7)),
    ("blatant nepotism (Scott 2018, 2021, Dalal 2018).", "(Scott 2018, 2021, Dalal 2018)", (8, 9, 1)),
    ("both reviews (Smith 2019a, b) agree", "(Smith 2019a, b)", (13, 14)),
    ("as quoted (Dalal 2018, p. 4).", "(Dalal 2018, p. 4)", (1,)),
    ("as quoted (Dalal 2018: 45–47).", "(Dalal 2018: 45–47)", (1,)),
    ("critics of IAPT (e.g. Dalal 2018; Scott 2021)", "(e.g. Dalal 2018; Scott 2021)", (1, 9)),
    ("the critique (see Jackson & Rizq 2019)", "(see Jackson & Rizq 2019)", (3,)),
    ("and (see also Whitaker 2010, pp. 12–19)", "(see also Whitaker 2010, pp. 12–19)", (11,)),
    ("As Scott (2018) argued, reform is needed.", "Scott (2018)", (8,)),
    ("Delgadillo et al. (2016) found that", "Delgadillo et al. (2016)", (12,)),
    ("Mason and Reeves (2018) explored", "Mason and Reeves (2018)", (6,)),
    ("Whitaker's (2010) account of", "Whitaker's (2010)", (11,)),
    ("Scott (2018, 2021) has long argued", "Scott (2018, 2021)", (8, 9)),
    ("As Whitaker (2010, p. 7) puts it", "Whitaker (2010, p. 7)", (11,)),
    ("overprescribed anti-depressant medication (Destress 2019).", "(Destress 2019)", (2,)),
    ("the Destress Project (2019) report", "Destress Project (2019)", (2,)),
    ("Just ask Carl Rogers (1951).", "Rogers (1951)", (7,)),
    ("as shown (van Dijk 2012)", "(van Dijk 2012)", (15,)),
    ("as shown (Clark & Layard 2011)", "(Clark & Layard 2011)", (16,)),
], ids=["ampersand", "and-comma", "et-al", "et-al-no-point", "semicolons", "names-carry-over", "year-letters",
        "page", "colon-page", "e-g", "see", "see-also-pages", "narrative", "narrative-et-al", "narrative-two",
        "possessive", "narrative-two-years", "narrative-page", "corporate-short", "corporate-narrative",
        "narrative-after-given-name", "particle", "second-author-disambiguates"])
def test_author_year_callout_forms(text, callout, refs):
    [c] = cites(text)
    assert (c.text, c.refs, c.problems) == (callout, refs, ())
    assert text[c.span.start:c.span.end] == callout


@pytest.mark.parametrize("text", [
    "In 2019 the service changed (The policy changed in 2019).",
    "It rose sharply (from 2015 to 2019).",
    "(In 2018, the NHS published its plan.)",
    "the survey (January 2019) showed",
    "COVID (2020) changed everything.",
    "the figure (Table 2019) shows",
    "a rise (43% in 2017) in",
], ids=["prose-in-parens", "range-of-years", "sentence-in-parens", "month", "narrative-prose",
        "labelled", "percent"])
def test_prose_with_years_is_not_a_callout(text):
    assert cites(text) == []


@pytest.mark.parametrize("inner, kind, message, linked", [
    ("Whittaker 2010", "name", "name: text Whittaker, list Whitaker", (11,)),
    ("Wakefield et al 2020", "year", "year: text 2020, list 2021", (10,)),
    ("Dalal 2019", "year", "year: text 2019, list 2018", (1,)),
    ("Scott 2019a", "year", "year: text 2019a, list 2018", (8,)),
    ("Knox et al. 2015", "authors", "authors: text et al., list has two (Knox and Cooper)", (5,)),
    ("Dalal et al. 2018", "authors", "authors: text et al., list has one (Dalal)", (1,)),
    ("Dalal & Scott 2018", "authors", "authors: text names 2, list has 1", (1,)),
    ("Mason & Rivers 2018", "name", "name: text Rivers, list Reeves", (6,)),
    ("Knox 2015", "first-author-alone", "authors: first author cited alone for Knox and Cooper", (5,)),
    ("Delgadillo 2016", "et-al-missing", "authors: Delgadillo cited without et al.", (12,)),
    ("Nobody 2015", "unlinked", "no reference for Nobody 2015", ()),
    ("Smith 2019", "ambiguous", "ambiguous: Smith 2019 matches references 13, 14", ()),
    ("Clark 2011", "ambiguous", "ambiguous: Clark 2011 matches references 16, 17", ()),
], ids=["misspelt-name", "year-off-by-one-et-al", "year-off-by-one", "year-and-letter", "et-al-for-two",
        "et-al-for-one", "two-named-for-one", "second-author-misspelt", "first-author-alone", "et-al-missing",
        "missing", "year-letter-missing-two-candidates", "two-candidates"])
def test_each_problem_kind(inner, kind, message, linked):
    [item] = parse_author_year(inner)
    refs, problems = link_author_year(item, REFS)
    assert refs == linked
    assert [(p.kind, p.message) for p in problems] == [(kind, message)]


def test_year_letter_missing_with_one_candidate():
    refs = (ref(1, "Smith", 2019, suffix="a"),)
    linked, problems = link_author_year(parse_author_year("Smith 2019")[0], refs)
    assert linked == (1,) and [p.message for p in problems] == ["year: text 2019, list 2019a"]


def test_misspelt_name_and_wrong_year_are_both_recorded():
    c = cites("blatant nepotism (Scott 2018, 2021, Kellet 2020).")[0]
    assert c.refs == (8, 9, 4)
    assert [p.kind for p in c.problems] == ["name", "year", "et-al-missing"]
    assert all(p.refs == (4,) for p in c.problems)


def test_a_far_name_is_not_a_misspelling():
    linked, problems = link_author_year(parse_author_year("Dale 2018")[0], (ref(1, "Dalal", 2018),))
    assert linked == () and problems[0].kind == "unlinked"


def test_narrative_without_reference_is_prose_unless_strong():
    assert cites("Britain (2019) voted.") == []
    [c] = cites("Nobody et al. (2019) found")
    assert c.refs == () and c.problems[0].kind == "unlinked"


def test_context_is_the_sentence():
    [c] = cites("Earlier work. As Scott (2018) argued, the model fails. Later.")
    assert c.context == "As Scott (2018) argued, the model fails."


@pytest.mark.parametrize("inner, expected", [
    ("Scott 2018, 2021, Kellet 2020", [("Scott", "2018"), ("Scott", "2021"), ("Kellet", "2020")]),
    ("Smith 2019a, b", [("Smith", "2019a"), ("Smith", "2019b")]),
    ("e.g. Smith 2019; see Jones and Lee, 2020", [("Smith", "2019"), ("Jones", "2020")]),
    ("Smith 2019, p. 4", [("Smith", "2019")]),
    ("Smith n.d.", [("Smith", "n.d.")]),
], ids=["names-carry-over", "year-letters", "prefixes", "page", "no-date"])
def test_parse_author_year(inner, expected):
    assert [(i.surname, i.year) for i in parse_author_year(inner)] == expected


@pytest.mark.parametrize("names, ok", [
    ("Knox", True), ("Mason & Reeves", True), ("Wakefield et al", True), ("NHS England", True),
    ("Department of Health", True), ("van Dijk", False), ("The policy changed in", False),
    ("In", False), ("January", False),
], ids=["surname", "two", "et-al", "corporate", "corporate-of", "lowercase-start", "prose", "stopword", "month"])
def test_plausible_names(names, ok):
    assert plausible_names(names) is ok


@pytest.mark.parametrize("raw, families", [
    ("Dalal (2018) CBT: The Cognitive Behavioural Tsunami.", ["Dalal"]),
    ("Destress Project (2019) Poverty, Pills and Pathology.", ["Destress Project"]),
    ("Knox, R. and Cooper, M. (2015) The therapeutic relationship.", ["Knox", "Cooper"]),
    ("Kellett, S. et al. (2021) ‘The costs and benefits’", ["Kellett"]),
    ("Scott, M.J. (2018). Improving access.", ["Scott"]),
    ("van der Berg, A. (2010) Title.", ["Berg"]),
    ("Smith, J., 2019. Title.", ["Smith"]),
    ("3 Banks J, Blundell R, Emmerson C. Disability benefit receipt and reform: reconciling trends in the "
     "United Kingdom. Journal of Economic Perspectives 2015; 29(2): 173–190.", []),
    ("bit.ly/2FBjVQw (accessed 4 July 2018).", []),
], ids=["one", "corporate", "two", "et-al", "initials", "particle", "year-after-comma", "vancouver", "link"])
def test_names_from_raw(raw, families):
    assert [n.literal or n.family for n in names_from_raw(raw)] == families


def test_unparsed_reference_still_links_through_its_raw_names():
    refs = (Reference(n=1, raw="Knox, R. and Cooper, M. (2015) The therapeutic relationship.", year=2015),)
    [c] = cites("the relationship (Knox & Cooper 2015)", refs)
    assert c.refs == (1,) and c.problems == ()


PANDOC_REFS = (
    ref(1, "Okafor", 2010, "Brink"),
    Reference(n=2, raw="Brink, Anna M van den, Tom Hollis, and Rita Oduya. 2012. “Walking.”", year=2012,
              authors=(Name(family="Brink", particle="van den"), Name(family="Hollis"), Name(family="Oduya"))),
    ref(3, "Takaza", 2013, "Moerman", "Simms"), ref(4, "Takaza", 2013, "Lee"),
    Reference(n=5, raw="“SOLVO - An Optimisation Code for Octave.” 2005. In Proceedings.", year=2005,
              title="SOLVO - An Optimisation Code for Octave"),
    ref(6, "Hale", 2006), ref(7, "Ibsen", 2008), ref(8, "The Open Group", 2017), ref(9, "White", 2016, "Hunt"),
)


@pytest.mark.parametrize("text, callout, refs", [
    ("successful in gait (Okafor and Brink 2010, A. M. van den Brink et al. (2012)) because",
     "(Okafor and Brink 2010, A. M. van den Brink et al. (2012))", (1, 2)),
    ("soft tissue (M. Takaza, Moerman, and Simms 2013) and", "(M. Takaza, Moerman, and Simms 2013)", (3,)),
    ("the tool (“SOLVO - An Optimisation Code for Octave” 2005) runs", "(“SOLVO - An Optimisation Code for Octave” 2005)",
     (5,)),
    ("(e.g., tooth enamel [Hale, 2006] and DNA [Ibsen, 2008])",
     "(e.g., tooth enamel [Hale, 2006] and DNA [Ibsen, 2008])", (6, 7)),
    ("the standard (The Open Group, 2017) says", "(The Open Group, 2017)", (8,)),
    ("the suite (Jeremy T. White et al., 2016) runs", "(Jeremy T. White et al., 2016)", (9,)),
], ids=["pandoc-nested-narrative", "pandoc-disambiguating-initials", "cited-by-title",
        "brackets-inside-parentheses", "group-author-with-the", "citeproc-full-given-name"])
def test_pandoc_and_elife_callouts(text, callout, refs):
    [c] = [c for c in cites(text, PANDOC_REFS) if c.text == callout]
    assert c.refs == refs
