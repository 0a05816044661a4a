"""Label repairs on real reference shapes (pure: labels given, no model)."""
from itertools import groupby

import pytest
from hypothesis import given, strategies as st

from refgraph.extract.parse import build_reference
from refgraph.extract.repair import (
    _runs_of, authors_then_editors, book_after_editors, cut_emphasised_title, genre_after_title, in_container,
    institution_not_journal, journal_after_place,
    split_title_publisher)


def test_emphasis_closing_inside_a_title_ends_it():
    tokens = "*The future of the workforce*. Centre for Mental Health. 2017.".split()
    labels = ["title"] * 8 + ["date"]
    out = cut_emphasised_title(tokens, labels)
    assert out[:5] == ["title"] * 5 and out[5:8] == ["publisher"] * 3 and out[8] == "date"


def test_title_without_emphasis_is_left_alone():
    tokens = "The future. Centre for Mental Health.".split()
    assert cut_emphasised_title(tokens, ["title"] * 6) == ["title"] * 6


def test_journal_after_a_place_is_a_publisher():
    labels = ["author", "author", "title", "location", "journal", "journal", "date"]
    assert journal_after_place(labels)[4:6] == ["publisher", "publisher"]
    with_volume = labels + ["volume"]
    assert journal_after_place(with_volume) == with_volume
    later = ["author", "title", "journal", "date", "location", "journal", "journal"]  # the second journal run
    assert journal_after_place(later) == later[:5] + ["publisher", "publisher"]


@pytest.mark.parametrize("title, expected", [
    ("Client centered therapy. Constable", ("Client centered therapy", "Constable", "")),
    ("The therapeutic relationship in counselling & psychotherapy. SAGE (Essential issues in counselling)",
     ("The therapeutic relationship in counselling & psychotherapy", "SAGE", "Essential issues in counselling")),
    ("A study of things. Part II", ("A study of things. Part II", "", "")),
    ("Poverty, Pills and Pathology, final report", ("Poverty, Pills and Pathology, final report", "", "")),
    ("Methods. The end of it all", ("Methods. The end of it all", "", "")),
    ("Results 2019. Report 3", ("Results 2019. Report 3", "", "")),
], ids=["harvard-book", "publisher-series", "part", "no-sentence", "article-word", "digits"])
def test_split_title_publisher(title, expected):
    assert split_title_publisher(title) == expected


def test_build_reference_from_labels_is_pure_and_complete():
    raw = "Scott, M. J. (2021) ‘Ensuring that IAPT does what it says’, The British journal of clinical " \
          "psychology, 60(1), pp. 38–41. doi: 10.1111/bjc.12264."
    tokens = raw.split()
    labels = (["author"] * 3 + ["date"] + ["title"] * 7 + ["journal"] * 6 + ["volume"] + ["pages"] * 2
              + ["doi"] * 2)
    ref = build_reference(raw, tokens, labels, n=9)
    assert (ref.n, ref.type, ref.title, ref.container_title) == (
        9, "article-journal", "Ensuring that IAPT does what it says", "The British journal of clinical psychology")
    assert (ref.volume, ref.issue, ref.page, ref.doi, ref.year) == ("60", "1", "38–41", "10.1111/bjc.12264", 2021)
    assert [(a.family, a.given) for a in ref.authors] == [("Scott", "M. J.")]


@pytest.mark.parametrize("label", ["title", "container-title"])
def test_in_splits_a_title_from_its_container(label):
    tokens = "Attention is all you need. In: Advances in Neural Information Processing Systems 30.".split()
    out = in_container(tokens, [label] * len(tokens))
    assert out[:5] == ["title"] * 5 and out[5:] == ["container-title"] * (len(tokens) - 5)


def test_in_inside_a_sentence_is_not_a_container():
    tokens = "Trust in Institutions in the UK".split()
    assert in_container(tokens, ["title"] * len(tokens)) == ["title"] * len(tokens)


