"""Check DOIs and URLs, producing one `LinkStatus` per (target, source).

A DOI is checked for syntax, registration, agency, whether its metadata is the work the citing
reference describes, and editorial notices (retraction, correction). A URL is fetched (HEAD,
then GET when HEAD is refused) and classified: ok, moved, dead (404/410, no such host),
blocked (403/429: publishers turning robots away, which says nothing about the page), timed
out. Everything that goes wrong is a status, never an exception.
"""
from __future__ import annotations

import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from refgraph.config import Settings
from refgraph.ids import doi_from_url, is_valid_doi, normalize_doi, url_scheme
from refgraph.model import Issue, LinkStatus, Reference
from refgraph.net.http import DeadlineExceeded, ResponseTooLarge, is_offline_miss
from refgraph.net.match import DIFFERENT, LIKELY, compare, compare_context
from refgraph.net.resolve import Resolution, resolve_dois

OK, WARNING, BROKEN, UNKNOWN = "ok", "warning", "broken", "unknown"
BLOCKED_STATUSES = frozenset({401, 403, 429, 999})  # 999: LinkedIn's "go away, robot"
DEAD_STATUSES = frozenset({404, 410})
PERMANENT_REDIRECTS = frozenset({301, 308})


@dataclass(frozen=True)
class Target:
    """Something to check, where it was found, and the reference that cites it (if any)."""

    kind: str  # "doi" | "url"
    target: str
    source: str  # "<file>#<n>"
    reference: Reference | None = None
    context: str = ""  # the sentences that cite the reference (articles only)


# ---- DOIs ------------------------------------------------------------------------------------

def check_dois(targets: list[Target], session: requests.Session, settings: Settings) -> list[LinkStatus]:
    resolutions = resolve_dois([t.target for t in targets], session, settings)
    return [_doi_status(t, resolutions.get(normalize_doi(t.target))) for t in targets]


def _doi_status(target: Target, res: Resolution | None) -> LinkStatus:
    doi = normalize_doi(target.target)
    if not is_valid_doi(doi):
        return LinkStatus("doi", target.target, target.source, BROKEN,
                          (Issue("invalid-doi", "not a valid DOI (expected 10.<registrant>/<suffix>)"),))
    if res is None or (res.registered is None and res.reference is None):
        why = res.error if res else "not looked up"
        problem = f"not checked: {why}" if res and res.offline_miss else f"could not check: {why}"
        return LinkStatus("doi", doi, target.source, UNKNOWN, (Issue("unchecked", problem),))
    problems: list[Issue] = []
    status = OK
    if res.registered is False:
        return LinkStatus("doi", doi, target.source, BROKEN,
                          (Issue("unregistered", "DOI is not registered (doi.org has no such handle)"),),
                          registered=False, agency=res.agency)
    match = compare(target.reference, res.reference) if target.reference and res.reference else None
    if match is not None and match.grade is None and target.context:
        match = compare_context(target.context, res.reference)
    details = {"resolved": res.reference.to_csl() if res.reference else None,
               "match": match.to_json() if match else None, "source": res.source,
               "notices": list(res.updates.notices) if res.updates else []}
    if res.reference is None:
        problems.append(Issue("no-metadata", "registered, but no metadata could be fetched to compare"))
        status = WARNING
    elif match and match.grade == DIFFERENT:
        status = BROKEN
        problems.append(Issue("different-work", f"DOI names a different work: {_describe(res.reference)}"
                              + (f" ({', '.join(match.disagreeing)} disagree)" if match.disagreeing else "")
                              + (f"; {'; '.join(match.notes)}" if match.notes else "")))
    elif match and match.grade == LIKELY and match.disagreeing:
        status = WARNING
        problems.append(Issue("fields-disagree", f"probably the cited work, but {', '.join(match.disagreeing)} disagree"))
    updates = res.updates
    if updates and updates.retracted:
        status = BROKEN
        problems.append(Issue("retracted", "retracted" + (f" ({'; '.join(updates.notices)})" if updates.notices else "")))
    elif updates and updates.corrected:
        status = WARNING if status == OK else status
        problems.append(Issue("notices", f"has editorial notices: {'; '.join(updates.notices)}"))
    if updates and updates.is_notice_for:
        status = WARNING if status == OK else status
        problems.append(Issue("is-notice", f"this DOI is itself a notice ({'; '.join(updates.is_notice_for)})"))
    return LinkStatus("doi", doi, target.source, status, tuple(problems), registered=res.registered,
                      agency=res.agency, match=match.grade if match else None,
                      retracted=updates.retracted if updates else None, details=details)


def _describe(ref: Reference) -> str:
    who = ref.authors[0].sort_name if ref.authors else ""
    title = ref.title if len(ref.title) <= 70 else ref.title[:67].rsplit(" ", 1)[0] + " ..."
    return " ".join(p for p in (who, f"({ref.year})" if ref.year else "", f"'{title}'") if p)


