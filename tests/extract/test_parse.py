"""The shipped model on real reference strings (the seed articles' lists and other styles)."""
import json
from pathlib import Path

import pytest

from refgraph.extract.parse import build_reference, label_tokens, parse_reference, parse_references
from refgraph.extract.tokens import raw_tokens

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "refs" / "gold").glob("0*.json"))
SEEDS = [ref for path in GOLD for ref in json.loads(path.read_text(encoding="utf-8"))["references"]]


def _families(names):
    return [n.literal or n.family for n in names]


@pytest.mark.parametrize("gold", SEEDS, ids=[f"{r['n']}-{r['raw'][:30]}" for r in SEEDS])
def test_seed_reference_fields(gold):
    """Every field the seed gold gives is what the parser finds (seeds are real references)."""
    ref = parse_reference(gold["raw"], n=gold["n"])
    assert _families(ref.authors) == gold["authors"]
    assert _families(ref.editors) == gold["editors"]
    assert str(ref.year or "") == (gold["year"] or "")
    for ours, key in ((ref.title, "title"), (ref.container_title, "container"), (ref.volume, "volume"),
                      (ref.issue, "issue"), (ref.page, "pages"), (ref.publisher, "publisher"),
                      (ref.doi, "doi"), (ref.isbn, "isbn"), (ref.accessed, "accessed")):
        assert ours == (gold[key] or ""), key
    if gold["url"] and "doi.org" not in gold["url"]:
        assert ref.url == gold["url"]
    kinds = {"article": ("article-journal", "paper-conference"), "web": ("webpage",)}
    assert ref.type in kinds.get(gold["type"], (gold["type"],))


@pytest.mark.parametrize("raw, year, accessed", [
    ("Rogers, C. R. (1951)\u00a0Client centered therapy. Constable. Available at: https://search.ebscohost.com/"
     "login.aspx?direct=true&AN=btc.0094539901 (Accessed: 7 April 2021).", 1951, "7 April 2021"),
    ("NHS England. Mental health services. 2016. https://www.england.nhs.uk/mh (accessed 12 March 2020).",
     2016, "12 March 2020"),
    ("World Health Organization. Depression fact sheet. Available from: https://www.who.int/x "
     "[cited 2021 Mar 3].", None, "2021 Mar 3"),
], ids=["harvard-access", "vancouver-access", "cited"])
def test_access_date_is_never_the_publication_year(raw, year, accessed):
    ref = parse_reference(raw)
    assert ref.accessed == accessed
    assert ref.year == year


@pytest.mark.parametrize("raw, expected_type", [
    ("Smith, J. (2010). The book of things. London: Routledge.", "book"),
    ("Smith, J. (2010). A chapter. In K. Jones (Ed.), The big handbook (pp. 1–20). New York, NY: Guilford.",
     "chapter"),
    ("Smith J, Jones K. A trial of things. Lancet 2010; 375(9): 100–110.", "article-journal"),
    ("Smith, J. (2010). Essays on things (Doctoral dissertation). University of Oxford, Oxford, UK.", "thesis"),
    ("Smith, J. 2010. Learning things. In Proceedings of the 12th International Conference on Machine "
     "Learning, pp. 1-8.", "paper-conference"),
    ('Z. Huang, W. Xu, and K. Yu, "Bidirectional LSTM-CRF models for sequence tagging," *arXiv preprint '
     'arXiv:1508.01991*, 2015.', "article"),
], ids=["book", "chapter", "article", "thesis", "conference", "arxiv-preprint"])
def test_type_inference_on_real_styles(raw, expected_type):
    assert parse_reference(raw).type == expected_type


@pytest.mark.parametrize("raw", [
    "Scott, M.J. (2018). Improving access to psychological therapies (IAPT) – the need for radical "
    "reform.Journal of Health Psychology, 23, 1136–1147. https://doi.org/10.1177/1359105318755264",
    "Friedli L, Stearn R. Positive affect. *Medical Humanities* 2015; 41(1): 40–47.",
    "",
    "   ",
    "a b c & &amp; <x> ]]> \u0000",
], ids=["glued", "markdown", "empty", "blank", "hostile"])
def test_label_tokens_keeps_every_whitespace_token(raw):
    out = label_tokens(raw)
    assert [t for t, _ in out] == raw_tokens(raw)
    assert all(label for _, label in out)


def test_identifiers_override_the_model():
    """Whatever the model says, tokens of a DOI found by rule carry the doi/url label and value."""
    tokens = "Smith, J. (2010). Title. doi: 10.1111/bjc.12268".split()
    ref = build_reference(" ".join(tokens), tokens, ["title"] * len(tokens))
    assert ref.doi == "10.1111/bjc.12268"
    assert "10.1111" not in ref.title


