"""lint: each kind of finding on short articles written like real ones, and the seeds."""
from dataclasses import replace

import pytest

from conftest import ARTICLES
from refgraph.ingest.text import document_from_text
from refgraph.app.lint import lint_paths
from refgraph.lint import DEFAULT_FAIL, KINDS, lint_document, numbering_issues
from refgraph.pipeline import parse_document


def lint_text(text: str):
    return lint_document(parse_document(document_from_text("a.txt", "a", "text", text)))


def kinds(report, failing_only=False):
    return [i.kind for i in report.problems if not failing_only or i.kind in DEFAULT_FAIL]


HARVARD_REFS = """
References

Clark, D. M. (2011) Implementing NICE guidelines for the psychological treatment of depression and anxiety disorders: the IAPT experience. International Review of Psychiatry, 23(4), pp. 318–327.

Delgadillo, J. et al. (2016) Depression, anxiety and the social gradient of IAPT outcomes. British Journal of Psychiatry, 209(5), pp. 429–430.

Layard, R. and Clark, D. M. (2014) Thrive: the power of evidence-based psychological therapies. London: Allen Lane.

Rizq, R. (2012) The perversion of care: psychological therapies in a time of IAPT. Psychodynamic Practice, 18(1), pp. 7–24.
"""


def harvard(body: str) -> str:
    return body + "\n" + HARVARD_REFS


def test_clean_author_date_article_has_no_findings():
    report = lint_text(harvard(
        "IAPT grew out of an economic case (Layard & Clark 2014). Its outcomes follow a social gradient "
        "(Delgadillo et al. 2016), a point Rizq (2012) anticipated. Clark (2011) describes the model.\n"))
    assert report.problems == ()


@pytest.mark.parametrize("body, kind, message, refs", [
    ("Outcomes vary (Delgadillo et al. 2016; Rizq 2012; Clark 2011; Layard & Clark 2014; Kellett 2021).\n",
     "unlinked-callout", "no reference for Kellett 2021", ()),
    ("Outcomes vary (Delgadillo et al. 2016; Rizq 2012; Layard & Clark 2014). Clark (2010) said so.\n",
     "year-mismatch", "Clark (2010): year: text 2010, list 2011", (1,)),
    ("Outcomes vary (Delgadillo et al. 2016; Rizq 2012; Clarke 2011; Layard & Clark 2014).\n",
     "name-mismatch", "name: text Clarke, list Clark", (1,)),
    ("Outcomes vary (Delgadillo et al. 2016; Rizq 2012; Clark 2011). Layard et al. (2014) disagree.\n",
     "author-count", "Layard et al. (2014): authors: text et al., list has two (Layard and Clark)", (3,)),
    ("Outcomes vary (Delgadillo et al. 2016; Rizq 2012; Clark 2011).\n",
     "uncited-reference", "reference 3 is never cited: Layard, R. and Clark, D. M. (2014) Thrive", (3,)),
], ids=["unlinked", "year", "name", "et-al-for-two", "uncited"])
def test_each_failing_kind(body, kind, message, refs):
    report = lint_text(harvard(body))
    [issue] = [i for i in report.problems if i.kind in DEFAULT_FAIL]
    assert (issue.kind, issue.refs) == (kind, refs)
    assert message in issue.message
    assert issue.line is not None


def test_name_and_year_of_one_callout_are_one_finding():
    report = lint_text(harvard("Outcomes vary (Delgadillo et al. 2016; Rizq 2012; Clarke 2012; Layard & Clark 2014).\n"))
    [issue] = report.problems
    assert issue.kind == "name-mismatch"
    assert issue.message.endswith("name: text Clarke, list Clark; year: text 2012, list 2011")


def test_ambiguous_callout_names_its_candidates_and_they_count_as_cited():
    report = lint_text("Care was industrialised (Rizq 2012).\n\nReferences\n\n"
                       "Rizq, R. (2012a) The perversion of care. Psychodynamic Practice, 18(1), pp. 7–24.\n\n"
                       "Rizq, R. (2012b) Pilgrims in an unholy land. Psychoanalytic Psychotherapy, 26(1), pp. 4–21.\n")
    assert [(i.kind, i.refs) for i in report.problems] == [("ambiguous-callout", (1, 2))]


def test_notes_do_not_fail_by_default():
    report = lint_text(harvard(
        "An economic case (Layard 2014). Outcomes follow a social gradient (Delgadillo 2016), "
        "a point Rizq (2012) anticipated. Clark (2011) describes the model.\n"))
    assert kinds(report) == ["first-author-alone", "et-al-missing"]
    assert kinds(report, failing_only=True) == []


NUMBERED_BODY = ("IAPT was introduced to cut the cost of benefits.¹ It now dominates services,² and employs "
                 "staff who are not clinically trained.³ Digital platforms follow.⁴ ")


def numbered(body: str, refs: list[str]) -> str:
    return body + "\n\nREFERENCES\n\n" + "\n".join(refs) + "\n"


VANCOUVER = [
    "1 Friedli L, Stearn R. Positive affect as coercive strategy. Medical Humanities 2015; 41(1): 40–47.",
    "2 Banks J, Blundell R, Emmerson C. Disability benefit receipt and reform. J Econ Perspect 2015; 29(2): 173–190.",
    "3 Cotton E. The future of mental health services. Soundings 2018; 70.",
    "4 Durcan G, Stubbs J, Appleton S, Bell A. The future of the mental health workforce. 2017.",
]


def test_clean_numbered_article_has_no_findings():
    assert lint_text(numbered(NUMBERED_BODY, VANCOUVER)).problems == ()


