"""No entry of a found list vanishes: every entry comes out as a reference (right-to-left and
zero-width marks in names, anonymous and undated works included), whatever the list's shape."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from refgraph.ingest.text import document_from_text
from refgraph.pipeline import parse_document

BODY = "Staff are leaving the service, as several studies report (Smith 2019; Jones 2020).\n\n"
NAMES = ["Smith, J.", "Jones, B.", "O'Neil, K. L.", "van der Berg, A.", "Müller, S.",
         "\u200fAl-\u200bRashid\u200e, M.", "\u200dKhan\u200c\ufeff, A.", "\u202bHaddad\u202c, R.", "Anonymous"]
WORDS = ["care", "access", "reform", "therapy", "workers", "policy", "study", "outcomes", "services", "mental"]
JOURNALS = ["Journal of Health Psychology", "Lancet", "Nature", "BMJ", "Social Science & Medicine"]


@st.composite
def entries(draw, dated_or_named: bool):
    """One reference string; unnumbered lists need a name (or Anonymous) or a year to be told
    apart from a wrapped line, numbered ones delimit any entry."""
    authors = draw(st.lists(st.sampled_from(NAMES), min_size=0 if not dated_or_named else 1, max_size=3, unique=True))
    year = draw(st.one_of(st.none(), st.integers(1950, 2025)))
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6))).capitalize()
    parts = [", ".join(authors) + (f" ({year})." if year else ".")] if authors else []
    parts.append(title + ".")
    if draw(st.booleans()):
        parts.append(f"{draw(st.sampled_from(JOURNALS))}, {draw(st.integers(1, 60))}, {draw(st.integers(1, 900))}.")
    if not authors and year:
        parts.append(f"{year}.")
    if draw(st.booleans()):
        parts.append(f"https://doi.org/10.{draw(st.integers(1000, 9999))}/x{draw(st.integers(1, 99999))}")
    return " ".join(parts)


def _references(listing: str):
    text = BODY + "References\n\n" + listing + "\n"
    return parse_document(document_from_text("a.txt", "a", "txt", text)).references


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(dated_or_named=False), min_size=2, max_size=12))
def test_any_numbered_list_of_n_entries_gives_n_references(items):
    refs = _references("\n".join(f"{i}. {e}" for i, e in enumerate(items, 1)))
    assert [r.n for r in refs] == list(range(1, len(items) + 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(dated_or_named=True), min_size=2, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_any_author_date_list_of_n_entries_gives_n_references(items, separator):
    items[0] = "Smith, J. (2019). " + items[0]  # the list opens like one, as lists do
    refs = _references(separator.join(items))
    assert len(refs) == len(items)


@pytest.mark.parametrize("listing", [
    "Smith, J. (2019). A study. Journal of Studies, 3, 1-2.\n"
    "\u200fAl-\u200bRashid\u200e, M., \u200dKhan\u200c\ufeff, A. (2018). Arabic names in lists. Lancet, 1, 5.\n"
    "Anonymous. Untitled pamphlet.\n"
    "Jones, B. (2020). Another study. Nature, 5, 6-7.",
    "Smith, J. (2019). A study. Journal of Studies, 3, 1-2.\n\n"
    "Annual report on nothing in particular.\n\n"
    "Jones, B. (2020). Another study. Nature, 5, 6-7.",
], ids=["marks-and-anonymous", "bare-title-between-entries"])
def test_the_entries_seen_to_vanish_come_out(listing):
    refs = _references(listing)
    assert len(refs) == len(listing.replace("\n\n", "\n").split("\n"))
    assert all("\u200f" not in a.family and "\u200b" not in a.family for r in refs for a in r.authors)
