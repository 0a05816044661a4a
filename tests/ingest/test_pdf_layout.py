"""PDFs in the shapes real articles come in, written by tests/fixtures/pdfgen.py and read back
through the real reader and pipeline: two columns, hanging lists, running heads and page
numbers, lists cut at a page break, label styles, no heading."""
import pytest

from refgraph.ingest import read_document
from refgraph.ingest.pdf import layout_text, mend_pdf_text, pdf_lines, pdf_text
from refgraph.pipeline import parse_document
from tests.fixtures.pdfgen import Text, column, make_pdf

pytest.importorskip("pypdfium2")

BODY = ["Evaluating small things carefully is known to be hard, as earlier", "work has shown at some length [1]."]


def parse_pdf(tmp_path, pages):
    path = tmp_path / "article.pdf"
    path.write_bytes(make_pdf(pages))
    return parse_document(read_document(path))


def raws(parsed):
    return [r.raw for r in parsed.references]


def test_two_columns_running_heads_and_a_list_cut_by_the_page_break(tmp_path):
    head = [Text(72, 800, "Journal of Small Tests 4 (2020)")]
    left = column(BODY * 12, x=72, top=760)
    right = column(["References", "[1] A. Smith. Counting things. J. Tests, 3:1-9,", ">2019.",
                    "[2] B. Doe and C. Roe. Counting more things. In Proc.", ">of Tests, pages 4-5, 2020."],
                   x=320, top=760, indent=14)
    page2 = [Text(72, 800, "Journal of Small Tests 4 (2020)")] + column(
        [">Springer, 2021.", "[4] E. Moe. The last one. Tests 9, 2022."], x=72, top=760, indent=14)
    # entry [3] starts at the foot of page 1 and goes on at the top of page 2, past the page number
    right += column(["[3] D. Poe. A book about many things cut by a page break."], x=320, top=690)
    pages = [head + left + right + [Text(290, 40, "1")], page2 + [Text(290, 40, "2")],
             [Text(72, 800, "Journal of Small Tests 4 (2020)"), Text(72, 700, "Appendix text."), Text(290, 40, "3")]]
    parsed = parse_pdf(tmp_path, pages)
    assert raws(parsed) == [
        "A. Smith. Counting things. J. Tests, 3:1-9, 2019.",
        "B. Doe and C. Roe. Counting more things. In Proc. of Tests, pages 4-5, 2020.",
        "D. Poe. A book about many things cut by a page break. Springer, 2021.",
        "E. Moe. The last one. Tests 9, 2022."]


def test_hanging_author_year_list_without_labels(tmp_path):
    # continuation lines that open like a new entry ("Station, TX.") are told apart by their indent
    lines = BODY + ["", "References", "",
                    "Codd EF (1990). The Relational Model for Database Management. Addison-Wesley",
                    ">Longman Publishing, Boston.", "",
                    "StataCorp (2013). Stata Statistical Software: Release 12. StataCorp LP, College",
                    ">Station, TX. URL http://www.stata.com/.", "",
                    "Wickham H (2009). ggplot2: Elegant Graphics for Data Analysis. Springer, New",
                    ">York.",
                    "Wickham H (2010). A Layered Grammar of Graphics. JCGS, 19(1), 3-28.", "",
                    "Affiliation:", "Hadley Wickham", "Rice University"]
    parsed = parse_pdf(tmp_path, [column(lines, indent=11)])
    assert [r[:16] for r in raws(parsed)] == ["Codd EF (1990). ", "StataCorp (2013)", "Wickham H (2009)",
                                              "Wickham H (2010)"]
    assert raws(parsed)[1].endswith("College Station, TX. URL http://www.stata.com/.")


def test_lncs_numbered_surname_first_with_page_numbers_between(tmp_path):
    page1 = column(BODY + ["", "References", "1. Schneider, F.: Implementing fault-tolerant services. ACM",
                           ">Computing Surveys 22(4) (1990) 299-319",
                           "2. Gashi, I., Popov, P.: On designing dependable services. In: Systems II.",
                           ">Volume 3069 of LNCS. Springer (2004) 191-214"], indent=12) + [Text(290, 40, "13")]
    page2 = column(["3. Vandiver, B., Liskov, B.: Tolerating Byzantine faults. In: Proc. of the",
                    ">21st SOSP, ACM (October", ">2007) 59-72"], indent=12) + [Text(290, 40, "14")]
    assert [r[:12] for r in raws(parse_pdf(tmp_path, [page1, page2]))] == [
        "Schneider, F", "Gashi, I., P", "Vandiver, B."]


@pytest.mark.parametrize("labels", [["[Arn94]", "[BJ00]", "[BJ03]"], ["[Ab]", "'[Aw]", "[Ba]"]],
                         ids=["alpha", "short-ocr-quote"])
