"""Inputs that once took minutes in the readers: the text that comes out must be right."""
from refgraph.ingest.html import html_to_text
from refgraph.ingest.text import strip_emphasis
from tests.fixtures.pdfgen import pdf_bomb


def test_a_long_line_of_unclosed_emphasis_marks_is_kept_and_a_later_pair_stripped():
    line = "*a " * 20_000  # 60 KB: about 25 s before (quadratic), 100 KB took 37 s
    source = line + "\n*Title* end"
    text, offsets = strip_emphasis(source)
    assert text == line + "\nTitle end"
    assert [source[i] for i in offsets] == list(text)


def test_deeply_nested_html_gives_its_text_once():
    n = 40_000  # 77 s before: each inserted newline walked to the element's last descendant
    html = "<html><body><p>Intro</p>" + "<div>" * n + "deep <b>text</b>" + "</div>" * n + "<p>Outro</p></body></html>"
    text, _ = html_to_text(html)
    assert text.split("\n") == ["Intro", "", "deep text", "", "Outro", ""]


ARTICLE = """A short article

Therapy services grow (Scott, 2018) and staff leave (Friedli, 2015).

References

Friedli, L. (2015). Positive affect as coercive strategy. Medical Humanities, 41(1), 40-47.
Scott, M. J. (2018). Improving access to psychological therapies. Journal of Health Psychology, 23(9), 1136-1147.
"""


def _bad_name(folder, name=b"bad\xff name.txt"):
    import os
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as f:
        f.write(ARTICLE.encode())
    return os.fsdecode(path)


def test_a_file_name_that_is_not_utf8_is_read_with_its_bytes_escaped(tmp_path):
    from refgraph.pipeline import parse_path
    parsed = parse_path(_bad_name(tmp_path))
    assert parsed.document.stem == "bad\\xff name" and parsed.document.path.endswith("bad\\xff name.txt")
    assert [i.kind for i in parsed.document.issues] == ["file-name"]
    assert [r.authors[0].family for r in parsed.references] == ["Friedli", "Scott"]


def test_a_build_with_a_non_utf8_file_name_keeps_every_article(tmp_path):
    from refgraph.app.build import build
    (tmp_path / "in").mkdir()
    _bad_name(tmp_path / "in")
    _bad_name(tmp_path / "in", b"other\xfe.txt")
    (tmp_path / "in" / "good.txt").write_text(ARTICLE, encoding="utf-8")
    build([tmp_path / "in"], tmp_path / "out")
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "bad\\xff name" in report and "other\\xfe" in report and "good" in report
    works = (tmp_path / "out" / "works.json").read_text(encoding="utf-8")
    assert "bad\\\\xff name#1" in works and "other\\\\xfe#1" in works and "good#1" in works


def test_a_pdf_that_inflates_past_the_limit_is_refused(tmp_path):
    import pytest

    from refgraph.errors import InputError
    from refgraph.ingest import read_document
    from refgraph.ingest.pdf import MAX_INFLATED
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bomb(MAX_INFLATED + (8 << 20)))  # about 300 KB on disk
    with pytest.raises(InputError, match="inflate to over 256 MB"):
        read_document(path)


def test_a_small_pdf_is_still_read_and_its_inflated_size_counted(tmp_path):
    from refgraph.ingest import read_document
    from refgraph.ingest.pdf import inflated_size
    data = pdf_bomb(2 << 20, b"Hello references")
    assert inflated_size(data) == len(b"BT /F1 12 Tf 72 720 Td (Hello references) Tj ET\n") + (2 << 20)
    path = tmp_path / "small.pdf"
    path.write_bytes(data)
    assert "Hello references" in read_document(path).text
