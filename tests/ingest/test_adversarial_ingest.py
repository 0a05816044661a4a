"""Inputs that once took minutes in the readers: the text that comes out must be right."""
from refgraph.ingest.html import html_to_text
from refgraph.ingest.text import strip_emphasis


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
