"""Shared fixtures: a threaded HTTP server on 127.0.0.1 and Settings that point at it; the
one rule for tests that need ../shared (the dev corpora and recorded HTTP answers)."""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from refgraph.config import Settings

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "refs" / "articles"
GOLD = ROOT / "refs" / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytest_plugins = ["pytester"]  # tests/test_conftest.py runs this file's rules in a scratch checkout
SHARED = ROOT.parent / "shared"  # beside the checkout, never an absolute path
REQUIRE_SHARED = "REFGRAPH_REQUIRE_SHARED"


def shared_dir(*parts: str) -> Path:
    """The path ../shared/PARTS, or skip the calling test with the reason when it is absent: a
    fresh clone has no ../shared. CI sets REFGRAPH_REQUIRE_SHARED=1, under which a missing path
    fails instead, so that CI never silently skips what needs it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        shown = Path("..", "shared", *parts)
        if os.environ.get(REQUIRE_SHARED) == "1":
            pytest.fail(f"{shown} is missing beside the checkout and {REQUIRE_SHARED}=1", pytrace=False)
        pytest.skip(f"needs {shown} beside the checkout (absent here)")
    return path


@pytest.fixture
def shared():
    """shared(*parts): the path ../shared/PARTS, by the rule of shared_dir."""
    return shared_dir


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_shared(*parts): the test reads ../shared/PARTS; skipped "
                            f"when absent, failed when {REQUIRE_SHARED}=1")


def pytest_runtest_setup(item):
    for marker in item.iter_markers("needs_shared"):
        shared_dir(*marker.args)


@pytest.fixture
def seed():
    """Path of a seed article by its number prefix, e.g. seed('003')."""
    def find(prefix: str) -> Path:
        return next(ARTICLES.glob(f"{prefix}_*.txt"))
    return find


@pytest.fixture(scope="session")
def _running_server():
    srv = HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.stop()  # stopping waits out keep-alive connections: once per run, not per test


@pytest.fixture
def server(_running_server):
    """A real HTTP server on 127.0.0.1, with no handlers and an empty log."""
    _running_server.clear()
    yield _running_server
    _running_server.clear()


@pytest.fixture
def settings(server, tmp_path) -> Settings:
    base = server.url_for("").rstrip("/")
    return Settings(mailto="tests@example.org", cache_dir=str(tmp_path / "cache"), crossref_api=base,
                    doi_resolver=base, opencitations_api=base, openalex_api=base,
                    connect_timeout=2.0, read_timeout=2.0, max_retries=2, retry_backoff=0.01,
                    requests_per_second=200.0, check_private="all")  # the test server is 127.0.0.1


_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(host, *args, **kwargs):
    """No test reaches the internet: any name but the loopback fails as DNS failure would."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name not in ("127.0.0.1", "localhost", "::1") and not name.startswith("127."):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (tests are offline)")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only)


@pytest.fixture
def registry(server):
    """The fake Crossref + doi.org (tests/net/fake_registry.py) on the test server."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "net"))
    from fake_registry import Registry
    return Registry().install(server)
