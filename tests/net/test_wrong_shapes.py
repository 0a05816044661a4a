"""Registries answering JSON of the wrong shape, on 127.0.0.1: a per-DOI status, never a traceback."""
from __future__ import annotations

import json
import re

import pytest

from refgraph.graph.expand import CrossrefSource, OpenAlexSource, OpenCitationsSource
from refgraph.net.crossref import get_works, search_bibliographic
from refgraph.net.http import make_session
from refgraph.net.linkcheck import Target, check_targets

DOI = "10.1111/bjc.12268"
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("body, error", [
    ({"message": {"items": 5}}, "'items' is not a list"),
    ({"message": {"items": {"DOI": DOI}}}, "'items' is not a list"),
    (DEEP, "nested too deeply"),
    ({"message": 5}, "without a 'message' object"),
], ids=["items-number", "items-object", "deep-array", "message-number"])
def test_a_malformed_batch_answer_leaves_the_doi_unchecked(server, settings, body, error):
    server.expect_request(re.compile(".*")).respond_with_data(body if isinstance(body, str) else json.dumps(body),
                                                              content_type="application/json")
    [result] = check_targets([Target("doi", DOI, "a.txt#1")], make_session(settings), settings)
    assert result.status == "unknown" and result.problems[0].kind == "unchecked" and error in result.problems[0].message


def test_a_record_with_fields_of_the_wrong_shape_is_read_as_far_as_it_goes(server, settings):
    record = {"DOI": [DOI.upper()], "title": 5, "issued": [1], "author": 5, "updated-by": 5, "update-to": {"x": 1},
              "container-title": [None, "Journal"], "page": {"a": 1}}
    server.expect_request("/works").respond_with_json({"message": {"items": [record]}})
    lookup = get_works([DOI], make_session(settings), settings)[DOI]
    assert lookup.found is True
    [result] = check_targets([Target("doi", DOI, "a.txt#1")], make_session(settings), settings)
    assert result.details["resolved"]["container-title"] == "Journal"
    assert "issued" not in result.details["resolved"] and result.retracted is False


def test_search_with_items_of_the_wrong_shape_is_an_error(server, settings):
    server.expect_request("/works").respond_with_json({"message": {"items": "none"}})
    search = search_bibliographic("Smith 2019 A title", make_session(settings), settings)
    assert search.items == () and "'items' is not a list" in search.error


def test_graph_expansion_reads_odd_shapes_without_failing(server, settings):
    server.expect_request(f"/works/{DOI}").respond_with_json(
        {"message": {"title": ["T"], "issued": [1], "author": 5, "reference": {"DOI": "10.1/x"}}})
    server.expect_request(f"/references/doi:{DOI}").respond_with_data(DEEP, content_type="application/json")
    server.expect_request(f"/works/doi:{DOI}").respond_with_json({"authorships": [{"author": 5}], "id": "W1",
                                                                 "referenced_works": 5})
    session = make_session(settings)
    crossref = CrossrefSource(session, settings).references(DOI)
    assert crossref.works == () and crossref.about.year == 0 and crossref.about.title == "T"
    citations = OpenCitationsSource(session, settings).references(DOI)
    assert citations.works == () and "not JSON" in citations.issues[0].message
    openalex = OpenAlexSource(session, settings).references(DOI)
    assert openalex.works == () and openalex.about.other_id == "openalex:W1" and openalex.about.authors == ""
