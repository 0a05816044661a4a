"""Post-processing of labelled spans: dates, pages, volume/issue, values, types."""
import pytest
from hypothesis import given, strategies as st

from refgraph.extract import fields as F


@pytest.mark.parametrize("text, expected", [
    ("(2019)", (2019, "", "")), ("2019a,", (2019, "a", "")), ("(2018).", (2018, "", "")),
    ("2015;", (2015, "", "")), ("(n.d.).", (None, "", "n.d.")), ("n.d.", (None, "", "n.d.")),
    ("(in press).", (None, "", "in press")), ("(forthcoming)", (None, "", "in press")),
    ("June 1999,", (1999, "", "")), ("(1951)\u00a0", (1951, "", "")),
], ids=["paren", "suffix", "paren-period", "vancouver", "nd-paren", "nd", "in-press", "forthcoming",
        "month-year", "nbsp"])
def test_parse_date(text, expected):
    assert F.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("pp. 42–47.", "42–47"), ("1136–1147.", "1136–1147"), ("pp. 433-40.", "433–40"),
    ("40–47.", "40–47"), ("327--335", "327–335"), ("p. 5", "5"), ("e1234.", "e1234"),
    ("pp. 669 - 678,", "669–678"), ("S. 12-14", "12–14"),
], ids=["harvard", "apa", "hyphen", "vancouver", "double-hyphen", "single", "e-locator", "spaced", "german"])
def test_normalize_pages(text, expected):
    assert F.normalize_pages(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("41(1):", ("41", "1", "")), ("60(1),", ("60", "1", "")), ("23,", ("23", "", "")),
    ("vol.36, no. 9", ("36", "9", "")), ("Vol. 3 No. 2", ("3", "2", "")),
    ("29(2): 173–190.", ("29", "2", "173–190")), ("12 (3-4),", ("12", "3-4", "")), ("70.", ("70", "", "")),
], ids=["vancouver", "harvard", "apa-no-issue", "vol-no", "Vol-No", "with-pages", "double-issue", "bare"])
def test_parse_volume(text, expected):
    assert F.parse_volume(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("*Medical Humanities*", "Medical Humanities"),
    ("‘The costs of IAPT studies’,", "The costs of IAPT studies"),
    ("(Essential issues in counselling and psychotherapy).", "Essential issues in counselling and psychotherapy"),
    ("Improving access (IAPT) – the need for radical reform.", "Improving access (IAPT) – the need for radical reform"),
    ("“Quoted title,”", "Quoted title"), ("_Emphasised_.", "Emphasised"), ("Journal of the A_B (2)", "Journal of the A_B (2)"),
], ids=["markdown", "single-quotes", "brackets", "inner-brackets-kept", "double-quotes", "underscore", "inner-kept"])
def test_clean_value(text, expected):
    assert F.clean_value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Available at: http://x.org/a.pdf (Accessed: 7th April 2021).", "7th April 2021"),
    ("bit.ly/2FBjVQw (accessed 4 July 2018).", "4 July 2018"),
    ("Retrieved January 3, 2020, from http://x.org", "January 3, 2020"),
    ("[cited 2019 Jan 3]", "2019 Jan 3"),
    ("Journal of Access, 2019.", ""),
    ("Talking therapies. Retrieved from https://www.mind.org.uk/x", ""),
], ids=["harvard", "vancouver", "apa-retrieved", "cited", "none", "retrieved-from-no-date"])
def test_find_access(text, expected):
    assert F.find_access(text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Monmouth: PCCS Books;", ("Monmouth", "PCCS Books")), ("SAGE", ("", "SAGE")),
    ("New York, NY: Guilford Press.", ("New York, NY", "Guilford Press")),
], ids=["vancouver", "bare", "apa"])
def test_split_place_publisher(text, expected):
    assert F.split_place_publisher(text) == expected


def _ev(**kw):
    base = dict(has_journal=False, container="", has_publisher=False, publisher="", genre="", title="t",
                has_url=False, has_doi=False, has_isbn=False, has_volume=False, has_pages=False,
                has_editors=False, corporate_author=False)
    base.update(kw)
    return F.TypeEvidence(**base)


@pytest.mark.parametrize("evidence, expected", [
    (_ev(has_journal=True, has_volume=True), "article-journal"),
    (_ev(container="The industrialisation of care", has_editors=True), "chapter"),
    (_ev(container="Proceedings of the 5th Workshop on X"), "paper-conference"),
    (_ev(has_publisher=True, publisher="Routledge"), "book"),
    (_ev(genre="PhD thesis", has_publisher=True, publisher="University of X"), "thesis"),
    (_ev(has_url=True), "webpage"),
    (_ev(has_url=True, corporate_author=True, title="Poverty, Pills and Pathology, final report"), "report"),
    (_ev(has_publisher=True, publisher="Centre for Mental Health", has_url=True), "report"),
    (_ev(has_doi=True), "article-journal"),
    (_ev(), "document"),
], ids=["journal", "chapter", "conference", "book", "thesis", "webpage", "corporate-report", "org-report",
        "doi-only", "nothing"])
def test_infer_type(evidence, expected):
    assert F.infer_type(evidence) == expected


@given(st.text())
def test_clean_value_is_idempotent_and_trimmed(text):
    once = F.clean_value(text)
    assert F.clean_value(once) == once
    assert once == once.strip()