def test_empty_string_is_an_issue_not_an_error():
    ref = parse_reference("")
    assert ref.issues and ref.issues[0].kind == "parse"


def test_huge_string_does_not_fail():
    ref = parse_reference("Smith, J. (2010). " + "word " * 5000 + "Journal 1(2): 3-4.")
    assert ref.year == 2010


from hypothesis import example, given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=8))
def test_a_batch_parses_as_its_strings_one_by_one(texts):
    texts = texts + [s["raw"] for s in SEEDS[:4]]  # real references among the noise
    batch = parse_references(texts, range(1, len(texts) + 1))
    for n, (text, ref) in enumerate(zip(texts, batch), 1):
        alone = parse_reference(text, n)
        assert ref.with_(confidence=0.0) == alone.with_(confidence=0.0)
        assert ref.confidence == pytest.approx(alone.confidence, abs=1e-4)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_to_a_reference_and_labels_every_token(text):
    ref = parse_reference(text, n=3)
    assert ref.n == 3 and ref.raw == text
    assert 0.0 <= ref.confidence <= 1.0
    assert [t for t, _ in label_tokens(text)] == raw_tokens(text)
    for value in (ref.title, ref.container_title, ref.publisher, ref.volume, ref.page):
        assert value == value.strip() and not value.endswith((",", ";", ":"))


STYLES = [
    ("Kahneman, D., & Tversky, A. (1979). Prospect theory: An analysis of decision under risk. Econometrica, "
     "47(2), 263–291. https://doi.org/10.2307/1914185",
     dict(authors=["Kahneman", "Tversky"], year=1979, container_title="Econometrica", volume="47", issue="2",
          page="263–291", doi="10.2307/1914185", type="article-journal",
          title="Prospect theory: An analysis of decision under risk")),
    ("Hanahan D, Weinberg RA. Hallmarks of cancer: the next generation. Cell. 2011;144(5):646-74.",
     dict(authors=["Hanahan", "Weinberg"], year=2011, volume="144", issue="5", page="646–74",
          type="article-journal", title="Hallmarks of cancer: the next generation")),
    ("Kuhn, Thomas S. The Structure of Scientific Revolutions. 2nd ed. Chicago: University of Chicago Press, 1970.",
     dict(authors=["Kuhn"], year=1970, publisher="University of Chicago Press", publisher_place="Chicago",
          type="book", title="The Structure of Scientific Revolutions")),
    ("NHS England (2019) The NHS Long Term Plan. Available at: https://www.longtermplan.nhs.uk/ "
     "(Accessed: 3 March 2021).",
     dict(authors=["NHS England"], year=2019, url="https://www.longtermplan.nhs.uk/", accessed="3 March 2021",
          title="The NHS Long Term Plan")),
    ("Hall, S. (1980) ‘Encoding/decoding’, in Hall, S. et al. (eds.) Culture, Media, Language. London: "
     "Hutchinson, pp. 128–138.",
     dict(authors=["Hall"], year=1980, page="128–138", publisher="Hutchinson", type="chapter",
          title="Encoding/decoding")),
]


@pytest.mark.parametrize("raw, expected", STYLES, ids=["apa", "vancouver", "chicago-book", "harvard-web",
                                                      "harvard-chapter"])
def test_common_styles(raw, expected):
    ref = parse_reference(raw)
    for key, value in expected.items():
        got = _families(getattr(ref, key)) if key in ("authors", "editors") else getattr(ref, key)
        assert got == value, key


def _override_every_pair(tokens, labels, ids, force):
    """_override_ids as it was: every token compared with every span."""
    from refgraph.extract.parse import _ID_LABELS, _offsets

    labels = list(labels)
    for i, (a, b) in enumerate(_offsets(tokens)):
        for found in ids.spans:
            if a < found.end and found.start < b and (b - a) > 0:
                if labels[i] not in ("doi", "url", "isbn") and (force or labels[i] != "note"):
                    labels[i] = _ID_LABELS[found.kind]
                break
    return labels


_LABELS = st.sampled_from(["title", "note", "doi", "url", "date"])


@given(st.lists(st.tuples(st.sampled_from(["", "a", "Smith,", "10.1/x", "www.x.org", "ISBN"]), _LABELS), max_size=10),
       st.lists(st.tuples(st.sampled_from(["doi", "url", "isbn", "pmid", "arxiv"]), st.integers(0, 40),
                          st.integers(0, 12)), max_size=3),
       st.booleans())
