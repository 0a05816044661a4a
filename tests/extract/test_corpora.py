"""Corpus readers: labelled references from other projects, mapped onto AnyStyle's labels."""
from pathlib import Path

import pytest

from refgraph.extract.corpora import read_grobid

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<citations>
  <bibl><author>J. P. COLLMAN</author>. <title level="j">Acc. Chem. Res.</title> <biblScope type="vol">10</biblScope>, <biblScope type="pp">265</biblScope> (<date>1977</date>);</bibl>
  <bibl>[12] <author>Taylor, C.</author> (<date>1987</date>). <title level="a">Overcoming epistemology</title>. In <editor>K. Baynes</editor> (Eds.), <title level="m">After philosophy</title> (pp. <biblScope unit="page">464-488</biblScope>). <pubPlace>Cambridge</pubPlace>: <publisher>MIT Press</publisher>. <idno type="DOI">10.1000/xyz</idno></bibl>
  <bibl><author>Remane A</author> <date>(1926)</date> <title level="m">Morphologie der<lb/>Gastrotrichen</title>.</bibl>
</citations>
"""


@pytest.fixture(scope="module")
def seqs(tmp_path_factory) -> list:
    path = tmp_path_factory.mktemp("grobid") / "refs.tei.xml"
    path.write_text(TEI, encoding="utf-8")
    return read_grobid(Path(path))


def _label_of(seq, token: str) -> str:
    return seq.labels[seq.tokens.index(token)]


@pytest.mark.parametrize("ref, token, label", [
    (0, "COLLMAN.", "author"),   # punctuation after a field joins it
    (0, "Chem.", "journal"),
    (0, "10,", "volume"),
    (0, "(1977);", "date"),     # untagged brackets around a date join the date
    (1, "[12]", "citation-number"),
    (1, "Overcoming", "title"),
    (1, "In", "editor"),         # an untagged word joins the next field
    (1, "After", "container-title"),  # a book title after an article title is the container
    (1, "(pp.", "pages"),
    (1, "Cambridge:", "location"),
    (1, "Press.", "publisher"),
    (1, "10.1000/xyz", "doi"),
    (2, "Morphologie", "title"),  # a book title alone is the title
], ids=["author-punct", "journal", "volume", "date-brackets", "number", "title", "untagged-word", "container",
        "pages-prefix", "place", "publisher", "doi", "book-title"])
def test_grobid_tokens_get_anystyle_labels(seqs, ref, token, label):
    assert _label_of(seqs[ref], token) == label


def test_grobid_line_break_separates_words(seqs):
    assert ("der", "Gastrotrichen.") == seqs[2].tokens[-2:]
    assert len(seqs) == 3 and all(len(s.tokens) == len(s.labels) for s in seqs)
