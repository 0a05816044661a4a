"""DOI and URL checks: every outcome class, over real HTTP on 127.0.0.1."""
from __future__ import annotations

import time
from dataclasses import replace

import pytest
from werkzeug import Response

from refgraph.extract.parse import parse_reference
from refgraph.net.http import make_session
from refgraph.net.linkcheck import Target, check_targets, check_url, check_urls
from refgraph.model import Issue


def _status(result):
    return result.status, result.state


@pytest.mark.parametrize("path,response,expected", [
    ("/ok", Response("hello"), ("ok", "ok")),
    ("/gone", Response("gone", 410), ("broken", "dead")),
    ("/missing", Response("nope", 404), ("broken", "dead")),
    ("/forbidden", Response("robots go away", 403), ("warning", "blocked")),
    ("/busy", Response("slow down", 429, {"Retry-After": "0"}), ("warning", "blocked")),
    ("/broken-server", Response("boom", 500), ("warning", "error")),
], ids=["ok", "410", "404", "403-blocked", "429-blocked", "500"])
def test_url_outcomes(server, settings, path, response, expected):
    server.expect_request(path).respond_with_response(response)
    assert _status(check_url(server.url_for(path), make_session(settings), "all")) == expected


def test_head_refused_falls_back_to_get(server, settings):
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET").respond_with_data("page")
    result = check_url(server.url_for("/nohead"), make_session(settings), "all")
    assert _status(result) == ("ok", "ok")


def test_permanent_move_is_reported_with_the_new_address(server, settings):
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new/place"})
    server.expect_request("/new/place").respond_with_data("here")
    result = check_url(server.url_for("/old"), make_session(settings), "all")
    assert _status(result) == ("warning", "moved") and result.final_url.endswith("/new/place")


def test_temporary_redirect_is_fine(server, settings):
    server.expect_request("/go").respond_with_data("", status=302, headers={"Location": "/there"})
    server.expect_request("/there").respond_with_data("here")
    result = check_url(server.url_for("/go"), make_session(settings), "all")
    assert _status(result) == ("ok", "ok") and result.final_url.endswith("/there")


def test_redirect_loop_is_dead(server, settings):
    server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    result = check_url(server.url_for("/loop"), make_session(settings), "all")
    assert _status(result) == ("broken", "dead") and "redirect loop" in result.problems[0]


def test_timeout_is_kept_apart_from_dead(server, settings):
    def slow(request):
        time.sleep(1.0)
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    session = make_session(replace(settings, read_timeout=0.2, max_retries=0))
    assert _status(check_url(server.url_for("/slow"), session, "all")) == ("warning", "timeout")
    until = time.monotonic() + 5  # the late answer lands in this test's log, not a later one's
    while not server.log and time.monotonic() < until:
        time.sleep(0.05)


def test_unknown_host_is_dead(settings):
    result = check_url("https://no-such-host.invalid/page", make_session(settings), "all")
    assert _status(result) == ("broken", "no-host") and "DNS" in result.problems[0]


def test_refused_connection_is_dead(settings):
    result = check_url("http://127.0.0.1:9/nothing-listens-here", make_session(replace(settings, max_retries=0)), "all")
    assert result.status == "broken"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://ftp.example.org/pub/paper.pdf"], ids=["file", "ftp"])
def test_non_http_links_are_never_fetched(server, settings, url):
    result = check_url(url, make_session(settings), "all")
    assert _status(result) == ("warning", "not-fetched")
    assert server.log == []


