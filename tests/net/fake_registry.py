"""A stand-in for Crossref and doi.org on a real HTTP server at 127.0.0.1 (pytest-httpserver).

It answers the way the recorded services do (see tests/fixtures/http/README.md): Crossref
`/works/{doi}`, `/works?filter=doi:...`, `/works?query.bibliographic=...` (gzip JSON, 404 text
`Resource not found.`, `X-Rate-Limit-*` headers), doi.org `/ra/{doi,...}`, `/api/handles/{doi}`
and content negotiation (302 to the agency, then CSL-JSON). It can add latency, enforce a rate
limit and a concurrency cap (answering 429 and counting breaches), and fail on demand.
Used by the tests, benchmarks/resolve.py and benchmarks/check_seeds.py (which put tests/net on
sys.path).
"""
from __future__ import annotations

import collections
import gzip
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from pytest_httpserver import HTTPServer
from rapidfuzz import fuzz
from werkzeug import Request, Response

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "http"
SEED_DOIS = ("10.1111/bjc.12268", "10.1080/03069885.2018.1516860", "10.1177/1359105318755264",
             "10.1111/bjc.12264", "10.1111/bjc.12259", "10.1192/bjp.bp.115.171017")


def load_works() -> dict[str, dict]:
    data = json.loads((FIXTURES / "crossref_seed_works.json").read_text(encoding="utf-8"))
    works = {w["DOI"].lower(): w for w in data["works"]}
    pone = json.loads((FIXTURES / "crossref_work_pone.0033693.json").read_text(encoding="utf-8"))["message"]
    works[pone["DOI"].lower()] = pone
    return works


def load_other_agencies() -> dict[str, tuple[str, dict]]:
    jalc = json.loads((FIXTURES / "jalc_csl_10.18942_apg.201812.json").read_text(encoding="utf-8"))
    return {"10.18942/apg.201812": ("JaLC", jalc)}


