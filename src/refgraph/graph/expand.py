"""Expansion: grow the graph through open citation data, from the works that have DOIs.

Each source answers "what does this DOI cite?" and, where it can, "what cites this DOI?":
Crossref (`/works/{doi}` `reference[]`), OpenCitations Index v2 (`references/` and `citations/`)
and OpenAlex (`referenced_works` and `filter=cites:`). Expansion is breadth-first to a depth and
stops adding works at a node budget; every edge it adds remembers its source in `origin`. All
requests go through the one polite, cached session of `net/http.py`, so a second run is served
from the cache. A failed lookup is an Issue, never an exception.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

import networkx as nx
import requests

from refgraph.config import Settings
from refgraph.graph.build import EdgeRow, add_edge, refresh_counts
from refgraph.graph.names import SOURCES  # noqa: F401  (re-exported)
from refgraph.model import Issue
from refgraph.net.http import ResponseTooLarge, is_offline_miss

OPENALEX_BATCH = 50


@dataclass(frozen=True)
class Found:
    """A work named by open citation data: by DOI, or by another id (OpenAlex) when it has none."""

    doi: str = ""
    other_id: str = ""
    title: str = ""
    year: int = 0
    authors: str = ""

    @property
    def node(self) -> str:
        return f"work:doi:{self.doi}" if self.doi else f"work:{self.other_id}"


@dataclass(frozen=True)
class Neighbours:
    works: tuple[Found, ...] = ()
    about: Found | None = None  # the queried work itself, when the answer describes it
    issues: tuple[Issue, ...] = ()


class CitationSource(Protocol):
    name: str

    def references(self, doi: str) -> Neighbours: ...

    def citations(self, doi: str) -> Neighbours: ...


def _get_json(session: requests.Session, url: str, what: str, params: dict | None = None):
    """(parsed JSON or None, issues): HTTP and JSON problems become Issues."""
    try:
        response = session.get(url, params=params)
    except (requests.RequestException, ResponseTooLarge) as exc:
        return None, (Issue("expand", f"{what}: {type(exc).__name__}: {str(exc)[:120]}"),)
    if is_offline_miss(response):
        return None, (Issue("expand", f"{what}: offline and not in the cache"),)
    if response.status_code == 404:
        return None, ()
    if response.status_code != 200:
        return None, (Issue("expand", f"{what}: HTTP {response.status_code}"),)
    try:
        return json.loads(response.content.decode("utf-8", errors="replace")), ()
    except (ValueError, RecursionError) as exc:
        return None, (Issue("expand", f"{what}: the answer is not JSON ({exc})"),)


def clean_doi(value: object) -> str:
    """A DOI given as a DOI by a citation service: trusted as is (SICI DOIs keep their '<>;'),
    only its resolver prefix dropped and its case folded; '' if it is not a DOI."""
    s = str(value or "").strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        if s.lower().startswith(prefix):
            s = s[len(prefix):]
            break
    s = s.lower()
    return s if s.startswith("10.") and "/" in s and not any(c.isspace() for c in s) else ""


def _first(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _list(value) -> list:
    """A field that should be a list, as one (a service sending another shape: empty)."""
    return value if isinstance(value, list) else []


def _issued_year(issued) -> int:
    """The year of a CSL date {"date-parts": [[2019, ...]]}; 0 for any other shape."""
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    first = parts[0] if isinstance(parts, list) and parts else None
    return _int(first[0]) if isinstance(first, list) and first else 0


def _int(value) -> int:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return 0


@dataclass
class CrossrefSource:
    """Crossref's deposited reference lists; it offers no open "cited by"."""

    session: requests.Session
    settings: Settings
    name: str = "crossref"

    def references(self, doi: str) -> Neighbours:
        url = f"{self.settings.crossref_api.rstrip('/')}/works/{quote(doi, safe='/')}"
        params = {"mailto": self.settings.mailto} if self.settings.mailto else None
        data, issues = _get_json(self.session, url, f"Crossref {doi}", params)
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            return Neighbours(issues=issues or ((Issue("expand", f"Crossref {doi}: no work record"),) if data else ()))
        people = [str(a.get("family") or a.get("name") or "") for a in _list(message.get("author"))
                  if isinstance(a, dict)]
        about = Found(doi=doi, title=_first(message.get("title")), year=_issued_year(message.get("issued")),
                      authors="; ".join(people))
        found = []
        for ref in _list(message.get("reference")):
            ref_doi = clean_doi(ref.get("DOI")) if isinstance(ref, dict) else ""
            if ref_doi:
                found.append(Found(doi=ref_doi, title=str(ref.get("article-title") or ref.get("volume-title") or ""),
                                   year=_int(ref.get("year")), authors=str(ref.get("author") or "")))
        return Neighbours(tuple(found), about, issues)

    def citations(self, doi: str) -> Neighbours:
        return Neighbours()