# ---- URLs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UrlResult:
    """What fetching one URL showed, before it is attached to each place that cites it."""

    status: str
    state: str  # ok moved dead no-host refused blocked timeout error not-fetched offline too-large unreachable
    problems: tuple[str, ...] = ()
    final_url: str = ""
    http_status: int | None = None


# ---- the private-address guard: a cited link must not make refgraph probe the user's network --

ADDRESS_KINDS = ("loopback", "private", "link-local")


class PrivateAddress(requests.RequestException):
    """A link (or a redirect) leads to a loopback, private or link-local address: not fetched."""

    def __init__(self, url: str, kind: str, redirected: bool):
        super().__init__(f"{url}: {kind} address")
        self.url, self.kind, self.redirected = url, kind, redirected


def allowed_kinds(setting: str) -> frozenset[str]:
    """The address kinds `Settings.check_private` lets through ("all", or a comma list)."""
    words = {w.strip().lower() for w in setting.replace(" ", ",").split(",") if w.strip()}
    if words & {"all", "1", "true", "yes", "on"}:
        return frozenset(ADDRESS_KINDS)
    return frozenset(words & set(ADDRESS_KINDS))


def address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback or ip.is_unspecified:  # 0.0.0.0 reaches this machine too
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private or ip.is_reserved or ip.is_multicast or getattr(ip, "is_site_local", False):
        return "private"
    return None


