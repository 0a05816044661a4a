"""Tokeniser: the repairs real articles need (glued fields, ligatures, broken lines)."""
import re

import pytest
from hypothesis import given, strategies as st

from refgraph.extract.tokens import clean, raw_tokens, squash_spaces, tokenize


@pytest.mark.parametrize("raw, expected", [
    ("the need for radical reform.Journal of Health Psychology, 23,",
     ["the", "need", "for", "radical", "reform.", "Journal", "of", "Health", "Psychology,", "23,"]),
    ("Psychol Med 2019;49:510–526.https://doi.org/10.1017/S0033291718001",
     ["Psychol", "Med", "2019;", "49:", "510–526.", "https://doi.org/10.1017/S0033291718001"]),
    ("pp. 1–2.doi:10.1111/bjc.12268", ["pp.", "1–2.", "doi:10.1111/bjc.12268"]),
    ("Scott, M.J. (2018).", ["Scott,", "M.J.", "(2018)."]),
    ("U.S.A. and J.-P. Sartre", ["U.S.A.", "and", "J.-P.", "Sartre"]),
    ("see www.example.com/Path.Name here", ["see", "www.example.com/Path.Name", "here"]),
    ("Knox, R.\u00a0and  Cooper", ["Knox,", "R.", "and", "Cooper"]),
    ("‘Title’,The Journal", ["‘Title’,", "The", "Journal"]),
    ("Cell. 2011;144(5):646-74.", ["Cell.", "2011;", "144(5):", "646-74."]),
    ("Med 2019;49:510–526.", ["Med", "2019;", "49:", "510–526."]),
    ("Lancet 2020;395:e1.", ["Lancet", "2020;", "395:", "e1."]),
], ids=["glued-title-journal", "glued-pages-doi", "glued-doi-prefix", "initials-kept", "acronyms-kept",
        "url-kept", "nbsp-double-space", "glued-after-quote", "vancouver-glued", "vancouver-no-issue",
        "vancouver-elocator"])
def test_tokenize_repairs_glued_tokens(raw, expected):
    assert tokenize(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Eﬃcient ﬁnite ﬂows", "Efficient finite flows"),
    ("psycho-\nlogy of work", "psychology of work"),
    ("Anglo-\nSaxon", "Anglo-\nSaxon".replace("\n", " ")),
    ("a\u00adb  c\t d", "ab c d"),
], ids=["ligatures", "hyphenated-break", "capital-after-break-kept", "soft-hyphen-spaces"])
def test_clean(raw, expected):
    assert clean(raw) == expected


def test_empty_and_blank():
    assert tokenize("") == [] and tokenize("  \n ") == [] and raw_tokens(" ") == []


@given(st.text())
def test_tokens_never_contain_whitespace_or_are_empty(text):
    for tok in tokenize(text):
        assert tok and not any(ch.isspace() for ch in tok)


@given(st.text())
def test_raw_tokens_rejoin_to_the_normalised_string(text):
    assert " ".join(raw_tokens(text)) == " ".join(text.split())


@given(st.from_regex(r"[A-Za-z0-9]{1,12}[.,;:]?", fullmatch=True))
def test_a_plain_word_is_never_split(word):
    from refgraph.extract.tokens import unglue

    assert unglue(word) == [word]


_SPACEY = st.text(alphabet=st.sampled_from(list("ab .\t\n\u00a0\u2009\u3000\x1c\x85")), max_size=20)


@given(_SPACEY)
def test_squash_spaces_fast_path_matches_the_regex(text):
    """The skip (printable, no double space) never skips a string the regex would change."""
    assert squash_spaces(text) == re.sub(r"\s+", " ", text)


def _tokenize_every_regex(raw):
    """tokenize as it was before its fast paths: every repair and every unglue regex applied."""
    from refgraph.extract import tokens as T

    s = T._SPACES_RE.sub(" ", T._HYPHEN_BREAK_RE.sub("", raw.translate(T._LIGATURES))).strip()
    out = []
    for token in s.split():
        if (token[:-1] if token[-1] in ".,;:" else token).isalnum():
            out.append(token)
            continue
        if not token.lower().startswith(("http", "www", "doi")):
            token = T._GLUED_ID_RE.sub(" ", token)
        for piece in token.split(" "):
            if not T._looks_like_link(piece):
                for pattern in (T._GLUED_SENTENCE_RE, T._GLUED_CLOSE_RE, T._GLUED_LOCATOR_RE):
                    piece = pattern.sub(" ", piece)
            out.extend(p for p in piece.split(" ") if p)
    return out


_PIECES = ["reform", ".", "Journal", "Press", "?", "!", "’", "”", "\"", ")", ",", "(", "2011", ";", ":", "144", "e5",
           "https://", "HTTP://x.org", "www.", "WWW.", "doi:", "DOİ:", "Doı: ", "10.1000/x", "\ufb01", "\u00ad", "-\n",
           "psycho", "logy", " ", "\u00a0", "\t", "M.J.", "é", "A"]


@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_tokenize_fast_paths_match_every_regex(raw):
    """The regexes tokenize skips (ASCII text, no newline, no glue punctuation) would change nothing."""
    assert tokenize(raw) == _tokenize_every_regex(raw)


@pytest.mark.parametrize("raw", [
    "reform.Journal of X", "title’,Journal", "(2019)Title", "2011;144(5):646-74.", "526.https://doi.org/10.1/x",
    "2019.DOI:10.1000/x", "pp.1-2.www.x.org", "e\ufb03cient psycho-\nlogy", "soft\u00adhyphen", "Really!Now", "what?Next",
], ids=["sentence", "quote", "bracket", "locator", "url", "doi-upper", "www", "ligature+break", "soft-hyphen", "bang", "question"])
def test_tokenize_glue_cases_match_every_regex(raw):
    assert tokenize(raw) == _tokenize_every_regex(raw)
