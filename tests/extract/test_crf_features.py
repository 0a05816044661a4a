"""Token features: the signals the CRF sees for real reference tokens."""
import string

import pytest
from hypothesis import given, strategies as st

from refgraph.extract.features import Featurizer, core, shape


@pytest.fixture(scope="module")
def feats():
    f = Featurizer({})

    def of(tokens: str, i: int) -> set[str]:
        return set(f.sequence(tokens.split())[i])
    return of


@pytest.mark.parametrize("tokens, i, expected", [
    ("Dalal (2018) CBT", 1, {"year", "year_paren"}),
    ("Smith 2019a, Title", 1, {"year"}),
    ("pp. 1136–1147.", 1, {"range"}),
    ("Humanities 2015; 41(1): 40–47.", 2, {"voliss"}),
    ("Scott, M.J. (2018)", 1, {"initials", "cap", "allcap"}),
    ("Knox, R. and", 1, {"initials", "single"}),
    ("doi: 10.1111/bjc.12268.", 1, {"doi"}),
    ("at: https://x.org/a.pdf (Accessed:", 1, {"url"}),
    ("London: *Surviving Work*; 2019.", 1, {"emph_open"}),
    ("London: *Surviving Work*; 2019.", 2, {"emph_close", "inemph"}),
    ("‘The costs’, The British", 2, {"after_quote"}),
    ("Title. In: Jackson C", 2, {"after_in"}),
    ("(Accessed: 7 April 2021)", 2, {"month", "paren"}),
], ids=["year-paren", "year-suffix", "page-range", "vol-issue", "dotted-initials", "initial",
        "doi", "url", "emphasis-open", "emphasis-close", "after-quote", "after-in", "month-in-paren"])
def test_token_signals(feats, tokens, i, expected):
    assert expected <= feats(tokens, i)


def test_neighbours_and_edges(feats):
    got = feats("Smith, J. (2010). Title", 0)
    assert "-1:edge" in got and "+1:w=j" in got and "+2:w=2010" in got


def test_segments_count_sentence_breaks(feats):
    tokens = "Scott, M.J. (2018). Improving access. Journal of Health 23, 1136–1147."
    assert "seg=0" in feats(tokens, 0) and "seg=1" in feats(tokens, 3) and "seg=2" in feats(tokens, 5)


@pytest.mark.parametrize("word, expected", [("Smith", "Xx"), ("2019", "d"), ("J.", "X."), ("McDonald", "XxXx"),
                                            ("e1234", "xd")], ids=["name", "year", "initial", "camel", "locator"])
def test_shape(word, expected):
    assert shape(word) == expected


def _naive_shape(word: str) -> str:
    kinds = ["X" if ch in string.ascii_uppercase else "x" if ch in string.ascii_lowercase
             else "d" if ch in string.digits else ch if ch in ".,;:()-/" else "u" for ch in word]
    return "".join(k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1])[:6]


@given(st.text(max_size=30))
def test_shape_collapses_runs_of_character_kinds(word):
    assert shape(word) == _naive_shape(word)


def test_core_strips_marks_and_punctuation():
    assert core("*‘Title’,*") == "Title" and core("(2019).") == "2019"


def test_every_token_gets_features_and_no_feature_is_empty():
    seq = Featurizer({}).sequence(["*", "_", "(", "x", "..."])
    assert len(seq) == 5 and all(seq) and all(a for f in seq for a in f)
