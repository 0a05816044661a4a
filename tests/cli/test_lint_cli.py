"""`refgraph lint`: readable and JSON output, exit codes, --fail-on and --notes."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ARTICLES, ROOT
from refgraph.cli import cli


def lint(*args):
    return CliRunner().invoke(cli, ["lint", *map(str, args)])


def test_seed_003_text_report(seed):
    result = lint(seed("003"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{seed('003')}: 2 findings"
    assert lines[1] == "  line 16: year-mismatch: (Wakefield et al 2020): year: text 2020, list 2021 [ref 10]"
    assert lines[2].startswith("  line 16: name-mismatch: (Scott 2018, 2021, Kellet 2020): name: text Kellet")
    assert lines[3].startswith("1 article: 2 findings in 1; 2 notes hidden")
    assert len(lines) == 4


def test_other_seeds_pass():
    paths = sorted(p for p in ARTICLES.glob("*.txt") if not p.name.startswith("003"))
    result = lint(*paths)
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output


def test_json_shape(seed):
    result = lint(ARTICLES, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["path"] for d in data["documents"]] == [str(p) for p in sorted(ARTICLES.glob("*.txt"))]
    problems = [p for d in data["documents"] for p in d["problems"]]
    assert [(p["kind"], p["line"], p["refs"]) for p in problems] == [("year-mismatch", 16, [10]),
                                                                     ("name-mismatch", 16, [4])]
    assert all(set(p) >= {"kind", "message", "line", "refs"} for p in problems)


@pytest.mark.parametrize("args, code, shown", [
    (["--fail-on", "none"], 0, {"year-mismatch", "name-mismatch"}),
    (["--fail-on", "uncited-reference"], 0, {"year-mismatch", "name-mismatch"}),
    (["--fail-on", "year-mismatch"], 1, {"year-mismatch", "name-mismatch"}),
    (["--fail-on", "default,first-author-alone"], 1, {"year-mismatch", "name-mismatch", "first-author-alone"}),
    (["--notes", "--fail-on", "none"], 0, {"year-mismatch", "name-mismatch", "first-author-alone", "et-al-missing"}),
], ids=["none", "other-kind", "one-kind", "note-kind-added", "notes-shown"])
def test_fail_on_and_notes(seed, args, code, shown):
    result = lint(seed("003"), "--format", "json", *args)
    assert result.exit_code == code
    assert {p["kind"] for d in json.loads(result.output)["documents"] for p in d["problems"]} == shown


def test_scrambled_order_is_only_a_note(seed):
    assert lint(seed("000")).exit_code == 0
    result = lint(seed("000"), "--notes")
    assert result.exit_code == 0 and "out-of-order: reference 2 is first cited after 3, 4, 5" in result.output


def test_unknown_kind_is_bad_usage(seed):
    result = lint(seed("003"), "--fail-on", "typo")
    assert result.exit_code == 2 and "unknown kind 'typo'" in result.output


@pytest.mark.parametrize("content", [b"", b"\x00\xff\x00binary" * 20], ids=["empty", "binary"])
def test_unreadable_input_exits_2_after_reporting_the_rest(tmp_path, seed, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = lint(seed("003"), bad)
    assert result.exit_code == 2
    assert "skipped" in result.output and "name-mismatch" in result.output


def test_nothing_readable_exits_2(tmp_path):
    result = lint(tmp_path / "missing.txt")
    assert result.exit_code == 2 and "no readable articles" in result.output and "Traceback" not in result.output


def test_runs_as_module(seed):
    out = subprocess.run([sys.executable, "-m", "refgraph", "lint", str(seed("003"))], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert out.returncode == 1 and "name-mismatch" in out.stdout
