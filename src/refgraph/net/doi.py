"""doi.org: is a DOI registered (handle API), who registered it (/ra/), and its metadata by
content negotiation (CSL-JSON) for DOIs that Crossref does not hold (DataCite, mEDRA, JaLC ...).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

import requests

from refgraph.config import Settings
from refgraph.ids import normalize_doi
from refgraph.net.crossref import Lookup
from refgraph.net.http import describe_error, is_offline_miss

CSL_JSON = "application/vnd.citationstyles.csl+json"
RA_BATCH = 20


@dataclass(frozen=True)
class Registration:
    """The handle system's answer for one DOI: registered True/False, or None if unknown."""

    doi: str
    registered: bool | None
    error: str = ""
    offline_miss: bool = False


def _path(doi: str) -> str:
    return quote(doi, safe="/")


def handle_status(doi: str, session: requests.Session, settings: Settings) -> Registration:
    """`{resolver}/api/handles/{doi}`: responseCode 1 = registered, 100 = no such handle."""
    url = f"{settings.doi_resolver.rstrip('/')}/api/handles/{_path(doi)}"
    try:
        response = session.get(url)
    except requests.RequestException as exc:
        return Registration(doi, None, f"doi.org: {describe_error(exc)}")
    if is_offline_miss(response):
        return Registration(doi, None, "offline and not in the cache", offline_miss=True)
    try:
        code = json.loads(response.content.decode("utf-8", errors="replace")).get("responseCode")
    except (ValueError, AttributeError, RecursionError):
        return Registration(doi, None, f"doi.org answered HTTP {response.status_code} without a handle record")
    if code == 1:
        return Registration(doi, True)
    if code in (100, 200):  # 100 handle not found; 200 values not found
        return Registration(doi, False)
    return Registration(doi, None, f"doi.org handle API responseCode {code}")


def registration_agencies(dois: list[str], session: requests.Session,
                          settings: Settings) -> dict[str, str]:
    """DOI -> agency name ("Crossref", "DataCite", ...) from `{resolver}/ra/{doi},{doi}`.

    A DOI the service does not know maps to "" (its status is then told by the handle API).
    """
    out: dict[str, str] = {}
    wanted = sorted({d for d in dois if d and "," not in d})
    for start in range(0, len(wanted), RA_BATCH):
        batch = wanted[start:start + RA_BATCH]
        url = f"{settings.doi_resolver.rstrip('/')}/ra/{','.join(_path(d) for d in batch)}"
        try:
            response = session.get(url)
            rows = json.loads(response.content.decode("utf-8", errors="replace")) \
                if response.status_code == 200 else []
        except (requests.RequestException, ValueError, RecursionError):
            rows = []
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and row.get("RA"):
                out[normalize_doi(str(row.get("DOI", "")))] = str(row["RA"])
    return out


def negotiate_csl(doi: str, session: requests.Session, settings: Settings, agency: str = "") -> Lookup:
    """CSL-JSON for a DOI by content negotiation at the resolver (which redirects to the RA)."""
    url = f"{settings.doi_resolver.rstrip('/')}/{_path(doi)}"
    source = f"negotiation:{agency}" if agency else "negotiation"
    try:
        response = session.get(url, headers={"Accept": CSL_JSON})
    except requests.RequestException as exc:
        return Lookup(doi, None, error=f"doi.org: {describe_error(exc)}")
    if is_offline_miss(response):
        return Lookup(doi, None, error="offline and not in the cache", offline_miss=True)
    if response.status_code == 404:
        return Lookup(doi, False, source=source)
    if response.status_code != 200:
        return Lookup(doi, None, error=f"content negotiation answered HTTP {response.status_code}")
    try:
        item = json.loads(response.content.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return Lookup(doi, None, error="content negotiation sent malformed JSON")
    if not isinstance(item, dict):
        return Lookup(doi, None, error="content negotiation sent JSON that is not a CSL item")
    return Lookup(doi, True, item, source)
