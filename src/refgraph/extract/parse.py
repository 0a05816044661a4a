"""Reference string -> Reference: tokenise, label with the CRF, let identifier rules override,
then build clean fields.

`parse_reference` is what the pipeline calls; `label_tokens` gives the raw per-token labels
(AnyStyle's label names) for the XML dataset output and for scoring against labelled corpora.
"""
from __future__ import annotations

import re

from collections.abc import Callable, Sequence

from refgraph.extract import fields as F
from refgraph.extract.notes import link_notes
from refgraph.extract.repair import (
    authors_then_editors, cut_emphasised_title, group_author_before_apa_date, group_author_before_title,
    journal_after_place, published_by, split_title_publisher, title_container_rules, vancouver_names_before_colon,
    year_after_journal)
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
        if not volume or F.is_year(volume):  # BMC `Mol Syst Biol 2006, 2:64.`: the volume is before the colon
            # (a year read as the volume is taken as the year by _year_fallback)
            vol2, issue2, page2 = F.parse_volume(pages_text)
            single = F.VOLUME_PAGES_RE.match(F.clean_value(pages_text))  # `2:64`: one page
            if single:
                vol2, page2 = single.group(1), F.normalize_pages(single.group(2))
            if vol2 and page2:
                volume, issue, page = vol2, issue or issue2, page2
    return volume, issue, page


def _publication(fields: list[F.Field]) -> dict:
    """Title, container, publisher and place, with the Harvard `Title. Publisher.` repair."""
    place, publisher = F.clean_value(_first(fields, "location")), _first(fields, "publisher")
    if publisher:
        p2, publisher = F.split_place_publisher(F.clean_publisher(publisher))
        place = place or p2
    journal = F.clean_value(_first(fields, "journal"))
    if not journal and publisher and not place and _journal_read_as_publisher(fields):
        journal, publisher = publisher, ""
    container = journal or F.clean_container(_first(fields, "container-title"))
    title, series = F.clean_value(_first(fields, "title")), F.clean_value(_first(fields, "collection-title"))
    if not (publisher or container or _first(fields, "volume", "pages", "genre")):
        title, publisher, found_series = split_title_publisher(title)
        series = series or found_series
    if not publisher:
        publisher, place = _publisher_in_place(fields, place)
    return {"title": title, "container_title": container, "publisher": publisher, "publisher_place": place,
            "collection_title": series, "journal": journal}


# `PLoS ONE 11`: a journal name with no other digit, then a volume (not `Perkin Trans. 1`, `No. 151`).
_JOURNAL_VOLUME_RE = re.compile(r"^([^\d]*[A-Za-z](?<!\bNo)(?<!\bNr)(?<!\bPaper)(?<!\bPart))\s+(\d{1,3})$")


def _journal_read_as_publisher(fields: list[F.Field]) -> bool:
    """`Microb Ecol 1989, 18:79-88` with the journal read as a publisher: a publisher right before
    the date and a `volume:pages` locator, in a reference with no container, is the journal."""
    labels = [f.label for f in fields]
    if "container-title" in labels or labels.count("publisher") != 1:
        return False
    i = labels.index("publisher")
    locator = F.clean_value(" ".join(f.text for f in fields[i + 1:i + 4] if f.label in ("volume", "pages")))
    return labels[i + 1:i + 2] in (["date"], ["volume"]) and bool(F.VOLUME_PAGES_RE.match(locator))


_AFTER_PUBLISHER = {"url", "doi", "isbn", "note"}
# The places books are most often published in: printed alone after an APA title they are a place.
_CITIES = {"new york", "london", "paris", "berlin", "oxford", "cambridge", "chicago", "boston", "amsterdam",
           "san francisco", "los angeles", "washington", "philadelphia", "princeton", "toronto", "sydney",
           "melbourne", "tokyo", "beijing", "madrid", "barcelona", "rome", "roma", "milan", "milano", "munich",
           "münchen", "vienna", "wien", "frankfurt", "hamburg", "leipzig", "stuttgart", "zurich", "zürich", "geneva",
           "genève", "brussels", "bruxelles", "montreal", "montréal", "lyon", "stockholm", "copenhagen", "oslo",
           "singapore", "delhi", "new delhi", "mexico", "buenos aires", "são paulo", "moscow", "praha", "prague"}
_PREPRINT_SERVERS = {"arxiv", "biorxiv", "medrxiv", "psyarxiv", "socarxiv", "ssrn", "zenodo", "osf preprints",
                     "research square", "preprints.org", "techrxiv", "chemrxiv", "hal"}


