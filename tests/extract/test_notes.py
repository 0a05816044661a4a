"""Notes style: Ibid. and short-form notes are the earlier work cited again, not new works."""
import json
import re

import pytest
from hypothesis import given, strategies as st

from refgraph.extract.crf import MODEL_NAME, data_dir
from refgraph.extract.notes import _key, _names_fit, is_ibid, is_work, link_notes, short_form_target
from refgraph.extract.parse import parse_references
from refgraph.model import Name, Reference

NO_MODEL = not (data_dir() / MODEL_NAME).is_file()
needs_model = pytest.mark.skipif(NO_MODEL, reason="the parser model is not trained (python -m refgraph.extract.train)")


def work(n, family, title, year, **more):
    return Reference(n=n, raw=f"{n}. {family}, {title} ({year}).", title=title, year=year,
                     authors=(Name(family=family),), **more)


BOOK = work(1, "Lee", "The Quiet Archive: Records and Memory", 2015, publisher="Harbor Press")
ARTICLE = work(2, "Okafor", "Counting the Dead", 2011, container_title="Journal of Social History")
VAN = work(3, "van Riel", "Het Archief", 1998, publisher="Boom")


@pytest.mark.parametrize("raw, ibid", [
    ("Ibid.", True), ("Ibid., 45.", True), ("4. Ibid., p. 12.", True), ("[^7]: Ibidem, 3", True), ("Ebd., S. 4.", True),
    ("Id. at 12.", True), ("Ibsen, Henrik. Ghosts. 1881.", False), ("Idle Hands. 2001.", False),
], ids=["bare", "page", "numbered", "markdown-footnote", "german", "legal-id", "ibsen", "idle"])
def test_is_ibid(raw, ibid):
    assert is_ibid(raw) is ibid


@pytest.mark.parametrize("raw, target", [
    ("Lee, Quiet Archive, 88.", 1),
    ("Lee, *The Quiet Archive*, 88.", 1),
    ('Okafor, "Counting the Dead," 310.', 2),
    ("Okafor, “Counting,” 310.", 2),
    ("Lee, op. cit., 3.", 1),
    ("Lee 2015, 12.", 1),
    ("Riel, Het Archief, 4.", 3),
    ("Lee, Other Book, 88.", None),
    ("Park, Quiet Archive, 88.", None),
    ("Lee, A. (2016). The Quiet Archive Revisited. Harbor Press.", None),
    ("Lee 2016, 12.", None),
], ids=["short-title", "emphasised", "quoted", "quoted-first-word", "op-cit", "author-date", "particle-dropped",
        "other-title", "other-author", "full-reference-with-year", "other-year"])
def test_short_form_target(raw, target):
    found = short_form_target(Reference(n=9, raw=raw), [BOOK, ARTICLE, VAN])
    assert (found.n if found else None) == target


def test_link_notes_points_back_and_keeps_the_note():
    notes = [BOOK, Reference(n=2, raw="Ibid., 45.", title="Ibid"), ARTICLE.with_(n=3),
             Reference(n=4, raw="Lee, Quiet Archive, 88.", title="Quiet Archive"),
             Reference(n=5, raw="Ibid.", label="5"),
             Reference(n=6, raw="On this the literature is divided."),
             Reference(n=7, raw="Ibid., 50.")]
    out = link_notes(notes)
    assert [r.same_as for r in out] == [0, 1, 0, 1, 1, 0, 1]
    assert [r.n for r in out] == [1, 2, 3, 4, 5, 6, 7]
    assert out[1].title == BOOK.title and out[1].raw == "Ibid., 45." and out[4].label == "5"
    assert out[1].to_csl()["same_as"] == 1 and "same_as" not in out[0].to_csl()


def test_a_list_without_notes_comes_back_unchanged():
    refs = [BOOK, ARTICLE.with_(n=2), VAN.with_(n=3)]
    assert link_notes(refs) == refs


def test_ibid_first_in_the_list_points_nowhere():
    assert link_notes([Reference(n=1, raw="Ibid., 4.")])[0].same_as == 0


