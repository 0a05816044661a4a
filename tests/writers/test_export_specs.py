"""Exports against their specifications: CSL-JSON (official schema), RIS (tag grammar), BibTeX (bibtex)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from refgraph.importers import import_text
from refgraph.model import Work
from refgraph.writers.bibtex import write_bibtex
from refgraph.writers.csljson import write_csl_json
from refgraph.writers.ris import write_ris

FIXTURES = Path(__file__).parent.parent / "fixtures"
BIB = r"""@article{scott2018, author={Scott, M. J. and {World Health Organization}}, title={Improving {IAPT} \& more: 50\%},
  journal={Journal of Health Psychology}, year=2018, volume=23, pages={1136--1147}, keywords={a, b},
  doi={10.1177/1359105318755264}, url={https://x.org/a_b%20c}}
@inbook{ib, title={A chapter}, booktitle={Big book}, publisher={P}, year={forthcoming}, editor={Jackson, C.}}
@online{web, title={Mental Health Crisis Summit}, url={https://keepournhspublic.com/}, urldate={2019-10-18}}
"""


@pytest.fixture()
def works():
    refs = import_text(BIB, "bibtex", "t.bib").references
    return [Work(r.key, r, ()) for r in refs]


def test_csl_json_export_validates_against_official_schema(works):
    schema = json.loads((FIXTURES / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(write_csl_json(works)), schema)


def test_csl_json_schema_rejects_a_bad_item():
    schema = json.loads((FIXTURES / "csl-data.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "not-a-type"}], schema)


def test_ris_export_follows_the_tag_grammar(works):
    lines = write_ris(works).splitlines()
    records = [i for i, line in enumerate(lines) if line.startswith("TY  - ")]
    assert len(records) == len(works)
    for line in lines:
        assert line == "" or re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
    assert lines.count("ER  - ") == len(works)


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex not installed (apt-get install texlive-binaries)")
def test_bibtex_accepts_the_export(works, tmp_path):
    (tmp_path / "refs.bib").write_text(write_bibtex(works), encoding="utf-8")
    # A minimal style that reads every entry: bibtex checks the .bib syntax while reading.
    (tmp_path / "check.bst").write_text("ENTRY { author title } {} {}\nFUNCTION {default.type} {}\nREAD\n",
                                        encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{check}\n", encoding="utf-8")
    env = {**os.environ, "BIBINPUTS": "." + os.pathsep, "BSTINPUTS": "." + os.pathsep}
    run = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0 and "error" not in log.lower(), log
    assert "I couldn't open" not in log