@example(pairs=[("a", "title"), ("a", "title")], spans=[("doi", 2, 1)], force=True)  # the last token, 1 char
@example(pairs=[("Smith,", "title"), ("", "title"), ("a", "note")], spans=[("url", 6, 2)], force=False)
def test_override_ids_only_skips_tokens_no_span_meets(pairs, spans, force):
    from refgraph.extract.parse import _override_ids
    from refgraph.ids import Found, Identifiers

    tokens, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
    found = tuple(sorted((Found(kind, "v", start, start + n) for kind, start, n in spans), key=lambda f: f.start))
    ids = Identifiers(spans=found)
    assert _override_ids(tokens, labels, ids, force) == _override_every_pair(tokens, labels, ids, force)


def test_progress_reports_every_chunk_of_a_long_batch(monkeypatch):
    import refgraph.extract.parse as parse_module

    monkeypatch.setattr(parse_module, "PARSE_CHUNK", 3)
    seen = []
    texts = [s["raw"] for s in SEEDS[:7]]
    refs = parse_references(texts, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 7), (6, 7), (7, 7)]
    assert [r.n for r in refs] == list(range(1, 8))
    assert [r.title for r in refs] == [parse_reference(t).title for t in texts]


@pytest.mark.parametrize("raw, labels, expected", [
    ("Park, Anne, and Sam Roe. 1999. “Robot Dynamics.” IEEE Transactions on Robotics 15 (6). IEEE:1130–5.",
     ["author"] * 5 + ["date"] + ["title"] * 2 + ["journal"] * 4 + ["volume"] * 2 + ["pages"],
     ("IEEE Transactions on Robotics", "15", "6", "1130–5", "IEEE", "article-journal")),
    ("Sohl, Gary, and Jim Roe. 2001. “Branched Chains.” TRANSACTIONS OF DYNAMIC SYSTEMS 123 (3). AMERICAN SOCIETY:391–99.",
     ["author"] * 5 + ["date"] + ["title"] * 2 + ["container-title"] * 8,
     ("TRANSACTIONS OF DYNAMIC SYSTEMS", "123", "3", "391–99", "AMERICAN SOCIETY", "article-journal")),
    ("Behn, S., and R. Brad. 2011. “Cython.” Computing in Science 13 (2):31–39.",
     ["author"] * 5 + ["date", "title"] + ["container-title"] * 3 + ["volume", "pages"],
     ("Computing in Science", "13", "2", "31–39", "", "article-journal")),
], ids=["publisher-read-as-pages", "tail-read-as-container", "container-with-tail-is-a-journal"])
def test_chicago_article_tail_fields(raw, labels, expected):
    tokens = raw.split()
    assert len(tokens) == len(labels)
    ref = build_reference(raw, tokens, labels)
    assert (ref.container_title, ref.volume, ref.issue, ref.page, ref.publisher, ref.type) == expected


@pytest.mark.parametrize("raw, labels, publisher, place", [
    ("Okoro, A. (2006). Modern chemistry. Hollins. ISBN 9780486672601",
     ["author"] * 2 + ["date"] + ["title"] * 2 + ["location"] + ["isbn"] * 2, "Hollins", ""),
    ("Okoro, A. (2006). Modern chemistry. London.", ["author"] * 2 + ["date"] + ["title"] * 2 + ["location"],
     "", "London"),
    ("Okoro, A. 1906. Modern chemistry. Leeds.", ["author"] * 2 + ["date"] + ["title"] * 2 + ["location"], "", "Leeds"),
    ("Okoro, A. (2022). Tensor algebra in physics. arXiv. https://doi.org/10.48550/arXiv.2201.0",
     ["author"] * 2 + ["date"] + ["title"] * 4 + ["note", "doi"], "arXiv", ""),
    ("Core Group. (2022). Q: A language for computing. Q Foundation for Statistical Computing. https://q.org/",
     ["author"] * 2 + ["date"] + ["title"] * 10 + ["url"], "Q Foundation for Statistical Computing", ""),
], ids=["apa-publisher-read-as-place", "apa-city-stays-place", "chicago-place-stays-place", "preprint-server",
        "long-publisher-in-title"])
def test_publishers_the_parser_read_as_something_else(raw, labels, publisher, place):
    tokens = raw.split()
    assert len(tokens) == len(labels)
    ref = build_reference(raw, tokens, labels)
    assert (ref.publisher, ref.publisher_place) == (publisher, place)


