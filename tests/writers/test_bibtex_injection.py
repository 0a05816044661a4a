"""No value can become a field of its own in bibliography.bib: every field the writer emits,
including url, doi, pages and isbn, reads back (bibtexparser) as exactly the fields written."""
import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from refgraph.importers.bibtex import import_bibtex
from refgraph.model import Name, Reference, Work
from refgraph.writers.bibtex import write_bibtex

PAYLOAD = r"a},note={\input{/etc/passwd}},x={"
FIELDS = ("title", "container_title", "volume", "page", "doi", "url", "isbn", "note", "publisher")


def _ref(value: str, **more) -> Reference:
    return Reference(n=1, raw="", type="article-journal", authors=(Name(family="Smith" + value, given="A"),),
                     year=2019, **{f: value for f in FIELDS}, **more)


def _entries(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.raw for b in library.failed_blocks]
    return library.entries


@pytest.mark.parametrize("value", [PAYLOAD, "x}", "{x", "\\", "a\\}b", "x\n  note = {y}", "%}"],
                         ids=["payload", "close", "open", "backslash", "escaped-close", "newline", "comment-close"])
def test_a_hostile_value_stays_inside_its_field(value):
    text = write_bibtex([Work(key="smith2019", reference=_ref(value), mentions=("a#1",))])
    [entry] = _entries(text)
    assert set(entry.fields_dict) == {"author", "title", "journal", "year", "volume", "pages", "publisher",
                                      "doi", "url", "isbn", "note"}
    assert "\\input" not in text.replace(r"\textbackslash{}input", "")


def test_the_payload_reads_back_as_text_of_its_own_field():
    """Our importer drops braces (case protection), so the text comes back without them."""
    text = write_bibtex([Work(key="smith2019", reference=_ref(PAYLOAD), mentions=("a#1",))])
    [ref], issues = import_bibtex(text, "out.bib")
    unbraced = PAYLOAD.replace("{", "").replace("}", "")
    assert ref.title == unbraced and ref.note == unbraced and ref.isbn == unbraced
    assert not [i for i in issues if i.kind in ("malformed-entry", "duplicate-field")]


@pytest.mark.parametrize("key", ["x,note={y}", "a b", "k}{", ""], ids=["comma", "space", "braces", "empty"])
def test_a_hostile_key_cannot_break_the_entry(key):
    text = write_bibtex([Work(key=key, reference=_ref("v"), mentions=("a#1",))])
    [entry] = _entries(text)
    assert "note" in entry.fields_dict and entry.fields_dict["note"].value == "v"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_text_in_any_field_gives_exactly_the_fields_written(value):
    text = write_bibtex([Work(key="k", reference=_ref(value), mentions=("a#1",)),
                         Work(key="k2", reference=_ref("plain"), mentions=("a#2",))])
    entries = _entries(text)
    assert [e.key for e in entries] == ["k", "k2"]
    assert set(entries[0].fields_dict) <= {"author", "title", "journal", "year", "volume", "pages", "publisher",
                                           "doi", "url", "isbn", "note"}
    assert entries[1].fields_dict["note"].value == "plain"


@pytest.mark.parametrize("ref, note", [
    (Reference(n=1, raw="Annual report on nothing in particular."), "Annual report on nothing in particular."),
    (Reference(n=1, raw="??? 50% {odd}\n text", year=2019), r"??? 50\% \textbraceleft{}odd\textbraceright{} text"),
], ids=["raw-only", "year-only"])
def test_a_record_with_no_parsed_field_carries_its_text(ref, note):
    [entry] = _entries(write_bibtex([Work(key="anonnd", reference=ref, mentions=("a#1",))]))
    assert entry.fields_dict["note"].value == note


def test_a_record_with_nothing_at_all_is_left_out_and_reported(tmp_path):
    import json

    from click.testing import CliRunner

    from refgraph.cli import cli
    items = tmp_path / "items.json"
    items.write_text(json.dumps([{"id": "empty", "type": "document"},
                                 {"id": "full", "type": "book", "title": "A book", "issued": {"date-parts": [[2001]]}}]))
    library = tmp_path / "lib.sqlite"
    assert CliRunner().invoke(cli, ["add", str(items), "--library", str(library)]).exit_code == 0
    result = CliRunner().invoke(cli, ["export", "--library", str(library), "--format", "bibtex"])
    assert result.exit_code == 0, result.output
    assert [e.key for e in _entries(result.stdout)] == ["full"]
    assert "empty: left out of the BibTeX" in result.stderr
