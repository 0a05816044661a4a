"""The trained line finder: its features, the shipped model on documents the rules miss, and
one-command training."""
from pathlib import Path

import pytest

from refgraph.extract.linefind import (
    document_features,
    line_features,
    load_model,
    model_section,
)
from refgraph.extract.find import find_references
from refgraph.extract.sections import rule_references

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

PROSE = ("The study of small things has a long history in the field, and we build on it here.\n"
         "We describe the method in the next section and report what we found after that.\n"
         "Our data come from a survey run over three years in several places of the region.\n"
         "The results agree with what earlier work led us to expect, with one exception.\n\n")
HANGING = ("Abrams, B. A. and P. Iossifov. 2006. Does the Fed contribute to a political business\n"
           "    cycle? Public Choice 129(3-4): 249-262.\n"
           "Bagehot, W. 1888. Lombard Street: A description of the money market. Kegan, Paul &\n"
           "    Trench.\n"
           "Beck, N. 1991. The Fed and the political business cycle. Contemporary Economic Policy\n"
           "    9(2): 25-38.\n")


@pytest.mark.parametrize("line, attribute", [
    ("Literaturverzeichnis", "heading=list"),
    ("External links", "heading=notlist"),
    ("[12] A. Smith. A title. 2019.", "num=0"),
    ("Smith, J. (2019). A title. J. Foo 3: 1-9.", "years=1"),
    ("    cycle? Public Choice 129(3-4): 249-262.", "indent=2"),
    ("https://doi.org/10.1000/xyz", "doi"),
], ids=["heading", "not-a-list", "bracket-number", "year", "indent", "doi"])
def test_line_features(line, attribute):
    assert attribute in line_features(line)


def test_neighbour_features_and_blank_lines():
    index, feats = document_features(["Title", "", "Smith, J. (2019). A title.", "    wrapped on."])
    assert index == [0, 2, 3]
    assert "blank_before" in feats[1] and "1:indent=2" in feats[1] and "-1:none" in feats[0]


@pytest.fixture(scope="module")
def shipped():
    model = load_model()
    if model is None:
        pytest.skip("no finder model installed (train it: python -m refgraph.extract.linefind_train)")
    return model


def test_model_finds_an_unheaded_unnumbered_list_the_rules_miss(shipped):
    text = PROSE + HANGING
    assert rule_references(text) == ([], None)
    refs, body_end = find_references(text)
    assert [r.text[:10] for r in refs] == ["Abrams, B.", "Bagehot, W", "Beck, N. 1"]
    assert body_end == len(PROSE)


def test_model_invents_no_list_in_prose(shipped):
    assert model_section(PROSE * 3) is None
    assert find_references(PROSE * 3) == ([], None)


def test_training_is_one_command(tmp_path):
    pytest.importorskip("pycrfsuite")
    if not (SHARED / "corpora").is_dir():
        pytest.skip("../shared/corpora is not here")
    from refgraph.extract.linefind import load_model as load
    from refgraph.extract.linefind_train import main

    out = tmp_path / "finder.crfsuite"
    assert main(["--shared", str(SHARED), "--docs", "40", "--out", str(out)]) == 0
    model = load.__wrapped__(Path(out))
    _, labels = model.tag((PROSE + "References\n" + HANGING).split("\n"))
    assert labels[-6:] == ["B", "I", "B", "I", "B", "I"]
