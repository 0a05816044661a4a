"""`refgraph dedup` on BibTeX: merges duplicates, keeps everything else byte for byte."""
import json

import bibtexparser
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from refgraph.bibdedup import dedup_bibtex
from refgraph.cli import cli

SEEDS_BIB = FIXTURES / "bib" / "seeds_duplicates.bib"


def entries(text: str) -> dict[str, str]:
    """key -> raw text of each entry, as bibtexparser locates it."""
    return {b.key: b.raw for b in bibtexparser.parse_string(text, parse_stack=[]).entries}


def test_seed_bib_groups_and_rewrite_map():
    result = dedup_bibtex(SEEDS_BIB.read_text(encoding="utf-8"))
    assert result.rewrite == {"JacksonRizq2019": "jackson2019care", "Scott_IAPT_reform": "scott2018improving",
                              "kellet2021": "kellett2021costs", "frank1970structure": "Frank_1970"}
    kept = entries(result.text)
    assert "cotton2019industrialisation" in kept and "scott2021ensuring" in kept  # a chapter, another paper
    assert not set(result.rewrite) & set(kept)


def test_untouched_entries_and_everything_between_are_byte_for_byte():
    text = SEEDS_BIB.read_text(encoding="utf-8")
    result = dedup_bibtex(text)
    before, after = entries(text), entries(result.text)
    changed = {g.key for g in result.groups if g.added}
    for key, raw in after.items():
        if key in changed:
            assert raw.startswith(before[key].rstrip().rstrip("}").rstrip().rstrip(","))  # only lines added
        else:
            assert raw == before[key]
    for kept in ("% Library of the IAPT seed articles", "@string{pccs = \"PCCS Books\"}", "% cited again",
                 "@comment{Frank 1970"):
        assert kept in result.text
    removed = "".join(before[k] for k in result.rewrite)
    assert len(result.text) < len(text) - len(removed) + sum(len(a) + 20 for g in result.groups for a in g.added) + 1


def test_merged_fields_come_from_the_duplicates():
    result = dedup_bibtex(SEEDS_BIB.read_text(encoding="utf-8"))
    after = entries(result.text)
    assert "isbn = {9781910919477}" in after["jackson2019care"]
    assert "author" not in after["jackson2019care"]  # an edited book does not gain the authors of a citation
    assert "number = {9}" in after["scott2018improving"] and "note    = {Cited" not in after["scott2018improving"]
    reparsed = bibtexparser.parse_string(result.text)
    assert not reparsed.failed_blocks


def test_malformed_entries_are_named_and_the_rest_still_handled():
    text = ("@article{good1, title={Improving access to therapy}, author={Lee, A}, year={2019}}\n\n"
            "@article{broken, title={Unclosed title, year=2019\n\n"
            "@article{good2, title={Improving access to therapy}, author={Lee, A.}, year={2019}, volume={3}}\n")
    result = dedup_bibtex(text)
    assert [i.line for i in result.issues] == [3]
    assert "line 3" in result.issues[0].message and "broken" in result.issues[0].message
    assert result.rewrite == {"good2": "good1"}
    assert "@article{broken, title={Unclosed title, year=2019" in result.text
    assert "volume={3}" in result.text


@pytest.mark.parametrize("text", ["", "% only a comment\n", "\x00\x01garbage{{{", "@article{x, title={Only}}"],
                         ids=["empty", "comment", "garbage", "single"])
def test_nothing_to_merge_returns_the_text_unchanged(text):
    result = dedup_bibtex(text)
    assert result.text == text and not result.groups


def test_one_line_entries_gain_fields_on_the_same_line():
    text = "@misc{a, title={A long enough title here}, author={Lee, A}, year=2019}\n" \
           "@misc{b, title={A long enough title here}, author={Lee, A}, year=2019, url={http://x.org}}\n"
    result = dedup_bibtex(text)
    assert result.text == "@misc{a, title={A long enough title here}, author={Lee, A}, year=2019, url={http://x.org}}\n"


def test_cli_check_json_and_output(tmp_path):
    run = CliRunner().invoke
    check = run(cli, ["dedup", str(SEEDS_BIB), "--check"])
    assert check.exit_code == 1 and "JacksonRizq2019 -> jackson2019care" in check.output
    data = json.loads(run(cli, ["dedup", str(SEEDS_BIB), "--format", "json"]).output)
    assert {g["key"]: g["merged"] for g in data["groups"]}["scott2018improving"] == ["Scott_IAPT_reform"]
    assert all(isinstance(g["why"], str) and g["why"] for g in data["groups"])
    out = tmp_path / "clean.bib"
    wrote = run(cli, ["dedup", str(SEEDS_BIB), "-o", str(out)])
    assert wrote.exit_code == 0 and out.is_file()
    assert run(cli, ["dedup", str(out), "--check"]).exit_code == 0