def _oc_doi(pids: object) -> str:
    """The DOI in an OpenCitations id list: v2 'omid:br/06 doi:10.1/x pmid:1', or a bare v1 DOI."""
    for token in str(pids or "").split():
        if token.startswith("doi:"):
            return clean_doi(token[4:])
        if token.startswith("10."):
            return clean_doi(token)
    return ""


@dataclass
class OpenCitationsSource:
    """OpenCitations Index v2: references/ and citations/ by DOI."""

    session: requests.Session
    settings: Settings
    name: str = "opencitations"

    def _rows(self, op: str, doi: str, field_: str) -> Neighbours:
        url = f"{self.settings.opencitations_api.rstrip('/')}/{op}/doi:{quote(doi, safe='/')}"
        data, issues = _get_json(self.session, url, f"OpenCitations {op} {doi}")
        if data is not None and not isinstance(data, list):
            return Neighbours(issues=(Issue("expand", f"OpenCitations {op} {doi}: expected a JSON list"),))
        found = [Found(doi=d) for d in dict.fromkeys(_oc_doi(row.get(field_)) for row in _list(data)
                                                     if isinstance(row, dict)) if d]
        return Neighbours(tuple(found), None, issues)

    def references(self, doi: str) -> Neighbours:
        return self._rows("references", doi, "cited")

    def citations(self, doi: str) -> Neighbours:
        return self._rows("citations", doi, "citing")


def _openalex_found(item: dict) -> Found:
    people = [str(a["author"].get("display_name") or "") for a in _list(item.get("authorships"))
              if isinstance(a, dict) and isinstance(a.get("author"), dict)]
    short = str(item.get("id") or "").rsplit("/", 1)[-1]
    return Found(doi=clean_doi(item.get("doi")), other_id=f"openalex:{short}" if short else "",
                 title=str(item.get("display_name") or item.get("title") or ""),
                 year=_int(item.get("publication_year")), authors="; ".join(p for p in people if p))


@dataclass
class OpenAlexSource:
    """OpenAlex: `referenced_works` of a work, and works that cite it (`filter=cites:`, paged)."""

    session: requests.Session
    settings: Settings
    name: str = "openalex"
    per_page: int = 200
    max_pages: int = 10

    def _base(self) -> str:
        return self.settings.openalex_api.rstrip("/")

    def _params(self, **extra) -> dict:
        return {**extra, **({"mailto": self.settings.mailto} if self.settings.mailto else {})}

    def _work(self, doi: str):
        data, issues = _get_json(self.session, f"{self._base()}/works/doi:{quote(doi, safe='/')}",
                                 f"OpenAlex {doi}", self._params())
        return (data if isinstance(data, dict) else None), issues

    def _page(self, filter_: str, what: str, cursor: str | None) -> tuple[list[Found], str | None, tuple[Issue, ...]]:
        """One page of a listing and the cursor of the next (None: last page)."""
        extra = {"cursor": cursor} if cursor else {}
        data, issues = _get_json(self.session, f"{self._base()}/works", what, self._params(
            filter=filter_, select="id,doi,display_name,publication_year,authorships",
            **{"per-page": self.per_page}, **extra))
        results = data.get("results") if isinstance(data, dict) else None
        meta = data.get("meta") if isinstance(data, dict) else None
        following = meta.get("next_cursor") if cursor and isinstance(meta, dict) and results else None
        return [_openalex_found(r) for r in _list(results) if isinstance(r, dict)], following, issues

    def _list(self, filter_: str, what: str) -> tuple[list[Found], tuple[Issue, ...]]:
        found, _, issues = self._page(filter_, what, None)
        return found, issues

    def _all_pages(self, filter_: str, what: str) -> tuple[list[Found], tuple[Issue, ...]]:
        """Every page of a listing (cursor paging), up to max_pages: a much-cited work has
        thousands of citing works, more than any expansion budget takes."""
        found: list[Found] = []
        issues: tuple[Issue, ...] = ()
        cursor: str | None = "*"
        for _ in range(self.max_pages):
            got, cursor, more = self._page(filter_, what, cursor)
            found += got
            issues += more
            if not cursor:
                break
        return found, issues

    def references(self, doi: str) -> Neighbours:
        work, issues = self._work(doi)
        if work is None:
            return Neighbours(issues=issues)
        ids = [str(w).rsplit("/", 1)[-1] for w in _list(work.get("referenced_works")) if isinstance(w, str)]
        found: list[Found] = []
        all_issues = list(issues)
        for i in range(0, len(ids), OPENALEX_BATCH):
            batch = ids[i:i + OPENALEX_BATCH]
            got, more = self._list("openalex:" + "|".join(batch), f"OpenAlex works cited by {doi}")
            found += got
            all_issues += more
        return Neighbours(tuple(found), _openalex_found(work), tuple(all_issues))

    def citations(self, doi: str) -> Neighbours:
        work, issues = self._work(doi)
        if work is None:
            return Neighbours(issues=issues)
        short = str(work.get("id") or "").rsplit("/", 1)[-1]
        found, more = self._all_pages(f"cites:{short}", f"OpenAlex works citing {doi}")
        return Neighbours(tuple(found), _openalex_found(work), issues + more)


