"""The session: politeness, retries, caps, cache and offline mode, over real HTTP on 127.0.0.1."""
from __future__ import annotations

import gzip
import threading
import time
from dataclasses import replace
from email.utils import formatdate

import pytest
from hypothesis import given, strategies as st
import requests
from werkzeug import Response

from refgraph.net.http import (HostGate, ResponseTooLarge, is_offline_miss, make_session,
                               retry_after_seconds, user_agent)


def test_user_agent_names_refgraph_and_mailto(server, settings):
    server.expect_request("/ua").respond_with_data("ok")
    make_session(settings).get(server.url_for("/ua"))
    sent = server.log[0][0].headers["User-Agent"]
    assert sent.startswith("refgraph/") and "mailto:tests@example.org" in sent
    assert "mailto" not in user_agent(replace(settings, mailto=""))


@pytest.mark.parametrize("first", [
    Response("slow down", 429, {"Retry-After": "0"}),
    Response("oops", 500),
    Response("bad gateway", 502),
], ids=["429-retry-after", "500", "502"])
def test_retries_transient_failures_then_succeeds(server, settings, first):
    calls = []

    def handler(request):
        calls.append(1)
        return first if len(calls) == 1 else Response("fine", 200)

    server.expect_request("/flaky").respond_with_handler(handler)
    response = make_session(settings).get(server.url_for("/flaky"))
    assert response.status_code == 200 and response.text == "fine"
    assert len(calls) == 2


def test_gives_up_after_max_retries_and_returns_the_error(server, settings):
    server.expect_request("/down").respond_with_data("down", status=503)
    response = make_session(settings).get(server.url_for("/down"))
    assert response.status_code == 503
    assert len(server.log) == settings.max_retries + 1


def test_read_timeout_raises_timeout(server, settings):
    calls = {"started": 0, "finished": 0}

    def slow(request):
        calls["started"] += 1
        time.sleep(1.0)
        calls["finished"] += 1
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    fast = replace(settings, read_timeout=0.2, max_retries=1)
    with pytest.raises(requests.Timeout):
        make_session(fast, cache=False).get(server.url_for("/slow"))
    # The handlers are still asleep: let them finish and be logged, or their requests would land
    # in the (shared) server's log during the next test.
    deadline = time.monotonic() + 10
    while (calls["finished"] < calls["started"] or len(server.log) < calls["started"]) and time.monotonic() < deadline:
        time.sleep(0.02)


def test_redirect_loop_is_capped(server, settings):
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(requests.TooManyRedirects):
        make_session(replace(settings, max_redirects=5)).get(server.url_for("/a"))


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip-bomb"])
def test_oversized_body_is_refused(server, settings, gzipped):
    body = b"0" * 200_000
    headers = {}
    if gzipped:
        body, headers = gzip.compress(body), {"Content-Encoding": "gzip"}
    server.expect_request("/big").respond_with_data(body, headers=headers)
    with pytest.raises(ResponseTooLarge):
        make_session(replace(settings, max_body_bytes=50_000)).get(server.url_for("/big"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/pub/x.txt", "gopher://127.0.0.1/"],
                         ids=["file", "ftp", "gopher"])
def test_only_http_and_https_are_fetched(settings, url):
    with pytest.raises(requests.exceptions.InvalidSchema):
        make_session(settings).get(url)


def test_redirect_to_file_scheme_is_not_followed(server, settings):
    server.expect_request("/sneaky").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(requests.exceptions.InvalidSchema):
        make_session(settings).get(server.url_for("/sneaky"))


def test_cache_answers_the_second_time_and_offline(server, settings):
    server.expect_request("/works/x").respond_with_json({"message": {"DOI": "10.1/x"}})
    url = server.url_for("/works/x")
    first = make_session(settings).get(url)
    second = make_session(settings).get(url)
    offline = make_session(replace(settings, offline=True)).get(url)
    assert first.json() == second.json() == offline.json()
    assert len(server.log) == 1
    assert second.from_cache and offline.from_cache


def test_offline_with_empty_cache_sends_nothing(server, settings):
    server.expect_request("/nothing").respond_with_data("never")
    response = make_session(replace(settings, offline=True)).get(server.url_for("/nothing"))
    assert is_offline_miss(response)
    assert server.log == []


def test_announced_concurrency_limit_is_kept(server, settings):
    in_flight, peak, lock = [0], [0], threading.Lock()

    def handler(request):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return Response("ok", headers={"X-Concurrency-Limit": "1", "X-Rate-Limit-Limit": "100",
                                       "X-Rate-Limit-Interval": "1s"})

    server.expect_request("/limited").respond_with_handler(handler)
    session = make_session(replace(settings, max_connections=3), cache=False)
    threads = [threading.Thread(target=session.get, args=(server.url_for("/limited"),)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1


@pytest.mark.parametrize("headers,rate,conc", [
    ({"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Interval": "1s", "X-Concurrency-Limit": "3"}, 10.0, 3),
    ({"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Interval": "1s", "X-Concurrency-Limit": "1"}, 5.0, 1),
    ({"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1m"}, 50 / 60, 2),
    ({"X-Rate-Limit-Limit": "1", "X-Rate-Limit-Interval": "1h"}, 0.2, 2),
    ({"X-Rate-Limit-Limit": "100000", "X-Rate-Limit-Interval": "1s"}, 50.0, 2),
    ({"X-Concurrency-Limit": "99"}, 7.0, 4),
    ({"X-Rate-Limit-Limit": "junk", "X-Rate-Limit-Interval": "??", "X-Concurrency-Limit": "-1"}, 7.0, 2),
], ids=["polite", "public", "per-minute", "stall-clamped", "flood-clamped", "capped-concurrency", "garbage"])
def test_gate_adapts_to_rate_limit_headers(headers, rate, conc):
    gate = HostGate(7.0, 2, 4)
    gate.adapt(headers)
    assert gate.rate == pytest.approx(rate)
    assert gate.concurrency == conc


@pytest.mark.parametrize("value,expected", [
    ("3", 3.0), ("0", 0.0), (None, None), ("", None), ("soon", None),
], ids=["seconds", "zero", "none", "empty", "junk"])
def test_retry_after_seconds(value, expected):
    assert retry_after_seconds(value) == expected


def test_retry_after_http_date():
    now = time.time()
    assert retry_after_seconds(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, abs=1)


def test_a_429_halves_the_pace():
    gate = HostGate(10.0, 1, 1)
    gate.slow_down()
    assert gate.rate == 5.0


def test_a_retry_after_too_long_is_not_retried_early(server, settings):
    server.expect_request("/later").respond_with_data("come back tomorrow", status=429,
                                                       headers={"Retry-After": "86400"})
    response = make_session(settings).get(server.url_for("/later"))
    assert response.status_code == 429 and len(server.log) == 1


@given(st.text(max_size=40))
def test_retry_after_never_raises_or_goes_negative(value):
    seconds = retry_after_seconds(value)
    assert seconds is None or seconds >= 0
