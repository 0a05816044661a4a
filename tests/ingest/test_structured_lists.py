"""Reference lists recognised from markup (HTML, Markdown, RST), each shape in a small document
written for the test: found, cut into entries, cleaned of link junk, the wrong lists refused."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.extract.structured import clean_entry
from refgraph.ingest import read_document
from refgraph.pipeline import parse_document

WIKI = """<html><body><div id="content"><p>Embedding<sup id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>
and clustering<sup><a href="#cite_note-2">[2]</a></sup>.</p>
<h2><span class="mw-headline">References</span><span class="mw-editsection">[<a href="/edit">edit</a>]</span></h2>
<div class="reflist"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink">^ <a href="#cite_ref-1a"><sup>a</sup></a> <a href="#cite_ref-1b"><sup>b</sup></a></span>
<span class="reference-text">Roe, A.; Poe, B. (2008). "Seeing Data in Two Dimensions". Journal of Maps. 9: 25–60.</span></li>
<li id="cite_note-2"><span class="mw-cite-backlink"><a href="#cite_ref-2">^</a></span>
<span class="reference-text">Doe, C. (2011). "Clusters Found". Proceedings of Things: 4–11.</span></li>
</ol></div>
<h2>External links</h2><ul><li><a href="https://example.org/a">A site about maps (2019)</a></li>
<li><a href="https://example.org/b">Another site, 2020</a></li></ul>
<div class="navbox"><ul><li>Maps 2001</li><li>Clusters 2002</li></ul></div>
</div></body></html>"""

JOURNAL = """<html><body><article><p>Abstract only.</p>
<aside class="related-articles"><h3>Similar articles</h3><ol><li>Moe D. Other paper. Lancet. 2019;1:2.</li>
<li>Zoe E. Yet another. BMJ. 2020;3:4.</li></ol></aside>
<section><h2>References</h2><ol class="c-article-references">
<li><span class="c-article-references__counter">1.</span><p>Shore NH, Pill SP. Reactions to drugs. J Clin Invest. 1988;82:1826–32.</p>
<p class="c-article-references__links"><a href="/cas">CAS</a> <a href="https://doi.org/10.1/x">Article</a> <a href="/pm">PubMed</a> <a href="/gs">Google Scholar</a></p></li>
<li><span class="c-article-references__counter">2.</span><p>Bock H, Bag M. Pseudolymphoma. Semin Cutan Med Surg. 1996;15:250–7.</p>
<p class="c-article-references__links"><a href="/gs">Google Scholar</a></p></li>
</ol></section>
<div class="cited-by"><h3>Cited by</h3><ol class="references"><li>Koe F. A citing paper. Nature. 2021;5:6.</li></ol></div>
</article></body></html>"""

PANDOC_HTML = """<html><body><p>Gait is studied <span class="citation" data-cites="Lee2015">(Lee 2015)</span>.</p>
<div id="refs" class="references">
<div id="ref-Lee2015"><p>Lee, Ann. 2015. “Walking.” <em>Journal of Feet</em> 3 (1): 1–9.</p></div>
<div id="ref-Ng2017"><p>Ng, Bo. 2017. “Running.” <em>Journal of Legs</em> 4 (2): 10–19.</p></div>
</div>
<section class="footnotes"><ol><li id="fn1"><p>See the project page for the data.<a href="#fnref1">↩</a></p></li></ol></section>
</body></html>"""

DOUBLED = """<html><body><p>Some text.</p><h2>Sources</h2><div class="references"><ol>
<li>Lane, P. (2004). A long enough title about rivers. River Journal, 2, 3-4.</li>
<li>Lane, P. (2004). A long enough title about rivers. River Journal, 2, 3-4.</li>
<li>Hill, Q. (2006). Another long title about the hills. Hill Review, 5, 6-7.</li>
<li>Hill, Q. (2006). Another long title about the hills. Hill Review, 5, 6-7.</li>
</ol></div></body></html>"""

NEWS = """<html><body><article><p>Tar was found on a flint tool, said the team.</p>
<div class="article-more"><strong>More information:</strong> Ann Nix et al. Tar-backed tools from the sea,
<i>Proceedings of Science</i> (2019). <a href="https://doi.org/10.1073/pnas.190">DOI: 10.1073/pnas.190</a>
<div><strong>Journal information:</strong> Proceedings of Science</div></div>
<p>Citation: Tar tool found (2019, May 3) retrieved 1 June 2019 from https://news.example.org/x.html</p>
</article></body></html>"""

PARAGRAPHS = """<html><body><div class="text"><p>Der Multiplikator (Quaas/Klein 2012).</p>
<h1>Literatur</h1>
<p>Blau, Olaf/Illing, Gerd: Makroökonomik. 2004. S.136f.</p>
<p>Quaas, Georg/Klein, Mathias: Multiplikatoren. Berlin 2012.</p>
<p>Dieselben: Einnahmen und Ausgaben. In: Wirtschaftsdienst, 92. Jahrgang, 2012, S.692-698.</p>
<p>&copy;KOF Zürich, 21. Jan. 2015</p>
<p>Kommentar von Leser 2015: ganz falsch.</p></div></body></html>"""


def _parse(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return parse_document(read_document(path))


def test_wikipedia_references_not_external_links_nor_backlinks(tmp_path):
    parsed = _parse(tmp_path, "wiki.html", WIKI)
    assert [r.raw for r in parsed.references] == [
        'Roe, A.; Poe, B. (2008). "Seeing Data in Two Dimensions". Journal of Maps. 9: 25–60.',
        'Doe, C. (2011). "Clusters Found". Proceedings of Things: 4–11.']
    assert parsed.numbered
    assert [c.refs for c in parsed.citations] == [(1,), (2,)]
    assert parsed.findings[0].method == "structure"


def test_journal_page_link_buttons_removed_and_sidebars_refused(tmp_path):
    parsed = _parse(tmp_path, "journal.html", JOURNAL)
    assert [r.raw for r in parsed.references] == [
        "Shore NH, Pill SP. Reactions to drugs. J Clin Invest. 1988;82:1826–32.",
        "Bock H, Bag M. Pseudolymphoma. Semin Cutan Med Surg. 1996;15:250–7."]
    assert [r.label for r in parsed.references] == ["1", "2"]


def test_pandoc_refs_without_heading_and_commentary_footnote_left_out(tmp_path):
    parsed = _parse(tmp_path, "joss.html", PANDOC_HTML)
    assert [r.raw for r in parsed.references] == ["Lee, Ann. 2015. “Walking.” Journal of Feet 3 (1): 1–9.",
                                                  "Ng, Bo. 2017. “Running.” Journal of Legs 4 (2): 10–19."]


def test_footnotes_that_cite_works_are_kept_beside_the_bibliography(tmp_path):
    page = PANDOC_HTML.replace("See the project page for the data.", "Kim, Jo. 2019. Data of feet. Zenodo.")
    parsed = _parse(tmp_path, "joss2.html", page)
    assert len(parsed.references) == 3
    assert parsed.references[2].raw == "Kim, Jo. 2019. Data of feet. Zenodo."


def test_entries_printed_twice_give_one_reference_each(tmp_path):
    parsed = _parse(tmp_path, "doubled.html", DOUBLED)
    assert [r.raw[:8] for r in parsed.references] == ["Lane, P.", "Hill, Q."]


def test_more_information_block_of_a_news_page(tmp_path):
    parsed = _parse(tmp_path, "news.html", NEWS)
    assert len(parsed.references) == 1
    assert parsed.references[0].raw.startswith("Ann Nix et al. Tar-backed tools from the sea")
    assert parsed.references[0].doi == "10.1073/pnas.190"


def test_paragraphs_under_a_heading_stop_at_the_page_footer(tmp_path):
    parsed = _parse(tmp_path, "lit.html", PARAGRAPHS)
    assert [r.raw[:10] for r in parsed.references] == ["Blau, Olaf", "Quaas, Geo", "Dieselben:"]


PANDOC_MD = """Version control helps (Blischak, Davenport, and Wilson
2016; Ram 2013).