def test_cli_never_writes_over_its_input(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_bytes(SEEDS_BIB.read_bytes())
    result = CliRunner().invoke(cli, ["dedup", str(bib), "-o", str(bib)])
    assert result.exit_code == 2 and "never overwrites" in result.output
    assert bib.read_bytes() == SEEDS_BIB.read_bytes()


def test_cli_binary_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_bytes(b"\x00\xff" * 50)
    result = CliRunner().invoke(cli, ["dedup", str(bad)])
    assert result.exit_code == 2 and "binary" in result.output


def test_a_key_used_twice_is_reported_and_the_entries_compared():
    text = ("@article{k, title={Improving access to therapy}, author={Lee, A}, year={2019}}\n\n"
            "@article{k, title={Improving access to therapy}, author={Lee, A.}, year={2019}, volume={3}}\n")
    result = dedup_bibtex(text)
    assert result.issues[0].kind == "duplicate-key" and result.issues[0].line == 3
    assert result.text.startswith("@article{k, title={Improving access to therapy}, author={Lee, A}, year={2019}, "
                                  "volume={3}}\n")
    assert result.text.count("@article") == 1


_WORDS = st.sampled_from("care access therapy workforce outcomes crisis policy relationship stepped model".split())
_ENTRY = st.tuples(st.lists(_WORDS, min_size=3, max_size=6), st.integers(1950, 2025), st.sampled_from(["  ", "\t", " "]),
                   st.sampled_from([" = ", "="]), st.booleans())


def _render(i: int, words, year, pad, eq, quoted) -> str:
    title = ('"' + " ".join(words) + '"') if quoted else ("{" + " ".join(words) + "}")
    return (f"@article{{key{i},\n{pad}title{eq}{title},\n{pad}author{eq}{{Author{i}, A.}},\n"
            f"{pad}year{eq}{year},\n{pad}doi{eq}{{10.1000/{i}}}\n}}\n")


@given(st.lists(_ENTRY, min_size=1, max_size=6), st.lists(st.sampled_from(["% note\n", "\n", "@comment{x}\n"]),
                                                           max_size=6))
@settings(max_examples=60, deadline=None)
def test_a_file_without_duplicates_round_trips_byte_for_byte(entries, filler):
    text = "".join(_render(i, *e) + (filler[i] if i < len(filler) else "") for i, e in enumerate(entries))
    result = dedup_bibtex(text)
    assert not result.groups and result.text == text


@given(st.lists(_ENTRY, min_size=1, max_size=5), st.data())
@settings(max_examples=60, deadline=None)
def test_a_copied_entry_is_removed_and_nothing_else_changes(entries, data):
    blocks = [_render(i, *e) for i, e in enumerate(entries)]
    k = data.draw(st.integers(0, len(blocks) - 1))
    copy = blocks[k].replace(f"@article{{key{k},", f"@article{{copy{k},", 1)
    text = "".join(blocks) + copy
    result = dedup_bibtex(text)
    assert result.rewrite == {f"copy{k}": f"key{k}"}
    assert result.text == "".join(blocks)


def test_crossref_to_a_merged_entry_names_the_kept_one():
    text = ("@book{care2019, title={The industrialisation of care}, editor={Jackson, Catherine and Rizq, Rosemary},"
            " publisher={PCCS Books}, year={2019}, isbn={9781910919477}}\n\n"
            "@book{JacksonRizq2019, title={The Industrialisation of Care}, editor={Jackson, C. and Rizq, R.},"
            " publisher={PCCS Books}, year={2019}}\n\n"
            "@incollection{cotton2019, title={The industrialisation of mental health}, author={Cotton, Elizabeth},"
            " crossref = {JacksonRizq2019}, pages={1--20}}\n\n"
            "@incollection{other2019, title={Another chapter}, author={Lee, Ann}, crossref={care2019}}\n")
    result = dedup_bibtex(text)
    assert result.rewrite == {"JacksonRizq2019": "care2019"}
    after = entries(result.text)
    assert "crossref = {care2019}" in after["cotton2019"]
    assert after["other2019"] == entries(text)["other2019"]  # already right: untouched
    assert "JacksonRizq2019" not in result.text
