"""Link checking never probes the user's own network unless told to.

The server here is on 127.0.0.1 and must receive no request. The redirect targets are private
and link-local literals; should the guard fail, the autouse no_internet fixture (conftest)
still stops the connection at name lookup, so no test sends traffic beyond the loopback.
"""
from __future__ import annotations

import ipaddress
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.net.http import make_session
from refgraph.net.linkcheck import Target, address_kind, allowed_kinds, check_targets, check_url


@pytest.mark.parametrize("make_url", [
    lambda port: f"http://127.0.0.1:{port}/page",
    lambda port: f"http://localhost:{port}/page",
    lambda port: f"http://2130706433:{port}/page",  # 127.0.0.1 written as one number
    lambda port: f"http://127.1:{port}/page",
], ids=["literal", "name-resolving-to-loopback", "decimal-address", "short-form"])
def test_loopback_links_are_skipped_and_never_requested(server, settings, make_url):
    server.expect_request("/page").respond_with_data("secret admin page")
    url = make_url(server.port)
    result = check_url(url, make_session(settings))
    assert (result.status, result.state) == ("unknown", "skipped-private")
    assert "loopback" in result.problems[0] and "--check-private" in result.problems[0]
    assert server.log == []


def test_check_targets_skips_by_default_and_fetches_when_allowed(server, settings):
    server.expect_request("/page").respond_with_data("fine")
    targets = [Target("url", server.url_for("/page"), "a.txt#1")]
    [skipped] = check_targets(targets, make_session(settings), replace(settings, check_private=""))
    assert (skipped.status, skipped.details["state"]) == ("unknown", "skipped-private")
    assert server.log == []
    [fetched] = check_targets(targets, make_session(settings), replace(settings, check_private="loopback"))
    assert (fetched.status, fetched.details["state"]) == ("ok", "ok")
    assert len(server.log) == 1


@pytest.mark.parametrize("location, kind", [
    ("http://10.1.2.3/internal", "private"),
    ("http://192.168.0.1/router", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::ffff:10.0.0.1]/mapped", "private"),
], ids=["10/8", "192.168/16", "cloud-metadata", "ipv4-mapped-ipv6"])
def test_a_redirect_to_a_private_address_is_not_followed(server, settings, location, kind):
    server.expect_request("/hop").respond_with_data("", status=302, headers={"Location": location})
    result = check_url(server.url_for("/hop"), make_session(settings), "loopback")  # the start is allowed
    assert (result.status, result.state) == ("unknown", "skipped-private")
    assert f"redirects to {location}" in result.problems[0] and kind in result.problems[0]
    assert len(server.log) == 1  # the first hop only


def test_a_redirect_to_loopback_from_an_allowed_private_start_is_stopped(server, settings):
    """The loopback is refused even when the user allows private networks."""
    server.expect_request("/hop").respond_with_data("", status=302, headers={"Location": "/inside"})
    server.expect_request("/inside").respond_with_data("never")
    result = check_url(server.url_for("/hop"), make_session(settings), "private,link-local")
    assert result.state == "skipped-private" and server.log == []


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("0.0.0.0", "loopback"), ("::1", "loopback"), ("10.0.0.1", "private"),
    ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("93.184.216.34", None),
    ("2606:4700::1111", None),
], ids=lambda v: str(v))
def test_address_kinds(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("setting, kinds", [
    ("", set()), ("all", {"loopback", "private", "link-local"}), ("true", {"loopback", "private", "link-local"}),
    ("loopback", {"loopback"}), ("private, link-local", {"private", "link-local"}), ("nonsense", set()),
], ids=["none", "all", "true", "loopback", "two", "unknown-word"])
def test_allowed_kinds(setting, kinds):
    assert allowed_kinds(setting) == kinds


def test_cli_check_skips_a_loopback_link_unless_asked(server, tmp_path):
    base = server.url_for("").rstrip("/")
    env = {"REFGRAPH_CROSSREF_API": base, "REFGRAPH_DOI_RESOLVER": base, "REFGRAPH_CACHE_DIR": str(tmp_path / "c"),
           "REFGRAPH_CONFIG": str(tmp_path / "no-config.toml"), "REFGRAPH_OFFLINE": "", "REFGRAPH_CHECK_URLS": "",
           "REFGRAPH_CHECK_PRIVATE": ""}
    server.expect_request("/page").respond_with_data("fine")
    article = tmp_path / "a.txt"
    article.write_text(f"Intro.\n\nReferences\n\n1. Doe J. A web page. 2020. {server.url_for('/page')}\n",
                       encoding="utf-8")

    def url_states(*flags):
        out = CliRunner().invoke(cli, ["check", str(article), "--format", "json", *flags], env=env)
        items = json.loads(out.output)["results"]
        return [(i["status"], i["details"]["state"]) for i in items if i["kind"] == "url"]

    assert url_states() == [("unknown", "skipped-private")]
    assert server.log == []
    assert url_states("--check-private") == [("ok", "ok")]
    assert len(server.log) == 1


def test_offline_the_guard_sends_no_dns_query_but_still_judges_addresses(server, settings, monkeypatch):
    import socket
    asked = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: asked.append(host) or [])
    offline = replace(settings, offline=True, check_private="")
    targets = [Target("url", "https://example.org/page", "a.txt#1"), Target("url", server.url_for("/x"), "a.txt#2")]
    named, literal = check_targets(targets, make_session(offline), offline)
    assert named.details["state"] == "offline" and literal.details["state"] == "skipped-private"
    assert asked == [] and server.log == []
