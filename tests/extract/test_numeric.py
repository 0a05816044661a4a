"""Numeric callouts: every form, every false-callout guard, with sentences from real articles."""
import pytest

from refgraph.extract.numeric import expand_numbers, find_numeric, label_map
from refgraph.ingest.text import document_from_text
from refgraph.model import Reference


def doc(text: str):
    return document_from_text("t.txt", "t", "text", text)


def cites(text: str, count: int = 9, labels=None):
    d = doc(text)
    refs = tuple(Reference(n=i, raw=f"ref {i}", label=str(labels[i - 1]) if labels else str(i))
                 for i in range(1, count + 1))
    return find_numeric(d, len(d.text), refs)


def numeric(text: str, count: int = 9) -> list[tuple[int, ...]]:
    return [c.refs for c in cites(text, count)]


@pytest.mark.parametrize("text, expected", [
    # seed 000 (superscripts in a magazine layout)
    ("*The Industrialisation of Care*¹ was published in June 2019", [(1,)]),
    ("dangerous both for therapists and clients.² If you combine", [(2,)]),
    ("as shown⁵⁻⁷ here", [(5, 6, 7)]),
    ("published in 2019¹ and later²,³.", [(1,), (2, 3)]),
    ("as a condition of work.¹,² The", [(1, 2)]),
    # seed 002 (digits glued to the word or mark before them)
    ("for staff and clients alike.1,2\nIn the 2017 survey,1 43% reported", [(1, 2), (1,)]),
    ("alike.1,2 A 2016 study by Jaime Delgadillo and colleagues3 found", [(1, 2), (3,)]),
    ("alike.1,2 as the Delgadillo research found,3 and this manager", [(1, 2), (3,)]),
    ("clinicians¹ and since the rate).2 Then", [(1,), (2,)]),
    ("they said so;1 then", [(1,)]),
    ("‘not enough time’2 and", [(2,)]),
    # brackets (IEEE, Vancouver variants)
    ("see [3] and [1–4] and [2, 5] and [6-8]", [(3,), (1, 2, 3, 4), (2, 5), (6, 7, 8)]),
    ("as reported previously [1,3; 5].", [(1, 3, 5)]),
    ("and conditional random fields [3]–[5] shows", [(3, 4, 5)]),
    ("The programme has grown fast.[^1] Some see a crisis.[^1][^3]", [(1,), (1,), (3,)]),
    ("grown fast.<sup>1,2</sup> and a crisis^3^ here", [(1, 2), (3,)]),
    # parentheses in a numbered article (Vancouver as some journals print it)
    ("Digital therapy has grown rapidly (1). It is cheaper (2, 3) and faster (4–6).", [(1,), (2, 3), (4, 5, 6)]),
], ids=["superscript-after-emphasis", "superscript-after-point", "superscript-range", "superscript-after-year",
        "superscript-list", "glued-point-and-comma", "glued-to-word", "glued-after-comma", "glued-after-paren",
        "glued-after-semicolon", "glued-after-quote", "brackets", "bracket-semicolon", "bracket-range-ieee", "markdown-footnotes", "sup-markup", "parentheses"])
def test_numeric_callout_forms(text, expected):
    assert numeric(text) == expected


@pytest.mark.parametrize("text", [
    "In the 2017 survey 43% reported feeling depressed over the previous week; 42% had felt like a failure.",
    "I interviewed 15 practitioners and 3 managers.",
    "Most clients end at 8–10 sessions, and some after 6-8 thirty-minute appointments.",
    "Three-quarters (72%) felt their service was inadequately staffed.",
    "The recovery rate rose to 50.3 per cent in 2019.",
    "It cost £5, took 3 hours and the session started at 10:30.",
    "The session started at 10.30am and ended at 3pm.",
    "The COVID-19 pandemic, H1N1 and the NHS-5 plan.",
    "See p.5, pp.7-9, Fig.2 and Table.3 of the report.",
    "Clients at step 2 interventions (guided self-help, primarily).",
    "Over 3,4 or 5 years.",
    "Room area 12 m² and volume of 10³ litres, where x² grows.",
    "The framework has three parts: (1) assessment, (2) treatment and (3) follow-up.",
    "(2) The second heading of a numbered list",
    "See Table (2) and Figure (3).",
    "The ratio was 1:2 overall.",
    "The 2019 Mental Health Crisis Summit [2019] revealed it.",
    "Intro text.\n\n2. Methods\n\nStudy 2: Findings\n\n3.1 Sample\n",
    "Three things:\n1. assessment\n2. treatment\n3. follow-up\n",
], ids=["year-and-percentages", "quantities", "session-ranges", "percent-in-parens", "decimal-per-cent",
        "money-time-colon", "times-am-pm", "names-with-digits", "labelled-numbers", "step-number", "plain-list",
        "exponents-and-units", "enumeration", "list-number-at-line-start", "labelled-parens", "ratio",
        "bracketed-year", "headings", "list-numbers"])
def test_false_callouts_are_ignored(text):
    assert numeric(text) == []