def test_oversized_page_still_counts_as_alive(server, settings):
    server.expect_request("/huge", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/huge", method="GET").respond_with_data(b"x" * 100_000)
    result = check_url(server.url_for("/huge"), make_session(replace(settings, max_body_bytes=10_000)), "all")
    assert _status(result) == ("ok", "too-large")


def test_same_url_cited_twice_is_fetched_once(server, settings):
    server.expect_request("/shared").respond_with_data("x")
    url = server.url_for("/shared")
    out = check_urls([Target("url", url, "a.txt#1"), Target("url", url, "b.txt#4")], make_session(settings), settings)
    assert [s.source for s in out] == ["a.txt#1", "b.txt#4"] and len(server.log) == 1


KELLETT = ("Kellett, S. et al. (2021) 'The costs and benefits of practice-based evidence: Correcting some "
           "misunderstandings about the 10-year meta-analysis of IAPT studies', The British journal of clinical "
           "psychology, 60(1), pp. 42-47. doi: {doi}.")


@pytest.mark.parametrize("doi,status,registered,match,retracted", [
    ("10.1111/bjc.12268", "ok", True, "same", False),
    ("10.1111/bjc.12259", "broken", True, "different", False),
    ("10.5555/never-registered", "broken", False, None, None),
    ("10.5555/refgraph.retracted", "broken", True, "different", True),
], ids=["right", "wrong-work", "unregistered", "retracted"])
def test_doi_checks(registry, settings, doi, status, registered, match, retracted):
    ref = parse_reference(KELLETT.format(doi=doi), n=4)
    [result] = check_targets([Target("doi", doi, "x.txt#4", ref)], make_session(settings), settings)
    assert (result.status, result.registered, result.match, result.retracted) == (status, registered, match, retracted)


def test_retraction_and_notice(registry, settings):
    targets = [Target("doi", "10.5555/refgraph.retracted", "a#1"), Target("doi", "10.5555/refgraph.retraction-notice", "a#2")]
    retracted, notice = check_targets(targets, make_session(settings), settings)
    assert retracted.retracted is True and retracted.problems[0].kind == "retracted"
    assert "retracted" in retracted.problems[0].message
    assert notice.retracted is False and notice.problems[0].kind == "is-notice"
    assert "itself a notice" in notice.problems[0].message


def test_invalid_doi_syntax_is_broken(registry, settings):
    [result] = check_targets([Target("doi", "10.12/short", "a#1")], make_session(settings), settings)
    assert result.status == "broken" and result.problems[0].kind == "invalid-doi"
    assert "not a valid DOI" in result.problems[0].message
    assert registry.log == []


def test_doi_link_is_checked_as_a_doi(registry, settings):
    [result] = check_targets([Target("url", "https://doi.org/10.1111/bjc.12264", "a#1")], make_session(settings), settings)
    assert result.kind == "doi" and result.registered is True


def test_service_down_is_unknown_not_broken(server, settings):
    server.expect_request("/works").respond_with_data("down", status=503)
    [result] = check_targets([Target("doi", "10.1111/bjc.12268", "a#1")], make_session(settings), settings)
    assert result.status == "unknown" and result.registered is None


def test_dead_host_among_live_ones_is_dead(server, settings):
    server.expect_request("/up").respond_with_data("ok")
    targets = [Target("url", server.url_for("/up"), "a#1"), Target("url", "https://gone.invalid/x", "a#2")]
    live, dead = check_urls(targets, make_session(settings), settings)
    assert (live.status, dead.status, dead.details["state"]) == ("ok", "broken", "no-host")


def test_no_host_reachable_at_all_is_unknown_not_dead(settings):
    targets = [Target("url", "https://one.invalid/x", "a#1"), Target("url", "https://two.invalid/y", "a#2")]
    results = check_urls(targets, make_session(settings), settings)
    assert [r.status for r in results] == ["unknown", "unknown"]
    assert results[0].problems[0].kind == "unreachable" and "offline" in results[0].problems[0].message


def test_registry_down_is_unknown_with_a_short_reason(settings):
    down = replace(settings, crossref_api="http://127.0.0.1:9", doi_resolver="http://127.0.0.1:9", max_retries=0)
    [result] = check_targets([Target("doi", "10.1111/bjc.12268", "a#1")], make_session(down), down)
    assert result.status == "unknown"
    assert result.problems == (Issue("unchecked", "could not check: Crossref: cannot reach 127.0.0.1:9 (connection refused)"),)


@pytest.mark.parametrize("printed,status,grade", [
    ("10.5555/corrigendum", "broken", "different"),
    ("10.5555/later", "warning", "likely"),
    ("10.1111/bjc.12264", "ok", "same"),
], ids=["notice-is-not-the-work", "a-year-later-is-only-possible", "the-work"])
def test_check_agrees_with_discovery_on_what_the_cited_work_is(registry, settings, printed, status, grade):
    """`check` asks the matcher `build --online` uses: what discovery would never apply, check flags."""
    title = "Ensuring that the Improving Access to Psychological Therapies (IAPT) programme does what it says on the tin"
    base = {"type": "journal-article", "author": [{"family": "Scott", "given": "M. J."}],
            "container-title": ["The British journal of clinical psychology"]}
    registry.works = {
        "10.5555/corrigendum": {**base, "DOI": "10.5555/corrigendum", "title": ["Corrigendum: " + title],
                                "issued": {"date-parts": [[2021]]}, "volume": "60", "page": "1040"},
        "10.5555/later": {**base, "DOI": "10.5555/later", "title": [title], "issued": {"date-parts": [[2022]]}},
        "10.1111/bjc.12264": {**base, "DOI": "10.1111/bjc.12264", "title": [title], "issued": {"date-parts": [[2021]]},
                              "volume": "60", "page": "38-41"}}
    ref = parse_reference(f"Scott, M. J. (2021) '{title}', The British journal of clinical psychology. doi: {printed}", n=1)
    [result] = check_targets([Target("doi", printed, "a#1", ref)], make_session(settings), settings)
    assert (result.status, result.match) == (status, grade)
