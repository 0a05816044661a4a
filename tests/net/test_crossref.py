"""Crossref client and record conversion, against recorded-shape answers on 127.0.0.1."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st
from werkzeug import Response

from refgraph.net import crossref
from refgraph.net.http import make_session
from fake_registry import FIXTURES, SEED_DOIS


def recorded_pone() -> dict:
    return json.loads((FIXTURES / "crossref_work_pone.0033693.json").read_text())["message"]


def test_recorded_work_converts_to_reference():
    ref = crossref.to_reference(recorded_pone())
    assert ref.type == "article-journal"
    assert ref.title.startswith("Methylphenidate Exposure Induces Dopamine Neuron Loss")
    assert (ref.authors[0].family, ref.authors[0].given) == ("Sadasivan", "Shankar")
    assert len(ref.authors) == 6 and ref.editors[0].family == "Borlongan"
    assert (ref.year, ref.volume, ref.issue, ref.page) == (2012, "7", "3", "e33693")
    assert ref.container_title == "PLoS ONE" and ref.doi == "10.1371/journal.pone.0033693"
    assert ref.publisher == "Public Library of Science (PLoS)"


def test_recorded_correction_is_a_correction_not_a_retraction():
    notes = crossref.updates(recorded_pone())
    assert notes.corrected and not notes.retracted
    assert notes.notices == ("correction 10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda",)


@pytest.mark.parametrize("raw,csl", [
    ("journal-article", "article-journal"), ("book-chapter", "chapter"), ("monograph", "book"),
    ("proceedings-article", "paper-conference"), ("dissertation", "thesis"), ("", "document"),
    ("article-journal", "article-journal"),
], ids=["article", "chapter", "monograph", "proceedings", "thesis", "empty", "already-csl"])
def test_types_map_to_csl(raw, csl):
    assert crossref.csl_type(raw) == csl


@pytest.mark.parametrize("message", [{}, {"title": None, "author": "nobody", "issued": {"date-parts": [[None]]}},
                                     {"author": [{"name": "WHO"}, 3], "issued": {"date-parts": "x"}}],
                         ids=["empty", "wrong-types", "odd-author"])
def test_odd_messages_do_not_crash(message):
    ref = crossref.to_reference(message)
    assert ref.year is None and ref.title == ""


def test_csl_json_from_negotiation_converts():
    item = json.loads((FIXTURES / "jalc_csl_10.18942_apg.201812.json").read_text())
    ref = crossref.to_reference(item)
    assert ref.title.startswith("Allopolyploid Origin") and ref.year == 2019
    assert ref.container_title == "Acta phytotaxonomica et geobotanica" and ref.page == "19-28"


def test_many_dois_go_out_as_one_request(registry, settings):
    session = make_session(settings)
    found = crossref.get_works(list(SEED_DOIS) + ["10.5555/not-there"], session, settings)
    assert [d for d, lk in found.items() if lk.found] == sorted(SEED_DOIS)
    assert found["10.5555/not-there"].found is False
    assert len(registry.log) == 1 and "filter=doi" in registry.log[0][2]


def test_large_lists_are_batched(registry, settings):
    dois = [f"10.5555/many.{i}" for i in range(crossref.BATCH * 2 + 1)]
    crossref.get_works(dois, make_session(settings), settings)
    assert len(registry.log) == 3


def test_single_work_and_404(registry, settings):
    session = make_session(settings)
    assert crossref.get_work("10.1111/bjc.12268", session, settings).found is True
    missing = crossref.get_work("10.1371/notarealdoi", session, settings)
    assert missing.found is False and not missing.error


@pytest.mark.parametrize("body,status", [("{not json", 200), ('{"message": []}', 200), ("[]", 200),
                                         ("internal error", 500)],
                         ids=["malformed", "message-not-object", "list", "server-error"])
def test_bad_answers_become_errors_not_exceptions(server, settings, body, status):
    server.expect_request("/works").respond_with_response(Response(body, status))
    found = crossref.get_works(["10.1/a", "10.1/b"], make_session(settings), settings)
    assert all(lk.found is None and lk.error for lk in found.values())


def test_search_returns_candidates(registry, settings):
    result = crossref.search_bibliographic(
        "Scott, M.J. (2018). Improving access to psychological therapies (IAPT) - the need for radical "
        "reform. Journal of Health Psychology, 23, 1136-1147.", make_session(settings), settings)
    assert result.items[0]["DOI"] == "10.1177/1359105318755264"
    assert "query.bibliographic" in registry.log[0][2]


def test_crossref_and_csl_json_share_one_reader():
    """A Crossref work reads as the CSL-JSON importer reads its plain CSL form: one converter."""
    from refgraph.importers.csljson import import_csl_json

    message = recorded_pone()
    item = crossref.as_csl(message)
    assert item["title"] == crossref.to_reference(message).title and isinstance(message["title"], list)
    (imported,), issues = import_csl_json(json.dumps([item]), "x.json")
    assert issues == [] and imported == replace(crossref.to_reference(message, n=1), source="csl-json:x.json")


@pytest.mark.parametrize(("message", "year"), [
    ({"published-print": {"date-parts": [[2011, 5]]}, "created": {"date-parts": [[2010]]}}, 2011),
    ({"issued": {"date-parts": [[None]]}, "published-online": {"date-parts": [["2009"]]}}, 2009),
    ({"issued": {"date-parts": [[99999]]}, "created": {"date-parts": [[2003, 1, 2]]}}, 2003),
    ({"issued": {"date-parts": [[None]]}}, None),
], ids=["print-before-created", "issued-empty", "issued-out-of-range", "none"])
def test_the_year_is_the_first_plausible_of_crossrefs_dates(message, year):
    assert crossref.to_reference(message).year == year


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "title": st.one_of(st.text(max_size=8), st.lists(st.text(max_size=8), max_size=2)),
    "subtitle": st.lists(st.text(max_size=8), max_size=2), "type": st.sampled_from(["journal-article", "book", ""]),
    "author": st.lists(st.fixed_dictionaries({}, optional={"family": st.text(max_size=5), "given": st.text(max_size=5),
                                                          "name": st.text(max_size=5)}), max_size=3),
    "issued": st.fixed_dictionaries({"date-parts": st.lists(st.lists(st.integers(0, 3000), max_size=3), max_size=1)}),
    "published-print": st.fixed_dictionaries({"date-parts": st.just([[2001]])}),
    "ISBN": st.lists(st.text("0123456789-X ", max_size=6), max_size=2), "DOI": st.text(max_size=12)}))
def test_crossrefs_csl_form_is_already_plain_csl(message):
    """Read again, the plain form gives the same record (less the other years, which only the
    Crossref message has: kept as the extra `crossref:years`)."""
    item = crossref.as_csl(message)
    assert crossref.as_csl(item) == {var: value for var, value in item.items() if var != "custom"}
    assert replace(crossref.to_reference(item), extra=()) == replace(crossref.to_reference(message), extra=())


def test_every_year_crossrefs_dates_give_is_kept_when_they_differ():
    message = {"issued": {"date-parts": [[2012, 3]]}, "published-online": {"date-parts": [[2011, 12]]},
               "published-print": {"date-parts": [[2012]]}, "created": {"date-parts": [[2010]]}}
    ref = crossref.to_reference(message)
    assert ref.year == 2012 and ref.extra == (("crossref:years", "2012 2011"),)
    assert crossref.to_reference({"issued": {"date-parts": [[2012]]}}).extra == ()