<div id="refs" class="references csl-bib-body hanging-indent">

<div id="ref-blischak2016" class="csl-entry">

Blischak, John D., and Greg Wilson. 2016. “A Quick Introduction to Git.”
*PLOS Computational Biology* 12 (1): e1004668.
<https://doi.org/10.1371/journal.pcbi.1004668>.

</div>

<div id="ref-ram2013" class="csl-entry">

Ram, Karthik. 2013. “Git Can Facilitate <span class="nocase">Reproducibility</span>.” *Source Code
for Biology and Medicine* 8 (1): 7.

</div>

</div>
"""

TWO_LISTS = """Weather data from NCEI [^1] is used (Sparks et al., 2017).

### References

Adam Sparks, Tom Hengl and Andy Nelson (2017). GSODR: Daily Weather Data in R. The Journal of Open Source Software, 2(10). DOI: 10.21105/joss.00177.

### Notes

[^1]: Formerly the National Climatic Data Center (NCDC)
"""

RST = """Dynamic time warping [1]_ and its soft variant [2]_.

References
----------

.. [1] H. Sakoe, S. Chiba, "Dynamic programming algorithm optimization for
       spoken word recognition," IEEE Transactions on Acoustics 26(1), 1978.

.. [2] M. Cuturi, M. Blondel "Soft-DTW: a Differentiable Loss Function for
       Time-Series," ICML 2017.