@pytest.mark.parametrize("raw, labels, expected", [
    ("Hale D, Ross J: Timing of lysis. Mol Cell Biol 2006, 2:64.",
     ["author"] * 4 + ["title"] * 3 + ["journal"] * 3 + ["date", "pages"], ("Mol Cell Biol", "2", "", "64", 2006)),
    ("Hale D, Ross J: Timing of lysis. J Virol 2007, 189:4749-4755.",
     ["author"] * 4 + ["title"] * 3 + ["journal"] * 3 + ["pages"], ("J Virol", "189", "", "4749–4755", 2007)),
    ("Hale D: Timing of lysis. Microb Res 1989, 18:79-88.",
     ["author"] * 2 + ["title"] * 3 + ["publisher"] * 2 + ["date", "pages"], ("Microb Res", "18", "", "79–88", 1989)),
    ("Hale D: Timing of lysis. Cell Biol 2006, 4:1707-1719.",
     ["author"] * 2 + ["title"] * 3 + ["journal"] * 2 + ["volume"] * 2, ("Cell Biol", "4", "", "1707–1719", 2006)),
    ("Hale D, Ross J. Timing of lysis. Wound Care 2014; 23(Supp 5): S1-S3.",
     ["author"] * 4 + ["title"] * 3 + ["journal"] * 2 + ["volume"] * 3 + ["pages"], ("Wound Care", "23", "Supp 5", "S1–S3", 2014)),
    ("Hale D, Ross J (2011) Timing of lysis. PLoS Biology 7. doi: 10.1371/journal.pbio.1",
     ["author"] * 4 + ["date"] + ["title"] * 3 + ["journal"] * 3 + ["doi"] * 2, ("PLoS Biology", "7", "", "", 2011)),
], ids=["year-then-volume-colon-page", "year-in-journal", "journal-read-as-publisher", "year-in-volume",
        "year-before-volume-issue", "volume-after-journal"])
def test_bmc_and_plos_locators(raw, labels, expected):
    tokens = raw.split()
    assert len(tokens) == len(labels)
    ref = build_reference(raw, tokens, labels)
    assert (ref.container_title, ref.volume, ref.issue, ref.page, ref.year) == expected


@pytest.mark.parametrize("raw", [
    "Doe, A. (2021). Quick plotting helpers for Python. In GitHub repository. GitHub. https://github.com/adoe/qplot",
    "Roe, B. (2020). A toolkit for tidy survey data (Version 2.3.1). https://doi.org/10.5281/zenodo.1234567",
    "Poe, C. (2019). Graph walker [Computer software]. https://example.org/graphwalker",
    "Lowe, D. (2022). Fast mesh tools. Zenodo. https://doi.org/10.5281/zenodo.7654321",
    "Moe, E. (2023). The Widget Framework (Version v1.4.0). https://widgets.example.org/",
], ids=["github-repository", "version-zenodo-doi", "computer-software", "zenodo-publisher", "version-v"])
def test_software_is_a_generic_document_not_a_book_chapter_or_web_page(raw):
    """APA 7 software (as Inara/citeproc prints it) has no journal, yet `In GitHub repository`
    reads as a chapter's container and `Zenodo.` as a book's publisher."""
    assert parse_reference(raw).type == "document"


@pytest.mark.parametrize("raw, expected_type", [
    ("Hill, F. (2019). Mining GitHub repositories for bug fixes. Empirical Software Engineering, 24(3), 100–120. "
     "https://doi.org/10.1007/s10664-019-00001-1", "article-journal"),
    ("Kay, G. (2018). Methods of things (2nd ed.). Routledge.", "book"),
], ids=["article-about-github", "book-edition"])
def test_software_marks_do_not_retype_articles_or_books(raw, expected_type):
    assert parse_reference(raw).type == expected_type


@pytest.mark.parametrize("raw, title, note", [
    ("Roe, B. (2020). A toolkit for tidy survey data (Version 2.3.1). https://doi.org/10.5281/zenodo.1234567",
     "A toolkit for tidy survey data", "Version 2.3.1"),
    ("Moe, E. (2023). The Widget Framework (Version v1.4.0). https://widgets.example.org/",
     "The Widget Framework", "Version v1.4.0"),
], ids=["version-number", "version-v"])
def test_software_version_leaves_the_title_for_the_note(raw, title, note):
    ref = parse_reference(raw)
    assert (ref.title, ref.note) == (title, note)


@pytest.mark.parametrize("page_token, title, page", [
    ("gridKit.", "gridKit", ""),
    ("xi–xv.", "", "xi–xv"),
    ("12–19.", "", "12–19"),
], ids=["word-is-a-title", "roman-pages-kept", "arabic-pages-kept"])
def test_pages_without_a_number_and_no_title_are_the_title(page_token, title, page):
    """`Centre. (2021). gridKit. https://...`: a one-word title labelled as pages, with no other
    title, is the title; real page ranges (arabic or roman) stay pages."""
    raw = f"Northern Data Centre. (2021). {page_token} https://gridkit.example.org/"
    tokens = ["Northern", "Data", "Centre.", "(2021).", page_token, "https://gridkit.example.org/"]
    ref = build_reference(raw, tokens, ["author", "author", "author", "date", "pages", "url"])
    assert (ref.title, ref.page) == (title, page)
