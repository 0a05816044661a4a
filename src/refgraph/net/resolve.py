"""Resolution and discovery: DOIs -> metadata, references without a DOI -> a found DOI with
evidence, and `enrich`, which the build pipeline calls to do both for a list of references.

Order of questions per DOI, cheapest first: Crossref in batches (most DOIs are Crossref's);
for the ones Crossref lacks, doi.org/ra (batched) names the agency and content negotiation
fetches CSL-JSON; the handle API settles whether a DOI nobody has metadata for exists at all.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from refgraph.config import Settings
from refgraph.ids import is_valid_doi, normalize_doi
from refgraph.model import Issue, Reference
from refgraph.net import crossref, doi as doiorg
from refgraph.net.crossref import Updates
from refgraph.net.http import make_session
from refgraph.net.match import DIFFERENT, LIKELY, SAME, Match, compare, without_identifiers

MIN_QUERY_CHARS = 25


@dataclass(frozen=True)
class Resolution:
    """Everything learnt about one DOI."""

    doi: str
    registered: bool | None
    agency: str = ""
    reference: Reference | None = None  # the metadata, as a Reference (n=0, raw="")
    updates: Updates | None = None
    source: str = ""
    error: str = ""
    offline_miss: bool = False


def resolve_dois(dois, session: requests.Session, settings: Settings) -> dict[str, Resolution]:
    """Metadata and registration for many DOIs in as few requests as the services allow."""
    wanted = sorted({normalize_doi(d) for d in dois if is_valid_doi(normalize_doi(d))})
    out: dict[str, Resolution] = {}
    lookups = crossref.get_works(wanted, session, settings)
    missing = [d for d, lk in lookups.items() if lk.found is False]
    agencies = doiorg.registration_agencies(missing, session, settings) if missing else {}
    for doi, lookup in lookups.items():
        if lookup.found:
            out[doi] = _from_lookup(lookup, True, "Crossref")
        elif lookup.found is None:
            out[doi] = Resolution(doi, None, error=lookup.error, offline_miss=lookup.offline_miss)
    if missing:
        with ThreadPoolExecutor(max_workers=max(1, min(settings.check_workers, len(missing)))) as pool:
            found = pool.map(lambda d: _elsewhere(d, agencies.get(d, ""), session, settings), missing)
            out.update(zip(missing, found))
    return out


def _from_lookup(lookup: crossref.Lookup, registered: bool | None, agency: str) -> Resolution:
    return Resolution(lookup.doi, registered, agency, crossref.to_reference(lookup.message),
                      crossref.updates(lookup.message), lookup.source)


def _elsewhere(doi: str, agency: str, session: requests.Session, settings: Settings) -> Resolution:
    """A DOI Crossref does not hold: another agency's metadata, or proof it does not exist."""
    if agency and agency.lower() != "crossref":
        lookup = doiorg.negotiate_csl(doi, session, settings, agency)
        if lookup.found:
            return _from_lookup(lookup, True, agency)
    handle = doiorg.handle_status(doi, session, settings)
    return Resolution(doi, handle.registered, agency, error=handle.error,
                      offline_miss=handle.offline_miss,
                      source="handle" if handle.registered is not None else "")


@dataclass(frozen=True)
class Discovery:
    """A search for the DOI of a reference that has none: the accepted candidate, if any."""

    n: int
    doi: str = ""
    candidate: Reference | None = None
    match: Match | None = None
    rejected: tuple[str, ...] = ()
    error: str = ""
    offline_miss: bool = False

    def evidence(self) -> dict:
        return {"doi": self.doi, "match": self.match.to_json() if self.match else None,
                "rejected": list(self.rejected), "error": self.error}


def search_text(raw: str) -> str:
    """The reference string without its links and identifiers, which only add noise to a search."""
    raw = re.sub(r"\b(?:available (?:at|from)|accessed|retrieved(?: from)?)\b:?", " ", without_identifiers(raw),
                 flags=re.I)
    return " ".join(raw.split())


def discover(ref: Reference, session: requests.Session, settings: Settings) -> Discovery:
    """Search Crossref with the reference string; accept a candidate only if its fields agree."""
    query = search_text(ref.raw)
    if len(query) < MIN_QUERY_CHARS:
        return Discovery(ref.n, error="reference string too short to search for")
    found = crossref.search_bibliographic(query, session, settings)
    if found.error:
        return Discovery(ref.n, error=found.error, offline_miss=found.offline_miss)
    best, rejected = None, []
    for item in found.items:
        candidate = crossref.to_reference(item)
        if not candidate.doi:
            continue
        match = compare(ref, candidate, guess_kind=True)
        ok = match.grade in (SAME, LIKELY) and match.score >= settings.match_threshold
        if ok and (best is None or match.score > best[1].score):
            best = (candidate, match)
        elif not ok:
            why = ", ".join(f"{c.field} {c.score:.2f}" for c in match.checks) or "no fields"
            rejected.append(f"{candidate.doi}: {match.grade} ({why}{'; ' if match.notes else ''}"
                            f"{'; '.join(match.notes)})")
    if best is None:
        return Discovery(ref.n, rejected=tuple(rejected))
    return Discovery(ref.n, best[0].doi, best[0], best[1], tuple(rejected))


