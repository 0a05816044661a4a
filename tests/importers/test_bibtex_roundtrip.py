"""Property: a .bib of generated entries, imported and exported again, keeps every field."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refgraph.importers import import_text
from refgraph.importers.bibtex import decode_latex, parse_name, split_names
from refgraph.model import Work
from refgraph.writers.bibtex import latex_escape, write_bibtex

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄäéøñßABCXYZ0123456789&%$#_", min_size=1, max_size=10)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
NAME = st.builds(lambda f, g: f"{f}, {g}", st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=2, max_size=8)
                 .map(str.capitalize), st.sampled_from(["A.", "J. K.", "Jane", "Émile"]))
FIELDS = st.fixed_dictionaries({"title": TEXT}, optional={
    "journal": TEXT, "booktitle": TEXT, "year": st.integers(1800, 2030).map(str), "volume": st.integers(1, 999).map(str),
    "number": st.integers(1, 99).map(str), "pages": st.tuples(st.integers(1, 500), st.integers(501, 999)).map(
        lambda p: f"{p[0]}--{p[1]}"), "publisher": TEXT, "address": TEXT, "note": TEXT, "keywords": TEXT,
    "abstract": TEXT, "month": st.sampled_from(["jan", "feb", "dec"]), "doi": st.just("10.1000/xyz_1"),
    "url": st.just("https://example.org/a_b%20c"), "isbn": st.just("978-1-9998637-9-1"), "series": TEXT,
    "edition": TEXT, "howpublished": TEXT, "author": st.lists(NAME, min_size=1, max_size=4).map(" and ".join),
    "editor": st.lists(NAME, min_size=1, max_size=2).map(" and ".join)})
TYPES = st.sampled_from(["article", "book", "inproceedings", "incollection", "misc", "techreport", "phdthesis",
                         "online", "inbook", "software"])
VERBATIM = {"doi", "url"}


def bib_of(entries) -> str:
    out = []
    for i, (etype, fields) in enumerate(entries):
        body = ",\n".join(f"  {k} = {{{v if k in VERBATIM or k in ('author', 'editor', 'pages') else latex_escape(v)}}}"
                          for k, v in fields.items())
        out.append(f"@{etype}{{key{i},\n{body}\n}}\n")
    return "\n".join(out)


def field_values(text: str) -> list[tuple[str, str, dict]]:
    """(type, key, {field: decoded value}) of every entry, read with bibtexparser alone."""
    import bibtexparser

    lib = bibtexparser.parse_string(text)
    out = []
    for e in lib.entries:
        fields = {}
        for f in e.fields:
            value = f.value
            if f.key in ("author", "editor"):
                fields[f.key] = [parse_name(n) for n in split_names(value)]
            else:
                fields[f.key] = value if f.key in VERBATIM else decode_latex(value)
        out.append((e.entry_type, e.key, fields))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TYPES, FIELDS), min_size=1, max_size=8))
def test_import_export_keeps_every_field(entries):
    text = bib_of(entries)
    result = import_text(text, "bibtex", "gen.bib")
    assert result.issues == ()
    exported = write_bibtex([Work(r.key, r, ()) for r in result.references])
    assert field_values(exported) == field_values(text)
