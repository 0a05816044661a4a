import pytest

from refgraph.extract.sections import find_reference_section
from refgraph.extract.split import split_references
from refgraph.ingest import read_document


def refs_of(text: str) -> list[str]:
    section = find_reference_section(text)
    if section is None:
        return []
    return [r.text for r in split_references(text, section.start, section.end)]


@pytest.mark.parametrize("prefix, count", [("000", 9), ("001", 0), ("002", 3), ("003", 11), ("004", 0)])
def test_seed_reference_counts(seed, prefix, count):
    assert len(refs_of(read_document(seed(prefix)).source_text)) == count


BODY = "Some body text that cites things (Smith 2019).\n\n"


@pytest.mark.parametrize("listing, expected", [
    ("References\n1. Smith J. A title. J Foo 2019; 1: 2-3.\n2. Doe A. Other. 2020.\n",
     ["Smith J. A title. J Foo 2019; 1: 2-3.", "Doe A. Other. 2020."]),
    ("References\n[1] Smith J. A title. 2019.\n[2] Doe A. Other. 2020.\n",
     ["Smith J. A title. 2019.", "Doe A. Other. 2020."]),
    ("REFERENCES\n- 1 Smith J. A title. 2019.\n- 2 Doe A. Other. 2020.\n",
     ["Smith J. A title. 2019.", "Doe A. Other. 2020."]),
    ("Bibliography\n1) Smith J. A title. 2019.\n2) Doe A. Other. 2020.\n",
     ["Smith J. A title. 2019.", "Doe A. Other. 2020."]),
    ("## Works Cited\n\nSmith, J. (2019) A title. Foo.\n\nDoe, A. (2020) Other. Bar.\n\nAbout the author\n",
     ["Smith, J. (2019) A title. Foo.", "Doe, A. (2020) Other. Bar."]),
    ("References\nSmith, J. (2019) A very long title that wraps onto\n    the next line. Journal of\n    Things, 3, 1–9.\n"
     "Doe, A. (2020) Other. Bar.\n",
     ["Smith, J. (2019) A very long title that wraps onto the next line. Journal of Things, 3, 1–9.",
      "Doe, A. (2020) Other. Bar."]),
    ("References\n1. Smith J. A title. 2019. https://example.org/a-\nlong-path\n2. Doe A. Other. 2020.\n",
     ["Smith J. A title. 2019. https://example.org/a-long-path", "Doe A. Other. 2020."]),
], ids=["dot", "bracket", "dash-number", "paren", "blank-separated-hanging", "wrapped-hanging", "wrapped-url"])
def test_split_formats(listing, expected):
    assert refs_of(BODY + listing) == expected


def test_trailing_numbered_list_without_heading():
    text = BODY + "1. Smith J. A title. 2019.\n2. Doe A. Other. 2020.\n3. https://doi.org/10.1000/xyz\n"
    assert len(refs_of(text)) == 3


@pytest.mark.parametrize("text", [
    "The plan has three steps.\n1. Ask people\n2. Listen to them\n3. Act\n",
    "Notes\nRemember to call Bob.\n",
    "We read 15 papers in 2017 and 2018.\n",
], ids=["numbered-prose-list", "notes-heading-prose", "no-list"])
def test_no_invented_references(text):
    assert refs_of(text) == []


def test_list_stops_at_following_post(seed):
    refs = refs_of(read_document(seed("003")).source_text)
    assert refs[-1].startswith("Whitaker, R. (2010)")
