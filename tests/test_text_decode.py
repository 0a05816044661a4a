"""text.decode: the one decoder of files, used by the article reader, the bibliography importers
and `refgraph dedup`, so a file reads the same whichever command opens it."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from refgraph.app.dedup import read_bib_text
from refgraph.importers import read_text
from refgraph.ingest.text import decode_bytes
from refgraph.text import decode

CASES = {
    "utf8": ("Müller, “Über” (2019)\n".encode(), "Müller, “Über” (2019)\n", None),
    "one-bad-byte": (b"M\xc3\xbcller \x96 Jones\n", "Müller – Jones\n", 8),
    "latin1": ("Ærø, Øster\n".encode("latin-1"), "Ærø, Øster\n", 0),
    "utf8-bom": ("\ufeffKey\n".encode(), "Key\n", None),
    "utf16": ("Zoë\n".encode("utf-16"), "Zoë\n", None),
}


@pytest.mark.parametrize("data,text,bad", CASES.values(), ids=CASES.keys())
def test_every_reader_decodes_alike(tmp_path, data, text, bad):
    assert decode(data) == (text, bad)
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    assert read_text(path) == text
    assert decode_bytes(data, path)[0] == text
    assert read_bib_text(path).lstrip("\ufeff") == text


def test_dedup_keeps_the_bom_to_write_the_file_back(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes("\ufeff@misc{a,}\n".encode())
    assert read_bib_text(path) == "\ufeff@misc{a,}\n"


@given(st.text(), st.binary(max_size=3))
def test_valid_utf8_is_kept_around_bad_bytes(text, junk):
    data = text.encode() + b"\xff" + junk + text.encode()
    decoded, bad = decode(data)
    assert bad is not None and decoded.startswith(text.lstrip("\ufeff")) and decoded.endswith(text)
