"""refgraph.text, the one accent-and-case fold (tests/ingest/test_text.py holds the name
test_text). Each former copy is kept here as an oracle, so the test fails if the shared
definition ever drifts from what the stages computed before."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refgraph.dedup.features import ascii_fold
from refgraph.extract.textspan import fold as textspan_fold
from refgraph.graph.build import _norm
from refgraph.text import fold, strip_accents
from refgraph.writers.keys import _ascii


def _old_strip(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


texts = st.text(st.characters(codec="utf-8"), max_size=40)


@given(texts)
def test_fold_equals_each_former_copy(s):
    assert fold(s) == _old_strip(s).casefold() == ascii_fold(s)
    assert textspan_fold(s) == _old_strip(s).casefold().strip()
    assert _ascii(s) == re.sub(r"[^a-z0-9]", "", _old_strip(s).lower())
    assert _norm(s) == " ".join(re.sub(r"[^\w\s]", " ", _old_strip(s).casefold().replace("&", " and ")).split())


@given(texts)
def test_strip_accents_is_idempotent(s):
    assert strip_accents(strip_accents(s)) == strip_accents(s)


@pytest.mark.parametrize(("given_text", "folded"), [
    ("Müller", "muller"), ("ÉCOLE", "ecole"), ("Straße", "strasse"), ("ﬁsh", "fish"), ("plain", "plain"),
], ids=["umlaut", "capital-accent", "sharp-s", "ligature", "ascii"])
def test_fold_examples(given_text, folded):
    assert fold(given_text) == folded