def test_authors_followed_by_marked_editors_are_all_editors():
    tokens = "Jones, P. and Brown, K. (eds) (2010) Handbook.".split()
    labels = ["author"] * 3 + ["editor"] * 3 + ["date", "title"]
    assert authors_then_editors(tokens, labels)[:6] == ["editor"] * 6
    unmarked = ["author"] * 3 + ["editor"] * 2 + ["title"] * 3
    assert authors_then_editors(tokens, unmarked) == unmarked


@pytest.mark.parametrize("text, labels, expected", [
    ("Smith, J. Chapter one. In: Big Book, 1-9.", "author author title title title title container-title pages",
     "author author title title container-title container-title container-title pages"),
    ("Smith, J. Chapter one. In Big Book, 1-9.", "author author title title title title title pages",
     "author author title title container-title container-title container-title pages"),
    ("Smith, J. Chapter one in big book.", "author author title title title title title",
     "author author title title title title title"),
], ids=["in-colon-with-container", "in-after-period", "lower-case-in-is-title"])
def test_in_starts_the_container_inside_a_title(text, labels, expected):
    from refgraph.extract.repair import title_in_container

    assert title_in_container(text.split(), labels.split()) == expected.split()


@pytest.mark.parametrize("text, labels, expected", [
    ("“Fondo di coppa”, Quaderni della Bassa, 37, 77-84.", "title title title title title title volume pages",
     "title title title journal journal journal volume pages"),
    ("« Mémoires croisés » Paris Éditions 2010", "title title title title title title date",
     "title title title title container-title container-title date"),
    ("“Fondo di coppa”, lower words 37", "title title title title volume", "title title title title volume"),
    ("Plain title, Quaderni 37", "title title title volume", "title title title volume"),
], ids=["quoted-then-journal", "guillemets-then-book", "lower-case-after-quote", "unquoted"])
def test_a_quoted_title_ends_at_its_closing_quote(text, labels, expected):
    from refgraph.extract.repair import quoted_title_then_container

    assert quoted_title_then_container(text.split(), labels.split()) == expected.split()


@pytest.mark.parametrize("text, labels, expected", [
    ("Fact, myth and implication. Arthroscopy. 2005; 21:1-9.", "title title title title title date volume",
     "title title title title journal date volume"),
    ("Fact, myth and implication. Arthroscopy. 2005.", "title title title title title date",
     "title title title title title date"),
    ("Fact. A long tail of six more words here. 2005; 21:1-9.",
     "title title title title title title title title title date volume",
     "title title title title title title title title title date volume"),
], ids=["vancouver-article", "no-locator-no-journal", "last-sentence-too-long"])
def test_a_short_last_sentence_of_an_article_title_is_its_journal(text, labels, expected):
    from refgraph.extract.repair import journal_ending_title

    assert journal_ending_title(text.split(), labels.split()) == expected.split()


def test_ieee_quoted_title_then_lowercase_in_starts_a_book_container():
    tokens = ('P. Lopez, "GROBID: Combining recognition and extraction," in *Research and Advanced '
              'Technology for Digital Libraries*, Berlin: Springer, 2009, pp. 473–474.').split()
    labels = ["author"] * 2 + ["title"] * 13 + ["location", "publisher", "date", "pages", "pages"]
    assert len(labels) == len(tokens)
    ref = build_reference(" ".join(tokens), tokens, labels)
    assert ref.title == "GROBID: Combining recognition and extraction"
    assert ref.container_title == "Research and Advanced Technology for Digital Libraries"
    assert ref.type == "chapter"


def test_a_lone_opening_quote_is_not_the_closing_quote():
    tokens = ['Z.', 'Huang,', 'and', 'K.', 'Yu,', '"', 'Bidirectional', 'LSTM-CRF', 'models', 'for', 'tagging,"',
              '*arXiv', 'preprint', 'arXiv:1508.01991*,', '2015.']
    labels = ["author"] * 5 + ["title"] * 6 + ["note"] * 3 + ["date"]
    ref = build_reference(" ".join(tokens), tokens, labels)
    assert ref.title == "Bidirectional LSTM-CRF models for tagging"
    assert ref.container_title == ""