@needs_model
def test_parsed_notes_are_linked():
    notes = ["Ann Lee, The Quiet Archive: Records and Memory (Chicago: Harbor Press, 2015), 12.",
             "Ibid., 45.",
             'Tom Okafor, "Counting the Dead," Journal of Social History 44, no. 2 (2011): 301–22.',
             "Lee, Quiet Archive, 88.",
             'Okafor, "Counting the Dead," 310.']
    refs = parse_references(notes)
    assert [r.same_as for r in refs] == [0, 1, 0, 1, 3]
    assert refs[1].title == refs[0].title and refs[4].year == 2011


@needs_model
def test_build_makes_one_work_per_cited_work(tmp_path):
    from refgraph.app.build import build

    article = tmp_path / "in" / "essay.txt"
    article.parent.mkdir()
    article.write_text("An essay.\n\nArchives remember.¹ They forget.² Counting matters.³ Again.⁴ And.⁵\n\nNotes\n\n"
                       "1. Ann Lee, The Quiet Archive: Records and Memory (Chicago: Harbor Press, 2015), 12.\n"
                       "2. Ibid., 45.\n"
                       '3. Tom Okafor, "Counting the Dead," Journal of Social History 44, no. 2 (2011): 301–22.\n'
                       "4. Lee, Quiet Archive, 88.\n"
                       "5. Ibid.\n", encoding="utf-8")
    build([article.parent], tmp_path / "out")
    works = json.loads((tmp_path / "out" / "works.json").read_text())
    works = works["works"] if isinstance(works, dict) else works
    mentions = sorted(sorted(w["mentions"]) for w in works)
    assert mentions == [["essay#1", "essay#2", "essay#4", "essay#5"], ["essay#3"]]
    assert "same_as" not in (tmp_path / "out" / "bibliography.json").read_text()  # a note's pointer, not a field


def test_a_stored_note_brings_no_same_as_field_into_the_work():
    from refgraph.csl import reference_from_csl

    note = link_notes([BOOK, Reference(n=2, raw="Ibid., 45.")])[1]
    back = reference_from_csl(note.to_csl(), n=2)
    assert note.same_as == 1 and not any("same_as" in key for key, _ in back.extra)
    assert back.title == BOOK.title


_FAMILIES = ["Lee", "van Lee", "Park", "de la Park", "Ng", "Lee-Park"]


@given(st.lists(st.tuples(st.sampled_from(_FAMILIES), st.sampled_from(["Quiet Archive", "Long River", "Park Notes"]),
                          st.integers(2010, 2013), st.booleans()), max_size=25))
def test_linking_by_name_index_equals_comparing_with_every_earlier_work(rows):
    """link_notes looks works up by their first author's last name word; the answer must be the
    one a scan of every earlier work gives (the index made a 10,000-string batch linear)."""
    refs = []
    for n, (family, title, year, short) in enumerate(rows, start=1):
        refs.append(Reference(n=n, raw=f"{family} {year}, 12." if short else f"{family}, “{title},” 3.")
                    if n % 2 == 0 else work(n, family, title, year))
    linked = link_notes(refs)
    works: list[Reference] = []
    for ref, out in zip(refs, linked):
        text = ref.raw
        expected = None
        if not is_work(ref):
            m = re.match(r"^(?P<names>.+?) (?P<year>\d{4}), 12\.$", text)
            if m:
                fits = [w for w in works if _names_fit(m.group("names"), w) and w.year == int(m.group("year"))]
                expected = fits[-1] if fits else None
            else:
                names, title = text.split(", “")[0], _key(text.split("“")[1].split(",")[0])
                fits = [w for w in works if _names_fit(names, w) and _key(w.title).startswith(title)]
                expected = fits[-1] if fits else None
        if expected is None:
            assert out.same_as is None or out.same_as == 0
            if is_work(ref):
                works.append(ref)
        else:
            assert out.same_as == expected.n and out.title == expected.title