def host_kind(url: str, resolve: bool = True) -> str | None:
    """The kind of the most private address the URL's host stands for, or None if all public.

    A name that does not resolve is left to the request, which reports it as no such host;
    with resolve=False (offline: not even a DNS query goes out) only addresses are judged."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return None
    try:
        return address_kind(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host.replace(".", "").replace("x", "").replace("X", "").isalnum() and host[:1].isdigit():
        try:  # the legacy forms a resolver also reads: 2130706433, 127.1, 0x7f.1
            return address_kind(ipaddress.IPv4Address(socket.inet_aton(host)))
        except OSError:
            pass
    if not resolve:
        return None
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):
        return None
    kinds = {address_kind(ipaddress.ip_address(info[4][0].split("%")[0])) for info in infos}
    return next((k for k in ADDRESS_KINDS if k in kinds), None)


def _redirect_guard(allowed: frozenset[str], resolve: bool):
    """A response hook refusing to follow a redirect to an address that is not allowed."""
    def hook(response, *args, **kwargs):
        if response.is_redirect:
            target = urljoin(response.url, response.headers.get("location", ""))
            kind = host_kind(target, resolve)
            if kind and kind not in allowed:
                response.close()
                raise PrivateAddress(target, kind, redirected=True)
        return response
    return hook


def _skipped(exc: PrivateAddress) -> UrlResult:
    where = f"redirects to {exc.url}, a" if exc.redirected else "a"
    why = (f"not checked: {where} {exc.kind} address (refgraph does not probe local networks; "
           f"allow with --check-private or REFGRAPH_CHECK_PRIVATE)")
    return UrlResult(UNKNOWN, "skipped-private", (why,), exc.url)


def check_url(url: str, session: requests.Session, check_private: str = "", offline: bool = False) -> UrlResult:
    """Fetch one link; loopback, private and link-local hosts only if `check_private` allows."""
    scheme = url_scheme(url)
    if scheme and scheme not in ("http", "https"):
        return UrlResult(WARNING, "not-fetched", (f"{scheme}:// link not fetched: only http and https "
                                                  f"are checked, and readers may not be able to open it",))
    url = url if scheme else "https://" + url
    allowed = allowed_kinds(check_private)
    hooks = {"response": [_redirect_guard(allowed, not offline)]} if allowed != set(ADDRESS_KINDS) else None
    try:
        kind = host_kind(url, not offline) if hooks else None
        if kind and kind not in allowed:
            raise PrivateAddress(url, kind, redirected=False)
        response = session.head(url, allow_redirects=True, hooks=hooks)
        if response.status_code >= 400 and response.status_code != 429 and not is_offline_miss(response):
            response = session.get(url, allow_redirects=True, hooks=hooks)  # many servers mishandle HEAD
    except PrivateAddress as exc:
        return _skipped(exc)
    except ResponseTooLarge as exc:
        return UrlResult(OK, "too-large", ("the body is over the size limit; the page answered",),
                         exc.url, exc.status_code)
    except requests.RequestException as exc:
        return classify_error(exc)
    except (urllib3.exceptions.HTTPError, OSError) as exc:  # a library's stray error: this link's, not the batch's
        return UrlResult(WARNING, "error", (f"could not check: {type(exc).__name__}: {str(exc)[:120]}",))
    return classify_response(url, response)


def classify_response(url: str, response: requests.Response) -> UrlResult:
    code = response.status_code
    final = response.url or url
    if is_offline_miss(response):
        return UrlResult(UNKNOWN, "offline", ("not checked: offline and not in the cache",))
    if code in DEAD_STATUSES:
        return UrlResult(BROKEN, "dead", (f"dead: HTTP {code}",), final, code)
    if code in BLOCKED_STATUSES:
        return UrlResult(WARNING, "blocked", (f"blocked for robots: HTTP {code} (the site refuses "
                                              f"automated checks; this says nothing about the page)",),
                         final, code)
    if code >= 400:
        return UrlResult(WARNING, "error", (f"HTTP {code} after retries",), final, code)
    permanent = [r for r in response.history if r.status_code in PERMANENT_REDIRECTS]
    if permanent and _differs(url, final):
        return UrlResult(WARNING, "moved", (f"moved permanently to {final}: update the link",), final, code)
    return UrlResult(OK, "ok", (), final, code)


def _differs(a: str, b: str) -> bool:
    """A move worth reporting: not just http->https or a trailing slash."""
    def key(u: str) -> str:
        p = urlsplit(u)
        return f"{p.netloc.lower().removeprefix('www.')}{p.path.rstrip('/')}?{p.query}"
    return key(a) != key(b)


def classify_error(exc: requests.RequestException) -> UrlResult:
    if isinstance(exc, DeadlineExceeded):
        why = f"timed out: {str(exc).rsplit(': ', 1)[-1]} (the server answers too slowly)"
        return UrlResult(WARNING, "timeout", (why,))
    if isinstance(exc, requests.TooManyRedirects):
        return UrlResult(BROKEN, "dead", ("redirect loop (or too many redirects)",))
    if isinstance(exc, requests.Timeout) and not isinstance(exc, requests.ConnectTimeout):
        return UrlResult(WARNING, "timeout", ("timed out waiting for the server",))
    if isinstance(exc, requests.ConnectTimeout):
        return UrlResult(WARNING, "timeout", ("timed out connecting to the server",))
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                        requests.exceptions.MissingSchema)):
        return UrlResult(BROKEN, "dead", (f"malformed or unfetchable URL ({exc})",))
    if isinstance(exc, requests.ConnectionError):
        text = str(exc)
        if "NameResolution" in text or "Name or service not known" in text or "nodename nor servname" in text \
                or "getaddrinfo" in text:
            return UrlResult(BROKEN, "no-host", ("dead: no such host (DNS lookup failed)",))
        if "Connection refused" in text:
            return UrlResult(BROKEN, "refused", ("dead: connection refused",))
        return UrlResult(WARNING, "error", (f"connection failed: {text[:160]}",))
    return UrlResult(WARNING, "error", (f"request failed: {str(exc)[:160]}",))


def check_urls(targets: list[Target], session: requests.Session, settings: Settings,
               progress=None) -> list[LinkStatus]:
    """Each distinct URL fetched once (threads; the per-host gate keeps it polite)."""
    unique = sorted({t.target for t in targets})
    results: dict[str, UrlResult] = {}

    def run(url: str) -> None:
        results[url] = check_url(url, session, settings.check_private, settings.offline)
        if progress:
            progress(1)

    with ThreadPoolExecutor(max_workers=max(1, settings.check_workers)) as pool:
        list(pool.map(run, unique))
    _no_network(results)
    out = []
    for t in targets:
        r = results[t.target]
        problems = tuple(Issue(r.state, message) for message in r.problems)
        out.append(LinkStatus("url", t.target, t.source, r.status, problems, r.final_url, r.http_status,
                              details={"state": r.state}))
    return out


def _no_network(results: dict[str, UrlResult]) -> None:
    """If no host at all could be reached, the machine is offline: that proves no link dead."""
    fetched = {u: r for u, r in results.items() if r.state != "not-fetched"}
    hosts = {urlsplit(u if url_scheme(u) else "https://" + u).netloc for u in fetched}
    if len(hosts) >= 2 and all(r.state in ("no-host", "refused") for r in fetched.values()):
        for url in fetched:
            results[url] = UrlResult(UNKNOWN, "unreachable", ("not checked: no host could be reached "
                                                             "(is this machine offline?)",))


def check_targets(targets: list[Target], session: requests.Session, settings: Settings,
                  progress=None) -> list[LinkStatus]:
    """DOIs (batched) and URLs (concurrent); a doi.org URL is checked as its DOI."""
    dois, urls = [], []
    for t in targets:
        doi = doi_from_url(t.target) if t.kind == "url" else ""
        if t.kind == "doi" or doi:
            dois.append(Target("doi", doi or t.target, t.source, t.reference, t.context))
        else:
            urls.append(t)
    statuses = check_dois(dois, session, settings) if dois else []
    if progress and dois:
        progress(len(dois))
    if urls and not settings.check_urls:
        off = (Issue("skipped", "not checked: URL checks are off"),)
        return statuses + [LinkStatus("url", t.target, t.source, UNKNOWN, off,
                                      details={"state": "skipped"}) for t in urls]
    return statuses + (check_urls(urls, session, settings, progress) if urls else [])