@pytest.mark.parametrize("rule, reference, labels, expected", [
    (book_after_editors, "Cotton E. *Chapter*. In: Jackson C (eds). *The book*. Monmouth: PCCS; 2019.",
     "author author title editor editor editor editor title title location publisher date",
     "author author title editor editor editor editor container-title container-title location publisher date"),
    (book_after_editors, "Jackson C, Rizq R (eds). *The book*. Monmouth: PCCS; 2019.",
     "editor editor editor editor editor title title location publisher date", None),
    (genre_after_title, "Smith, J. (2010). Essays on things (Doctoral dissertation). University of Oxford.",
     "author author date title title title title title publisher publisher publisher",
     "author author date title title title genre genre publisher publisher publisher"),
    (genre_after_title, "Smith, J. (2010). Essays (Unpublished master's thesis). Leeds.",
     "author author date title title title title location", "author author date title genre genre genre location"),
    (genre_after_title, "Smith, J. (2010). Notes on (Doctoral) practice. Leeds.",
     "author author date title title title title location", None),
    (institution_not_journal, "Smith, J. (2010). Essays. University of Oxford, Oxford, UK.",
     "author author date title journal journal journal location location",
     "author author date title publisher publisher publisher location location"),
    (institution_not_journal, "Smith, J. (2010). Essays. Cambridge University Press.",
     "author author date title journal journal journal", "author author date title publisher publisher publisher"),
    (institution_not_journal, "BBC (2019). Jobs figures. Press Release. London.",
     "author date title title journal journal location", None),
    (institution_not_journal, "Smith, J. (2010). Essays. Journal of the Institute of Things, 4, 1-9.",
     "author author date title journal journal journal journal journal volume pages", None),
    (institution_not_journal, "Durcan G. *The workforce*. Centre for Mental Health on behalf of The Network. 2017.",
     "author author title title journal journal journal journal journal journal journal journal date",
     "author author title title " + "publisher " * 8 + "date"),
    # Rules that look only at one label's runs must still find a later run, and the whole of it.
    (institution_not_journal, "Smith. Essays. Nature. Oxford. University of Oxford.",
     "author title journal location journal journal journal",
     "author title journal location publisher publisher publisher"),
    (authors_then_editors, "2019 Jones, P. and Brown, K. (eds) Title.",
     "date author author author editor editor editor title",
     "date editor editor editor editor editor editor title"),
    (cut_emphasised_title, "Plain. 2019. *Second title*. Centre for Health.",
     "title date title title title title title", "title date title title publisher publisher publisher"),
    (book_after_editors, "Cotton E. Chapter. In: Jackson C (eds). One. Two. Book. 2019.",
     "author author title editor editor editor editor title date title date",
     "author author title editor editor editor editor container-title date title date"),
], ids=["after-editors-is-book (seed 000)", "edited-book-left-alone", "apa-dissertation", "unpublished-masters",
        "brackets-inside-title", "university-is-publisher", "ends-in-press", "press-release-left-alone",
        "journal-with-volume-left-alone", "centre-is-publisher (seed 000)", "second-journal-run",
        "author-run-not-at-start", "second-title-run-emphasised",
        "only-the-title-after-editors"])
def test_label_repairs(rule, reference, labels, expected):
    """Each rule on real shapes; expected None: the labels are left alone."""
    tokens, labs = reference.split(), labels.split()
    assert rule(tokens, labs) == (expected.split() if expected else labs)


@given(st.lists(st.sampled_from(["title", "author", "date", "journal"]), max_size=12),
       st.sampled_from(["title", "author", "pages"]))
def test_runs_of_finds_every_run_of_a_label(labels, label):
    """`_runs_of` (list.index jumps) agrees with grouping the labels one by one."""
    want, pos = [], 0
    for lab, group in groupby(labels):
        n = len(list(group))
        if lab == label:
            want.append((pos, pos + n))
        pos += n
    assert list(_runs_of(labels, label)) == want


