import pytest
from hypothesis import assume, example, given, strategies as st

from refgraph import ids


@pytest.mark.parametrize("text, doi", [
    ("doi: 10.1111/bjc.12268.", "10.1111/bjc.12268"),
    ("https://doi.org/10.1177/1359105318755264", "10.1177/1359105318755264"),
    ("http://dx.doi.org/10.1080/03069885.2018.1516860,", "10.1080/03069885.2018.1516860"),
    ("DOI 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0", "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"),
    ("(see 10.1371/journal.pone.0033693)", "10.1371/journal.pone.0033693"),
    ("pp. 510–526.https://doi.org/10.1016/j.jad.2019.01.001", "10.1016/j.jad.2019.01.001"),
    ("no identifier here 2019", ""),
], ids=["doi-colon", "https", "dx-comma", "sici-angle", "in-parens", "glued", "none"])
def test_normalize_doi(text, doi):
    assert ids.normalize_doi(text) == doi


@pytest.mark.parametrize("text, isbn", [
    ("ISBN 978-1-9998637-9-1.", "9781999863791"),
    ("ISBN: 0-306-40615-2", "0306406152"),
    ("ISBN 978-1-9998637-9-2", ""),
    ("isbn 0-8044-2957-X", "080442957X"),
], ids=["isbn13", "isbn10", "bad-checksum", "x-check"])
def test_isbn(text, isbn):
    found = ids.find_isbns(text)
    assert (found[0].value if found else "") == isbn


@pytest.mark.parametrize("text, url", [
    ("<https://keepournhspublic.com/its-time/> (accessed 18 October 2019).", "https://keepournhspublic.com/its-time/"),
    ("bit.ly/2FBjVQw (accessed 4 July 2018).", "bit.ly/2FBjVQw"),
    ("2017. www.nhsconfed.org/resources/2017/09/the-future.", "www.nhsconfed.org/resources/2017/09/the-future"),
    ("Available at: http://x.org/a_(b) (Accessed: 7 April 2021).", "http://x.org/a_(b)"),
    ("mail me at someone@example.org", ""),
], ids=["angle", "shortener", "www", "balanced-parens", "email"])
def test_urls(text, url):
    found = ids.find_urls(text)
    assert (found[0].value if found else "") == url


def test_isbn_inside_a_url_is_not_the_works_isbn():
    found = ids.extract_identifiers("Available at: https://search.ebscohost.com/login.aspx?AN=btc.9781446282908&site=eds")
    assert found.isbn == "" and found.url.endswith("site=eds")


def test_doi_link_is_both_doi_and_url():
    found = ids.extract_identifiers("https://doi.org/10.1192/bjp.bp.115.171017")
    assert found.doi == "10.1192/bjp.bp.115.171017"
    assert found.url == "https://doi.org/10.1192/bjp.bp.115.171017"


@pytest.mark.parametrize("url, fetch", [
    ("bit.ly/x", "https://bit.ly/x"), ("http://a.org", "http://a.org"),
    ("file:///etc/passwd", ""), ("ftp://a.org/x", ""), ("javascript://alert(1)", ""),
], ids=["no-scheme", "http", "file", "ftp", "javascript"])
def test_only_http_is_fetchable(url, fetch):
    assert ids.fetchable_url(url) == fetch


suffix = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=127), min_size=1, max_size=20)


@given(registrant=st.integers(1000, 999999999), suffix=suffix, wrapper=st.sampled_from(
    ["{}", "doi:{}", "doi: {}", "https://doi.org/{}", "http://dx.doi.org/{}", "({}).", "{},"]))
def test_doi_normalisation_is_stable(registrant, suffix, wrapper):
    doi = f"10.{registrant}/{suffix}".lower()
    assert ids.normalize_doi(wrapper.format(doi)) == doi
    assert ids.normalize_doi(ids.normalize_doi(wrapper.format(doi))) == doi


@given(st.lists(st.integers(0, 9), min_size=12, max_size=12))
def test_isbn13_checksum_roundtrip(digits):
    core = "978" + "".join(map(str, digits[:9]))
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core)) % 10) % 10
    assert ids.normalize_isbn(core + str(check)) == core + str(check)
    assert ids.normalize_isbn(core + str((check + 1) % 10)) == ""