def test_numbered_callout_beyond_the_list():
    report = lint_text(numbered(NUMBERED_BODY + "Workers resist [6].", VANCOUVER))
    assert [(i.kind, i.message) for i in report.problems] == [("unlinked-callout", "[6]: no reference numbered 6")]


def test_numbering_gap():
    refs = [VANCOUVER[0], VANCOUVER[1], VANCOUVER[2].replace("3 ", "5 ", 1), VANCOUVER[3].replace("4 ", "6 ", 1)]
    body = "IAPT was introduced to cut costs.¹ It dominates,² and employs untrained staff.⁵ Platforms.⁶ "
    report = lint_text(numbered(body, refs))
    assert [(i.kind, i.message, i.refs) for i in report.problems] == [
        ("numbering-gap", "no reference numbered 3–4 (the list goes from 2 to 5)", (3,))]


def test_numbering_repeat():
    parsed = parse_document(document_from_text("a.txt", "a", "text", numbered(NUMBERED_BODY, VANCOUVER)))
    refs = parsed.references[:3] + (parsed.references[3].with_(label="3"),)
    issues = numbering_issues(replace(parsed, references=refs))
    assert [(i.kind, i.message, i.refs) for i in issues] == [
        ("numbering-gap", "number 3 is used twice (references 3 and 4)", (3, 4))]


@pytest.mark.parametrize("second, why", [
    ("2 Friedli L, Stearn R. Positive affect as coercive strategy. Medical Humanities 2015;41(1):40-47.", "same text"),
    ("2 Friedli L. Positive affect. Med Humanit. 2015. doi:10.1136/medhum-2014-010622",
     "same DOI 10.1136/medhum-2014-010622"),
], ids=["same-text", "same-doi"])
def test_duplicate_entries(second, why):
    first = "1 Friedli L, Stearn R. Positive affect as coercive strategy. Medical Humanities 2015; 41(1): 40–47."
    if "doi" in second:
        first += " doi:10.1136/medhum-2014-010622"
    report = lint_text(numbered("As argued,¹ and again.² ", [first, second]))
    [issue] = report.problems
    assert issue.kind == "duplicate-reference" and issue.refs == (1, 2) and why in issue.message


def test_chapter_and_its_book_are_not_duplicates(seed):
    [report] = lint_paths([seed("000")]).reports
    assert "duplicate-reference" not in kinds(report)


def test_out_of_order_is_a_note_only_against_a_clear_majority():
    body = "First.¹ Then.³ More.⁴ And.⁵ Late.² Next.⁶ "
    refs = VANCOUVER + ["5 Cotton E. UberTherapy: working in the therapy factory. London: Surviving Work; 2019.",
                        "6 Briken K, Taylor P. Fulfilling the British way. Industrial Relations Journal 2018; 49(5)."]
    report = lint_text(numbered(body, refs))
    assert [(i.kind, i.message) for i in report.problems] == [
        ("out-of-order", "reference 2 is first cited after 3, 4, 5")]
    assert "out-of-order" not in DEFAULT_FAIL
    # an alphabetical numbered list cited in no particular order: no note at all
    shuffled = "A.⁴ B.¹ C.⁶ D.³ E.⁵ F.² "
    assert lint_text(numbered(shuffled, refs)).problems == ()


def test_article_without_callouts_gets_one_finding_not_one_per_reference():
    report = lint_text(numbered("No callouts at all in this text. ", VANCOUVER))
    [issue] = report.problems
    assert issue.kind == "uncited-reference" and issue.refs == (1, 2, 3, 4)


def test_article_without_a_reference_list_is_a_note():
    report = lint_text("A forum post. In 2019, 15 practitioners said so (2018).\n")
    assert [i.kind for i in report.problems] == ["no-references"] and not report.checked


def test_seed_003_reports_exactly_the_two_known_problems(seed):
    [report] = lint_paths([seed("003")]).reports
    failing = [(i.kind, i.line, i.refs, i.message) for i in report.problems if i.kind in DEFAULT_FAIL]
    assert failing == [
        ("year-mismatch", 16, (10,), "(Wakefield et al 2020): year: text 2020, list 2021"),
        ("name-mismatch", 16, (4,), "(Scott 2018, 2021, Kellet 2020): name: text Kellet, list Kellett; "
                                    "year: text 2020, list 2021"),
    ]


def test_other_seeds_report_no_false_problem():
    run = lint_paths(sorted(p for p in ARTICLES.glob("*.txt") if not p.name.startswith("003")))
    assert [(r.path, [i for i in r.problems if i.kind in DEFAULT_FAIL]) for r in run.reports] == \
        [(r.path, []) for r in run.reports]


def test_every_kind_is_described():
    assert all(k.description for k in KINDS.values())
    assert {"first-author-alone", "out-of-order"}.isdisjoint(DEFAULT_FAIL)


@pytest.mark.parametrize("callout", [
    "(American\nPsychiatric Association, 2013)", "(American  Psychiatric\tAssociation, 2013)",
    "(Layard &\nClark, 2014)",
], ids=["line-break", "odd-spaces", "two-names-broken"])
def test_a_callout_broken_across_lines_is_no_name_mismatch(callout):
    refs = HARVARD_REFS + ("\nAmerican Psychiatric Association. (2013). Diagnostic and statistical manual of mental "
                           "disorders (5th ed.). Arlington, VA: American Psychiatric Publishing.\n")
    report = lint_text(f"Diagnosis followed the manual {callout} in every case.\n" + refs)
    found = kinds(report)
    assert "name-mismatch" not in found and "unlinked-callout" not in found, report.problems
    assert found.count("uncited-reference") == 4  # the callout links its reference; the other four stay uncited
