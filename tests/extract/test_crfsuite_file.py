"""Reading crfsuite's model file directly: the same weights python-crfsuite reports."""
import pycrfsuite
import pytest

from refgraph.extract.crf import MODEL_NAME, data_dir
from refgraph.extract.crfsuite_file import ModelFileError, read_crfsuite


@pytest.fixture(scope="module")
def shipped():
    path = data_dir() / MODEL_NAME
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return read_crfsuite(path), tagger.info()


def test_labels_and_attributes_have_crfsuites_ids(shipped):
    weights, info = shipped
    assert {name: int(i) for name, i in info.labels.items()} == {name: i for i, name in enumerate(weights.labels)}
    assert len(weights.attributes) == len(info.attributes)
    assert all(weights.attributes[name.encode()] == int(i) for name, i in info.attributes.items())


def test_every_weight_matches(shipped):
    weights, info = shipped
    st = weights.state
    found = {}
    for a, name in ((a, name) for name, a in weights.attributes.items()):
        for k in range(st.indptr[a], st.indptr[a + 1]):
            found[(name.decode(), weights.labels[st.label[k]])] = st.weight[k]
    assert found.keys() == info.state_features.keys()
    assert all(found[key] == pytest.approx(w, abs=1e-6) for key, w in info.state_features.items())  # info rounds
    labels = {name: i for i, name in enumerate(weights.labels)}
    nonzero = {(a, b) for a, b in zip(*weights.transitions.nonzero())}
    assert nonzero == {(labels[a], labels[b]) for a, b in info.transitions}
    assert all(weights.transitions[labels[a], labels[b]] == pytest.approx(w, abs=1e-6)
               for (a, b), w in info.transitions.items())


@pytest.mark.parametrize("content", [
    b"", b"lCRF", b"not a model at all, just some text that is long enough to have a header....",
    b"\x00" * 4096,
], ids=["empty", "magic-only", "text", "zeros"])
def test_a_file_that_is_not_a_model_is_a_clear_error(tmp_path, content):
    bad = tmp_path / "parser.crfsuite"
    bad.write_bytes(content)
    with pytest.raises(ModelFileError, match="reinstall refgraph"):
        read_crfsuite(bad)


def test_a_truncated_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "parser.crfsuite"
    bad.write_bytes((data_dir() / MODEL_NAME).read_bytes()[:100_000])
    with pytest.raises(ModelFileError, match="reinstall refgraph"):
        read_crfsuite(bad)