def _authors_title(raw, labels_by_word):
    """build_reference on hand labels: `labels_by_word` gives a label per token."""
    tokens = raw.split()
    assert len(tokens) == len(labels_by_word)
    ref = build_reference(raw, tokens, labels_by_word)
    return [n.literal or n.family for n in ref.authors], ref.title, [n.family for n in ref.editors]


@pytest.mark.parametrize("raw, labels, authors, title", [
    ("Hale CV, Ross DM, Ibsen AP: Timing of cell lysis. Nature 2004, 421:231-237.",
     ["author"] * 4 + ["title"] * 6 + ["journal", "date", "pages"],
     ["Hale", "Ross", "Ibsen"], "Timing of cell lysis"),
    ("Hale CV, Ross DM, Ibsen AP: Timing of cell lysis. Nature 2004, 421:231-237.",
     ["editor"] * 4 + ["title"] * 6 + ["journal", "date", "pages"],
     ["Hale", "Ross", "Ibsen"], "Timing of cell lysis"),
    ("Kim D, Oh Y, Lung Imaging Study I. Classifying lung disease. Thorax. 2011;55(3):856–67.",
     ["author"] * 4 + ["title"] * 7 + ["journal", "date"],
     ["Kim", "Oh", "Lung Imaging Study I."], "Classifying lung disease"),
    ("Imaging Standards Working G. Surrogate endpoints defined. Clin Ther. 2001;69(3):89–95.",
     ["title"] * 7 + ["journal"] * 2 + ["date"],
     ["Imaging Standards Working G."], "Surrogate endpoints defined"),
], ids=["colon-after-names", "unmarked-editors-first", "group-cut-to-initial", "group-author-read-as-title"])
def test_vancouver_names_read_as_title_are_authors(raw, labels, authors, title):
    got_authors, got_title, _ = _authors_title(raw, labels)
    assert (got_authors, got_title) == (authors, title)


@pytest.mark.parametrize("raw, labels", [
    # an author list that ends properly: the title is left alone
    ("Hale CV, Ross DM. Vitamin D: a review. Nature 2004, 421:231-237.",
     ["author"] * 4 + ["title"] * 4 + ["journal", "date", "pages"]),
    # not Vancouver: the "The J." of a title is no name
    ("Scull, Ann, and Hart, Wayne G., The J. R. R. Tolkien Guide, Harper, 2006.",
     ["author"] * 6 + ["title"] * 6 + ["publisher", "date"]),
    # short titles that end in a capital: "Vitamin D. Review"
    ("Vitamin D. Review of the evidence. Nature 2004, 421:231-237.",
     ["title"] * 6 + ["journal", "date", "pages"]),
], ids=["list-ends-with-full-stop", "not-vancouver", "title-ending-in-a-capital"])
def test_titles_are_left_alone(raw, labels):
    tokens = raw.split()
    assert len(tokens) == len(labels)
    ref = build_reference(raw, tokens, labels)
    assert ref.title == " ".join(t for t, lab in zip(tokens, labels) if lab == "title").rstrip(".,")


def test_marked_editors_first_stay_editors():
    raw = "Hale CV, Ross DM (Hrsg.): Timing of cell lysis. Berlin: Springer, 2004."
    labels = ["editor"] * 5 + ["title"] * 4 + ["location", "publisher", "date"]
    authors, _, editors = _authors_title(raw, labels)
    assert (authors, editors) == ([], ["Hale", "Ross"])


@pytest.mark.parametrize("raw, labels, authors, title", [
    ("World Weather Organisation. (2022a). Dust Storms. https://wwo.int/dust",
     ["title"] * 3 + ["date"] + ["title"] * 2 + ["url"], ["World Weather Organisation"], "Dust Storms"),
    ("Annual dust report (2019). Weather Press.", ["title"] * 3 + ["date"] + ["publisher"] * 2, [], "Annual dust report"),
], ids=["apa-group-author", "title-then-date-alone"])
def test_group_author_before_an_apa_date(raw, labels, authors, title):
    got_authors, got_title, _ = _authors_title(raw, labels)
    assert (got_authors, got_title) == (authors, title)
