"""Second-pass features: the first pass's labelling of the whole reference, per token."""
import pytest

from refgraph.extract.stack import first_pass_features, stacked

LABELS = ["author", "author", "date", "title", "title", "title", "container-title", "container-title", "pages"]


@pytest.fixture(scope="module")
def feats():
    return [{a.decode() for a in f} for f in first_pass_features(LABELS)]


@pytest.mark.parametrize("i, expected", [
    (0, {"q0=author", "qprev=^", "qnext=date", "qat=first", "q-1=^", "q+1=author", "qrun=0"}),
    (1, {"qat=last", "qlen=2", "q-1=author"}),
    (4, {"q0=title", "qat=mid", "qlen=3", "qprev|q0=date|title", "q0|qnext=title|container-title"}),
    (6, {"qprev=title", "qnth=1", "qhas=container-title", "qtitles=1"}),
    (8, {"qnext=$", "q+1=$", "qat=first", "qlen=1"}),
], ids=["first-token", "end-of-run", "inside-run", "run-context", "last-token"])
def test_first_pass_features(feats, i, expected):
    assert expected <= feats[i]


def test_global_flags_only_for_fields_present(feats):
    assert "qhas=journal" not in feats[0] and "qhas=pages" in feats[0]


def test_stacked_keeps_token_features_first():
    base = [[b"w=a"], [b"w=b"]]
    out = stacked(base, ["title", "title"])
    assert [f[0] for f in out] == [b"w=a", b"w=b"] and len(out[0]) > 1


def test_a_second_title_run_is_counted():
    f = first_pass_features(["title", "date", "title"])
    assert b"qnth=2" in f[2] and b"qtitles=2" in f[0]
