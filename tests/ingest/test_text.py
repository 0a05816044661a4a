import codecs

import pytest
from hypothesis import given, strategies as st

from refgraph.errors import InputError
from refgraph.ingest import read_document
from refgraph.ingest.text import strip_emphasis


@pytest.mark.parametrize("raw, clean", [
    ("*Journal* 2015; 41(1)", "Journal 2015; 41(1)"),
    ("**bold** and _it_", "bold and it"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("2 * 3 * 4", "2 * 3 * 4"),
    ("In: *The book*. *Soundings* 2018", "In: The book. Soundings 2018"),
], ids=["single", "bold-underscore", "snake-case", "arithmetic", "two-spans"])
def test_strip_emphasis_keeps_offsets(raw, clean):
    text, offsets = strip_emphasis(raw)
    assert text == clean
    assert len(offsets) == len(text)
    assert all(raw[o] == c for o, c in zip(offsets, text))


@pytest.mark.parametrize("data, expected", [
    (codecs.BOM_UTF8 + "Réf. 2019\r\nline two".encode(), "Réf. 2019\nline two"),
    ("Réf. 2019\rline two".encode("utf-16"), "Réf. 2019\nline two"),
    ("Müller (2019) Über Titel".encode("latin-1"), "Müller (2019) Über Titel"),
], ids=["utf8-bom-crlf", "utf16-cr", "latin1"])
def test_decoding(tmp_path, data, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == expected


def test_latin1_is_reported_as_an_issue(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Müller (2019)".encode("latin-1"))
    assert [i.kind for i in read_document(path).issues] == ["encoding"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
], ids=["empty", "blank", "binary"])
def test_bad_files_raise_clear_errors(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_document_span_maps_back_to_source(seed):
    doc = read_document(seed("000"))
    i = doc.text.index("The Industrialisation of Care¹")
    span = doc.span(i, i + 3)
    assert doc.source_text[span.start:span.end] == "The"
    assert doc.source_text[span.start - 1] == "*"
    assert span.line == doc.source_text.count("\n", 0, span.start) + 1


@pytest.mark.parametrize("prefix, title", [
    ("000", "WORKING IN THE THERAPY FACTORY"),
    ("003", "It’s not you it is us – anecdotal evidence and observation from 7 years clinical practice and "
            "leadership in IAPT"),
    ("002", ""),
], ids=["heading-after-blank", "after-menu-words", "only-paragraphs"])
def test_title_guess(seed, prefix, title):
    assert read_document(seed(prefix)).title == title


def test_one_invalid_byte_leaves_the_rest_of_a_utf8_file_as_written(tmp_path):
    good = "Müller — “quoted” and Ørsted, naïve café.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(good.encode("utf-8") * 3 + b"A stray \xe9 byte here.\n" + good.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == good * 3 + "A stray é byte here.\n" + good
    [issue] = doc.issues
    assert issue.kind == "encoding" and issue.line == 4


@given(st.text(max_size=40), st.binary(max_size=4), st.text(max_size=40))
def test_valid_utf8_around_bad_bytes_is_always_kept(before, junk, after):
    from pathlib import Path

    from refgraph.ingest.text import decode_bytes
    try:
        text, _ = decode_bytes((before + "|").encode() + junk + ("|" + after).encode(), Path("x.txt"))
    except InputError:
        return  # looks binary (control bytes): refused as a whole, not garbled
    norm = lambda s: s.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", " ")  # noqa: E731
    assert text.startswith(norm(before.lstrip("\ufeff") + "|")) or before.startswith("\ufeff")
    assert text.endswith(norm("|" + after))
