import pytest
from hypothesis import given
from hypothesis import strategies as st

from refgraph.dedup.features import ascii_fold, main_title, norm_doi, norm_title, norm_volume, pages, title_numbers
from refgraph.dedup.rules import container_match


@given(st.integers(1, 99999), st.integers(0, 500))
def test_page_ranges_read_back(start, length):
    assert pages(f"{start}–{start + length}") == (start, start + length)
    assert pages(f"pp. {start}--{start + length}") == (start, start + length)


@given(st.integers(100, 99999), st.integers(1, 9))
def test_abbreviated_end_pages_expand(start, extra):
    end = start + extra
    short = str(end)[-1:] if str(end)[:-1] == str(start)[:-1] else str(end)
    assert pages(f"{start}-{short}") == (start, end)


@pytest.mark.parametrize("text, expected", [
    ("", None), ("e1234", (1234, 1234)), ("p. 45", (45, 45)), ("1136–47", (1136, 1147)), ("38–41", (38, 41)),
    ("S12–S19", (12, 19)), ("n/a", None),
], ids=["empty", "elocator", "pinpoint", "abbreviated", "plain", "supplement", "text"])
def test_pages(text, expected):
    assert pages(text) == expected


@given(st.text())
def test_normalisers_are_idempotent(s):
    assert norm_title(norm_title(s)) == norm_title(s)
    assert ascii_fold(ascii_fold(s)) == ascii_fold(s)


@pytest.mark.parametrize("a, b", [
    ("The Industrialisation of Care & IAPT", "industrialisation of care and iapt"),
    ("Über Ärzte", "uber arzte"),
], ids=["article-and-ampersand", "accents"])
def test_titles_normalise_alike(a, b):
    assert norm_title(a) == norm_title(b)


def test_identifiers_and_subtitles():
    assert norm_doi("https://doi.org/10.1111/BJC.12268.") == "10.1111/bjc.12268"
    assert main_title("The industrialisation of care: counselling") == "industrialisation of care"
    assert title_numbers(norm_title("Stepped care, part II: 2019 data")) == {"2019", "ii"}


@pytest.mark.parametrize("a, b, same", [
    ("journal of health psychology", "j health psychol", True),
    ("british journal of clinical psychology", "br j clin psychol", True),
    ("journal of health psychology", "psychological medicine", False),
], ids=["abbrev", "abbrev-4-words", "different"])
def test_container_match(a, b, same):
    assert container_match(a, b) is same


@pytest.mark.parametrize("text, expected", [
    ("33(2)", "33"), ("Vol. 33", "33"), (" 23 ", "23"), ("80()", "80"), ("S1", "s1"), ("xii", "xii"), ("", ""),
], ids=["with-issue", "label", "spaces", "empty-issue", "supplement", "roman", "empty"])
def test_norm_volume(text, expected):
    assert norm_volume(text) == expected
