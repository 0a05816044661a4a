"""Importers: .bib (macros, LaTeX, names), RIS, CSL-JSON, and bad input that names the entry."""
from __future__ import annotations

import json

import pytest

from refgraph.errors import InputError
from refgraph.importers import import_file, import_text
from refgraph.model import Name, Work
from refgraph.writers.bibtex import write_bibtex
from refgraph.writers.ris import write_ris

BIB = r"""@string{jhp = "Journal of Health {P}sychology"}
@ARTICLE{scott2018, Author={Scott, M. J. and von Neumann, John and {World Health Organization}},
  title={Improving {IAPT} -- the need for {\"u}ber reform \& more}, journal=jhp # " X", year=2018,
  month=jan, pages={1136--1147}, keywords={a, b}, doi={10.1177/1359105318755264}}
@inbook{ib, title={A chapter}, booktitle={Big book}, publisher={P}, year={forthcoming}}
"""


def test_bibtex_macros_latex_and_names():
    (scott, ib), issues = _bib(BIB)
    assert issues == ()
    assert scott.key == "scott2018" and scott.source.startswith("bibtex:")
    assert scott.container_title == "Journal of Health Psychology X"
    assert scott.title == "Improving IAPT – the need for über reform & more"
    assert scott.authors == (Name(family="Scott", given="M. J."), Name(family="Neumann", given="John", particle="von"),
                             Name(literal="World Health Organization"))
    assert scott.page == "1136–1147" and scott.year == 2018
    assert dict(scott.extra_fields("bibtex")) == {"month": "jan", "keywords": "a, b"}
    assert ib.type == "chapter" and ib.date_text == "forthcoming"


def test_bibtex_export_keeps_type_key_and_unknown_fields():
    refs, _ = _bib(BIB)
    out = write_bibtex([Work(r.key, r, ()) for r in refs])
    assert "@inbook{ib," in out and "keywords = {a, b}" in out and "month = {jan}" in out
    again, _ = _bib(out)
    assert [(r.key, r.title, r.authors, r.extra) for r in again] == [(r.key, r.title, r.authors, r.extra) for r in refs]


@pytest.mark.parametrize(("text", "kind", "needle"), [
    ("@book{broken, title={unclosed\n@misc{ok, title={fine}}\n", "malformed-entry", "line 1"),
    ("@misc{ok, title={a}}\n@misc{ok, title={b}}\n", "duplicate-key", "ok (line 2)"),
    ("@weird{w1, title={x}}\n@misc{ok, title={fine}}\n", "unknown-entry-type", "w1 (line 1): unknown entry type @weird"),
    ("@misc{ok, journal=nosuchmacro, title={fine}}\n", "unknown-macro", "nosuchmacro"),
], ids=["unclosed-brace", "duplicate-key", "unknown-type", "undefined-macro"])
def test_malformed_bib_names_the_entry_and_keeps_the_rest(text, kind, needle):
    refs, issues = _bib(text)
    assert any(r.key == "ok" for r in refs)
    assert [i for i in issues if i.kind == kind and needle in i.message], issues


RIS = """TY  - JOUR
ID  - friedli2015
AU  - Friedli, L.
AU  - Stearn, R.
TI  - Positive affect as coercive strategy
T2  - Medical Humanities
PY  - 2015
VL  - 41
IS  - 1
SP  - 40
EP  - 47
KW  - welfare
ER  - 
TY  - BOOK
AU  - Cotton, E.
TI  - UberTherapy
PB  - Surviving Work
CY  - London
PY  - 2019
TY  - WEB
TI  - Mental Health Crisis Summit
UR  - https://keepournhspublic.com/
"""


def test_ris_import_and_missing_er():
    result = import_text(RIS, "ris", "lib.ris")
    friedli, cotton, web = result.references
    assert friedli.key == "friedli2015" and friedli.page == "40–47" and friedli.authors[1] == Name("Stearn", "R.")
    assert friedli.extra_fields("ris") == [("KW", "welfare")]
    assert cotton.publisher_place == "London" and web.type == "webpage"
    missing = [i for i in result.issues if i.kind == "missing-er"]
    assert [i.line for i in missing] == [14, 20] and "'UberTherapy'" in missing[0].message


def test_ris_round_trip_keeps_fields():
    refs = import_text(RIS, "ris", "lib.ris").references
    again = import_text(write_ris([Work(r.key or f"k{i}", r, ()) for i, r in enumerate(refs)]), "ris", "x").references
    assert [(r.title, r.authors, r.page, r.year, r.extra) for r in again] == \
        [(r.title, r.authors, r.page, r.year, r.extra) for r in refs]


def test_csl_json_import_keeps_id_and_unknown_variables(tmp_path):
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps([{"id": "k1", "type": "article-journal", "title": "T", "abstract": "A",
                                 "author": [{"family": "Doe", "given": "J."}], "issued": {"date-parts": [[2020]]}},
                                {"no": "type"}]), encoding="utf-8")
    result = import_file(path)
    (ref,) = result.references
    assert ref.key == "k1" and ref.year == 2020 and ("csl:abstract", "A") in ref.extra
    assert "item 2" in result.issues[0].message


def test_broken_json_is_an_input_error_with_line(tmp_path):
    path = tmp_path / "lib.json"
    path.write_text('[{"id": "a",\n "type": }]', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        import_file(path)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(InputError, match="binary"):
        import_file(path)


def _bib(text):
    result = import_text(text, "bibtex", "test.bib")
    return result.references, result.issues
