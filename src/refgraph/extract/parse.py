"""Reference string -> Reference: tokenise, label with the CRF, let identifier rules override,
then build clean fields.

`parse_reference` is what the pipeline calls; `label_tokens` gives the raw per-token labels
(AnyStyle's label names) for the XML dataset output and for scoring against labelled corpora.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from refgraph.extract import fields as F
from refgraph.extract.repair import (
    authors_then_editors, cut_emphasised_title, journal_after_place, published_by, split_title_publisher,
    title_container_rules)
from refgraph.extract.tokens import raw_tokens, tokenize
from refgraph.ids import Identifiers, extract_identifiers
from refgraph.model import Issue, Name, Reference, Span

_ID_LABELS = {"doi": "doi", "url": "url", "isbn": "isbn", "pmid": "note", "arxiv": "note"}


def _offsets(tokens: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for t in tokens:
        out.append((pos, pos + len(t)))
        pos += len(t) + 1
    return out


def _override_ids(tokens: list[str], labels: list[str], ids: Identifiers, force: bool) -> list[str]:
    """Tokens inside a DOI, URL or ISBN found by rule get that label (rules beat the model).
    Only tokens between the first span's start and the last span's end are compared with them."""
    labels = list(labels)
    if not ids.spans:
        return labels
    lo, hi = min(f.start for f in ids.spans), max(f.end for f in ids.spans)
    for i, (a, b) in enumerate(_offsets(tokens)):
        if a >= hi:
            break  # offsets only grow: no later token meets a span
        if b <= lo or a == b:
            continue
        for found in ids.spans:
            if a < found.end and found.start < b:
                want = _ID_LABELS[found.kind]
                current = labels[i]
                if current in ("doi", "url", "isbn"):
                    break
                if force or current not in ("note",):
                    labels[i] = want
                break
    return labels


def label_tokens(raw: str) -> list[tuple[str, str]]:
    """Every whitespace token of raw, in order, with its AnyStyle-style label."""
    return label_many_tokens([raw])[0]


def label_many_tokens(raws: Sequence[str]) -> list[list[tuple[str, str]]]:
    """`label_tokens` for many strings, labelled in batches."""
    from refgraph.extract.crf import model

    tokens = [raw_tokens(raw) for raw in raws]
    out = []
    for toks, got in zip(tokens, model().label_many(tokens, with_probability=False)):
        labels = _override_ids(toks, list(got.labels), extract_identifiers(" ".join(toks)), force=False)
        out.append(list(zip(toks, title_container_rules(toks, labels))) if toks else [])
    return out


def _mark_access(tokens: list[str], labels: list[str], text: str) -> tuple[list[str], str]:
    """Label the access-date phrase `accessed` so it never becomes the publication date."""
    accessed, start, end = F.find_access(text)
    if not accessed:
        return labels, ""
    labels = list(labels)
    for i, (a, b) in enumerate(_offsets(tokens)):
        if a < end and start < b and labels[i] not in ("url", "doi"):
            labels[i] = "accessed"
    return labels, accessed


def _year_fallback(tokens: list[str], labels: list[str]) -> tuple[int | None, str]:
    for tok, lab in zip(tokens, labels):
        if lab in ("date", "note", "volume", "publisher", "location"):
            y, suffix, _ = F.parse_date(tok)
            if y and len(F.clean_value(tok)) <= 6:
                return y, suffix
    return None, ""


def _first(fields: list[F.Field], *labels: str) -> str:
    for f in fields:
        if f.label in labels:
            return f.text
    return ""


def _names(fields: list[F.Field], label: str) -> tuple[tuple[Name, ...], bool, bool]:
    names: list[Name] = []
    etal = marked = False
    for f in fields:
        if f.label == label:
            got, cut, ed = F.names_field(f.text)
            names += got
            etal, marked = etal or cut, marked or ed
            if label == "author":
                break
    return tuple(names), etal, marked


def _date(fields: list[F.Field], tokens: list[str], labels: list[str]) -> tuple[int | None, str, str]:
    year, suffix, date_text = None, "", ""
    for f in fields:
        if f.label == "date":
            year, suffix, date_text = F.parse_date(f.text)
            if year:
                return year, suffix, ""
    if year is None:
        year, suffix = _year_fallback(tokens, labels)
    return year, suffix, date_text if year is None else ""


def _locator(fields: list[F.Field]) -> tuple[str, str, str]:
    """(volume, issue, page) from the volume and pages fields."""
    volume = issue = page = ""
    vol_text = _first(fields, "volume")
    if vol_text:
        volume, issue, page = F.parse_volume(vol_text)
    pages_text = _first(fields, "pages")
    if pages_text:
        page = F.normalize_pages(pages_text)
    return volume, issue, page


def _publication(fields: list[F.Field]) -> dict:
    """Title, container, publisher and place, with the Harvard `Title. Publisher.` repair."""
    place, publisher = F.clean_value(_first(fields, "location")), _first(fields, "publisher")
    if publisher:
        p2, publisher = F.split_place_publisher(F.clean_publisher(publisher))
        place = place or p2
    journal = F.clean_value(_first(fields, "journal"))
    container = journal or F.clean_container(_first(fields, "container-title"))
    title, series = F.clean_value(_first(fields, "title")), F.clean_value(_first(fields, "collection-title"))
    if not (publisher or container or _first(fields, "volume", "pages", "genre")):
        title, publisher, found_series = split_title_publisher(title)
        series = series or found_series
    return {"title": title, "container_title": container, "publisher": publisher, "publisher_place": place,
            "collection_title": series, "journal": journal}


def build_reference(raw: str, tokens: list[str], labels: list[str], n: int = 1,
                    span: Span | None = None, confidence: float = 1.0) -> Reference:
    """The Reference for labelled tokens (pure: no model involved, so it is unit-testable)."""
    text = " ".join(tokens)
    ids = extract_identifiers(text)
    labels = _override_ids(tokens, labels, ids, force=True)
    labels, accessed = _mark_access(tokens, labels, text)
    labels = journal_after_place(cut_emphasised_title(tokens, published_by(tokens, labels)))
    labels = title_container_rules(tokens, authors_then_editors(tokens, labels))
    fields = F.spans(tokens, labels)
    authors, _, author_is_editor = _names(fields, "author")
    editors, _, _ = _names(fields, "editor")
    if author_is_editor and not editors:
        authors, editors = (), authors
    year, suffix, date_text = _date(fields, tokens, labels)
    volume, issue, page = _locator(fields)
    pub = _publication(fields)
    journal = pub.pop("journal")
    notes = [F.clean_value(f.text) for f in fields if f.label in ("note", "genre")]
    genre = F.clean_value(_first(fields, "genre")) or next((x for x in notes if F.is_thesis(x)), "")
    evidence = F.TypeEvidence(
        has_journal=bool(journal), container=pub["container_title"], has_publisher=bool(pub["publisher"]),
        publisher=pub["publisher"], genre=genre, title=pub["title"], has_url=bool(ids.url),
        has_doi=bool(ids.doi), has_isbn=bool(ids.isbn), has_volume=bool(volume), has_pages=bool(page),
        has_editors=bool(editors), corporate_author=bool(authors) and bool(authors[0].literal),
        has_arxiv=bool(ids.arxiv))
    issues = [] if pub["title"] else [Issue("parse", "no title found", refs=(n,))]
    if year is None and not date_text:
        issues.append(Issue("parse", "no publication year found", refs=(n,)))
    return Reference(
        n=n, raw=raw, type=F.infer_type(evidence), authors=authors, editors=editors,
        year=year, year_suffix=suffix, date_text=date_text, volume=volume, issue=issue, page=page,
        edition=F.parse_edition(_first(fields, "edition")), doi=ids.doi, url=ids.url, isbn=ids.isbn,
        pmid=ids.pmid, arxiv=ids.arxiv, accessed=accessed, note="; ".join(x for x in notes if x),
        span=span, confidence=round(confidence, 4), issues=tuple(issues), **pub)


def parse_reference(raw: str, n: int = 1, span: Span | None = None) -> Reference:
    """Parse one reference string into a Reference (CSL fields, confidence, issues)."""
    return parse_references([raw], [n], [span])[0]


PARSE_CHUNK = 2048  # strings tokenised, labelled and built together (bounds the memory in flight)
# A reference is parsed from at most this many characters (the longest real ones are a few
# hundred); a longer string keeps its whole raw text and an Issue. One 5 MB string took 2.5 GB.
MAX_REFERENCE_CHARS = 4000


def parse_references(raws: Sequence[str], numbers: Sequence[int] | None = None,
                     spans: Sequence[Span | None] | None = None,
                     progress: Callable[[int, int], None] | None = None) -> list[Reference]:
    """Parse many reference strings at once (the model labels them in batches, which is much
    faster than one at a time); numbers and spans default to 1, 2, ... and None. progress, if
    given, is called with (strings done, total) after each chunk."""
    numbers = list(numbers) if numbers is not None else list(range(1, len(raws) + 1))
    spans = list(spans) if spans is not None else [None] * len(raws)
    out: list[Reference] = []
    for lo in range(0, len(raws), PARSE_CHUNK):
        hi = lo + PARSE_CHUNK
        out += _parse_chunk(raws[lo:hi], numbers[lo:hi], spans[lo:hi])
        if progress:
            progress(len(out), len(raws))
    return out


def _parse_chunk(raws: Sequence[str], numbers: list[int], spans: list[Span | None]) -> list[Reference]:
    from refgraph.extract.crf import model

    tokens = [tokenize(raw[:MAX_REFERENCE_CHARS]) for raw in raws]
    labelled = model().label_many(tokens)
    out = []
    for raw, n, span, toks, got in zip(raws, numbers, spans, tokens, labelled):
        if not toks:
            out.append(Reference(n=n, raw=raw, span=span, confidence=0.0,
                                 issues=(Issue("parse", "empty reference string", refs=(n,)),)))
            continue
        ref = build_reference(raw, toks, list(got.labels), n=n, span=span, confidence=got.confidence)
        if len(raw) > MAX_REFERENCE_CHARS:
            ref = ref.with_(issues=ref.issues + (Issue(
                "too-long", f"reference of {len(raw):,} characters: only the first {MAX_REFERENCE_CHARS:,} were "
                "parsed (several references run together?)", refs=(n,)),))
        out.append(ref)
    return out
