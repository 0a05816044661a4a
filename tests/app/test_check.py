"""`check_paths`: the seed articles, .bib files and folders, against the test registry."""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from refgraph.errors import InputError, LibraryError
from refgraph.app.check import bib_references, check_paths, expand, targets_of
from tests.net.fake_registry import SEED_DOIS

ARTICLES = Path(__file__).resolve().parents[2] / "refs" / "articles"


def by_target(report):
    return {r.target: r for r in report.results if r.kind == "doi"}


def test_seed_articles_registered_matching_not_retracted(registry, settings):
    report = check_paths([ARTICLES], replace(settings, check_urls=False))
    dois = by_target(report)
    assert set(dois) == set(SEED_DOIS)
    for doi in SEED_DOIS:
        assert dois[doi].registered is True and dois[doi].retracted is False and dois[doi].status == "ok"
    bare_link = dois["10.1192/bjp.bp.115.171017"]
    # The reference is only the DOI link; the sentences citing it name Delgadillo and 2016.
    assert bare_link.match == "likely"
    assert bare_link.details["match"]["notes"] == ["compared with the sentences that cite it"]
    assert all(dois[d].match == "same" for d in SEED_DOIS if d != "10.1192/bjp.bp.115.171017")
    assert not report.broken


def test_a_wrong_doi_is_flagged_as_a_different_work(registry, settings, tmp_path):
    text = (ARTICLES / "003_d3235739006794ff.txt").read_text(encoding="utf-8")
    wrong = text.replace("doi: 10.1111/bjc.12268.", "doi: 10.1111/bjc.12259.")
    assert wrong != text
    (tmp_path / "wrong.txt").write_text(wrong, encoding="utf-8")
    report = check_paths([tmp_path / "wrong.txt"], replace(settings, check_urls=False))
    flagged = [r for r in report.results if r.match == "different"]
    assert len(flagged) == 1 and flagged[0].target == "10.1111/bjc.12259"
    assert flagged[0].problems[0].kind == "different-work"
    assert "Kellett" not in flagged[0].problems[0].message and "different work" in flagged[0].problems[0].message
    assert report.broken


def test_article_links_file_and_ftp_are_not_fetched(server, settings, tmp_path):
    server.expect_request("/alive").respond_with_data("ok")
    server.expect_request("/gone").respond_with_data("gone", status=404)
    article = tmp_path / "links.md"
    article.write_text("# Refs\n\n1. Alive page. " + server.url_for("/alive") + "\n"
                       "2. Local copy. file:///home/me/paper.pdf\n"
                       "3. Archive. ftp://ftp.example.org/pub/paper.pdf\n"
                       "4. Gone. " + server.url_for("/gone") + "\n", encoding="utf-8")
    report = check_paths([article], settings)
    states = {r.target.split("/")[-1]: (r.status, r.details["state"]) for r in report.results}
    assert states == {"alive": ("ok", "ok"), "paper.pdf": ("warning", "not-fetched"), "gone": ("broken", "dead")}
    assert all(request.path in ("/alive", "/gone") for request, _ in server.log)


BIB = r"""
@article{kellett2021, title={The costs and benefits of practice-based evidence: Correcting some
  misunderstandings about the 10-year meta-analysis of {IAPT} studies}, author={Kellett, Stephen and Wakefield, Shaun},
  journal={British Journal of Clinical Psychology}, year={2021}, volume={60}, number={1}, pages={42--47},
  doi={10.1111/bjc.12268}}
@book{whitaker2010, title={Anatomy of an Epidemic}, author={Whitaker, Robert}, publisher={Broadway}, year={2010},
  doi={10.1111/bjc.12264}}
@misc{site, title={A page}, url={ftp://ftp.example.org/x}}
"""


def test_bib_entries_become_references():
    refs = bib_references(BIB)
    assert [r.type for r in refs] == ["article-journal", "book", "document"]
    assert refs[0].authors[0].family == "Kellett" and refs[0].page == "42-47" and refs[0].doi == "10.1111/bjc.12268"


def test_bib_check(registry, settings, tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    report = check_paths([tmp_path / "refs.bib"], settings)
    got = {r.source: (r.status, r.match) for r in report.results}
    assert got == {"refs#1": ("ok", "same"), "refs#2": ("broken", "different"), "refs#3": ("warning", None)}


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 binary", "not bibtex at all {".encode()],
                         ids=["empty", "binary", "garbage"])
def test_bad_bib_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.bib"
    path.write_bytes(content)
    with pytest.raises(InputError):
        targets_of(path)


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        expand([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="no articles"):
        expand([tmp_path])


def test_folder_expansion_is_sorted_and_filtered(tmp_path):
    for name in ("b.txt", "a.md", "c.bib", "notes.xyz", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in expand([tmp_path])] == ["a.md", "b.txt", "c.bib"]


def test_copied_articles_check_offline_after_a_warm_run(registry, settings, tmp_path):
    shutil.copy(ARTICLES / "003_d3235739006794ff.txt", tmp_path)
    check_paths([tmp_path], replace(settings, check_urls=False))
    before = len(registry.log)
    offline = check_paths([tmp_path], replace(settings, check_urls=False, offline=True))
    assert len(registry.log) == before
    assert all(r.status == "ok" for r in offline.results if r.kind == "doi")


def test_a_built_library_is_checked_like_its_articles(registry, settings, tmp_path):
    from refgraph.app.build import build
    build([ARTICLES], tmp_path / "out", offline=True)
    report = check_paths([tmp_path / "out" / "library.sqlite"], replace(settings, check_urls=False))
    dois = by_target(report)
    assert set(dois) == set(SEED_DOIS)
    assert dois["10.1192/bjp.bp.115.171017"].source == "002_10fe856e75af3048#3"
    assert all(d.registered and d.retracted is False and d.status == "ok" for d in dois.values())


def test_a_sqlite_file_that_is_not_a_library_is_a_clear_error(tmp_path):
    import sqlite3
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="not a refgraph library"):
        targets_of(path)
    assert path.read_bytes() == before
