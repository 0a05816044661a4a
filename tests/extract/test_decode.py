"""The numpy decoder gives crfsuite's labels and probabilities.

Small random CRFs are checked against brute force over every labelling (with weights that are
small multiples of 1/2, so sums are exact and ties happen); the shipped model is checked
against python-crfsuite's own tagger on real references."""
from itertools import product

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from refgraph.extract.crf import MODEL_NAME, data_dir, model
from refgraph.extract.decode import Transitions, log_probability, viterbi
from tests.extract.realrefs import token_lists

HALVES = st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.0, 0.0, 0.5, 1.0, 2.0])


@st.composite
def crfs(draw):
    n_labels = draw(st.integers(1, 4))
    lengths = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    scores = draw(arrays(np.float64, (len(lengths), max(lengths), n_labels), elements=HALVES))
    trans = draw(arrays(np.float64, (n_labels, n_labels), elements=HALVES))
    return scores, np.array(lengths), trans


def _score(scores, trans, path):
    return sum(scores[t, y] for t, y in enumerate(path)) + sum(trans[a, b] for a, b in zip(path, path[1:]))


@pytest.mark.parametrize("sparse", [True, False], ids=["learnt-pairs", "dense"])
@settings(max_examples=300, deadline=None)
@given(crf=crfs())
def test_viterbi_finds_a_best_labelling(crf, sparse):
    scores, lengths, trans = crf
    labels = viterbi(scores, lengths, Transitions.of(trans), sparse=sparse)
    for b, n in enumerate(lengths):
        best = max(_score(scores[b], trans, p) for p in product(range(trans.shape[0]), repeat=n))
        assert _score(scores[b], trans, labels[b, :n]) == best
        assert (labels[b, n:] == -1).all()


@settings(max_examples=200, deadline=None)
@given(crfs())
def test_log_probability_is_the_score_minus_the_log_partition(crf):
    scores, lengths, trans = crf
    tr = Transitions.of(trans)
    labels = viterbi(scores, lengths, tr)
    got = log_probability(scores, lengths, labels, tr)
    for b, n in enumerate(lengths):
        all_scores = [_score(scores[b], trans, p) for p in product(range(trans.shape[0]), repeat=n)]
        log_z = np.logaddexp.reduce(all_scores)
        assert got[b] == pytest.approx(_score(scores[b], trans, labels[b, :n]) - log_z, abs=1e-9)


def test_large_scores_do_not_overflow():
    scores = np.array([[[900.0, 0.0], [0.0, 900.0]]])
    tr = Transitions.of(np.zeros((2, 2)))
    labels = viterbi(scores, np.array([2]), tr)
    assert labels.tolist() == [[0, 1]]
    assert np.isfinite(log_probability(scores, np.array([2]), labels, tr)).all()


@pytest.fixture(scope="module")
def crfsuite_tagger():
    tagger = pycrfsuite.Tagger()
    tagger.open(str(data_dir() / MODEL_NAME))
    return tagger


@pytest.mark.needs_shared("corpora")
def test_the_shipped_model_labels_real_references_as_crfsuite_does(crfsuite_tagger):
    m = model()
    sequences = token_lists()
    ours = m.label_many(sequences)
    for tokens, got in zip(sequences, ours):
        want = crfsuite_tagger.tag(m.featurizer.encoded(tokens))
        assert [lab.split("-", 1)[-1] if lab[:2] in ("B-", "E-") else lab for lab in want] == list(got.labels)
        p = crfsuite_tagger.probability(want) ** (1 / len(tokens))
        assert got.confidence == pytest.approx(p, rel=1e-9)


@pytest.mark.needs_shared("corpora")
def test_batches_and_single_sequences_agree():
    m = model()
    sequences = token_lists(60) + [[], ["x"]]
    batch = m.label_many(sequences)
    single = [m.label_many([s])[0] for s in sequences]
    assert [b.labels for b in batch] == [s.labels for s in single]
    assert [b.confidence for b in batch] == pytest.approx([s.confidence for s in single], rel=1e-12)
    assert batch[-2].labels == () and batch[-1].labels
