"""doi.org: handle API, registration agency, content negotiation (real HTTP on 127.0.0.1)."""
from __future__ import annotations

import pytest
from werkzeug import Response

from refgraph.net import doi as doiorg
from refgraph.net.http import make_session


@pytest.mark.parametrize("doi,registered", [
    ("10.1111/bjc.12268", True), ("10.18942/apg.201812", True), ("10.5555/never-registered", False),
], ids=["crossref", "jalc", "unregistered"])
def test_handle_status(registry, settings, doi, registered):
    assert doiorg.handle_status(doi, make_session(settings), settings).registered is registered


@pytest.mark.parametrize("response", [Response("<html>", 500), Response('{"responseCode": 2}', 500)],
                         ids=["html", "error-code"])
def test_handle_status_unknown_when_the_service_fails(server, settings, response):
    server.expect_request("/api/handles/10.1/x").respond_with_response(response)
    result = doiorg.handle_status("10.1/x", make_session(settings), settings)
    assert result.registered is None and result.error


def test_registration_agencies_in_one_request(registry, settings):
    agencies = doiorg.registration_agencies(["10.1111/bjc.12268", "10.18942/apg.201812", "10.5555/none"],
                                            make_session(settings), settings)
    assert agencies == {"10.1111/bjc.12268": "Crossref", "10.18942/apg.201812": "JaLC"}
    assert len(registry.log) == 1


def test_content_negotiation_follows_the_redirect_to_the_agency(registry, settings):
    found = doiorg.negotiate_csl("10.18942/apg.201812", make_session(settings), settings, "JaLC")
    assert found.found and found.message["title"].startswith("Allopolyploid")
    assert found.source == "negotiation:JaLC"
    assert [p for _, p, _ in registry.log] == ["/10.18942/apg.201812", "/cn/10.18942/apg.201812"]


def test_content_negotiation_malformed(server, settings):
    server.expect_request("/10.1/x").respond_with_data("{oops", content_type="application/json")
    found = doiorg.negotiate_csl("10.1/x", make_session(settings), settings)
    assert found.found is None and "malformed" in found.error
