"""Resolution, discovery and enrichment against the test registry on 127.0.0.1."""
from __future__ import annotations

from dataclasses import replace

import pytest

from refgraph.extract.parse import parse_reference
from refgraph.net.http import make_session
from refgraph.net.resolve import discover, enrich, resolve_dois, resolve_metadata, search_text
from fake_registry import SEED_DOIS


def test_resolve_mixed_agencies(registry, settings):
    got = resolve_dois(["10.1111/BJC.12268", "https://doi.org/10.18942/apg.201812", "10.5555/nobody", "nonsense"],
                       make_session(settings), settings)
    assert set(got) == {"10.1111/bjc.12268", "10.18942/apg.201812", "10.5555/nobody"}
    crossref_one, jalc, nobody = got["10.1111/bjc.12268"], got["10.18942/apg.201812"], got["10.5555/nobody"]
    assert crossref_one.registered and crossref_one.agency == "Crossref" and crossref_one.reference.year == 2021
    assert jalc.registered and jalc.agency == "JaLC" and jalc.reference.title.startswith("Allopolyploid")
    assert nobody.registered is False and nobody.reference is None


def test_resolution_is_cached(registry, settings):
    resolve_dois(SEED_DOIS, make_session(settings), settings)
    before = len(registry.log)
    again = resolve_dois(SEED_DOIS, make_session(replace(settings, offline=True)), settings)
    assert len(registry.log) == before and all(r.reference for r in again.values())


def test_discovery_finds_the_doi_with_evidence(registry, settings):
    ref = parse_reference("Scott, M. J. (2021) 'Ensuring that the Improving Access to Psychological Therapies "
                          "(IAPT) programme does what it says on the tin', The British journal of clinical "
                          "psychology, 60(1), pp. 38-41.", n=7)
    found = discover(ref, make_session(settings), settings)
    assert found.doi == "10.1111/bjc.12264"
    assert found.match.grade == "same"
    fields = {c["field"]: c["verdict"] for c in found.evidence()["match"]["fields"]}
    assert fields["title"] == fields["author"] == fields["year"] == "agree"


def test_discovery_does_not_give_a_book_an_articles_doi(registry, settings):
    book = parse_reference("Whitaker, R. (2010) Anatomy of an epidemic: magic bullets, psychiatric drugs, and the "
                           "astonishing rise of mental illness in America. Broadway. Published by Broadway Books.")
    found = discover(book, make_session(settings), settings)
    assert found.doi == ""
    assert any(r.startswith("10.5555/refgraph.review") for r in found.rejected)


def test_discovery_of_an_unknown_work_finds_nothing(registry, settings):
    ref = parse_reference("Nobody, N. (1999) A title that no registry has ever heard of at all. Nowhere Press.")
    assert discover(ref, make_session(settings), settings).doi == ""


def test_enrich_merges_resolved_over_parsed_and_keeps_evidence(registry, settings):
    refs = [parse_reference("Scott, M.J. (2018). Improving access to psychological therapies (IAPT) - the need for "
                            "radical reform. Journal of Health Psychology, 23, 1136-1147. "
                            "https://doi.org/10.1177/1359105318755264", n=1),
            parse_reference("Kellett, S. et al. (2021) The costs and benefits of practice-based evidence. "
                            "doi: 10.1111/bjc.12264", n=2),
            parse_reference("Wakefield, S. et al. (2021) 'Improving Access to Psychological Therapies (IAPT) in the "
                            "United Kingdom: A systematic review and meta-analysis of 10-years of practice-based "
                            "evidence', The British journal of clinical psychology, 60(1), pp. 1-37.", n=3)]
    out = enrich(refs, settings)
    assert [e.reference.n for e in out] == [1, 2, 3]
    scott, wrong, found = out
    assert scott.doi_source == "parsed" and scott.reference.title.startswith("Improving access")
    assert scott.reference.volume == "23" and scott.reference.issue == "9" and scott.parsed is refs[0]
    assert wrong.match.grade == "different" and wrong.reference.title == refs[1].title  # parsed kept
    assert any(i.kind == "doi-mismatch" for i in wrong.reference.issues)
    assert found.doi_source == "discovered" and found.reference.doi == "10.1111/bjc.12259"
    assert found.evidence()["discovery"]["match"]["grade"] == "same"


def test_resolve_metadata_reports_failures(registry, settings):
    got = resolve_metadata(["10.1111/bjc.12259", "not-a-doi", "10.5555/nobody"], settings)
    assert [r.doi for r in got.references] == ["10.1111/bjc.12259"]
    assert [d for d, _ in got.failures] == ["not-a-doi", "10.5555/nobody"]


def test_enrich_offline_with_empty_cache_keeps_parsed_and_says_why(registry, settings):
    refs = [parse_reference("Scott (2018) Improving access. https://doi.org/10.1177/1359105318755264", n=1),
            parse_reference("Nobody, N. (1999) A title that no registry has ever heard of at all.", n=2)]
    first, second = enrich(refs, replace(settings, offline=True))
    assert first.reference.title == refs[0].title and first.registered is None
    assert [i.kind for i in first.reference.issues] == ["doi-unresolved"]
    assert "offline" in first.reference.issues[0].message
    assert second.discovery.error and second.reference is refs[1]
    assert registry.log == []


