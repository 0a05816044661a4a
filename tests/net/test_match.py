"""Field-by-field validation of metadata against the citing reference."""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from refgraph.extract.parse import parse_reference
from refgraph.model import Name, Reference
from refgraph.net import crossref
from refgraph.net.match import DIFFERENT, LIKELY, SAME, compare, compare_context, fold, notice_prefix
from fake_registry import load_works

WORKS = load_works()
KELLETT = ("Kellett, S. et al. (2021) 'The costs and benefits of practice-based evidence: Correcting some "
           "misunderstandings about the 10-year meta-analysis of IAPT studies', The British journal of clinical "
           "psychology, 60(1), pp. 42-47. doi: 10.1111/bjc.12268.")


def resolved(doi: str) -> Reference:
    return crossref.to_reference(WORKS[doi])


@pytest.mark.parametrize("raw,doi,grade", [
    (KELLETT, "10.1111/bjc.12268", SAME),
    (KELLETT, "10.1111/bjc.12264", DIFFERENT),
    (KELLETT, "10.1192/bjp.bp.115.171017", DIFFERENT),
    ("Scott, M.J. (2018). Improving access to psychological therapies (IAPT) - the need for radical reform."
     "Journal of Health Psychology, 23, 1136-1147.", "10.1177/1359105318755264", SAME),
    ("Scott, M.J. (2019). Improving access to psychological therapies (IAPT) - the need for radical reform.",
     "10.1177/1359105318755264", LIKELY),  # one year off, and no online-first date explains it: possible
    ("Scott (2015) Improving access to psychological therapies: the need for reform. J Health Psychol.",
     "10.1177/1359105318755264", LIKELY),
], ids=["same", "wrong-doi-same-journal", "wrong-doi-other-journal", "same-with-typo", "year-off-by-one",
        "loose-citation"])
def test_grades_from_the_reference_string(raw, doi, grade):
    assert compare(parse_reference(raw), resolved(doi)).grade == grade


def test_parsed_fields_are_used_when_present():
    citing = Reference(n=1, raw="", title="Ensuring that the IAPT programme does what it says on the tin",
                       authors=(Name("Scott", "M. J."),), year=2021, volume="60", page="38-41")
    match = compare(citing, resolved("10.1111/bjc.12264"))
    assert match.grade in (SAME, LIKELY)
    wrong = compare(citing.with_(authors=(Name("Kellett", "S."),), page="42-47", title="The costs of evidence"),
                    resolved("10.1111/bjc.12264"))
    assert wrong.grade == DIFFERENT and "title" in wrong.disagreeing and "page" in wrong.disagreeing


def test_nothing_to_compare_is_no_grade():
    match = compare(parse_reference("https://doi.org/10.1192/bjp.bp.115.171017"), resolved("10.1192/bjp.bp.115.171017"))
    assert match.grade is None and match.notes


def test_a_book_is_not_its_review():
    book = parse_reference("Whitaker, R. (2010) Anatomy of an epidemic: magic bullets, psychiatric drugs, and the "
                           "astonishing rise of mental illness in America. Broadway. Published by Broadway Books.")
    review = resolved("10.5555/refgraph.review")
    assert compare(book, review).grade == DIFFERENT
    assert compare(book.with_(type="book"), review).grade == DIFFERENT


@pytest.mark.parametrize("text,folded", [
    ("Simmonds\u2010Buckley", "simmonds buckley"), ("Guidance &amp; Counselling", "guidance counselling"),
    ("<i>Acystopteris</i> taiwaniana", "acystopteris taiwaniana"), ("Müller", "muller"), ("", ""),
], ids=["hyphen", "entity", "tags", "accent", "empty"])
def test_fold(text, folded):
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


words = st.lists(st.sampled_from("therapy access counselling evidence reform psychology trial outcomes "
                                 "poverty politics meta analysis practice".split()), min_size=4, max_size=10)


@given(title=words, family=st.sampled_from(["Scott", "Kellett", "Delgadillo", "Mason"]),
       year=st.integers(1950, 2025), volume=st.integers(1, 300))
@hsettings(max_examples=60, deadline=None)
def test_a_record_matches_its_own_citation(title, family, year, volume):
    record = Reference(n=0, raw="", type="article-journal", title=" ".join(title).capitalize(),
                       authors=(Name(family, "A."),), year=year, container_title="Journal of Tests",
                       volume=str(volume), page="10-20")
    raw = f"{family}, A. ({year}) {record.title}. Journal of Tests, {volume}, 10-20."
    assert compare(parse_reference(raw), record).grade == SAME
    assert compare(record.with_(raw=raw), record).grade == SAME


@pytest.mark.parametrize("context,grade", [
    ("A 2016 study by Jaime Delgadillo and colleagues3 found that IAPT services in poorer areas ...", LIKELY),
    ("as the Delgadillo research found,3", LIKELY),
    ("A 2009 study by Delgadillo found", None),
    ("Smith and colleagues found", None),
    ("", None),
], ids=["author-and-year", "author", "wrong-year", "other-author", "empty"])
def test_citing_sentences_for_a_bare_link(context, grade):
    assert compare_context(context, resolved("10.1192/bjp.bp.115.171017")).grade == grade


@pytest.mark.parametrize("title,notice", [
    ("Corrigendum: Ensuring that the IAPT programme does what it says on the tin", True),
    ("Erratum to \u201cThe costs and benefits of practice-based evidence\u201d", True),
    ("Correction to: Stochastic gene expression in a single cell", True),
    ("Retraction notice to \"Talking therapies cure everything\"", True),
    ("RETRACTED: Talking therapies cure everything", True),
    ("Reply to: On poverty, politics and psychology", True),
    ("Comment on \u2018Improving access to psychological therapies\u2019", True),
    ("Review of Anatomy of an epidemic", True),
    ("Book review: Anatomy of an epidemic", True),
    ("Correction of spinal deformity in adolescents", False),
    ("Response to treatment in depression: a cohort study", False),
    ("Commentary and critique in clinical psychology", False),
    ("Reviewing the evidence on IAPT", False),
    ("Stochastic gene expression in a single cell", False),
], ids=["corrigendum", "erratum-to", "correction-to", "retraction-notice", "retracted", "reply-to", "comment-on",
        "review-of", "book-review", "correction-of-a-deformity", "response-to-treatment", "commentary-word",
        "reviewing", "plain"])
def test_notice_prefix(title, notice):
    assert bool(notice_prefix(title)) is notice
