"""Training helpers: field-start marks, and the scorer that mirrors spans.py."""
import pytest
from hypothesis import given, strategies as st

from refgraph.extract.crf import unmark
from refgraph.extract.train import begin_marked, score

LABELS = st.sampled_from(["author", "title", "journal", "date", "pages"])


@pytest.mark.parametrize("labels, expected", [
    (["author", "author", "date", "title", "title"], ["B-author", "author", "B-date", "B-title", "title"]),
    (["title"], ["B-title"]),
    ([], []),
], ids=["fields", "single", "empty"])
def test_begin_marks_first_token_of_each_field(labels, expected):
    assert begin_marked(labels) == expected


def test_end_marks_last_token_of_longer_fields():
    labels = ["author", "author", "author", "date", "title", "title"]
    assert begin_marked(labels, end=True) == ["B-author", "author", "E-author", "B-date", "B-title", "E-title"]


@given(st.lists(LABELS, max_size=30))
def test_unmark_undoes_begin_marks(labels):
    assert unmark(begin_marked(labels)) == labels
    assert unmark(begin_marked(labels, end=True)) == labels
    assert unmark(labels) == labels


def test_score_counts_spans_not_tokens():
    gold = [["author", "author", "title", "title", "journal"]]
    pred = [["author", "title", "title", "title", "journal"]]
    got = score(gold, pred)
    assert got["token_acc"] == 0.8 and got["all_right"] == 0.0
    assert got["span_f1"] == pytest.approx(1 / 3, abs=1e-4)  # journal right; author and title both wrong
