"""Crossref REST API: works by DOI (in batches), bibliographic search, and record conversion.

Crossref's `/works?filter=doi:A,doi:B` answers many DOIs in one request, so resolving a library
costs a few dozen requests instead of one per DOI. Anything that goes wrong with one lookup is
returned as data (`Lookup.error`), never raised: a batch never stops for one bad DOI.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote

import requests

from refgraph.config import Settings
from refgraph.ids import normalize_doi
from refgraph.csl import csl_name, reference_from_csl
from refgraph.model import Reference
from refgraph.net.http import describe_error, is_offline_miss

BATCH = 40  # DOIs per filter query: keeps the URL well under common 8 KB limits
SEARCH_ROWS = 5

# Crossref work types -> CSL types (the CSL-JSON from content negotiation already uses CSL).
TYPE_MAP = {
    "journal-article": "article-journal", "book-chapter": "chapter", "book-section": "chapter",
    "book-part": "chapter", "book": "book", "monograph": "book", "edited-book": "book",
    "reference-book": "book", "book-set": "book", "book-series": "book",
    "proceedings-article": "paper-conference", "report": "report", "report-series": "report",
    "dissertation": "thesis", "dataset": "dataset", "posted-content": "article",
    "reference-entry": "entry", "standard": "standard", "peer-review": "review",
}
RETRACTING = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})
CORRECTING = frozenset({"correction", "erratum", "corrigendum", "addendum", "clarification",
                        "expression_of_concern", "new_version"})


@dataclass(frozen=True)
class Lookup:
    """What one DOI lookup found: the raw message (dict at the JSON edge) or why not."""

    doi: str
    found: bool | None  # True found, False not at this service, None could not tell
    message: dict = field(default_factory=dict, compare=False, hash=False)
    source: str = ""  # "crossref", "negotiation:<RA>", "cache"
    error: str = ""
    offline_miss: bool = False


def _json_message(response: requests.Response) -> dict:
    """The `message` of a Crossref JSON answer; ValueError if the body is not that."""
    try:
        data = json.loads(response.content.decode("utf-8", errors="replace"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise ValueError("JSON without a 'message' object")
    return data["message"]


def _items(message: dict) -> list[dict]:
    """The work records of a listing; ValueError if `items` is not a list."""
    items = message.get("items")
    if items is None:
        return []
    if not isinstance(items, list):
        raise ValueError("'items' is not a list")
    return [i for i in items if isinstance(i, dict)]


def _list(value) -> list:
    """A field that should be a list, as one (anything else: empty)."""
    return value if isinstance(value, list) else []


def _params(settings: Settings, **extra) -> dict:
    params = dict(extra)
    if settings.mailto:
        params["mailto"] = settings.mailto
    return params


def get_work(doi: str, session: requests.Session, settings: Settings) -> Lookup:
    """One DOI from `/works/{doi}`: found, 404 (not Crossref's), or an error."""
    url = f"{settings.crossref_api.rstrip('/')}/works/{quote(doi, safe='/')}"
    try:
        response = session.get(url, params=_params(settings))
    except requests.RequestException as exc:
        return Lookup(doi, None, error=f"Crossref: {describe_error(exc)}")
    if is_offline_miss(response):
        return Lookup(doi, None, error="offline and not in the cache", offline_miss=True)
    if response.status_code == 404:
        return Lookup(doi, False, source="crossref")
    if response.status_code != 200:
        return Lookup(doi, None, error=f"Crossref answered HTTP {response.status_code}")
    try:
        return Lookup(doi, True, _json_message(response), "crossref")
    except ValueError as exc:
        return Lookup(doi, None, error=f"Crossref sent malformed JSON ({exc})")


def get_works(dois: list[str], session: requests.Session, settings: Settings) -> dict[str, Lookup]:
    """Many DOIs in few requests. DOIs absent from a batch answer are marked not found.

    DOIs are sorted before batching so the same set of DOIs makes the same URLs, and a second
    run is answered from the cache. Batches go out concurrently; the host gate keeps the pace.
    """
    wanted = sorted({d for d in dois if d})
    out: dict[str, Lookup] = {}
    singles = [d for d in wanted if "," in d]  # a comma would split the filter value
    batchable = [d for d in wanted if "," not in d]
    batches = [batchable[start:start + BATCH] for start in range(0, len(batchable), BATCH)]
    with ThreadPoolExecutor(max_workers=max(1, min(settings.max_connections, len(batches) or 1))) as pool:
        for answer in pool.map(lambda batch: _get_batch(batch, session, settings), batches):
            out.update(answer)
    for doi in singles:
        out[doi] = get_work(doi, session, settings)
    return out


def _get_batch(batch: list[str], session: requests.Session, settings: Settings) -> dict[str, Lookup]:
    url = f"{settings.crossref_api.rstrip('/')}/works"
    params = _params(settings, filter=",".join(f"doi:{d}" for d in batch), rows=len(batch))
    try:
        response = session.get(url, params=params)
    except requests.RequestException as exc:
        return {d: Lookup(d, None, error=f"Crossref: {describe_error(exc)}") for d in batch}
    if is_offline_miss(response):
        return {d: Lookup(d, None, error="offline and not in the cache", offline_miss=True) for d in batch}
    if response.status_code != 200:
        if len(batch) > 1 and response.status_code in (400, 414):
            return {d: get_work(d, session, settings) for d in batch}  # the server refused the list
        return {d: Lookup(d, None, error=f"Crossref answered HTTP {response.status_code}") for d in batch}
    try:
        items = _items(_json_message(response))
    except ValueError as exc:
        return {d: Lookup(d, None, error=f"Crossref sent malformed JSON ({exc})") for d in batch}
    by_doi = {normalize_doi(_first(i.get("DOI"))): i for i in items}
    return {d: Lookup(d, True, by_doi[d], "crossref") if d in by_doi else Lookup(d, False, source="crossref")
            for d in batch}


@dataclass(frozen=True)
class Search:
    """Candidates for a bibliographic query, or why there are none."""

    items: tuple[dict, ...] = ()
    error: str = ""
    offline_miss: bool = False


def search_bibliographic(text: str, session: requests.Session, settings: Settings,
                         rows: int = SEARCH_ROWS) -> Search:
    """Crossref's `query.bibliographic`: the reference string as printed, best matches first."""
    url = f"{settings.crossref_api.rstrip('/')}/works"
    params = _params(settings, **{"query.bibliographic": text[:1000], "rows": rows})
    try:
        response = session.get(url, params=params)
    except requests.RequestException as exc:
        return Search(error=f"Crossref: {describe_error(exc)}")
    if is_offline_miss(response):
        return Search(error="offline and not in the cache", offline_miss=True)
    if response.status_code != 200:
        return Search(error=f"Crossref answered HTTP {response.status_code}")
    try:
        items = _items(_json_message(response))
    except ValueError as exc:
        return Search(error=f"Crossref sent malformed JSON ({exc})")
    return Search(tuple(items))


# ---- conversion ------------------------------------------------------------------------------

def _first(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _people(value) -> list[dict]:
    """People of a record that name someone (Crossref's shape is CSL's, plus `name`)."""
    return [p for p in (value if isinstance(value, list) else [])
            if isinstance(p, dict) and (csl_name(p).family or csl_name(p).literal)]


def _years(message: dict, keys=("issued", "published-print", "published-online", "published", "created")) -> list[int]:
    out = []
    for key in keys:
        date = message.get(key)
        parts = date.get("date-parts", []) if isinstance(date, dict) else []  # anything unreadable: skipped below
        try:
            year = int(parts[0][0])
        except (TypeError, IndexError, ValueError):
            continue
        if 1000 <= year <= 2999 and year not in out:
            out.append(year)
    return out


def _year(message: dict) -> int | None:
    years = _years(message)
    return years[0] if years else None


def csl_type(raw_type: str) -> str:
    raw_type = (raw_type or "").strip()
    return TYPE_MAP.get(raw_type, raw_type or "document")


def as_csl(message: dict) -> dict:
    """A Crossref work (or a CSL-JSON item from content negotiation) as a plain CSL item of the
    variables refgraph keeps: Crossref's lists of titles reduced to one string, the subtitle
    joined, its work type mapped, the year taken from the first of its dates (every year its
    dates give kept as the extra `crossref:years` when they differ), DOI and ISBN normalised,
    and every other variable left out."""
    title = _first(message.get("title"))
    subtitle = _first(message.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}" if title else subtitle
    year = _year(message)
    # every date a printed year may be (print, online-first): the matcher accepts any of them
    dated = _years(message, ("issued", "published-print", "published-online", "published"))
    item = {
        "type": csl_type(_first(message.get("type"))), "title": title,
        "author": _people(message.get("author")), "editor": _people(message.get("editor")),
        "issued": {"date-parts": [[year]]} if year is not None else None,
        "container-title": _first(message.get("container-title")),
        "volume": _first(message.get("volume")), "issue": _first(message.get("issue")),
        "page": _first(message.get("page")), "publisher": _first(message.get("publisher")),
        "publisher-place": _first(message.get("publisher-location") or message.get("publisher-place")),
        "DOI": normalize_doi(_first(message.get("DOI"))),
        "ISBN": "".join(ch for ch in _first(message.get("ISBN")) if ch.isalnum()), "URL": _first(message.get("URL")),
        "custom": {"extra": [["crossref:years", " ".join(map(str, dated))]]} if len(dated) > 1 else None,
    }
    return {var: value for var, value in item.items() if value not in ("", None, [])}


def to_reference(message: dict, n: int = 0, raw: str = "") -> Reference:
    """A Crossref work or a CSL-JSON item as a Reference: `as_csl`, then the one CSL reader."""
    return reference_from_csl(as_csl(message), n, raw=raw)


@dataclass(frozen=True)
class Updates:
    """Editorial notices attached to a work (Crossmark `updated-by` / `update-to`)."""

    retracted: bool
    corrected: bool
    notices: tuple[str, ...] = ()  # "retraction 10.x/y", ...
    is_notice_for: tuple[str, ...] = ()  # this DOI is itself a notice about these DOIs


def updates(message: dict) -> Updates:
    notices, retracted, corrected = [], False, False
    for item in _list(message.get("updated-by")):
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type", "")).lower().replace("-", "_")
        retracted |= kind in RETRACTING
        corrected |= kind in CORRECTING
        notices.append(f"{kind} {item.get('DOI', '')}".strip())
    targets = tuple(f"{str(i.get('type', '')).lower()} of {i.get('DOI', '')}"
                    for i in _list(message.get("update-to")) if isinstance(i, dict))
    title = _first(message.get("title")).lower()
    if title.startswith(("retracted:", "retracted article:", "withdrawn:")):
        retracted = True
        notices.append("title says retracted")
    return Updates(retracted, corrected, tuple(notices), targets)
