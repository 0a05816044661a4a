"""Training helpers: field-start marks, and the scorer that mirrors spans.py."""
import sys

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


REFS = [
    ("author", "Smith, J."), ("date", "(2010)."), ("title", "A study of things."), ("journal", "Journal of Stuff,"),
    ("volume", "12(3),"), ("pages", "45–67."),
]


def _dataset(n: int) -> str:
    seqs = []
    for k in range(n):
        fields = "".join(f"<{lab}>{text.replace('Smith', f'Smith{k}')}</{lab}>" for lab, text in REFS)
        seqs.append(f"<sequence>{fields}</sequence>")
    return "<dataset>" + "".join(seqs) + "</dataset>"


def test_the_training_command_writes_a_model_the_tagger_reads(tmp_path):
    from refgraph.extract.crf import MODEL_NAME, Model
    from refgraph.extract.train import main

    parser_dir = tmp_path / "corpora" / "anystyle" / "parser"
    parser_dir.mkdir(parents=True)
    for name in ("core", "good", "bad", "ugly"):
        (parser_dir / f"{name}.xml").write_text(_dataset(8), encoding="utf-8")
    out = tmp_path / "model"
    assert main(["--corpora", str(tmp_path / "corpora"), "--out", str(out), "--iterations", "30"]) == 0
    model = Model(out / MODEL_NAME, {})
    labels = model.tag("Jones, K. (2011). Another study of things. Journal of Stuff, 13(1), 1–9.".split())
    assert labels[0] == "author" and labels[2] == "date" and labels[-1] == "pages"
    assert not any(lab.startswith(("B-", "E-")) for lab in labels)


def test_training_without_crfsuite_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    from refgraph.extract.train import main

    parser_dir = tmp_path / "corpora" / "anystyle" / "parser"
    parser_dir.mkdir(parents=True)
    for name in ("core", "good", "bad", "ugly"):
        (parser_dir / f"{name}.xml").write_text(_dataset(2), encoding="utf-8")
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # as if the [train] extra were not installed
    assert main(["--corpora", str(tmp_path / "corpora"), "--out", str(tmp_path / "model")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: training the parser needs python-crfsuite: pip install 'refgraph[train]'"
    assert not (tmp_path / "model" / "parser.crfsuite").exists()
