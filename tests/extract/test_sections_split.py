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
    ("## Notes\n\n[^1]: Clark DM. Realizing the benefit. 2018;14:159-183.\n[^2]: Scott MJ. Radical reform. 2018.\n",
     ["Clark DM. Realizing the benefit. 2018;14:159-183.", "Scott MJ. Radical reform. 2018."]),
], ids=["dot", "bracket", "dash-number", "paren", "blank-separated-hanging", "wrapped-hanging", "wrapped-url",
        "markdown-footnotes"])
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


# Bibliographies as PDF text extraction leaves them (from GROBID's reference-segmenter data).
WRAPPED = {
    "surname-initials-crossref": (
        "Anderson MJ, Young ED (2004) Isoflurane/N2O anesthesia sup-\npresses narrowband but not wideband "
        "inhibition in dorsal cochlear\nnucleus. Hear Res 188:29 -41. CrossRef\nAntkowiak B (2001) How do "
        "general anaesthetics work? Naturwis-\nsenschaften 88:201-213. Medline\n", 2),
    "no-space-after-comma": (
        "Aharoni,A., Griffiths,A.D. and Tawfik,D.S. (2005) Curr. Opin. Chem. Biol.,\n9, 210–216.\n"
        "Anantharaman,V., Aravind,L. and Koonin,E.V. (2003) Curr. Opin. Chem.\nBiol., 7, 12–20.\n"
        "Armstrong,R.N. (1997) Chem. Res. Toxicol., 10, 2– 18.\n", 3),
    "given-names-first": (
        "Firoj Alam, Fahim Dalvi, Shaden Shaar, Nadir Durrani,\nHamdy Mubarak, Alex Nikolov, Giovanni Da San\n"
        "Martino, Ahmed Abdelali, Hassan Sajjad, Kareem\nDarwish, et al. 2020. Fighting the COVID-19 info-\n"
        "demic in social media. arXiv preprint arXiv:2007.07996.\nRich Caruana. 1997. Multitask learning. "
        "Machine\nlearning, 28(1):41-75.\n", 2),
    "numbered-year-on-next-line": (
        "[1] B. Aharmim et al. (SNO), Phys. Rev. C 72, 055502\n(2005).\n[2] J. Hosaka et al. "
        "(Super-Kamkiokande), Phys. Rev. D 73,\n112001 (2006).\n[3] T. Araki et al. (KamLAND), Phys. Rev. "
        "Lett. 94, 081801\n(2005).\n", 3),
    "numbered-from-4": (
        "(4) Zhang, Q.; Sun, Y.; Xu, W.; Zhu, D. Organic Thermoelectric\nMaterials. Adv. Mater. 2014, 26, "
        "6829−6851.\n(5) Boulanger, C. Thermoelectric Material Electroplating: A\nHistorical Review. J. Electron. "
        "Mater. 2010, 39, 1818−1827.\n", 2),
    "alphanumeric-keys": (
        "[AH] M. Atiyah, N. Hitchin, The geometry and dynamics of magnetic monopoles, Princeton University Press\n"
        "(1988), viii+134pp.\n[AMM] A. Alekseev, A. Malkin, E. Meinrenken, Lie group valued moment maps, J. "
        "Differential Geom. 48\n(1998), no. 3, 445-495.\n", 2),
}


@pytest.mark.parametrize("text, count", list(WRAPPED.values()), ids=list(WRAPPED))
def test_wrapped_pdf_lists(text, count):
    from refgraph.extract.split import split_references
    refs = split_references(text)
    assert len(refs) == count
    assert all("\n" not in r.text for r in refs)


def test_double_spaced_list():
    text = ("Abele, A. E. (2003). The dynamics of masculine-agentic and feminine-communal\n\n"
            "       traits: Findings from a prosective study. Journal of Personality and Social\n\n"
            "       Psychology, 85, 768-776.\n\n"
            "Ajzen, I., & Fishbein, M. (1977). Attitude-behavior relations: A theoretical analysis\n\n"
            "       and review of empirical research. Psychological Bulletin, 84, 888-918.\n")
    from refgraph.extract.split import split_references
    assert [r.text[:5] for r in split_references(text)] == ["Abele", "Ajzen"]


def test_page_numbers_and_running_heads_inside_a_list():
    text = ("[9]    J. D. Meindl et al, Interconnecting device opportunities for gigascale\n"
            "       integration (GSI), IEDM Technical Digest (2001), pp. 525-528.\n\n\n"
            "                                  142\n BIBLIOGRAPHY                       143\n\n"
            "[10]   A. Rahman et al, Comparison of key performance metrics, 2002.\n")
    from refgraph.extract.split import split_references
    refs = split_references(text)
    assert [r.label for r in refs] == ["9", "10"]
    assert "142" not in refs[0].text


@pytest.mark.parametrize("heading", ["1.3 References", "\f   References", "## Bibliography", "**REFERENCES**",
                                     "7. Works Cited", "Literature cited:", "Reference", "References and notes",
                                     "Sources and further reading"])
def test_heading_forms(heading):
    text = f"Body text here.\n\n{heading}\n\nSmith, J. (2019) A title. Foo Press.\n"
    assert refs_of(text) == ["Smith, J. (2019) A title. Foo Press."]


def test_prose_after_an_unbroken_list_is_not_a_reference():
    prose = "\n".join(["The discussion continues here with many words and no dates at all."] * 12)
    text = ("References\nSmith, J. (2019) A title. Foo Press.\nDoe, A. (2020) Other title. Bar Press.\n"
            + prose + "\n")
    refs = refs_of(text)
    assert refs[0] == "Smith, J. (2019) A title. Foo Press."
    assert refs[-1] == "Doe, A. (2020) Other title. Bar Press."


@pytest.mark.parametrize("footer", ["© 2021 The Author. Share this article.", "Copyright 2019 Elsevier Ltd.",
                                    "Received: 12 May 2020; Accepted: 3 June 2020",
                                    "Posted in News, 14 March 2021 by the editors"],
                         ids=["copyright-sign", "copyright-word", "received", "posted"])
def test_web_page_footers_end_the_list(footer):
    text = ("References\n\nSmith, J. (2019) A title. Foo Press.\n\nDoe, A. (2020) Other title. Bar Press.\n\n"
            f"{footer}\n")
    assert refs_of(text) == ["Smith, J. (2019) A title. Foo Press.", "Doe, A. (2020) Other title. Bar Press."]


def test_further_reading_after_the_references_does_not_replace_them():
    text = ("Body (Smith 2019).\n\nReferences\n\nSmith, J. (2019) A title. Foo Press.\n\n"
            "Further reading\n\nDoe, A. (2020) Other title. Bar Press.\n\nRoe, B. (2021) Third. Baz Press.\n")
    assert refs_of(text) == ["Smith, J. (2019) A title. Foo Press."]
