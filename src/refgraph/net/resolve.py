"""Resolution and discovery: DOIs -> metadata, references without a DOI -> a found DOI with
evidence, and `enrich`, which the build pipeline calls to do both for a list of references.

Order of questions per DOI, cheapest first: Crossref in batches (most DOIs are Crossref's);
for the ones Crossref lacks, doi.org/ra (batched) names the agency and content negotiation
fetches CSL-JSON; the handle API settles whether a DOI nobody has metadata for exists at all.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import requests

from refgraph.config import Settings
from refgraph.ids import is_valid_doi, normalize_doi
from refgraph.model import Issue, Reference
from refgraph.net import crossref, doi as doiorg
from refgraph.net.crossref import Updates
from refgraph.net.http import make_session
from refgraph.net.match import DIFFERENT, POSSIBLE_MATCH, Match, compare, without_identifiers

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
    """A search for the DOI of a reference that has none: the accepted candidate, if any, and
    the best near miss (a "possible DOI, not applied") when none was accepted."""

    n: int
    doi: str = ""
    candidate: Reference | None = None
    match: Match | None = None
    rejected: tuple[str, ...] = ()
    error: str = ""
    offline_miss: bool = False
    possible: Reference | None = None
    possible_match: Match | None = None

    def evidence(self) -> dict:
        return {"doi": self.doi, "match": self.match.to_json() if self.match else None,
                "possible": {"doi": self.possible.doi, "match": self.possible_match.to_json()}
                if self.possible and self.possible_match else None,
                "rejected": list(self.rejected), "error": self.error}


def search_text(raw: str) -> str:
    """The reference string without its links and identifiers, which only add noise to a search."""
    raw = re.sub(r"\b(?:available (?:at|from)|accessed|retrieved(?: from)?)\b:?", " ", without_identifiers(raw),
                 flags=re.I)
    return " ".join(raw.split())


def discover(ref: Reference, session: requests.Session, settings: Settings) -> Discovery:
    """Search Crossref with the reference string; apply a candidate only when the matcher accepts it.

    Two accepted candidates with different DOIs (a work and its twin) apply neither: the best is
    reported as possible. So is the best near miss when nothing is accepted.
    """
    query = search_text(ref.raw)
    if len(query) < MIN_QUERY_CHARS:
        return Discovery(ref.n, error="reference string too short to search for")
    found = crossref.search_bibliographic(query, session, settings)
    if found.error:
        return Discovery(ref.n, error=found.error, offline_miss=found.offline_miss)
    accepted, possible, rejected = [], [], []
    for item in found.items:
        candidate = crossref.to_reference(item)
        if not candidate.doi:
            continue
        match = compare(ref, candidate)
        if match.accepted and match.score >= settings.match_threshold:
            accepted.append((candidate, match))
            continue
        line = f"{candidate.doi}: {match.verdict or 'nothing to compare'} ({match.summary()})"
        if match.verdict == POSSIBLE_MATCH:
            possible.append((candidate, match, line))
        else:
            rejected.append(line)
    accepted.sort(key=lambda pair: -pair[1].score)
    near = sorted(possible, key=lambda t: -t[1].score)
    if len({c.doi for c, _ in accepted}) > 1 and accepted[1][1].score >= accepted[0][1].score - 0.02:
        (c, m), (twin, _) = accepted[0], accepted[1]
        m = replace(m, notes=m.notes + (f"as likely as {twin.doi}: not applied",))
        return Discovery(ref.n, rejected=tuple(rejected), possible=c, possible_match=m)
    if accepted:
        return Discovery(ref.n, accepted[0][0].doi, accepted[0][0], accepted[0][1],
                         tuple(rejected + [t[2] for t in near]))
    best = near[0] if near else None
    return Discovery(ref.n, rejected=tuple(rejected + [t[2] for t in near[1:]]),
                     possible=best[0] if best else None, possible_match=best[1] if best else None)


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
            if discovery.possible is not None and discovery.possible_match is not None:
                issue = Issue("doi-possible", f"possible DOI {discovery.possible.doi}, not applied "
                                              f"({discovery.possible_match.summary()})")
                return Enriched(ref.with_(issues=ref.issues + (issue,)), ref, discovery=discovery)
            return Enriched(ref, ref, discovery=discovery)
        merged = merge(ref, discovery.candidate)
        evidence = ("refgraph:doi-evidence", f"discovered: {discovery.match.summary()}" if discovery.match else "")
        merged = merged.with_(extra=tuple(e for e in merged.extra if e[0] != evidence[0]) + (evidence,))
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