def discover_many(refs, session: requests.Session, settings: Settings) -> list[Discovery]:
    """Discovery for many references at once, in their order; the per-host gate keeps it polite.

    A list, not a mapping by reference number: references of different documents share numbers.
    """
    refs = list(refs)
    with ThreadPoolExecutor(max_workers=max(1, settings.check_workers)) as pool:
        return list(pool.map(lambda r: discover(r, session, settings), refs))


@dataclass(frozen=True)
class Enriched:
    """One reference after enrichment: the merged record plus the evidence behind it."""

    reference: Reference  # resolved fields win over parsed ones (unless the DOI names another work)
    parsed: Reference  # as parsed, kept as evidence
    resolved: Reference | None = None
    doi_source: str = ""  # "parsed", "discovered" or ""
    match: Match | None = None
    registered: bool | None = None
    agency: str = ""
    retracted: bool | None = None
    discovery: Discovery | None = None

    def evidence(self) -> dict:
        return {"doi_source": self.doi_source, "registered": self.registered, "agency": self.agency,
                "retracted": self.retracted, "match": self.match.to_json() if self.match else None,
                "discovery": self.discovery.evidence() if self.discovery else None}


def merge(parsed: Reference, resolved: Reference) -> Reference:
    """Resolved fields win; parsed ones fill what the registry left empty. n, raw, span stay."""
    changes = {}
    for name in ("type", "title", "authors", "editors", "year", "container_title", "volume",
                 "issue", "page", "publisher", "publisher_place", "doi", "isbn"):
        value = getattr(resolved, name)
        if value and not (name == "type" and value == "document"):
            changes[name] = value
    return parsed.with_(**changes)


def enrich(references, settings: Settings, session: requests.Session | None = None,
           discover_missing: bool = True) -> list[Enriched]:
    """Resolve the DOIs of `references`, discover DOIs for the others, and merge the metadata.

    Returns one `Enriched` per input reference, in order. Nothing is raised for a failed lookup:
    the record is kept as parsed and the failure appears in its issues.
    """
    refs = list(references)
    session = session or make_session(settings)
    resolutions = resolve_dois([r.doi for r in refs if r.doi], session, settings)
    searchable = [i for i, r in enumerate(refs) if not r.doi] if discover_missing else []
    found = dict(zip(searchable, discover_many([refs[i] for i in searchable], session, settings)))
    return [_enrich_one(r, resolutions, found.get(i)) for i, r in enumerate(refs)]


def _enrich_one(ref: Reference, resolutions: dict, discovery: Discovery | None) -> Enriched:
    if discovery is not None:
        if not discovery.doi:
            return Enriched(ref, ref, discovery=discovery)
        merged = merge(ref, discovery.candidate)
        return Enriched(merged, ref, discovery.candidate, "discovered", discovery.match,
                        True, "Crossref", None, discovery)
    res = resolutions.get(normalize_doi(ref.doi)) if ref.doi else None
    if res is None:
        if ref.doi:
            return Enriched(ref.with_(issues=ref.issues + (Issue("doi-invalid", f"{ref.doi} is not a valid DOI"),)), ref)
        return Enriched(ref, ref)
    retracted = res.updates.retracted if res.updates else None
    if res.reference is None:
        why = "not registered" if res.registered is False else (res.error or "no metadata found")
        issue = Issue("doi-unresolved", f"{res.doi}: {why}")
        return Enriched(ref.with_(issues=ref.issues + (issue,)), ref, None, "parsed", None,
                        res.registered, res.agency, retracted)
    match = compare(ref, res.reference)
    if match.grade == DIFFERENT:
        issue = Issue("doi-mismatch", f"{res.doi} names a different work ({', '.join(match.disagreeing)} disagree)")
        return Enriched(ref.with_(issues=ref.issues + (issue,)), ref, res.reference, "parsed", match,
                        res.registered, res.agency, retracted)
    return Enriched(merge(ref, res.reference), ref, res.reference, "parsed", match,
                    res.registered, res.agency, retracted)


@dataclass(frozen=True)
class Resolved:
    """Metadata for the DOIs that resolved, and (doi, why) for the ones that did not."""

    references: tuple[Reference, ...]
    failures: tuple[tuple[str, str], ...]


def resolve_metadata(dois, settings: Settings, session: requests.Session | None = None) -> Resolved:
    """The metadata of each DOI (in the order given), for `refgraph resolve`."""
    session = session or make_session(settings)
    wanted = [(d, normalize_doi(d)) for d in dois]
    results = resolve_dois([n for _, n in wanted if n], session, settings)
    refs, failures = [], []
    for given, doi in wanted:
        res = results.get(doi)
        if not is_valid_doi(doi) or res is None:
            failures.append((given, "not a valid DOI (expected 10.<registrant>/<suffix>)"))
        elif res.reference is not None:
            refs.append(res.reference.with_(n=len(refs) + 1))
        elif res.registered is False:
            failures.append((doi, "not registered: no agency knows this DOI"))
        else:
            failures.append((doi, res.error or "registered, but no agency gave metadata"))
    return Resolved(tuple(refs), tuple(failures))
