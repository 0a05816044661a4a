"""find_citations on whole seed articles, against the gold callouts, with references built from gold."""
import json
import re

import pytest

from conftest import ARTICLES, GOLD
from refgraph.extract.incite import find_citations
from refgraph.extract.textspan import sentence_around
from refgraph.ingest import read_document
from refgraph.ingest.text import document_from_text
from refgraph.model import Name, Reference
from refgraph.extract.sections import find_reference_section
from refgraph.extract.split import split_references
from refgraph.pipeline import text_index

YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)[a-z]?\b")
SEEDS = sorted(p.stem for p in GOLD.glob("0*.json") if json.loads(p.read_text())["references"])


def split_refs(doc) -> tuple[tuple[Reference, ...], bool, int]:
    """The seed's reference strings as bare References (year only): incite is tested without the parser."""
    section = find_reference_section(doc.source_text)
    raws = split_references(doc.source_text, section.start, section.end)
    refs = tuple(Reference(n=r.n, raw=r.text, label=r.label, year=int(y.group(1)) if (y := YEAR.search(r.text)) else None)
                 for r in raws)
    return refs, all(r.label for r in raws), text_index(doc, section.body_end)


def gold_refs(stem: str, refs: tuple[Reference, ...]) -> tuple[Reference, ...]:
    """The split references of a seed, with the gold authors and years filled in."""
    gold = json.loads((GOLD / f"{stem}.json").read_text())["references"]

    def names(lst):
        return tuple(Name(literal=a) if " " in a else Name(family=a) for a in lst or [])
    return tuple(r.with_(authors=names(g.get("authors")), editors=names(g.get("editors")),
                         year=int(g["year"]) if g.get("year") else None) for r, g in zip(refs, gold))


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_callouts_match_gold(stem):
    gold = json.loads((GOLD / f"{stem}.json").read_text())
    doc = read_document(ARTICLES / f"{stem}.txt")
    refs, numbered, body_end = split_refs(doc)
    cites = find_citations(doc, body_end, gold_refs(stem, refs), numbered)
    failing = {"unlinked", "ambiguous", "name", "year", "authors"}
    got = [(c.text, list(c.refs), [p.message for p in c.problems if p.kind in failing]) for c in cites]
    # gold lists seed 000's callouts in list order, not the scrambled reading order: compare as multisets
    assert sorted(got) == sorted((c["text"], c["refs"], c.get("problems", [])) for c in gold["citations"])


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_callouts_link_without_parsed_authors(stem):
    """Linking does not depend on the reference parser: names before the year are enough."""
    gold = json.loads((GOLD / f"{stem}.json").read_text())
    doc = read_document(ARTICLES / f"{stem}.txt")
    refs, numbered, body_end = split_refs(doc)
    assert sorted(list(c.refs) for c in find_citations(doc, body_end, refs, numbered)) == \
        sorted(c["refs"] for c in gold["citations"])


def test_numbered_list_uses_numbers_and_author_date_uses_names():
    d = document_from_text("t.txt", "t", "text", "alike.1,2 and colleagues3 (Knox 2015)")
    refs = (Reference(n=1, raw="a", label="1"), Reference(n=2, raw="b", label="2"),
            Reference(n=3, raw="c", label="3", authors=(Name(family="Knox"),), year=2015))
    assert [c.style for c in find_citations(d, len(d.text), refs, numbered=True)] == ["numeric", "numeric"]
    assert [c.refs for c in find_citations(d, len(d.text), refs, numbered=False)] == [(3,)]
    assert find_citations(d, len(d.text), (), numbered=True) == ()


@pytest.mark.parametrize("text, callout, sentence", [
    ("Earlier. As Smith et al. (2019) argued, e.g. here. Then.", "Smith et al. (2019)",
     "As Smith et al. (2019) argued, e.g. here."),
    ("Staff and clients alike.1,2\nIn the 2017 survey,1 43% said so.", "1,2", "Staff and clients alike.1,2"),
    ("work.⁵ Next sentence here.", "⁵", "work.⁵"),
    ("First paragraph (Dalal 2018)\n\nSecond paragraph.", "(Dalal 2018)", "First paragraph (Dalal 2018)"),
], ids=["et-al-is-not-an-end", "glued-after-stop", "superscript-after-stop", "paragraph-bound"])
def test_sentence_around(text, callout, sentence):
    start = text.index(callout)
    assert sentence_around(text, start, start + len(callout)) == sentence
