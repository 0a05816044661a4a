"""`refgraph check` and `refgraph resolve` end to end, against the fake registry on 127.0.0.1."""
from __future__ import annotations

import json

import bibtexparser
import pytest
from click.testing import CliRunner

from conftest import ARTICLES
from refgraph.cli import cli

SEEDS = {"10.1111/bjc.12268", "10.1080/03069885.2018.1516860", "10.1177/1359105318755264",
         "10.1111/bjc.12264", "10.1111/bjc.12259", "10.1192/bjp.bp.115.171017"}


@pytest.fixture
def run(server, tmp_path):
    base = server.url_for("").rstrip("/")
    env = {"REFGRAPH_CROSSREF_API": base, "REFGRAPH_DOI_RESOLVER": base, "REFGRAPH_CACHE_DIR": str(tmp_path / "cache"),
           "REFGRAPH_CONFIG": str(tmp_path / "no-config.toml"), "REFGRAPH_MAILTO": "", "REFGRAPH_OFFLINE": "",
           "REFGRAPH_CHECK_URLS": ""}

    def invoke(*args):
        return CliRunner().invoke(cli, list(map(str, args)), env=env, catch_exceptions=False)
    return invoke


def test_check_seed_articles_json(registry, run):
    result = run("check", ARTICLES, "--no-urls", "--format", "json", "--mailto", "me@example.org")
    assert result.exit_code == 0, result.output
    results = json.loads(result.stdout)["results"]
    dois = {r["target"]: r for r in results if r["kind"] == "doi"}
    assert set(dois) == SEEDS
    for r in dois.values():
        assert {"kind", "target", "source", "status", "problems", "registered", "match", "retracted"} <= set(r)
        assert (r["status"], r["registered"], r["retracted"]) == ("ok", True, False)
    assert dois["10.1192/bjp.bp.115.171017"]["source"] == "002_10fe856e75af3048#3"
    assert {r["match"] for d, r in dois.items() if d != "10.1192/bjp.bp.115.171017"} == {"same"}
    assert dois["10.1192/bjp.bp.115.171017"]["match"] == "likely"  # from the sentences citing it
    assert all(r["kind"] == "url" and r["status"] == "unknown" for r in results if r["kind"] != "doi")
    assert registry.agents and all("mailto:me@example.org" in ua for ua in registry.agents)


def test_check_flags_a_wrong_doi_and_exits_1(registry, run, tmp_path):
    text = (ARTICLES / "003_d3235739006794ff.txt").read_text(encoding="utf-8")
    (tmp_path / "wrong.txt").write_text(text.replace("doi: 10.1080/03069885.2018.1516860",
                                                     "doi: 10.1192/bjp.bp.115.171017"), encoding="utf-8")
    result = run("check", tmp_path / "wrong.txt", "--no-urls")
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "10.1192/bjp.bp.115.171017" in line)
    assert line.startswith("broken") and "different work" in line and "match=different" in line


def test_check_offline_with_empty_cache_says_what_it_could_not_check(registry, run):
    result = run("check", ARTICLES, "--offline", "--format", "json")
    assert result.exit_code == 0
    results = json.loads(result.stdout)["results"]
    assert results and all(r["status"] == "unknown" for r in results)
    assert all(r["problems"] and r["problems"][0].startswith("not checked") for r in results)
    assert registry.log == []
    table = run("check", ARTICLES, "--offline")
    assert table.exit_code == 0 and "could not be checked" in table.stdout


def test_check_missing_path_is_usage_error(run, tmp_path):
    result = run("check", tmp_path / "nope.txt")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_resolve_csl_json_and_bibtex(registry, run):
    result = run("resolve", "10.1177/1359105318755264", "https://doi.org/10.18942/apg.201812")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert [i["DOI"] for i in items] == ["10.1177/1359105318755264", "10.18942/apg.201812"]
    assert items[0]["author"][0]["family"] == "Scott" and items[0]["issued"]["date-parts"] == [[2018]]
    bib = run("resolve", "10.1111/bjc.12259", "--format", "bibtex")
    entry = bibtexparser.parse_string(bib.stdout).entries[0]
    assert entry.entry_type == "article" and entry["doi"] == "10.1111/bjc.12259"


def test_resolve_unknown_doi_exits_1(registry, run):
    result = run("resolve", "10.5555/nobody", "junk")
    assert result.exit_code == 1
    assert "10.5555/nobody: not registered" in result.stderr and "junk: not a valid DOI" in result.stderr


@pytest.mark.parametrize("bad", [b"", b"\x00\x01binary\xff" * 30, b"@article{x, title={unclosed"],
                         ids=["empty", "binary", "no-bib-entry"])
def test_check_skips_an_unreadable_file_and_checks_the_rest(registry, run, tmp_path, bad):
    """As build does: one file that cannot be read is named on stderr; the others are checked."""
    (tmp_path / "good.txt").write_text((ARTICLES / "002_10fe856e75af3048.txt").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (tmp_path / "bad.bib").write_bytes(bad)
    result = run("check", tmp_path, tmp_path / "missing.txt", "--no-urls", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["target"] for r in data["results"] if r["kind"] == "doi"] == ["10.1192/bjp.bp.115.171017"]
    assert data["files"] == [str(tmp_path / "good.txt")]
    assert sorted(m.split(":")[0] for m in data["skipped"]) == [str(tmp_path / "bad.bib"), str(tmp_path / "missing.txt")]
    assert "skipped:" in result.stderr and "bad.bib" in result.stderr