def test_search_text_drops_links_and_access_notes():
    raw = ("Knox, R. and Cooper, M. (2015) The therapeutic relationship. SAGE. Available at: "
           "https://search.ebscohost.com/login.aspx?direct=true&AN=btc.9781446282908 (Accessed: 7 April 2021).")
    text = search_text(raw)
    assert "ebscohost" not in text and "Available" not in text
    assert text.startswith("Knox, R. and Cooper, M. (2015) The therapeutic relationship. SAGE.")


# ---- discovery decides like a careful librarian ----------------------------------------------

def _work(doi, title, family, year, container="The British journal of clinical psychology", volume="60",
          page="38-41", kind="journal-article", online=None):
    work = {"DOI": doi, "type": kind, "title": [title], "author": [{"family": family, "given": "M. J."}],
            "issued": {"date-parts": [[year]]}, "container-title": [container], "volume": volume, "page": page}
    if online:
        work["published-online"] = {"date-parts": [[online]]}
    return work


TIN = "Ensuring that the Improving Access to Psychological Therapies (IAPT) programme does what it says on the tin"
SCOTT_2021 = ("Scott, M. J. (2021) 'Ensuring that the Improving Access to Psychological Therapies (IAPT) programme does "
              "what it says on the tin', The British journal of clinical psychology, 60(1), pp. 38-41.")
XU = ("Xu M, Struck DK, Deaton J, Wang IN, Young R: A signal-arrest-release sequence mediates export and control "
      "of the phage P1 endolysin. Proc Natl Acad Sci USA 2004, 101:6415-6420.")
XU_WORK = _work("10.1073/pnas.0400957101", "A signal-arrest-release sequence mediates export and control of the "
                "phage P1 endolysin", "Xu", 2004, "Proceedings of the National Academy of Sciences", "101", "6415-6420")


@pytest.mark.parametrize("raw,index,expected,guessed_type", [
    (SCOTT_2021, [_work("10.5555/corrigendum", "Corrigendum: " + TIN, "Scott", 2021, page="1040")], "", None),
    (SCOTT_2021, [_work("10.5555/erratum", "Erratum: " + TIN, "Scott", 2021, page="200")], "", None),
    (SCOTT_2021, [_work("10.5555/reply", "Reply to: " + TIN, "Kellett", 2021, page="42-47")], "", None),
    (SCOTT_2021, [_work("10.5555/neighbour", "Ensuring that the IAPT programme evaluations say what they measure",
                        "Scott", 2021, page="100-110")], "", None),
    (SCOTT_2021, [_work("10.5555/later", TIN, "Scott", 2022, volume="61", page="12-15")], "", None),
    (SCOTT_2021, [_work("10.5555/other", TIN, "Morgan", 2021, volume="", page="")], "", None),
    (SCOTT_2021, [_work("10.1111/bjc.12264", TIN, "Scott", 2021),
                  _work("10.5555/corrigendum", "Corrigendum: " + TIN, "Scott", 2021, page="1040")],
     "10.1111/bjc.12264", None),
    (SCOTT_2021.replace("2021", "2020"), [_work("10.1111/bjc.12264", TIN, "Scott", 2021, online=2020)],
     "10.1111/bjc.12264", None),
    (SCOTT_2021, [_work("10.1111/bjc.12264", TIN, "Scott", 2021)], "10.1111/bjc.12264", "book"),
    (XU, [XU_WORK], "10.1073/pnas.0400957101", None),
], ids=["corrigendum", "erratum", "reply-to", "neighbouring-paper", "same-title-a-year-later",
        "other-first-author", "the-work-beside-its-notice", "printed-year-is-the-online-year",
        "parser-guessed-book", "xu-m"])
def test_discovery_applies_only_the_cited_work(registry, settings, raw, index, expected, guessed_type):
    """A notice, a neighbour, a twin a year later or by another author is never applied; the
    cited work is, even beside its notice, printed with its online year, typed "book" by the
    parser, or with its first author parsed as "M" from "Xu M"."""
    registry.works = {w["DOI"]: w for w in index}
    ref = parse_reference(raw, n=1)
    found = discover(ref.with_(type=guessed_type) if guessed_type else ref, make_session(settings), settings)
    assert found.doi == expected
    if expected:
        assert found.match.accepted and found.evidence()["match"]["verdict"] == "accept"


def test_a_near_miss_is_reported_as_possible_and_not_applied(registry, settings):
    registry.works = {"10.5555/later": _work("10.5555/later", TIN, "Scott", 2022, volume="", page="")}
    ref = parse_reference(SCOTT_2021.replace(", 60(1), pp. 38-41", ""), n=3)
    out = enrich([ref], settings)[0]
    assert out.reference.doi == "" and out.discovery.possible.doi == "10.5555/later"
    assert [i.kind for i in out.reference.issues] == ["doi-possible"]
    assert "possible DOI 10.5555/later, not applied" in out.reference.issues[0].message


def test_a_discovered_doi_carries_its_evidence(registry, settings):
    registry.works = {"10.1111/bjc.12264": _work("10.1111/bjc.12264", TIN, "Scott", 2021)}
    out = enrich([parse_reference(SCOTT_2021, n=1)], settings)[0]
    assert out.reference.doi == "10.1111/bjc.12264"
    evidence = dict(out.reference.extra)["refgraph:doi-evidence"]
    assert evidence.startswith("discovered: p=") and "title 1.00" in evidence and "page 1.00" in evidence