@given(st.integers(1, 99999), st.integers(1, 99999), st.sampled_from(["-", "--", "–", "—", " - "]))
def test_page_ranges_get_an_en_dash(a, b, dash):
    assert F.normalize_pages(f"pp. {a}{dash}{b}.") == f"{a}–{b}"


def _balance_one_step_at_a_time(s):
    """The bracket rule as it was written first: recount and copy for every bracket dropped."""
    for _ in range(3):
        if s[:1] in "([" and s.count("(") + s.count("[") > s.count(")") + s.count("]"):
            s = s[1:].strip()
        elif s[-1:] in ")]" and s.count(")") + s.count("]") > s.count("(") + s.count("["):
            s = s[:-1].strip()
        elif len(s) > 1 and s[0] in "([" and s[-1] in ")]" and s.count("(") + s.count("[") == 1:
            s = s[1:-1].strip()
        else:
            break
    return s


def _clean_value_every_step(text):
    """clean_value as it was before its fast paths: both regexes always, strip/balance to a fixpoint."""
    import re

    s = re.sub(r"\s+", " ", F._MARKS_RE.sub("", text))
    prev = None
    while s != prev:
        prev = s
        s = _balance_one_step_at_a_time(s.strip(F._STRIP))
    return s


@given(st.text(alphabet=st.sampled_from(list("ab1 .,;:*_()[]‘’“\"'\t\u00a0/")), max_size=24))
def test_clean_value_fast_paths_match_every_step(text):
    assert F.clean_value.__wrapped__(text) == _clean_value_every_step(text)
    assert F.clean_value(text) == _clean_value_every_step(text)  # and through the cache


@pytest.mark.parametrize("text", [
    "*Title*.", "_Title_", "((Title))", "[Title", "Title)", "“(Title)”.", "  A\tB  ", "", "(a) (b)", "x*y_z",
], ids=["stars", "underscores", "double-brackets", "open-only", "close-only", "quoted-brackets", "spaces",
        "empty", "two-brackets", "inner-marks"])
def test_clean_value_cases_match_every_step(text):
    assert F.clean_value.__wrapped__(text) == _clean_value_every_step(text)



@given(st.lists(st.sampled_from(["a", "b", "c d"]), max_size=10), st.lists(st.sampled_from(["title", "date"]), max_size=10))
def test_spans_are_the_runs_of_equal_labels(tokens, labels):
    from itertools import groupby

    want, pos = [], 0
    for label, run in groupby(labels[:len(tokens)]):
        size = len(list(run))
        want.append(F.Field(label, " ".join(tokens[pos:pos + size])))
        pos += size
    assert F.spans(tokens, labels) == want


@pytest.mark.parametrize("text, expected", [
    ("34:D692–D696", ("34", "", "D692–D696")), ("23: 242 – 54", ("23", "", "242–54")), ("8:e1002", ("8", "", "e1002")),
    ("70: 6", ("70", "", "")),
], ids=["lettered-range", "spaced-range", "article-number", "bare-number-not-pages"])
def test_parse_volume_colon_pages(text, expected):
    assert F.parse_volume(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Journal of Gait 15 (6). IEEE:1130–5. https://doi.org/10.1/x", ("15", "6", "IEEE", "1130–5")),
    ("Soft Matter 14 (6). Sage Publishing: Thousand Oaks, CA:609–18.", ("14", "6", "Sage Publishing: Thousand Oaks, CA", "609–18")),
    ("PeerJ 4 (January):e1638. https://doi.org/10.7717/x", ("4", "", "", "e1638")),
    ("Trans. Softw. 41 (1). New York, NY: ACM:1:1–1:37.", ("41", "1", "New York, NY: ACM", "1:1–1:37")),
    ("Journal of Biomechanics 59 (Supplement C):1–8.", ("59", "Supplement C", "", "1–8")),
], ids=["publisher-before-pages", "publisher-with-place", "month-is-no-issue", "colon-pages", "supplement"])
def test_chicago_tail(text, expected):
    tail = F.chicago_tail(text)
    assert (tail.volume, tail.issue, tail.publisher, tail.pages) == expected


@pytest.mark.parametrize("text", ["Smith, J. (2019). Title. Journal, 4(2), 1-9.", "Methods (2nd ed.): a guide. Sage."],
                         ids=["apa", "edition"])
def test_no_chicago_tail(text):
    assert F.chicago_tail(text) is None


@pytest.mark.parametrize("title, expected", [
    ("Widget Framework (Version v1.4.0)", ("Widget Framework", "Version v1.4.0")),
    ("tidysurvey: Tidy survey data (Version 2.3.1)", ("tidysurvey: Tidy survey data", "Version 2.3.1")),
    ("meshtools (v0.9.2)", ("meshtools", "v0.9.2")),
    ("owner/repo: repo (latest)", ("owner/repo: repo", "latest")),
    ("Growth curves (2nd ed.)", ("Growth curves (2nd ed.)", "")),
    ("Results for 2020 (v2)", ("Results for 2020 (v2)", "")),
    ("(Version 1.0)", ("(Version 1.0)", "")),
], ids=["version-v", "version-number", "v-dotted", "latest", "edition-kept", "bare-v2-kept", "nothing-before"])
def test_split_version(title, expected):
    assert F.split_version(title) == expected