Some closing words of the page that are not a reference at all.
"""

ESCAPED = """Optimal transport \\[1\\] and more \\[2\\].

\\[1] Bonn, N., Paris, S. (2011). [Displacement interpolation](https://x.org/a.pdf). In ACM TOG (Vol. 30, p. 158).

\\[2] Cut, M. (2013). [Sinkhorn distances](https://arxiv.org/pdf/1306.0895.pdf). In NIPS (pp. 2292-2300).

[3] Ben, J. D., Car, G. (2015). [Iterative projections](https://arxiv.org/pdf/1412.5154.pdf). SIAM J Sci Comp, 37(2).
"""


def test_pandoc_div_refs_in_markdown_without_heading(tmp_path):
    parsed = _parse(tmp_path, "notes.md", PANDOC_MD)
    assert [r.raw for r in parsed.references] == [
        ("Blischak, John D., and Greg Wilson. 2016. “A Quick Introduction to Git.” *PLOS Computational Biology* "
        "12 (1): e1004668. <https://doi.org/10.1371/journal.pcbi.1004668>."),
        "Ram, Karthik. 2013. “Git Can Facilitate Reproducibility.” *Source Code for Biology and Medicine* 8 (1): 7."]
    assert parsed.references[0].doi == "10.1371/journal.pcbi.1004668"


def test_references_and_footnote_notes_both_in_page_order(tmp_path):
    parsed = _parse(tmp_path, "post.md", TWO_LISTS)
    assert [r.raw[:12] for r in parsed.references] == ["Adam Sparks,", "Formerly the"]
    assert [f.method for f in parsed.findings] == ["heading", "structure"]


def test_rst_citations_with_indented_continuations(tmp_path):
    parsed = _parse(tmp_path, "dtw.rst", RST)
    assert [r.raw for r in parsed.references] == [
        ('H. Sakoe, S. Chiba, "Dynamic programming algorithm optimization for spoken word recognition," '
        "IEEE Transactions on Acoustics 26(1), 1978."),
        'M. Cuturi, M. Blondel "Soft-DTW: a Differentiable Loss Function for Time-Series," ICML 2017.']
    assert [r.label for r in parsed.references] == ["1", "2"]


def test_escaped_bracket_numbers(tmp_path):
    parsed = _parse(tmp_path, "readme.md", ESCAPED)
    assert [r.label for r in parsed.references] == ["1", "2", "3"]
    assert parsed.references[1].raw.startswith("Cut, M. (2013). [Sinkhorn distances]")


@pytest.mark.parametrize("printed, label, text", [
    ("1. 1. Smith J. Title. J Foo. 2001;2:3.", "1", "Smith J. Title. J Foo. 2001;2:3."),
    ("^ a b Smith, J. (2001). Title.", "", "Smith, J. (2001). Title."),
    ("↑ 1.0 1.1 Wonderbook: Book of Spells", "", "Wonderbook: Book of Spells"),
    ("Smith J. Title. 2001. [DOI] [PubMed] [Google Scholar]", "", "Smith J. Title. 2001."),
    ("Smith J. Title. 2001. Article CAS Google Scholar", "", "Smith J. Title. 2001."),
    ("Smith J. Report. 2001. Available athttps://x.org/r.pdf", "", "Smith J. Report. 2001. Available at https://x.org/r.pdf"),
    (".. [12] Smith J. Title.\n   Journal, 2001.", "12", "Smith J. Title. Journal, 2001."),
    ("[^note]: Formerly the NCDC", "note", "Formerly the NCDC"),
    ("\\[7\\] Smith J. Title. 2001.", "7", "Smith J. Title. 2001."),
    ('<div class="csl-entry">Lee, A. 2015. <span class="nocase">Title</span>. <https://x.org/a>.</div>', "",
     "Lee, A. 2015. Title. <https://x.org/a>."),
], ids=["number-twice", "wiki-caret", "wiki-arrow", "bracket-buttons", "springer-buttons", "available-at",
        "rst", "footnote", "escaped", "tags"])
def test_clean_entry(printed, label, text):
    assert clean_entry(printed) == (label, text)


def test_explain_shows_the_list_and_how_it_was_found(tmp_path):
    (tmp_path / "wiki.html").write_text(WIKI, encoding="utf-8")
    (tmp_path / "none.txt").write_text("Just a note with no references at all.\n", encoding="utf-8")
    found = CliRunner().invoke(cli, ["parse", str(tmp_path / "wiki.html"), "--explain"])
    assert found.exit_code == 0
    assert "2 entries, found by structure: div.reflist" in found.output
    assert "External links" not in found.output
    none = CliRunner().invoke(cli, ["parse", str(tmp_path / "none.txt"), "--explain"])
    assert none.exit_code == 0
    assert len(none.output.strip().splitlines()) == 1 and "no reference list found" in none.output


NESTED_CITES = """<html><body><p>Gait models <span class="citation" data-cites="Ack2010">(Ackermann 2010,
<span class="citation" data-cites="Bog2012">A. Bogert et al. (2012)</span>)</span> and the
<span class="citation" data-cites="Team2008">(R Core Team 2008)</span> software.</p>
<div id="refs" class="references">
<div id="ref-Ack2010"><p>Ackermann, Marko. 2010. “Optimality.” Journal of Gait 4: 1–9.</p></div>
<div id="ref-Bog2012"><p>Bogert, Anton van den, Bo Smith, and Al Jones. 2012. “Walking.” Journal of Gait 5: 2–8.</p></div>
<div id="ref-Team2008"><p>R Development Core Team. 2008. R: A Language. Vienna: R Foundation.</p></div>
</div></body></html>"""

SUP_LINKS = """<html><body><p>Drugs cause rashes<sup><a href="#ref2">2</a></sup> and fever<sup><a href="#ref1">1</a></sup>
in 3 of 10 cases [3].</p><h2>References</h2><ol>
<li id="ref1">Shore NH. Reactions to drugs. J Clin Invest. 1988;82:1826–32.</li>
<li id="ref2">Bock H. Pseudolymphoma. Semin Cutan Med Surg. 1996;15:250–7.</li></ol></body></html>"""

FOOTNOTE_CALLOUTS = """Tika reads PDF files[^1] and in [3] steps (1) fast[^tika].

[^1]: Mattmann, Chris, and Jukka Zitting. 2011. Tika in Action. Manning.
[^tika]: Apache Software Foundation. 2018. Apache Tika. https://tika.apache.org.
"""

ANCHORS = """Tracking data are growing<sup>[1](#ref1)</sup>, and networks too<sup>[2](#ref2)</sup>.

<a name="ref1">1</a>: Webber, Q. M., & Wal, E. (2018). An evolutionary framework. Animal Behaviour, 9, 1-9.

<a name="ref2">2</a>: Farine, D. R. (2015). Proximity as a proxy for interactions. Animal Behaviour, 104, 1-5.
"""


def test_pandoc_data_cites_link_nested_and_group_authors(tmp_path):
    parsed = _parse(tmp_path, "cites.html", NESTED_CITES)
    assert [c.refs for c in parsed.citations] == [(1, 2), (3,)]


def test_sup_links_to_entry_ids_are_the_callouts(tmp_path):
    parsed = _parse(tmp_path, "sup.html", SUP_LINKS)
    assert [c.refs for c in parsed.citations] == [(2,), (1,)]


def test_markdown_footnote_callouts_not_bare_numbers(tmp_path):
    parsed = _parse(tmp_path, "tika.md", FOOTNOTE_CALLOUTS)
    assert [r.label for r in parsed.references] == ["1", "tika"]
    assert [(c.text, c.refs) for c in parsed.citations] == [("[^1]", (1,)), ("[^tika]", (2,))]


def test_rst_citation_callouts(tmp_path):
    parsed = _parse(tmp_path, "dtw.rst", RST)
    assert [(c.text, c.refs) for c in parsed.citations] == [("[1]_", (1,)), ("[2]_", (2,))]


def test_markdown_entries_opened_by_html_anchors(tmp_path):
    parsed = _parse(tmp_path, "anchors.md", ANCHORS)
    assert [r.raw[:12] for r in parsed.references] == ["Webber, Q. M", "Farine, D. R"]
    assert [c.refs for c in parsed.citations] == [(1,), (2,)]


BYLINE = """<html><body><article><h1>Why bees die</h1><p>Bees die under lime trees in July.</p>
<p>Reviewed by Dr. Ada Lim, 12 May 2020</p>
<ul><li>Baal T, Denke B, 1994. Die Ursachen des Hummelsterbens. Natur und Landschaft 69: 412-418.</li>
<li>Koch H, Stevenson PC, 2017. Do linden trees kill bees? Biology Letters 13: 20170484.</li></ul>
<h2>See also</h2><ul><li>Smith J, 2001. https://example.org/a</li><li>Jones K, 2002. https://example.org/b</li></ul>
</article><nav><ul><li>Home 2020</li><li>About 2021</li></ul></nav></body></html>"""


def test_list_after_a_byline_without_heading(tmp_path):
    parsed = _parse(tmp_path, "bees.html", BYLINE)
    assert [r.raw[:6] for r in parsed.references] == ["Baal T", "Koch H"]
    assert "no heading" in parsed.findings[0].reason


def test_affiliation_superscript_is_no_callout_when_entries_are_linked_by_id(tmp_path):
    page = JOURNAL.replace("<p>Abstract only.</p>", "<p>Ann Lee<sup>1</sup>, Bo Ng<sup>2</sup></p><p>Abstract only.</p>")
    page = page.replace("<li><span", '<li id="ref-CR1"><span', 1)
    parsed = _parse(tmp_path, "abstract.html", page)
    assert len(parsed.references) == 2 and parsed.citations == ()
