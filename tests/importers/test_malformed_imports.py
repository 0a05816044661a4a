"""Bibliographies of the wrong shape or built to explode: the rest is imported, the bad part reported."""
from __future__ import annotations

import json

import pytest

from refgraph.errors import InputError
from refgraph.importers.bibtex import MAX_EXPANSION, import_bibtex
from refgraph.importers.csljson import import_csl_json


def test_a_chain_of_doubling_string_macros_is_cut_and_reported():
    # 28 macros in 700 bytes: expanded in full, the title would be 8 * 2**27 = 1 GB.
    lines = ['@string{m0 = "abcdefgh"}'] + [f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, 28)]
    lines.append("@article{k, title = m27, author = {Doe, J.}, year = 2020}")
    lines.append("@article{other, title = {Still here}, year = 2021}")
    refs, issues = import_bibtex("\n".join(lines), "bomb.bib")
    assert [r.key for r in refs] == ["k", "other"]
    assert refs[0].title == ("abcdefgh" * (MAX_EXPANSION // 8))[:MAX_EXPANSION]
    assert refs[1].title == "Still here"
    cut = [i for i in issues if i.kind == "macro-too-long"]
    assert cut and all("cut there" in i.message for i in cut) and "@string m14 (line 15)" in cut[0].message


def test_a_field_repeating_one_macro_is_cut_at_the_limit():
    text = '@string{big = "' + "x" * 50_000 + '"}\n@article{k, title = ' + " # ".join(["big"] * 40) + "}"
    (ref,), issues = import_bibtex(text, "x.bib")
    assert len(ref.title) == MAX_EXPANSION
    assert [i.kind for i in issues] == ["macro-too-long"] and "k (line 2): field title" in issues[0].message


def test_an_entry_with_a_repeated_field_is_imported_with_its_first_value_and_the_file_too():
    text = """@article{first, title={Fine}, year=2019}
@article{twice, title={One}, title={Two}, author={Doe, J.}, year=2020}
@article{last, title={Also fine}, year=2021}"""
    refs, issues = import_bibtex(text, "x.bib")
    assert [(r.key, r.title) for r in refs] == [("first", "Fine"), ("twice", "One"), ("last", "Also fine")]
    assert [(i.kind, i.line) for i in issues] == [("duplicate-field", 2)]
    assert "twice (line 2): field title given twice" in issues[0].message


@pytest.mark.parametrize("issued, year, date_text", [
    ({"date-parts": [["abc"]]}, None, "abc"),
    ({"date-parts": [[2019, "abc"]]}, 2019, ""),
    ({"date-parts": [["2019", "3", "x"]]}, 2019, ""),
    ({"date-parts": [1]}, None, ""),
    ({"date-parts": "2019"}, None, ""),
    ([1], None, ""),
    ({"date-parts": [[{"y": 1}]], "raw": "spring 2019"}, None, "spring 2019"),
], ids=["letters", "year-and-letters", "strings", "flat", "string", "list", "object-part"])
def test_csl_dates_of_odd_shapes_are_read_or_kept(issued, year, date_text):
    refs, issues = import_csl_json(json.dumps([{"type": "book", "title": "T", "issued": issued}]), "x.json")
    assert [(r.title, r.year, r.date_text) for r in refs] == [("T", year, date_text)]
    assert issues == []


def test_csl_json_nested_too_deeply_is_a_clear_error():
    with pytest.raises(InputError, match="nested too deeply"):
        import_csl_json("[" * 100_000 + "]" * 100_000, "deep.json")


def test_malformed_custom_extras_are_ignored_not_fatal():
    item = {"type": "book", "title": "T", "custom": {"key": "k", "extra": [1, ["bibtex:keywords", "a"], "x"]}}
    (ref,), issues = import_csl_json(json.dumps([item]), "x.json")
    assert ref.extra == (("bibtex:keywords", "a"),) and issues == []


@pytest.mark.parametrize("accessed, text", [
    ({"date-parts": [["abc"]]}, "abc"),
    ({"date-parts": [[2021, "abc", 7]]}, "2021-abc-07"),
    ({"date-parts": [[2021, 3, 7]]}, "2021-03-07"),
], ids=["letters", "letters-in-month", "numbers"])
def test_csl_access_dates_of_odd_shapes(accessed, text):
    (ref,), issues = import_csl_json(json.dumps([{"type": "webpage", "title": "T", "accessed": accessed}]), "x.json")
    assert ref.accessed == text and issues == []