def make_sources(names: Iterable[str], session: requests.Session, settings: Settings) -> list[CitationSource]:
    classes: dict[str, Callable[[requests.Session, Settings], CitationSource]] = {
        "crossref": CrossrefSource, "opencitations": OpenCitationsSource, "openalex": OpenAlexSource}
    return [classes[n](session, settings) for n in names]


@dataclass
class ExpandReport:
    """What an expansion did: counts, the issues met, and whether the budget stopped it."""

    nodes_added: int = 0
    edges_added: int = 0
    lookups: int = 0
    budget_hit: bool = False
    issues: list[Issue] = field(default_factory=list)


class _Grower:
    """Adds found works to the graph, respecting the node budget, merging on DOI."""

    def __init__(self, g: nx.DiGraph, budget: int, report: ExpandReport):
        self.g, self.budget, self.report = g, budget, report
        self.by_doi = {d: n for n, d in g.nodes(data="doi") if d}

    def node_for(self, f: Found, origin: str, depth: int) -> tuple[str | None, bool]:
        """(node id, newly added?) for a found work; None when the budget is spent."""
        if f.doi and f.doi in self.by_doi:
            return self.by_doi[f.doi], False
        if not f.doi and self.g.has_node(f.node):
            return f.node, False
        if self.report.nodes_added >= self.budget:
            self.report.budget_hit = True
            return None, False
        label = " ".join(p for p in (f.authors.split(";")[0], f"({f.year})" if f.year else "",
                                     (f.title or f.doi or f.other_id)[:80]) if p)
        self.g.add_node(f.node, kind="work", label=label, title=f.title, year=f.year, doi=f.doi,
                        authors=f.authors, type="", origin=origin, depth=depth)
        if f.doi:
            self.by_doi[f.doi] = f.node
        self.report.nodes_added += 1
        return f.node, True

    def describe(self, node: str, about: Found | None) -> None:
        attrs = self.g.nodes[node]
        if about is not None and attrs.get("origin", "article") != "article":
            for key, value in (("title", about.title), ("year", about.year), ("authors", about.authors)):
                if value and not attrs.get(key):
                    attrs[key] = value
            if about.title:
                attrs["label"] = " ".join(p for p in (about.authors.split(";")[0],
                                                      f"({about.year})" if about.year else "", about.title[:80]) if p)

    def link(self, src: str, dst: str, origin: str) -> None:
        if src != dst and not self.g.has_edge(src, dst):
            self.report.edges_added += 1
        add_edge(self.g, src, dst, EdgeRow(src, dst, "cites", 0, "", origin))


def expand_graph(g: nx.DiGraph, sources: list[CitationSource], depth: int = 1, budget: int = 1000,
                 cited_by: bool = False) -> ExpandReport:
    """Grow g in place: breadth-first from every node with a DOI, `depth` steps along references
    (and, if cited_by, along citations too), adding at most `budget` new works."""
    report = ExpandReport()
    grow = _Grower(g, budget, report)
    frontier = [n for n, d in g.nodes(data="doi") if d]
    seen = set(frontier)
    for level in range(1, depth + 1):
        nxt: list[str] = []
        for node in frontier:
            doi = g.nodes[node]["doi"]
            for source in sources:
                asks = [("references", source.references)] + ([("citations", source.citations)] if cited_by else [])
                for direction, ask in asks:
                    answer = ask(doi)
                    report.lookups += 1
                    report.issues.extend(answer.issues)
                    grow.describe(node, answer.about)
                    for f in answer.works:
                        other, new = grow.node_for(f, source.name, level)
                        if other is None:
                            continue
                        if direction == "references":
                            grow.link(node, other, source.name)
                        else:
                            grow.link(other, node, source.name)
                        if other not in seen and g.nodes[other].get("doi"):
                            seen.add(other)
                            nxt.append(other)
        frontier = nxt
    if report.budget_hit:
        report.issues.append(Issue("budget", f"node budget of {budget} reached: some works were not added"))
    refresh_counts(g)
    return report
