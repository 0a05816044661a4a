"""Name lists from real references -> family/given/particle/literal."""
import re

import pytest
from hypothesis import example, given, strategies as st

from refgraph.extract.names import editor_marked, parse_names


def _tuples(text):
    names, etal = parse_names(text)
    return [(n.literal or n.family, n.given, n.particle) for n in names], etal


@pytest.mark.parametrize("text, expected, etal", [
    ("Kellett, S.\u00a0et al.", [("Kellett", "S.", "")], True),
    ("Knox, R. and Cooper, M.", [("Knox", "R.", ""), ("Cooper", "M.", "")], False),
    ("Scott, M.J.", [("Scott", "M.J.", "")], False),
    ("Rogers, C. R.", [("Rogers", "C. R.", "")], False),
    ("Durcan G, Stubbs J, Appleton S, Bell A.",
     [("Durcan", "G.", ""), ("Stubbs", "J.", ""), ("Appleton", "S.", ""), ("Bell", "A.", "")], False),
    ("Scott MJ,", [("Scott", "M. J.", "")], False),
    ("Jackson & Rizq", [("Jackson", "", ""), ("Rizq", "", "")], False),
    ("Dalal", [("Dalal", "", "")], False),
    ("Destress Project", [("Destress Project", "", "")], False),
    ("NHS England.", [("NHS England", "", "")], False),
    ("BBC News", [("BBC News", "", "")], False),
    ("Department of Health and Social Care.", [("Department of Health and Social Care", "", "")], False),
    ("Bergk, V., Haefeli, W. E., ... & Martin- Facklam, M.",
     [("Bergk", "V.", ""), ("Haefeli", "W. E.", ""), ("Martin-Facklam", "M.", "")], False),
    ("A. Cau, R. Kuiper, and W.-P. de Roever.",
     [("Cau", "A.", ""), ("Kuiper", "R.", ""), ("Roever", "W.-P.", "de")], False),
    ("van der Berg, J., & Smith, K.", [("van der Berg", "J.", ""), ("Smith", "K.", "")], False),
    ("Smith, John, and Jane Doe", [("Smith", "John", ""), ("Doe", "Jane", "")], False),
    ("J. P. COLLMAN, J. P. BRAUMAN et J. L. SESSLER",
     [("COLLMAN", "J. P.", ""), ("BRAUMAN", "J. P.", ""), ("SESSLER", "J. L.", "")], False),
    ("In: Jackson C, Rizq R (eds).", [("Jackson", "C.", ""), ("Rizq", "R.", "")], False),
    ("I. G. Councill, C. L. Giles, and M.-Y. Kan,",
     [("Councill", "I. G.", ""), ("Giles", "C. L.", ""), ("Kan", "M.-Y.", "")], False),
    ("García, J. y López, M.", [("García", "J.", ""), ("López", "M.", "")], False),
    ("Müller, K. und Schmidt, H.", [("Müller", "K.", ""), ("Schmidt", "H.", "")], False),
], ids=lambda v: v if isinstance(v, str) else None)
def test_parse_names(text, expected, etal):
    assert _tuples(text) == (expected, etal)


@pytest.mark.parametrize("text, marked", [
    ("Jackson C, Rizq R (eds).", True), ("In R. Smith (Ed.),", True), ("edited by J. Smith", True),
    ("Smith, J. and Jones, K. (eds)", True), ("Edwards, J.", False), ("Reed, A.", False),
], ids=["eds-paren", "Ed-paren", "edited-by", "eds-after", "edwards-not-editor", "reed-not-editor"])
def test_editor_marks(text, marked):
    assert editor_marked(text) is marked


@pytest.mark.parametrize("text", ["", "   ", "et al.", "(eds)", ",,,"], ids=["empty", "blank", "etal", "eds", "commas"])
def test_degenerate_lists_give_no_names(text):
    assert parse_names(text)[0] == ()


