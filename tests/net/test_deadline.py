"""Servers that trickle, stall or cut their answers short, on 127.0.0.1: a status, never a hang.

pytest-httpserver answers whole responses, so these use a raw socket server that writes its
answer byte by byte as each test scripts it.
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace

import pytest
import requests

from refgraph.net.crossref import get_work
from refgraph.net.http import DeadlineExceeded, make_session
from refgraph.net.linkcheck import Target, check_url, check_urls

TRICKLE_FOR = 12.0  # seconds a trickling server keeps going: far past each test's deadline


class RawServer:
    """Accepts connections on 127.0.0.1 and answers each with `script(conn, method)`."""

    def __init__(self, script):
        self.script = script
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str = "/x") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn) -> None:
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            line = head.split(b"\r\n", 1)[0].decode()
            self.requests.append(line)
            try:
                self.script(conn, line.split()[0], self.stop)
            except OSError:
                pass  # the client hung up: what a deadline does

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def _trickle(conn, data: bytes, stop, every: float = 0.2) -> None:
    end = time.monotonic() + TRICKLE_FOR
    for byte in data:
        if stop.is_set() or time.monotonic() > end:
            return
        conn.sendall(bytes([byte]))
        time.sleep(every)


def trickled_headers(conn, method, stop):
    _trickle(conn, b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200 + b"\r\nContent-Length: 2\r\n\r\nok", stop)


def trickled_body(conn, method, stop):
    if method == "HEAD":
        conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
        return
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n")
    _trickle(conn, b'{"message": {"DOI": "10.1/x", "pad": "' + b"a" * 200, stop)


def cut_short(conn, method, stop):
    if method == "HEAD":
        conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
        return
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a few bytes")
    conn.shutdown(socket.SHUT_RDWR)


def stalled_body(conn, method, stop):
    if method == "HEAD":
        conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
        return
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nstart of the page")
    stop.wait(1.5)


@pytest.fixture
def raw_server():
    servers = []

    def start(script):
        servers.append(RawServer(script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def fast(settings):
    """A one-second deadline, with read timeouts that a trickle never trips on its own."""
    return replace(settings, request_deadline=1.0, read_timeout=2.0, max_retries=2)


def test_trickled_headers_end_at_the_deadline_as_a_timeout(raw_server, fast):
    server = raw_server(trickled_headers)
    result = check_url(server.url(), make_session(fast, cache=False), "all")
    assert (result.status, result.state) == ("warning", "timeout")
    assert "within 1 s" in result.problems[0]
    assert len(server.requests) == 1  # a deadline is not retried


def test_trickled_body_ends_at_the_deadline(raw_server, fast):
    server = raw_server(trickled_body)
    with pytest.raises(DeadlineExceeded):
        make_session(fast, cache=False).get(server.url())


def test_resolve_reports_a_trickling_registry_as_an_error(raw_server, fast):
    server = raw_server(trickled_body)
    settings = replace(fast, crossref_api=server.url(""))
    lookup = get_work("10.1/x", make_session(settings, cache=False), settings)
    assert lookup.found is None and "no complete answer in time" in lookup.error


@pytest.mark.parametrize("script, state", [
    (cut_short, "error"),
    (stalled_body, "timeout"),
], ids=["cut-short-protocol-error", "stalled-read-timeout"])
def test_a_broken_body_is_the_links_status_and_the_others_are_still_checked(raw_server, fast, server, script,
                                                                             state):
    broken = raw_server(script)
    server.expect_request("/fine").respond_with_data("fine")
    settings = replace(fast, read_timeout=0.5, max_retries=0)
    targets = [Target("url", broken.url(), "a.txt#1"), Target("url", server.url_for("/fine"), "a.txt#2")]
    first, second = check_urls(targets, make_session(settings, cache=False), settings)
    assert (first.status, first.details["state"]) == ("warning", state)
    assert (second.status, second.details["state"]) == ("ok", "ok")


def test_body_errors_are_requests_errors(raw_server, fast):
    server = raw_server(cut_short)
    with pytest.raises(requests.ConnectionError, match="body could not be read"):
        make_session(replace(fast, max_retries=0), cache=False).get(server.url())
