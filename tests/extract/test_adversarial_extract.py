"""Inputs that once took minutes (exponential or quadratic paths): the output must be right.

Each size here took from tens of seconds to hours before the fix; the tests check what comes
out, never how long it took (benchmarks/adversarial.py prints the times).
"""
import pytest

from refgraph.extract.fields import clean_value
from refgraph.extract.names import parse_names
from refgraph.extract.split import looks_like_reference


@pytest.mark.parametrize("n", [3, 60], ids=["short", "exponential-before"])
def test_a_near_miss_of_initials_is_parsed_like_a_short_one(n):
    # 27 repeats took 30 s, each 2 more four times as long: 60 would never have finished.
    names, etal = parse_names("Smith, " + "A " * n + "a, and Jones, B.")
    assert [x.family for x in names] == ["Smith", "a", "Jones", "B."]
    assert names[1].given == " ".join(["A"] * n)
    assert not etal


@pytest.mark.parametrize("text, expected", [
    ("(" * 300_000 + "Title", "Title"),
    ("Title" + ")" * 300_000, "Title"),
    ("[(" * 100_000 + "Title.", "Title"),
    ("(" * 100_000 + "Title" + ")" * 100_000, "(" * 100_000 + "Title" + ")" * 100_000),
], ids=["opens", "closes", "mixed-opens", "balanced"])
def test_clean_value_of_many_brackets(text, expected):
    assert clean_value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a-" * 50_000, False),
    ("a-" * 50_000 + " see bit.ly/2FBjVQw", True),
], ids=["no-link", "link-at-the-end"])
def test_looks_like_reference_on_a_long_hyphenated_run(text, expected):
    assert looks_like_reference(text) is expected


def test_a_huge_reference_is_parsed_from_its_start_and_kept_whole():
    from refgraph.extract.parse import MAX_REFERENCE_CHARS, parse_references
    raw = "Smith, J. (2010). " + "A very long title word " * 220_000  # 5 MB: took 2.5 GB before
    first, second = parse_references([raw, "Jones, A. (2012). Short. Journal of Things, 3(1), 1-9."])
    assert first.raw == raw and first.year == 2010 and first.authors[0].family == "Smith"
    assert [i.kind for i in first.issues if i.kind == "too-long"] == ["too-long"]
    assert f"only the first {MAX_REFERENCE_CHARS:,}" in next(i.message for i in first.issues if i.kind == "too-long")
    assert second.year == 2012 and not any(i.kind == "too-long" for i in second.issues)
