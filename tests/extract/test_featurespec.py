"""The feature contract (featurespec): the training names and the scorer's tables both follow
it, and a table that outgrows its bits fails at once instead of corrupting its neighbour."""
import pytest

from refgraph.extract import features as F
from refgraph.extract import featurespec as spec
from refgraph.extract.featurespec import BitLayout, FeatureSpecError
from tests.extract.realrefs import token_lists


@pytest.mark.parametrize(("fields", "why"), [
    ((("last", 5, 33),), "33 values do not fit in 5 bits"),
    ((("flag", 1, 3),), "3 values do not fit in 1 bits"),
    ((("a", 32, 2), ("b", 32, 2)), "needs 64 bits"),
], ids=["table-outgrows-field", "flag-with-three-values", "past-int64"])
def test_a_layout_that_cannot_hold_its_values_is_refused(fields, why):
    with pytest.raises(FeatureSpecError, match=why):
        BitLayout(*fields)


def test_fields_are_laid_one_after_another():
    layout = BitLayout(("a", 1, 2), ("b", 3, 8), ("c", 5, 25))
    assert [(f.shift, f.width, f.mask) for f in layout.fields.values()] == [(0, 1, 1), (1, 3, 7), (4, 5, 31)]
    packed = 1 | 6 << layout["b"].shift | 24 << layout["c"].shift
    assert (layout["a"].get(packed), layout["b"].get(packed), layout["c"].get(packed)) == (1, 6, 24)


def test_token_bits_hold_every_case_and_last_character():
    assert len(F.LASTS) <= F.LAST_BITS.mask + 1 and len(F.CASES) <= F.CASE_BITS.mask + 1
    ends = [f.shift + f.width for f in spec.TOKEN_BITS.fields.values()]
    starts = [f.shift for f in spec.TOKEN_BITS.fields.values()]
    assert starts == [0] + ends[:-1] and ends[-1] <= 63


def test_token_bits_round_trip_through_the_layout():
    tok = F._Tok("(“Smith,", {})
    assert F.LASTS[F.LAST_BITS.get(tok.bits)] == tok.last == b"last=,"
    assert F.CASES[F.CASE_BITS.get(tok.bits)] == tok.case == b"C"
    assert (F.OPENED_BITS.get(tok.bits), F.CLOSED_BITS.get(tok.bits)) == (1, 0)
    assert tok.bits & F.QUOTE_OPEN and not tok.bits & F.QUOTE_CLOSE


@pytest.mark.needs_shared("corpora")
def test_every_real_token_starts_with_the_declared_positional_names():
    for tokens in token_lists(60):
        for token in tokens:
            spec.check_names(F._static(token, {}))


def test_a_static_feature_out_of_place_is_refused():
    names = F._static("Smith,", {})
    with pytest.raises(FeatureSpecError, match="declares"):
        spec.check_names((names[1], names[0], *names[2:]))


def test_neighbours_see_exactly_the_names_the_spec_lets_them_reach():
    tokens = ["Smith,", "J.", "(2019).", "*Title*", "Press."]
    named = F.Featurizer().encoded(tokens)
    for prefix, distance, at in ((b"+1:", 1, 0), (b"+2:", 2, 0), (b"-1:", 1, 4), (b"-2:", 2, 3)):
        seen = [name[len(prefix):] for name in named[at] if name.startswith(prefix) and name != b"+1:edge"]
        other = F._Tok(tokens[at + distance if prefix[0:1] == b"+" else at - distance], {}).names
        need = spec.NEAR if distance == 1 else spec.FAR
        assert seen == [name for j, name in enumerate(other) if spec.reach(j) >= need]
        assert len(seen) < len(other)  # some names are the token's own
