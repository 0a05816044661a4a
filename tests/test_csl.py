"""CSL items <-> Reference records: what `Reference.to_csl` writes, `reference_from_csl` reads back
(one table of text variables serves both), and variables with no slot survive as extras."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from refgraph.csl import SLOTS, csl_name, reference_from_csl
from refgraph.model import CSL_TEXT_VARIABLES, Name, Reference

WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
VALUE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)
PEOPLE = st.lists(st.one_of(st.builds(Name, family=WORD, given=st.one_of(st.just(""), WORD)),
                            st.builds(Name, literal=WORD)), max_size=3).map(tuple)


@st.composite
def references(draw) -> Reference:
    texts = {attribute: draw(st.one_of(st.just(""), VALUE)) for _, attribute in CSL_TEXT_VARIABLES}
    year = draw(st.one_of(st.none(), st.integers(1000, 2999)))
    return Reference(
        n=draw(st.integers(0, 50)), raw=draw(st.text(max_size=12)), type=draw(st.sampled_from(["book", "chapter"])),
        title=draw(st.text(max_size=8)), authors=draw(PEOPLE), editors=draw(PEOPLE), year=year,
        year_suffix=draw(WORD) if year is not None and draw(st.booleans()) else "",
        date_text="" if year is not None else draw(st.one_of(st.just(""), WORD)), arxiv=draw(st.text(max_size=6)),
        key=draw(st.text(max_size=5)), source=draw(st.text(max_size=5)),
        extra=tuple(draw(st.lists(st.tuples(WORD.map("bibtex:{}".format), VALUE), max_size=2))), **texts)


@settings(max_examples=200, deadline=None)
@given(references())
def test_what_to_csl_writes_reads_back_unchanged(ref):
    item = json.loads(json.dumps(ref.to_csl()))  # as stored: through JSON
    assert reference_from_csl(item, n=ref.n) == ref


def test_every_text_variable_has_a_slot_both_ways():
    assert {var: attribute for var, attribute in CSL_TEXT_VARIABLES}.items() <= SLOTS.items()
    assert set(SLOTS.values()) <= set(Reference.__dataclass_fields__)


@pytest.mark.parametrize(("item", "extra"), [
    ({"type": "book", "abstract": "A study."}, (("csl:abstract", "A study."),)),
    ({"type": "book", "keyword": ["a", "b"]}, (("csl:keyword", '["a", "b"]'),)),
    ({"type": "book", "issued": {"date-parts": [[2019, 10, 18]]}}, (("csl:issued", '{"date-parts": [[2019, 10, 18]]}'),)),
], ids=["string", "list", "full-date"])
def test_variables_without_a_slot_are_kept_as_extras(item, extra):
    assert reference_from_csl(item).extra == extra


@pytest.mark.parametrize(("item", "name"), [
    ({"literal": "WHO", "family": "WHO"}, Name(literal="WHO")),
    ({"name": "Cochrane Collaboration"}, Name(literal="Cochrane Collaboration")),
    ({"family": "Smith", "literal": "J. Smith"}, Name(family="Smith")),
    ({"family": ["Beethoven", ""], "given": " Ludwig  ", "non-dropping-particle": "van"},
     Name(family="Beethoven", given="Ludwig", particle="van")),
], ids=["organisation-as-refgraph-writes-it", "crossref-name", "person-beside-literal", "lists-and-spaces"])
def test_names(item, name):
    assert csl_name(item) == name