def _clean_every_regex(text):
    """names._clean as it was before its fast paths: every regex applied unconditionally."""
    from refgraph.extract import names as N

    text = text.replace("*", "").replace("_", " ")
    for pattern, repl in ((N._EDITOR_RE, " "), (N._IN_RE, ""), (N._YEAR_IN_NAMES_RE, " "),
                          (N._ELLIPSIS_RE, ", "), (N._BROKEN_HYPHEN_RE, r"\1-\2")):
        text = pattern.sub(repl, text)
    return N._strip_end(re.sub(r"\s+", " ", text))


@pytest.mark.parametrize("text", [
    "Jackson C, Rizq R (Eds.)", "Jackson C, Rizq R (HRSG)", "Müller, K. (Hrſg.)", "Smith, J. (coord.)",
    "EDITED BY Smith, J.", "In: Smith, J.", "İn Smith, J.", "Smith, J. (2019a)", "Smith, J. (n.d.)",
    "Smith, J., ... Jones, P.", "Smith, J.… Jones, P.", "Martin- Facklam, K.", "Martin-\tFacklam, K.",
    "Smith,\u00a0J.  and Jones", "Smith, J.", "",
], ids=lambda t: t or "empty")
def test_clean_fast_paths_match_every_regex(text):
    from refgraph.extract.names import _clean

    assert _clean(text) == _clean_every_regex(text)


@given(st.text(alphabet=st.sampled_from(list("edEDhrsgſcoIinİı(19)20n. …-,MF \t\u00a0_*")), max_size=25))
def test_clean_fast_paths_match_every_regex_on_any_text(text):
    from refgraph.extract.names import _EDITOR_RE, _clean

    assert _clean(text) == _clean_every_regex(text)
    assert editor_marked(text) == bool(_EDITOR_RE.search(text))


_LIST_TEXT = st.lists(st.sampled_from(["Smith", "J.", ",", " ", "\t", ";", "&", "&amp;", "and", "AND", "und", "et", "ET",
                                       "al.", "y", "u. a.", "others", "Bennett", "Peters"]), max_size=12).map("".join)


@example("Garcia\ty\tLopez")  # a tab is white space too
@given(_LIST_TEXT)
def test_and_split_fast_path_matches_the_regex(text):
    from refgraph.extract.names import _AND_RE, _split_and

    assert _split_and(text) == _AND_RE.split(text)


@given(_LIST_TEXT)
def test_etal_precheck_never_hides_a_match(text):
    from refgraph.extract.names import _ETAL_RE, _may_hold_etal

    assert _may_hold_etal(text) or not _ETAL_RE.search(text)


def _families(text):
    return [n.literal or n.family for n in parse_names(text)[0]]