def _publisher_in_place(fields: list[F.Field], place: str) -> tuple[str, str]:
    """(publisher, place) of a reference with no publisher field: APA 7 prints the publisher and
    no place, so a lone "place" after the title that no publisher follows (`Dover.`, `Schattauer.`)
    is the publisher; a preprint server read as a note (`arXiv.`) is the publisher too."""
    labels = [f.label for f in fields]
    if place and labels.count("location") == 1 and "title" in labels and "date" in labels \
            and labels.index("date") < labels.index("title") < labels.index("location") \
            and F.APA_DATE_RE.match(_first(fields, "date")) \
            and all(lab in _AFTER_PUBLISHER for lab in labels[labels.index("location") + 1:]) \
            and ":" not in _first(fields, "location") and "," not in place and place.lower() not in _CITIES \
            and not _first(fields, "journal", "container-title", "volume", "pages"):
        return place, ""  # APA 7 `Author (2006). Title. Dover. ISBN ...` prints no place
    for f in fields:
        if f.label == "note" and F.clean_value(f.text).lower() in _PREPRINT_SERVERS:
            return F.clean_value(f.text), place
    return "", place


def _journal_before(tail: F.ChicagoTail, journal: str, pub: dict) -> tuple[str, dict]:
    """The journal and publisher once a Chicago tail is known: a container read on through the
    tail is cut before its volume (and is a journal), and the tail's publisher is the publisher."""
    container = pub["container_title"]
    cut = container.rfind(f"{tail.volume} (")
    if cut > 0:
        container = F.clean_value(container[:cut])
    journal = journal or container  # `Container 13 (2):31–39`: a volume, an issue and pages make it a journal
    if tail.publisher:
        place, publisher = pub["publisher_place"], tail.publisher
        if place and publisher.startswith(place):
            publisher = F.clean_value(publisher[len(place):])
        return journal, dict(pub, container_title=container, publisher=publisher, publisher_place=place)
    return journal, dict(pub, container_title=container)


def build_reference(raw: str, tokens: list[str], labels: list[str], n: int = 1,
                    span: Span | None = None, confidence: float = 1.0) -> Reference:
    """The Reference for labelled tokens (pure: no model involved, so it is unit-testable)."""
    text = " ".join(tokens)
    ids = extract_identifiers(text)
    labels = _override_ids(tokens, labels, ids, force=True)
    labels, accessed = _mark_access(tokens, labels, text)
    labels = journal_after_place(cut_emphasised_title(tokens, published_by(tokens, labels)))
    labels = group_author_before_title(tokens, vancouver_names_before_colon(tokens, year_after_journal(tokens, labels)))
    labels = group_author_before_apa_date(tokens, labels)
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
    if not volume and journal:
        m = _JOURNAL_VOLUME_RE.match(journal)
        if m:  # PLOS `PLoS computational biology 7. doi: ...`: the volume printed after the journal
            journal, volume = m.group(1), m.group(2)
            pub["container_title"] = journal
    tail = F.chicago_tail(raw)
    if tail and (volume in ("", tail.volume)) and tail.volume not in pub["title"]:
        volume, issue, page = tail.volume, tail.issue, tail.pages
        journal, pub = _journal_before(tail, journal, pub)
    notes = [F.clean_value(f.text) for f in fields if f.label in ("note", "genre")]
    if page and not pub["title"] and not any(c.isdigit() for c in page) and not F.ROMAN_PAGES_RE.match(page):
        pub, page = dict(pub, title=page), ""  # `Center. (2022). inDust. https://...`: a short title read as pages
    title, version = F.split_version(pub["title"])
    if version:
        pub, notes = dict(pub, title=title), [*notes, version]
    genre = F.clean_value(_first(fields, "genre")) or next((x for x in notes if F.is_thesis(x)), "")
    evidence = F.TypeEvidence(
        has_journal=bool(journal), container=pub["container_title"], has_publisher=bool(pub["publisher"]),
        publisher=pub["publisher"], genre=genre, title=pub["title"], has_url=bool(ids.url),
        has_doi=bool(ids.doi), has_isbn=bool(ids.isbn), has_volume=bool(volume), has_pages=bool(page),
        has_editors=bool(editors), corporate_author=bool(authors) and bool(authors[0].literal),
        has_arxiv=bool(ids.arxiv), software=F.is_software(raw, pub["publisher"], journal or pub["container_title"]))
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
    given, is called with (strings done, total) after each chunk. `Ibid.` and short-form notes
    come back as the work they point to (extract/notes.py)."""
    numbers = list(numbers) if numbers is not None else list(range(1, len(raws) + 1))
    spans = list(spans) if spans is not None else [None] * len(raws)
    out: list[Reference] = []
    for lo in range(0, len(raws), PARSE_CHUNK):
        hi = lo + PARSE_CHUNK
        out += _parse_chunk(raws[lo:hi], numbers[lo:hi], spans[lo:hi])
        if progress:
            progress(len(out), len(raws))
    return link_notes(out)


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
