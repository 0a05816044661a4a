import pytest

from refgraph.ingest import read_document
from refgraph.ingest.pdf import mend_pdf_text
from refgraph.pipeline import parse_document

HTML = """<!doctype html><html><head><title>On IAPT</title><style>p{}</style></head><body>
<p>Staff are leaving<sup>1,2</sup> and more<sup>3</sup>.</p>
<h2>References</h2>
<ol><li>Scott MJ. Improving access. <i>J Health Psychol</i> 2018; 23: 1136–47.</li>
<li>Friedli L. Positive affect. <i>Med Humanit</i> 2015; 41(1): 40–47.</li>
<li>Delgadillo J et al. Severity. <a href="https://doi.org/10.1192/bjp.bp.115.171017">link</a> 2016.</li></ol>
<script>var x = "[9]";</script></body></html>"""


def test_html_article_end_to_end(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(HTML, encoding="utf-8")
    parsed = parse_document(read_document(path))
    assert parsed.document.title == "On IAPT"
    assert [r.n for r in parsed.references] == [1, 2, 3]
    assert parsed.references[2].doi == "10.1192/bjp.bp.115.171017"
    assert [c.refs for c in parsed.citations] == [(1, 2), (3,)]


def test_pdf_of_a_seed_article(tmp_path):
    pytest.importorskip("pypdfium2")
    from tests.conftest import FIXTURES
    parsed = parse_document(read_document(FIXTURES / "seed_002.pdf"))
    assert parsed.document.format == "pdf"
    assert len(parsed.references) == 3
    assert parsed.references[2].doi == "10.1192/bjp.bp.115.171017"
    assert parsed.references[0].url == "bit.ly/2FBjVQw"
    assert any(c.refs == (3,) for c in parsed.citations)


@pytest.mark.parametrize("raw, mended", [
    ("the ﬁrst ﬂow", "the first flow"),
    ("psycho-\nlogical", "psychological"),
    ("Taylor-\nSmith", "Taylor-\nSmith"),
    ("page\x0cnext", "page\nnext"),
], ids=["ligatures", "hyphen-join", "capital-kept", "form-feed"])
def test_mend_pdf_text(raw, mended):
    assert mend_pdf_text(raw) == mended


def test_broken_pdf_is_a_clear_error(tmp_path):
    pytest.importorskip("pypdfium2")
    from refgraph.errors import InputError
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n")
    with pytest.raises(InputError):
        read_document(path)


def test_pdf_reading_is_in_the_default_install():
    import tomllib
    from tests.conftest import ROOT
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("pdfminer.six") for dep in project["dependencies"])


def test_pdfminer_warnings_never_reach_the_terminal(tmp_path):
    """A PDF that sets a colour with too few operands makes pdfminer log "Cannot set non-stroke
    color"; the user sees refgraph's output only."""
    import subprocess
    import sys
    from tests.fixtures.pdfgen import pdf_of_lines
    path = tmp_path / "odd.pdf"
    path.write_bytes(pdf_of_lines(["Staff are leaving [1].", "", "References",
                                   "1. Scott MJ. Improving access. J Health Psychol 2018; 23: 1136-47."],
                                  prelude="/DeviceRGB cs 0.5 scn 0.2 sc"))
    done = subprocess.run([sys.executable, "-m", "refgraph", "parse", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Scott" in done.stdout and "1 references" in done.stdout
    assert done.stderr == ""