@pytest.mark.parametrize("text, expected", [
    # Chicago author-date: only the first name is inverted
    ("Behnel, S., R. Bradshaw, C. Citro, L. Dalcin, D.S. Seljebotn, and K. Smith",
     ["Behnel", "Bradshaw", "Citro", "Dalcin", "Seljebotn", "Smith"]),
    ("Okafor, Ngozi, Pieter J. Visser, Ning Ma, and Hui Li", ["Okafor", "Visser", "Ma", "Li"]),
    ("Hale, T.R., J. van Riel, Maria Costa, and E.E. de Wit", ["Hale", "Riel", "Costa", "Wit"]),
    # a particle printed after the given names stays out of the family
    ("Stryk, O. von, and R. Bulirsch", ["Stryk", "Bulirsch"]),
    ("Berg, Anna M van den, Tom Hollis, and Rita Oduya", ["Berg", "Hollis", "Oduya"]),
    # a particle printed before the family, in the sort position, belongs to it
    ("van Dam C, Eichel P, Lowe R", ["van Dam", "Eichel", "Lowe"]),
    ("Kranz MB, van der Sluis H, Oto AP", ["Kranz", "van der Sluis", "Oto"]),
    ("Von Arnim B, Kessel C", ["Von Arnim", "Kessel"]),
    ("de Lacroix TJ-F, Bruno B, Amsel JL", ["de Lacroix", "Bruno", "Amsel"]),
    ("ten Brink, K., & Dahl, M.", ["ten Brink", "Dahl"]),
    # Vancouver: two-letter surnames are not initials, suffixes are not names
    ("Xu M, Park DK, Li JM", ["Xu", "Park", "Li"]),
    ("Hollis TF II, Amado DF Jr, Kent MJ", ["Hollis", "Amado", "Kent"]),
    ("Roy P, Nguyen Jp, Tran M", ["Roy", "Nguyen", "Tran"]),
    ("Rossi ED, Bianchi AP", ["Rossi", "Bianchi"]),  # ED: initials, not "editor"
    # group authors kept whole
    ("R Core Team", ["R Core Team"]),
    ("numpy Developers", ["numpy Developers"]),
    ("Lee D, Ota Y, Global Lung Imaging I", ["Lee", "Ota", "Global Lung Imaging I"]),
], ids=["chicago-initials", "chicago-full-names", "chicago-particles", "chicago-trailing-particle",
        "chicago-trailing-particles", "vancouver-particle", "vancouver-two-particles", "capital-particle",
        "hyphenated-initials", "apa-particle", "two-letter-surnames", "suffixes", "mixed-case-initials",
        "initials-ED", "group-team", "group-developers", "group-cut-to-initial"])
def test_name_lists_in_real_styles(text, expected):
    assert _families(text) == expected


@pytest.mark.parametrize("text, marked", [
    ("Rossi ED, Bianchi AP", False), ("Rossi E, Bianchi A, editors", True), ("Rossi, E. (Ed.)", True),
], ids=["initials-ED", "editors-word", "Ed-paren"])
def test_capital_ED_is_initials_not_an_editor_mark(text, marked):
    assert editor_marked(text) is marked


@pytest.mark.parametrize("text, expected", [
    ("Park, J., Yu, M. K., & Kim, H.", [("Park", "J."), ("Yu", "M. K."), ("Kim", "H.")]),
    ("Ng, A., Lee, B., & Wu, C.-H.", [("Ng", "A."), ("Lee", "B."), ("Wu", "C.-H.")]),
    ("Jones, K., & Ma, T. R.", [("Jones", "K."), ("Ma", "T. R.")]),
], ids=["two-letter-mid", "two-letter-first", "two-letter-last"])
def test_two_letter_surname_is_paired_with_its_initials(text, expected):
    """`Yu, M. K.` in an APA list: `Yu` is a surname, not an initial like `Th`, so it keeps its
    given initials instead of becoming a bare name followed by a stray `K.`."""
    names, _ = parse_names(text)
    assert [(n.family, n.given) for n in names] == expected


@pytest.mark.parametrize("text, expected", [
    ("Anna de la Cruz & Peter Holm (Eds.)", [("Cruz", "Anna", "de la"), ("Holm", "Peter", "")]),
    ("Marta van den Berg and Jonas Weber", [("Berg", "Marta", "van den"), ("Weber", "Jonas", "")]),
], ids=["ampersand-eds", "and"])
def test_given_first_names_joined_by_and_are_people(text, expected):
    """`In Anna de la Cruz & Peter Holm (Eds.),`: four words with no initials are not one
    corporate name when `&` joins whole personal names."""
    names, _ = parse_names(text)
    assert [(n.family, n.given, n.particle) for n in names] == expected


@pytest.mark.parametrize("text", [
    "Department of Health & Social Care", "Bill & Melinda Gates Foundation", "Ernst & Young Global Limited",
], ids=["department", "foundation", "company"])
def test_corporate_names_with_ampersand_stay_whole(text):
    assert [n.literal for n in parse_names(text)[0]] == [text]
