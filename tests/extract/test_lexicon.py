"""The parser's lexicon: flags from open name lists and GROBID's labelled corpus."""
import json

import pytest

from refgraph.extract.corpora import Sequence
from refgraph.extract.features import Featurizer
from refgraph.extract.lexicon import build, census_flags, grobid_flags, main


@pytest.fixture()
def names_dir(tmp_path):
    surnames = ["SMITH          1.006  1.006      1"] + [f"NAME{i}  0.001 0.1 {i}" for i in range(2, 2100)]
    surnames.append("RIVAS          0.001  90.0  2100")
    (tmp_path / "dist.all.last").write_text("\n".join(surnames) + "\n")
    (tmp_path / "dist.female.first").write_text("MARY           2.629  2.629      1\n")
    (tmp_path / "dist.male.first").write_text("RICHARD        1.000  1.000      1\n\n")
    return tmp_path


def test_census_bands_by_rank(names_dir):
    flags = census_flags(names_dir)
    assert flags["smith"] == {"sur1"} and flags["rivas"] == {"sur2"}
    assert flags["mary"] == {"giv"} and flags["richard"] == {"giv"}


def _seq(text: str, label: str) -> Sequence:
    toks = tuple(text.split())
    return Sequence(toks, (label,) * len(toks))


@pytest.mark.parametrize("word, expected", [
    ("introduction", {"Gtitle"}),
    ("phys", {"Gjournal"}),
    ("london", {"Glocation"}),
    ("kaplan", {"Gauthor"}),
    ("once", None),          # seen once: not enough evidence
], ids=["title-word", "journal-abbrev", "place", "author", "rare"])
def test_grobid_flags(word, expected):
    seqs = [_seq("Kaplan, M.", "author"), _seq("Kaplan, A.", "author"), _seq("An Introduction once", "title"),
            _seq("Introduction", "title"), _seq("Phys. Rev.", "journal"), _seq("Z. Phys.", "journal"),
            _seq("London:", "location"), _seq("London", "location")]
    assert grobid_flags(seqs).get(word) == expected


def test_lexicon_file_feeds_features(names_dir, tmp_path):
    out = tmp_path / "lex.json"
    assert main(["--names", str(names_dir), "--out", str(out)]) == 0
    lexicon = json.loads(out.read_text(encoding="utf-8"))
    assert lexicon == build(names_dir, None) and lexicon["smith"] == "sur1"
    feats = Featurizer(lexicon).sequence(["Smith,", "Mary", "Title."])
    assert "lx=sur1" in feats[0] and "lx=giv" in feats[1] and not any(a.startswith("lx=") for a in feats[2])