@given(st.text(max_size=200))
def test_extract_never_crashes(text):
    found = ids.extract_identifiers(text)
    assert not found.doi or ids.is_valid_doi(found.doi)



_ID_PIECES = ["10.", "1000", "/x", "97", "8", "9", "0", "-", " ", "ISBN", "İSBN", "iſbn", "PMID", "PMİD", "pmıd:", "arXiv:",
              "ARXİV:", "1234.5678", "hep-th/1234567", ":", "12345", "3", "x", "9780306406157", "0306406152"]


def _every_match(pattern, text):
    """What a finder gives without its pre-check: every regex match (ISBNs only if valid)."""
    if pattern is ids.ISBN_RE:
        return [v for m in pattern.finditer(text) if (v := ids.normalize_isbn(m.group(1) or m.group(2)))]
    return [m.group(1) if pattern.groups else m.group(0) for m in pattern.finditer(text)]


@pytest.mark.parametrize("find, pattern", [
    (ids.find_dois, ids.DOI_RE), (ids.find_isbns, ids.ISBN_RE), (ids.find_pmids, ids.PMID_RE),
    (ids.find_arxiv, ids.ARXIV_RE)], ids=["doi", "isbn", "pmid", "arxiv"])
@example(text="pmıd:678")
@example(text="iſbn 0306406152 İSBN 9780306406157 ISBN 0306406152")
@example(text="ARXİV:1234.5678 arXiv:hep-th/1234567")
@example(text="10.1000/x 97 8-0-306406157")
@example(text="see 979-10-90636-07-1")
@given(text=st.lists(st.sampled_from(_ID_PIECES), max_size=12).map("".join))
def test_finders_skip_only_texts_their_regex_cannot_match(find, pattern, text):
    """The cheap pre-checks (`10.`, `978`/`979`/`bn`, `pm`, `arx`) never hide a match, whatever the case
    folding (İ, ı, ſ match i and s under re.I)."""
    found = find(text)
    assert len(found) == len(_every_match(pattern, text))
    if pattern is not ids.DOI_RE:  # DOIs are trimmed and lower-cased
        assert [f.value for f in found] == _every_match(pattern, text)


# ---- normalize_doi properties ----------------------------------------------------------------

_SUFFIX_CHARS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._;()/:"))
dois = st.builds(lambda reg, body, last: f"10.{reg}/{body}{last}", st.integers(1000, 999999999),
                 st.text(_SUFFIX_CHARS, max_size=30), st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789")))
sici = st.builds(lambda issn, date, vol, iss, page, aid, check:
                 f"10.1002/(SICI){issn}({date}){vol}:{iss}<{page}::AID-{aid}>3.0.CO;2-{check}",
                 st.from_regex(r"\d{4}-\d{3}[\dX]", fullmatch=True), st.from_regex(r"\d{6,8}", fullmatch=True),
                 st.integers(1, 999), st.integers(1, 52), st.integers(1, 9999),
                 st.from_regex(r"[A-Z]{2,5}\d{1,4}", fullmatch=True), st.sampled_from(list("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")))


@given(st.text())
def test_normalize_doi_is_idempotent(text):
    once = ids.normalize_doi(text)
    assert ids.normalize_doi(once) == once


@given(st.one_of(dois, sici), st.sampled_from(["{}", "doi: {}.", "https://doi.org/{}", "(DOI {})",
                                              '<a href="https://doi.org/{}">full text</a>', "<doi>{}</doi>"]))
def test_normalize_doi_finds_the_whole_doi_in_any_common_spelling(doi, spelling):
    # "(DOI 10.1000/(a)": a DOI with an unclosed "(" inside parentheses is ambiguous to any reader
    assume(not (spelling.startswith("(") and doi.count("(") != doi.count(")")))
    assert ids.normalize_doi(spelling.format(doi)) == doi.lower()


@given(sici)
def test_a_sici_doi_keeps_its_angle_brackets(doi):
    found = ids.find_dois(f"Stewart D (1996) An implicit method. doi:{doi}. Accessed 2020.")
    assert [f.value for f in found] == [doi.lower()] and ids.is_valid_doi(found[0].value)
