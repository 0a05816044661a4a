"""Finding the reference lists of plain-text documents: headings in many languages, the wrong
lists, two lists, no heading, and the text shapes PDFs leave."""
import pytest

from refgraph.extract.find import find_references

BODY = "Some body text that cites earlier work (Smith 2019) at length.\n\n"
ENTRIES = "Smith, J. (2019). A title. Journal of Things, 3, 1-9.\nDoe, A. (2020). Other. Bar Press.\n"


def texts(text: str) -> list[str]:
    return [r.text for r in find_references(text)[0]]


@pytest.mark.parametrize("heading", [
    "Literatur", "Literaturverzeichnis", "Bibliographie", "Références", "Referencias", "Bibliografía",
    "Riferimenti bibliografici", "Riferimenti", "Works Cited", "Notes and references", "References[edit]",
    "## Referências", "3. Literatuur", "Einzelnachweise",
])
def test_headings_in_many_languages(heading):
    assert texts(BODY + heading + "\n" + ENTRIES) == ENTRIES.splitlines()


@pytest.mark.parametrize("heading", ["External links", "Further reading", "See also"])
def test_further_reading_and_external_links_are_not_the_list(heading):
    text = BODY + "References\n" + ENTRIES + "\n" + heading + "\n" + \
        "Lee, K. (2018). A good read. Baz Books.\nhttps://example.org/more-reading\n"
    assert texts(text) == ENTRIES.splitlines()
    assert texts(BODY + heading + "\nLee, K. (2018). A good read. Baz Books.\n") == []


def test_two_lists_give_both_in_order():
    text = (BODY + "Notes\n1. On this point see the discussion in Lee 2018, p. 4.\n"
            "2. The data are from the 2020 census.\n\nReferences\n" + ENTRIES)
    refs, body_end = find_references(text)
    assert [r.text[:12] for r in refs] == ["On this poin", "The data are", "Smith, J. (2", "Doe, A. (202"]
    assert [r.n for r in refs] == [1, 2, 3, 4]
    assert body_end == text.index("Notes")


def test_no_heading_numbered_list_not_at_the_end():
    text = (BODY + "[1] J. Alpha and K. Beta, Phys. Rev. Lett. 97, 123401 (2006).\n"
            "[2] L. Gamma, Phys. Rev. A 84, 013401 (2011).\n[3] M. Delta, Nature 455, 1085 (2008).\n\n"
            "Figure 1: the apparatus as built.\n")
    refs, body_end = find_references(text)
    assert len(refs) == 3 and body_end == len(BODY)


@pytest.mark.parametrize("text", [
    BODY + "The plan has three steps.\n1. Ask people in 2019\n2. Listen to them\n3. Act\n",
    BODY + "Further reading\nLee, K. (2018). A good read.\n",
], ids=["numbered-steps", "only-further-reading"])
def test_no_list_invented(text):
    assert find_references(text) == ([], None)


def test_wrapped_continuation_starting_with_digits_and_a_full_stop():
    text = BODY + ("References\n1. Smith, J.: A title. In: Proc. of Things, Springer (2019) 1-9, pages\n"
                   "112. Second printing\n2. Doe, A.: Other. Bar (2020)\n")
    assert texts(text) == ["Smith, J.: A title. In: Proc. of Things, Springer (2019) 1-9, pages 112. Second printing",
                           "Doe, A.: Other. Bar (2020)"]


def test_blank_line_inside_a_numbered_entry():
    text = BODY + ("References\n[1] Smith, J. A title that runs on. Journal of\n\nThings, 3, 1-9, 2019.\n"
                   "[2] Doe, A. Other. Bar, 2020.\n")
    assert texts(text) == ["Smith, J. A title that runs on. Journal of Things, 3, 1-9, 2019.", "Doe, A. Other. Bar, 2020."]


def test_copyright_line_ends_a_numbered_list():
    text = BODY + ("References\n[1] Smith, J. A title. Journal of Things, 3, 1-9, (1993).\n"
                   "[2] Doe, A. Other. Bar\nPress (1992).\n© Copyright 1994 Small Labs, Inc. Printed in U.S.A.\n")
    assert texts(text)[-1] == "Doe, A. Other. Bar Press (1992)."


def test_hanging_indent_list_in_plain_text():
    text = BODY + ("Bibliography\nAbrams, B. and P. Iossifov. 2006. Does the Fed contribute to a political\n"
                   " business cycle? Public Choice 129:249-262.\nAcemoglu, D. and T. Mitton.\n"
                   "  2013. The value of connections in turbulent times. NBER.\n"
                   "Ansolabehere, S. and E. Hersh. 2012. Validation: What Big Data Re-\n"
                   " veal About Survey Misreporting. Political analysis\n 20(4):437-459.\n")
    assert [t[:10] for t in texts(text)] == ["Abrams, B.", "Acemoglu, ", "Ansolabehe"]