@dataclass
class Registry:
    """State of the fake services; `install(server)` routes every request to `handle`."""

    works: dict = field(default_factory=load_works)
    others: dict = field(default_factory=load_other_agencies)  # doi -> (agency, CSL item)
    unregistered_prefix_ok: bool = True
    latency: float = 0.0
    rate_limit: int = 0  # requests per second; 0 = no limit enforced
    concurrency: int = 0  # 0 = no cap enforced
    pool: str = "polite"
    fail_next: list = field(default_factory=list)  # Responses to send before normal service
    log: list = field(default_factory=list)  # (method, path, query) of every request
    agents: list = field(default_factory=list)  # User-Agent of every request
    breaches: int = 0
    max_in_flight: int = 0
    _times: collections.deque = field(default_factory=collections.deque)
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self, server: HTTPServer) -> "Registry":
        server.expect_request(re.compile(r"/.*")).respond_with_handler(self.handle)
        return self

    # -- throttling ------------------------------------------------------------------------
    def _admit(self) -> bool:
        with self._lock:
            now = time.monotonic()
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            while self._times and now - self._times[0] >= 1.0:
                self._times.popleft()
            over_rate = self.rate_limit and len(self._times) >= self.rate_limit
            over_conc = self.concurrency and self._in_flight > self.concurrency
            self._times.append(now)
            if over_rate or over_conc:
                self.breaches += 1
                return False
            return True

    def _headers(self) -> dict:
        if self.pool == "polite":
            return {"X-Rate-Limit-Limit": str(self.rate_limit or 10), "X-Rate-Limit-Interval": "1s",
                    "X-Concurrency-Limit": str(self.concurrency or 3), "X-Api-Pool": "polite"}
        return {"X-Rate-Limit-Limit": str(self.rate_limit or 5), "X-Rate-Limit-Interval": "1s",
                "X-Concurrency-Limit": str(self.concurrency or 1), "X-Api-Pool": "public"}

    def handle(self, request: Request) -> Response:
        self.log.append((request.method, request.path, request.query_string.decode()))
        self.agents.append(request.headers.get("User-Agent", ""))
        admitted = self._admit()
        try:
            if self.latency:
                time.sleep(self.latency)
            if not admitted:
                return Response("<html><body><h1>429 Too Many Requests</h1>You have sent too many "
                                "requests in a given amount of time.</body></html>", 429,
                                {"Retry-After": "1", **self._headers()}, content_type="text/html")
            if self.fail_next:
                return self.fail_next.pop(0)
            return self.route(request)
        finally:
            with self._lock:
                self._in_flight -= 1

    # -- routes ----------------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/works"):
            return self.crossref(request, path[len("/works"):].lstrip("/"))
        if path.startswith("/ra/"):
            return self.ra(path[len("/ra/"):])
        if path.startswith("/api/handles/"):
            return self.handles(path[len("/api/handles/"):].lower())
        if path.startswith("/cn/"):
            return self.csl(path[len("/cn/"):].lower())
        if re.match(r"/10\.\d{4,9}/", path):
            return self.negotiate(request, path[1:].lower())
        return Response("not found", 404)

    def _json(self, data, status: int = 200, request: Request | None = None,
              content_type: str = "application/json") -> Response:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        headers = dict(self._headers())
        if request is not None and "gzip" in request.headers.get("Accept-Encoding", "") and len(body) > 512:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return Response(body, status, headers, content_type=content_type)

    def crossref(self, request: Request, rest: str) -> Response:
        if rest:
            work = self.works.get(rest.lower())
            if work is None:
                return Response("Resource not found.", 404, self._headers(), content_type="text/plain")
            return self._json({"status": "ok", "message-type": "work", "message-version": "1.0.0",
                               "message": work}, request=request)
        args = request.args
        if "filter" in args:
            dois = [part[4:].lower() for part in args["filter"].split(",") if part.startswith("doi:")]
            items = [self.works[d] for d in dois if d in self.works]
        elif "query.bibliographic" in args:
            items = self.search(args["query.bibliographic"], int(args.get("rows", 20)))
        else:
            items = []
        return self._json({"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                           "message": {"facets": {}, "total-results": len(items), "items": items,
                                       "items-per-page": len(items), "query": {"start-index": 0}}},
                          request=request)

    def search(self, query: str, rows: int) -> list[dict]:
        scored = []
        for work in self.works.values():
            text = " ".join([" ".join(work.get("title", [])), " ".join(a.get("family", "") for a in work.get("author", [])),
                             " ".join(work.get("container-title", [])), str(work["issued"]["date-parts"][0][0])])
            score = fuzz.token_set_ratio(query.lower(), text.lower())
            scored.append((score, work))
        scored.sort(key=lambda pair: -pair[0])
        return [dict(w, score=s) for s, w in scored[:rows] if s > 30]

    def ra(self, dois: str) -> Response:
        rows = []
        for doi in dois.split(","):
            doi = doi.lower()
            if doi in self.works:
                rows.append({"DOI": doi, "RA": "Crossref"})
            elif doi in self.others:
                rows.append({"DOI": doi, "RA": self.others[doi][0]})
            else:
                rows.append({"DOI": doi, "status": "DOI does not exist"})
        return self._json(rows, content_type="application/json;charset=UTF-8")

    def handles(self, doi: str) -> Response:
        if doi in self.works or doi in self.others:
            return self._json({"responseCode": 1, "handle": doi, "values": [
                {"index": 1, "type": "URL", "data": {"format": "string", "value": f"https://example.org/{doi}"}}]})
        return self._json({"responseCode": 100, "handle": doi}, 404)

    def negotiate(self, request: Request, doi: str) -> Response:
        if doi not in self.works and doi not in self.others:
            return Response("<html><head><title>Error: DOI Not Found</title></head></html>", 404,
                            content_type="text/html")
        if "citationstyles" in request.headers.get("Accept", ""):
            return Response("", 302, {"Location": f"/cn/{quote(doi, safe='/')}"})
        return Response("", 302, {"Location": f"https://example.org/{doi}"})

    def csl(self, doi: str) -> Response:
        if doi in self.others:
            return self._json(self.others[doi][1], content_type="application/vnd.citationstyles.csl+json")
        return Response("not found", 404)
