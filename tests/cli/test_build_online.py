"""`refgraph build --online` against the fake Crossref/doi.org on 127.0.0.1."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import ARTICLES
from refgraph.cli import cli


@pytest.fixture
def run(server, tmp_path):
    base = server.url_for("").rstrip("/")
    env = {"REFGRAPH_CROSSREF_API": base, "REFGRAPH_DOI_RESOLVER": base, "REFGRAPH_CACHE_DIR": str(tmp_path / "cache"),
           "REFGRAPH_CONFIG": str(tmp_path / "no-config.toml"), "REFGRAPH_MAILTO": "", "REFGRAPH_OFFLINE": ""}

    def invoke(*args):
        return CliRunner().invoke(cli, list(map(str, args)), env=env, catch_exceptions=False)
    return invoke


def test_online_build_discovers_a_missing_doi_and_prefers_resolved_fields(registry, run, tmp_path):
    article = next(ARTICLES.glob("003_*.txt")).read_text(encoding="utf-8")
    without_doi = article.replace(" doi: 10.1111/bjc.12259.", "")
    assert without_doi != article
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "post.txt").write_text(without_doi, encoding="utf-8")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out", "--online", "--mailto", "me@example.org")
    assert result.exit_code == 0, result.output
    works = json.loads((tmp_path / "out" / "works.json").read_text())["works"]
    wakefield = next(w for w in works if w.get("title", "").startswith("Improving Access to Psychological Therapies (IAPT) in"))
    assert wakefield["DOI"] == "10.1111/bjc.12259"
    report = (tmp_path / "out" / "report.md").read_text()
    assert "post#10: DOI 10.1111/bjc.12259 discovered" in report
    assert "online:" in result.output


def test_offline_build_sends_nothing(registry, run, tmp_path):
    result = run("build", ARTICLES, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert registry.log == []
    assert "offline: no DOI was resolved" in result.output


WAKEFIELD = ("Wakefield, S. et al. (2021) 'Improving Access to Psychological Therapies (IAPT) in the United Kingdom: "
             "A systematic review and meta-analysis of 10-years of practice-based evidence', The British journal of "
             "clinical psychology, 60(1), pp. 1-37.")
SCOTT = ("Scott, M. J. (2021) 'Ensuring that the Improving Access to Psychological Therapies (IAPT) programme does "
         "what it says on the tin', The British journal of clinical psychology, 60(1), pp. 38-41.")
NOBODY = "Nobody, N. (1999) A title that no registry has ever heard of at all. Nowhere Press, Nowhere."


def _article(title: str, refs: list[str]) -> str:
    body = "\n\n".join(f"{title} paragraph {i} cites the work (Author {i})." for i in range(3))
    return f"{title}\n\n{body}\n\nReferences\n\n" + "\n\n".join(refs) + "\n"


def test_discovered_dois_go_to_their_own_document_when_list_numbers_are_shared(registry, run, tmp_path):
    """Both lists have a reference 1 and 2: a DOI found for a.txt#1 belongs to a.txt#1 only."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_article("First article", [WAKEFIELD, NOBODY]), encoding="utf-8")
    (folder / "b.txt").write_text(_article("Second article", [NOBODY.replace("1999", "1998"), SCOTT]), encoding="utf-8")
    result = run("build", folder, "-o", tmp_path / "out", "--online")
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(tmp_path / "out" / "library.sqlite")
    dois = {m: json.loads(csl).get("DOI", "") for m, csl in con.execute("SELECT mention, csl FROM refs")}
    con.close()
    assert dois == {"a#1": "10.1111/bjc.12259", "a#2": "", "b#1": "", "b#2": "10.1111/bjc.12264"}