def test_weak_form_far_ahead_of_the_order_is_not_a_callout():
    # "iPhone7" before any callout: a glued 7 that jumps ahead of everything cited so far.
    assert numeric("Users of the iPhone7 and earlier phones were surveyed.") == []
    # once 1-5 are cited, a glued 7 is within reach of the order
    assert numeric("Earlier work¹⁻⁵ and later studies found,7 that") == [(1, 2, 3, 4, 5), (7,)]


def test_glued_number_beyond_the_list_is_prose():
    assert numeric("the results of Phase 1 and colleagues12 found", count=9) == []


@pytest.mark.parametrize("text, refs, missing", [
    ("as reported [12].", (), "12"),
    ("as reported [8, 12].", (8,), "12"),
    ("as reported previously.¹¹", (), "11"),
], ids=["bracket", "bracket-partly", "superscript"])
def test_strong_form_beyond_the_list_points_nowhere(text, refs, missing):
    [c] = cites(text)
    assert c.refs == refs
    assert [(p.kind, p.message) for p in c.problems] == [("unlinked", f"no reference numbered {missing}")]


def test_far_beyond_the_list_is_not_a_callout():
    assert numeric("a sample of [150] patients") == []


def test_printed_numbers_are_followed_when_the_list_skips_one():
    # list printed 1, 2, 4, 5: callout "4" is the third entry
    [a, b] = cites("shown [4] and [3].", count=4, labels=[1, 2, 4, 5])
    assert a.refs == (3,) and not a.problems
    assert b.refs == () and b.problems[0].kind == "unlinked"


def test_callout_text_span_and_context():
    text = "Intro. Staff are stressed, as found in the annual survey,1 43% said so. Then more."
    [c] = cites(text)
    assert c.text == "survey,1"
    assert text[c.span.start:c.span.end] == "1"
    assert c.context == "Staff are stressed, as found in the annual survey,1 43% said so."
    assert c.span.line == 1


def test_label_map_uses_positions_without_labels():
    refs = (Reference(n=1, raw="a"), Reference(n=2, raw="b", label="7"))
    assert label_map(refs) == {1: 1, 7: 2}


@pytest.mark.parametrize("text, expected", [
    ("1,3–5", [1, 3, 4, 5]), ("²⁻⁴", [2, 3, 4]), ("7", [7]), ("1-200", []), ("3-1", []), ("1,a", []),
], ids=["mixed", "superscript-range", "single", "absurd-range", "reversed-range", "not-a-number"])
def test_expand_numbers(text, expected):
    assert expand_numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Gene regulation in mice\n\nJane Smith¹, John van Doe²\n¹Department of Genetics, University of X\n"
     "²Department of Biology, University of Y\n\nWe studied mice as before.¹ Others did too.²", [(1,), (2,)]),
    ("We used the v2 model and the k2 parameter, as in earlier work.1 Later work agreed.2", [(1,), (2,)]),
    ("The model was fitted as before.¹ The energy of each step is summed (3) and the loss minimised (4).²",
     [(1,), (2,)]),
    ("Earlier studies [1], [2] found the same; the total is given by the sum (3) over all samples.", [(1,), (2,)]),
], ids=["affiliations-and-byline", "one-letter-identifiers", "equation-numbers-superscript-doc",
        "equation-numbers-bracket-doc"])
def test_affiliations_identifiers_and_equation_numbers_are_not_callouts(text, expected):
    assert numeric(text) == expected


def test_numbers_in_parentheses_are_not_callouts_in_an_author_year_document():
    from refgraph.pipeline import parse_document
    text = ("We follow earlier work (Smith, 2019). The steps were (1) extraction and (2) sequencing of samples, "
            "and the error is bounded (3) as shown (Smith, 2019).\n\nReferences\n\n"
            "Smith, J. (2019). A study of things. Journal of Studies, 3, 1-2.\n")
    parsed = parse_document(doc(text))
    assert [c.text for c in parsed.citations] == ["(Smith, 2019)", "(Smith, 2019)"]


@pytest.mark.parametrize("text, expected", [
    ("Noise is common [1, 2]. We timed lysis [3] and fitted the model [4]. The times t1 and t2 "
     "were measured, with m2 = 4 and x2 of 3.1 (p < .001).", [(1, 2), (3,), (4,)]),
    ("Cells divide [1]. Growth slows [2]; see also [3].\nWe write the readout as a = b + c, (4)\n"
     "where the weights (5) are fitted.", [(1,), (2,), (3,)]),
], ids=["variables-with-digits", "equation-numbers"])
def test_bracket_citing_article_has_no_glued_or_parenthesised_callouts(text, expected):
    assert numeric(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Growth matters [1,2]. The fit was significant (F[1,2] = 24.5, p < 0.05) and so was x[3] here.",
     [(1, 2)]),
    ("a formula known as the discriminant [7]: it weighs each cell.", [(7,)]),
    ("[1]: https://example.org/page\nas shown in [1].", [(1,)]),
], ids=["statistic-degrees-of-freedom", "bracket-before-colon", "markdown-link-definition"])
def test_bracket_guards(text, expected):
    assert numeric(text) == expected
