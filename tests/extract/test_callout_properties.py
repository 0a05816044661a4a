"""Properties of the callout finders on arbitrary text: they never fail and their spans are honest."""
from hypothesis import given, settings
from hypothesis import strategies as st

from refgraph.extract.incite import expand_numbers, find_citations
from refgraph.ingest.text import document_from_text
from refgraph.model import Name, Reference

REFS = tuple(Reference(n=i, raw=f"Smith{i}, A. ({2000 + i}) Title.", label=str(i), year=2000 + i,
                       authors=(Name(family=f"Smith{i}"),)) for i in range(1, 10))
ALPHABET = st.sampled_from(list("abcSmith ()[];,.&¹²³⁴⁵⁻–-0123456789\n") + ["2001", "2003a", "et al.", " and ", "e.g. "])


@given(st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=8, unique=True))
def test_expand_numbers_round_trip(numbers):
    assert expand_numbers(", ".join(map(str, numbers))) == numbers


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join), st.booleans())
def test_finders_never_fail_and_spans_are_inside_the_text(text, numbered):
    doc = document_from_text("t.txt", "t", "text", text)
    for c in find_citations(doc, len(doc.text), REFS, numbered):
        assert 0 <= c.span.start < c.span.end <= len(doc.source_text)
        assert set(c.refs) <= {r.n for r in REFS}
        if c.style == "author-year":
            assert doc.source_text[c.span.start:c.span.end] == c.text
        assert all(p.kind and p.message for p in c.problems)
