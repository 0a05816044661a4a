import pytest

from refgraph.dedup import compare, deduplicate
from refgraph.model import Mention, Name, Reference

CARE = "The industrialisation of care: counselling, psychotherapy and the impact of IAPT"
JR = (Name(family="Jackson", given="C"), Name(family="Rizq", given="R"))


def mention(mid: str, **fields) -> Mention:
    ref = Reference(n=int(mid.split("#")[1]), raw=mid, **fields)
    return Mention(id=mid, document=mid.split("#")[0], reference=ref)


BOOK_EDITED = mention("a#1", type="book", editors=JR, title=CARE, year=2019, publisher="PCCS Books")
BOOK_AUTHORED = mention("b#3", type="book", authors=JR, year=2019,
                        title="The Industrialisation of Care: Counselling, Psychotherapy and the Impact of IAPT")
CHAPTER = mention("a#7", type="chapter", authors=(Name(family="Cotton", given="E"),), editors=JR, year=2019,
                  title="The Industrialisation of mental health", container_title=CARE)


def test_book_cited_in_two_forms_is_one_work_with_reasons():
    works = deduplicate([BOOK_EDITED, CHAPTER, BOOK_AUTHORED])
    book = next(w for w in works if "a#1" in w.mentions)
    assert set(book.mentions) == {"a#1", "b#3"}
    assert "first author" in book.why[0] and "titles 100% alike" in book.why[0]
    chapter = next(w for w in works if "a#7" in w.mentions)
    assert chapter.mentions == ("a#7",)
    assert chapter.part_of == book.key


@pytest.mark.parametrize("a, b, reason", [
    (dict(type="book", title=CARE, authors=JR, year=2019),
     dict(type="chapter", title=CARE, authors=JR, year=2019, container_title=CARE), "chapter"),
    (dict(title="Same title here", doi="10.1/a", year=2019), dict(title="Same title here", doi="10.1/b", year=2019),
     "different DOIs"),
    (dict(title="Improving access", authors=(Name(family="Scott"),), year=2018, volume="23"),
     dict(title="Improving access", authors=(Name(family="Scott"),), year=2018, volume="60"), "different volumes"),
    (dict(title="Annual report", authors=(Name(literal="NHS England"),), year=2015),
     dict(title="Annual report", authors=(Name(literal="NHS England"),), year=2019), "more than one apart"),
    (dict(title="Improving access to psychological therapies", authors=(Name(family="Scott"),), year=2018),
     dict(title="Ensuring that IAPT does what it says on the tin", authors=(Name(family="Scott"),), year=2018),
     "alike"),
], ids=["book-vs-chapter", "two-dois", "volumes", "years", "same-author-same-year"])
def test_cannot_merge(a, b, reason):
    verdict = compare(Reference(n=1, raw="", **a), Reference(n=2, raw="", **b))
    assert not verdict.same and reason in verdict.why


def test_same_doi_merges_despite_different_titles():
    a = mention("x#1", doi="10.1111/bjc.12268", title="The costs and benefits", year=2021)
    b = mention("y#2", doi="10.1111/bjc.12268", title="Costs & benefits of practice based evidence", year=2021)
    (work,) = deduplicate([a, b])
    assert work.mentions == ("x#1", "y#2") and "same DOI" in work.why[0]


def test_conflicts_are_reported():
    a = mention("x#1", title="A study of things", authors=(Name(family="Lee"),), year=2020, page="1–9")
    b = mention("y#1", title="A study of things", authors=(Name(family="Lee"),), year=2021, page="1–10")
    (work,) = deduplicate([a, b])
    assert any(c.startswith("year:") for c in work.conflicts)


def test_transitive_merge_respects_cannot_link():
    a = mention("x#1", title="A study of things", authors=(Name(family="Lee"),), year=2020, doi="10.1/a")
    b = mention("y#1", title="A study of things", authors=(Name(family="Lee"),), year=2020)
    c = mention("z#1", title="A study of things", authors=(Name(family="Lee"),), year=2020, doi="10.1/b")
    works = deduplicate([a, b, c])
    assert not any({"x#1", "z#1"} <= set(w.mentions) for w in works)
