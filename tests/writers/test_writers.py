import json

import bibtexparser
import pytest

from refgraph.model import Name, Reference, Work
from refgraph.writers.bibtex import write_bibtex
from refgraph.writers.csljson import write_csl_json
from refgraph.writers.keys import assign_keys, base_key
from refgraph.writers.ris import write_ris

SCOTT = Reference(n=1, raw="", type="article-journal", authors=(Name(family="Scott", given="M. J."),), year=2018,
                  title="Improving access to psychological therapies (IAPT) – the need for radical reform",
                  container_title="Journal of Health Psychology", volume="23", page="1136–1147",
                  doi="10.1177/1359105318755264")


@pytest.mark.parametrize("ref, key", [
    (SCOTT, "scott2018improving"),
    (Reference(n=1, raw="", authors=(Name(literal="Destress Project"),), year=2019, title="Poverty, Pills"), "destress2019poverty"),
    (Reference(n=1, raw="", title="Mental Health Crisis Summit"), "mentalndhealth"),
    (Reference(n=1, raw="", authors=(Name(family="Müller-Lüdenscheidt"),), year=2001, title="Über alles"), "mullerludenscheidt2001uber"),
    (Reference(n=1, raw="", url="bit.ly/2FBjVQw"), "bitnd2fbjvqw"),
    (Reference(n=1, raw="", url="https://www.nhsconfed.org/resources/2017/"), "nhsconfednd2017"),
    (Reference(n=1, raw="", doi="10.1192/bjp.bp.115.171017"), "doindbjpbp115171017"),
], ids=["article", "corporate", "no-author", "accents", "bare-short-link", "bare-url", "bare-doi"])
def test_base_key(ref, key):
    assert base_key(ref) == key


def test_clashing_keys_get_letters():
    assert assign_keys([SCOTT, SCOTT, SCOTT]) == ["scott2018improving", "scott2018improvinga", "scott2018improvingb"]


def works():
    other = Reference(n=2, raw="", type="book", editors=(Name(family="Jackson", given="C"),), year=2019,
                      title="Care & IAPT: 100% _industrial_", publisher="PCCS Books", publisher_place="Monmouth")
    return [Work(key="scott2018improving", reference=SCOTT, mentions=("a#1",)),
            Work(key="jackson2019care", reference=other, mentions=("a#2", "b#3"))]


def test_bibtex_rereads_with_bibtexparser():
    library = bibtexparser.parse_string(write_bibtex(works()))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ["scott2018improving", "jackson2019care"]
    scott = library.entries[0]
    assert scott.entry_type == "article"
    assert scott["pages"] == "1136--1147" and scott["doi"] == "10.1177/1359105318755264"
    assert library.entries[1]["title"] == r"Care \& IAPT: 100\% \_industrial\_"


def test_csl_json_is_plain_csl():
    items = json.loads(write_csl_json(works()))
    assert items[0]["id"] == "scott2018improving"
    assert items[0]["author"] == [{"family": "Scott", "given": "M. J."}]
    assert items[0]["issued"] == {"date-parts": [[2018]]}
    assert "mentions" not in items[0] and "why" not in items[0]


def test_ris_records_end_with_er():
    ris = write_ris(works())
    records = [r for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == 2
    assert "TY  - JOUR" in records[0] and "SP  - 1136" in records[0] and "EP  - 1147" in records[0]
    assert "ED  - Jackson, C" in records[1]
