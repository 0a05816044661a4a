"""extract/structured.py: labels and link junk come off an entry; the words of the entry stay."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refgraph.extract.structured import clean_entry

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéü", min_size=2, max_size=9)
_BODY = st.lists(_WORD, min_size=1, max_size=12).map(" ".join).filter(lambda s: s[:1].isupper())
_LABELS = st.sampled_from(["{n}. ", "[{n}] ", "\\[{n}\\] ", "[^{n}]: ", ".. [{n}] ", "({n}) ", "{n}. {n}. "])


@given(body=_BODY, label=_LABELS, n=st.integers(1, 999), year=st.integers(1900, 2030))
def test_label_comes_off_and_the_entry_stays(body, label, n, year):
    entry = f"{body}, {year}."
    assert clean_entry(label.format(n=n) + entry) == (str(n), entry)


@given(body=_BODY, year=st.integers(1900, 2030),
       junk=st.lists(st.sampled_from(["[DOI]", "[PubMed]", "[Google Scholar]", "Crossref", "CAS", "Article"]),
                     max_size=4),
       distinct=st.sampled_from(["[DOI]", "Google Scholar", "PubMed", "Crossref", "[Article]"]))
def test_link_buttons_after_the_entry_come_off(body, year, junk, distinct):
    entry = f"{body}, {year}."
    assert clean_entry(f"{entry} {' '.join([*junk, distinct])}") == ("", entry)


@given(parts=st.lists(_BODY, min_size=1, max_size=4))
def test_line_breaks_and_tags_leave_single_spaces(parts):
    printed = "\n   ".join(f"<span>{p}</span>" for p in parts) + " 2001."
    label, text = clean_entry(printed)
    assert label == "" and text == " ".join(parts) + " 2001."


def test_a_title_ending_in_a_button_word_keeps_it():
    assert clean_entry("Lee A. 2001. Chemical Abstracts Service CAS")[1] == "Lee A. 2001. Chemical Abstracts Service CAS"