def test_label_styles(tmp_path, labels):
    entries = ["Vladimir I. Arnold, Topological invariants of plane curves, AMS, 1994.",
               "Dietmar Bisch and Vaughan Jones, Singly generated planar algebras, Duke 101 (2000).",
               "Norman T. J. Bailey. The Mathematical Theory of Infectious Diseases. Hafner, 1975."]
    lines = BODY + ["", "References"] + [f"{label} {entry}" for label, entry in zip(labels, entries)]
    parsed = parse_pdf(tmp_path, [column(lines)])
    assert raws(parsed) == entries
    assert [r.label for r in parsed.references] == [lab.strip("'[]") for lab in labels]


def test_no_heading_a_numbered_list_recognised_by_its_lines(tmp_path):
    # REVTeX: the list follows the body with no "References" line, and the author's notes follow it
    lines = BODY + ["", "[1] J. Alpha and K. Beta, Phys. Rev. Lett. 97, 123401 (2006).",
                    "[2] L. Gamma, Phys. Rev. A 84, 013401 (2011).",
                    "[3] M. Delta et al., Nature 455, 1085 (2008).", "", "Acknowledgements go to nobody."]
    parsed = parse_pdf(tmp_path, [column(lines)])
    assert len(parsed.references) == 3
    assert parsed.references[2].raw == "M. Delta et al., Nature 455, 1085 (2008)."


def test_heading_on_the_first_entrys_line_and_numbering_continued_in_another_box(tmp_path):
    # a poster: "References [1] ..." on one line; [3] sits in a text box after other text
    box1 = column(["References [1] Y. Gal and Z. Ghahramani. Dropout as a Bayesian approximation. In ICML, 2016.",
                   "[2] M. Dusenberry, et al. Efficient Bayesian neural nets. In ICML, 2020.",
                   "Conclusion", "Learning patterns is easier than memorizing noise [3].",
                   "Results on the clean test set are better."], x=40, top=300, size=8, pitch=10)
    box2 = column(["[3] D. Arpit, et al. A Closer Look at Memorization in Deep Networks. In ICML, 2017."],
                  x=40, top=150, size=8, pitch=10)
    parsed = parse_pdf(tmp_path, [box1 + box2])
    assert [r[:12] for r in raws(parsed)] == ["Y. Gal and Z", "M. Dusenberr", "D. Arpit, et"]
    assert raws(parsed)[1].endswith("In ICML, 2020.")


def test_layout_kept_in_the_text(tmp_path):
    data = make_pdf([column(["Running Head 1", "Smith, J. (2019). A title that is long and", ">wraps.", "",
                             "Doe, A. (2020). Other.", "1"], indent=12)] +
                    [column([f"Running Head {i}", "Text.", str(i)]) for i in (2, 3)])
    text = layout_text(pdf_lines(data))
    assert "Running Head" not in text
    assert "\n   wraps.\n\nDoe" in text  # the indent as spaces, the gap as a blank line
    assert pdf_text(data) == mend_pdf_text(text)


def test_damaged_pdf_is_an_input_error(tmp_path):
    from refgraph.errors import InputError
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(path)


@pytest.mark.parametrize("raw, mended", [
    ("e(cid:14)cient (cid:12)rst", "efficient first"),
    ("S¨ußkraut and Ren´e", "Süßkraut and René"),
    ("a hyphen-\n  ated word goes on\nnext", "a hyphenated\n  word goes on\nnext"),
], ids=["cid-ligatures", "spacing-accents", "hyphen-word-moves-up"])
def test_mend(raw, mended):
    assert mend_pdf_text(raw) == mended


def test_wrapped_footer_tail_on_every_page_is_dropped(tmp_path):
    # a journal footer wrapped so that its last line is only "00302." (no letters to recognise)
    footer = [Text(40, 55, "Doe et al. (2025). A title. Journal of Open Tests, 8(88), 302. https://doi.org/10.1/jot."),
              Text(40, 46, "00302.")]
    pages = [column(BODY) + footer,
             column(BODY + ["", "References", "Doe, J. (2020). First work. https://doi.org/10.1/a",
                            "Roe, K. (2021). Second work. https://doi.org/10.1/b"]) + footer,
             column(["Zed, L. (2022). Third work. https://doi.org/10.1/c"]) + footer]
    parsed = parse_pdf(tmp_path, pages)
    assert [r.raw for r in parsed.references] == ["Doe, J. (2020). First work. https://doi.org/10.1/a",
                                                  "Roe, K. (2021). Second work. https://doi.org/10.1/b",
                                                  "Zed, L. (2022). Third work. https://doi.org/10.1/c"]
