"""Batch scoring: the sum of the model's weights over each token's attribute names, computed
without naming them, and the vectorised sequence context it rests on."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from refgraph.extract import features as F
from refgraph.extract.crf import MODEL_NAME, data_dir, model
from refgraph.extract.crfsuite_file import read_crfsuite
from tests.extract.realrefs import token_lists


WEIGHTS = read_crfsuite(data_dir() / MODEL_NAME)


def _by_names(m, tokens: list[str]) -> np.ndarray:
    """crfsuite's definition: for each token, add up the weights of its attribute names."""
    state = WEIGHTS.state
    out = np.zeros((len(tokens), len(WEIGHTS.labels)))
    for row, names in zip(out, m.featurizer.encoded(tokens)):
        for name in names:
            a = WEIGHTS.attributes.get(name)
            if a is not None:
                lo, hi = state.indptr[a], state.indptr[a + 1]
                np.add.at(row, state.label[lo:hi], state.weight[lo:hi])
    return out


ODD = [["x"], ["(((", "a", ")"], ["“Quoted", "title,”", "in", "*Book*"], ["2019", "2020", "2021"],
       [")", ")", "(", "x", ")"], ["*a", "b*", "*c*", "_d_"]]


@pytest.mark.parametrize("real, odd", [
    pytest.param(120, False, marks=pytest.mark.needs_shared("corpora")), (0, True),
    pytest.param(40, True, marks=pytest.mark.needs_shared("corpora")),
], ids=["real", "odd", "mixed"])
def test_scores_are_the_sums_of_the_named_attributes(real, odd):
    batch = (token_lists(real) if real else []) + (ODD if odd else [])
    m = model()
    starts = np.concatenate(([0], np.cumsum([len(s) for s in batch])))
    got = m.scorer.scores([t for seq in batch for t in seq], starts)
    want = np.concatenate([_by_names(m, seq) for seq in batch])
    assert got == pytest.approx(want, abs=1e-9)


def _naive_context(bits: list[int]) -> list[tuple]:
    """The context of one sequence, token by token (the loop `context` vectorises)."""
    n, out = len(bits), []
    seg_of, lengths, seg, run = [], [], 0, 0
    for b in bits:
        seg_of.append(seg)
        run += 1
        if b & F.BRK:
            lengths.append(run)
            seg, run = seg + 1, 0
    if run:
        lengths.append(run)
    depth = quote = emph = in_seg = 0
    seen_year = seen_close = seen_in = False
    for i, b in enumerate(bits):
        ahead = [j for j in range(i + 1, n) if bits[j] & F.DIGIT]
        opened, closed = (b >> F.OPENED_SHIFT) & F.COUNT_MAX, (b >> F.CLOSED_SHIFT) & F.COUNT_MAX
        flags = (depth > 0 or opened > 0, bool(quote), bool(emph), seen_year, seen_close, seen_in)
        plc = -1 if i == 0 else F.LAST_BITS.get(bits[i - 1]) * len(F.CASES) + F.CASE_BITS.get(b)
        out.append((min(lengths[seg_of[i]], 11), min(len(lengths) - 1 - seg_of[i], 4),
                    min(ahead[0] - i, 11) if ahead else 12, min(seg_of[i], 6), min(in_seg, 3), 10 * i // n, plc,
                    flags))
        depth = max(0, depth + opened - closed)
        quote = 1 if b & F.QUOTE_OPEN else quote
        quote = 0 if b & F.QUOTE_CLOSE else quote
        emph = 1 if b & F.EMPH_OPEN else emph
        emph = 0 if b & F.EMPH_CLOSE else emph
        seen_year, seen_close = seen_year or bool(b & F.YEAR), seen_close or bool(b & F.QUOTE_CLOSE)
        seen_in = seen_in or bool(b & F.KW_IN)
        in_seg = 0 if b & F.BRK else in_seg + 1
    return out


TOKEN_BITS = st.builds(
    lambda flags, opened, closed, case, last: flags | opened << F.OPENED_SHIFT | closed << F.CLOSED_SHIFT
    | case << F.CASE_SHIFT | last << F.LAST_SHIFT,
    st.integers(0, 255), st.integers(0, 300), st.integers(0, 300), st.integers(0, 3), st.integers(0, len(F.LASTS) - 1))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(TOKEN_BITS, min_size=1, max_size=14), min_size=1, max_size=5))
def test_vectorised_context_matches_the_token_by_token_loop(sequences):
    bits = np.array([b for s in sequences for b in s], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum([len(s) for s in sequences])))
    ctx = F.context(bits, starts)
    got = list(zip(ctx.seglen.tolist(), ctx.segsleft.tolist(), ctx.gap.tolist(), ctx.seg.tolist(),
                   ctx.inseg.tolist(), ctx.pos.tolist(), ctx.plc.tolist(), map(tuple, ctx.flags.tolist())))
    assert got == [row for s in sequences for row in _naive_context(s)]


@pytest.mark.needs_shared("corpora")
def test_scores_stay_right_when_the_token_and_signature_tables_start_afresh(monkeypatch):
    from refgraph.extract import score
    from refgraph.extract.crf import Model

    monkeypatch.setattr(score, "_TOKEN_LIMIT", 40)  # small tables: every batch resets them
    monkeypatch.setattr(score, "_SIGNATURE_LIMIT", 15)
    m = Model(data_dir() / MODEL_NAME, {})
    batches = [token_lists(20)[k:k + 5] for k in range(0, 20, 5)]
    for batch in batches + batches[:1]:  # the first batch again, after resets
        starts = np.concatenate(([0], np.cumsum([len(s) for s in batch])))
        got = m.scorer.scores([t for seq in batch for t in seq], starts)
        assert got == pytest.approx(np.concatenate([_by_names(m, seq) for seq in batch]), abs=1e-9)
