"""A local Crossref-like index for measuring DOI discovery (benchmarks/discovery.py, fit_match.py).

Real Crossref holds, beside the work a reference cites, works that look like it: the same
author's other papers in the same journal, the same title by someone else or a year later,
and the corrections, errata, replies and comments that name the work in their titles. Its
search ranks them imperfectly: the right work is not always first. This module builds such an
index from gold references (which carry their DOIs), generates those look-alikes, leaves a
share of the cited works out (books, reports and DataCite works are missing from real
Crossref), and serves `/works/{doi}`, `/works?filter=doi:...` and
`/works?query.bibliographic=...` on 127.0.0.1 with a threaded `http.server`, in the shape of
the recorded responses in ../shared/fixtures/http/.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from rapidfuzz import fuzz, process

GOLD_TYPES = {"article": "journal-article", "book": "book", "chapter": "book-chapter", "report": "report",
              "thesis": "dissertation", "web": "other", "other": "other"}
NOTICES = ("Corrigendum: ", "Erratum: ", "Correction: ", "Correction to: ", "Retraction: ",
           "Reply to: ", "Comment on: ", "Response to: ")
FILLER = ("analysis", "model", "evidence", "effects", "approach", "study", "data", "methods", "review",
          "framework", "dynamics", "patterns", "response", "structure", "role", "design")


@dataclass(frozen=True)
class Cited:
    """One gold reference: where it is cited, its fields, its DOI ('' when it has none)."""

    doc: str
    n: int
    raw: str
    doi: str
    work: dict  # the Crossref message of the cited work (a pseudo-DOI when it has none)


def _year(value) -> int | None:
    m = re.search(r"\d{4}", str(value or ""))
    return int(m.group(0)) if m else None


def _person(name: str) -> dict:
    """A gold author ('Karukes' or, in a few golds, 'Karukes, E. V.') as Crossref's family/given."""
    family, _, given = name.partition(",")
    return {"family": family.strip(), "given": given.strip()} if given.strip() else {"family": family.strip()}


def work_of(ref: dict, doi: str) -> dict:
    """A gold reference as the Crossref message of the work it cites."""
    work: dict = {"DOI": doi, "type": GOLD_TYPES.get(ref.get("type") or "other", "other"),
                  "title": [ref.get("title") or ""], "author": [_person(a) for a in ref.get("authors") or []]}
    if _year(ref.get("year")):
        work["issued"] = {"date-parts": [[_year(ref.get("year"))]]}
    if ref.get("container") and ref.get("container") != ref.get("title"):
        work["container-title"] = [ref["container"]]
    for key, gold_key in (("volume", "volume"), ("issue", "issue"), ("page", "pages"), ("publisher", "publisher")):
        if ref.get(gold_key):
            work[key] = str(ref[gold_key]).replace("\u2013", "-")
    return work


def cited_works(gold: list[tuple[str, dict]]) -> list[Cited]:
    """Every gold reference of every document (doc stem, gold JSON)."""
    out = []
    for doc, data in gold:
        for ref in data.get("references", []):
            doi = (ref.get("doi") or "").lower()
            pseudo = doi or f"10.0000/none.{doc}.{ref['n']}"
            out.append(Cited(doc, ref["n"], ref.get("raw") or "", doi, work_of(ref, pseudo)))
    return out


def _rng(*parts) -> random.Random:
    return random.Random(int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12], 16))


def _bump(value: str, by: int) -> str:
    return str(int(value) + by) if str(value).isdigit() else value


def _pages(rng: random.Random, page: str) -> str:
    first = re.match(r"\d+", page or "")
    start = int(first.group(0)) + rng.choice((-1, 1)) * rng.randint(3, 120) if first else rng.randint(1, 900)
    if start < 1:  # another paper never starts on the same page of the same issue
        start = int(first.group(0)) + rng.randint(3, 120)
    return f"{start}-{start + rng.randint(1, 14)}"


def lookalike(work: dict, kind: str, rng: random.Random, other: dict) -> dict:
    """A work real Crossref would also hold beside `work` (kind: neighbour, other-author,
    year-later, notice, review); `other` lends another reference's author and title words."""
    title = (work.get("title") or [""])[0]
    year = (work.get("issued") or {}).get("date-parts", [[None]])[0][0]
    new = json.loads(json.dumps(work))
    new["DOI"] = f"{work['DOI']}.{kind}"
    new.pop("issue", None) if rng.random() < 0.5 else None
    if kind == "neighbour":  # the same author's other paper in the same journal
        words = title.split()
        keep = [w for w in words if rng.random() < 0.55]
        extra = (other.get("title") or [""])[0].split()[: max(2, len(words) // 3)] or list(rng.sample(FILLER, 3))
        new["title"] = [" ".join(keep[:2] + extra + keep[2:]) or "Further " + title]
        new["page"] = _pages(rng, work.get("page", ""))
        if year and rng.random() < 0.5:
            new["issued"] = {"date-parts": [[year + rng.choice((-1, 1))]]}
            new["volume"] = _bump(work.get("volume", ""), 1 if new["issued"]["date-parts"][0][0] > year else -1)
    elif kind == "other-author":  # the same title by someone else
        new["author"] = (other.get("author") or [{"family": "Morgan"}])[:3]
        new["container-title"] = other.get("container-title") or ["Journal of Applied Studies"]
        new["volume"], new["page"] = str(rng.randint(1, 80)), _pages(rng, "")
        if year:
            new["issued"] = {"date-parts": [[year + rng.choice((-2, -1, 0, 1, 2))]]}
    elif kind == "year-later":  # the same title and authors a year later (a reprint, a journal version)
        if year:
            new["issued"] = {"date-parts": [[year + 1]]}
        new["volume"] = _bump(work.get("volume", "") or str(rng.randint(1, 60)), 1)
        new["page"] = _pages(rng, work.get("page", ""))
        if rng.random() < 0.5:
            new["container-title"] = other.get("container-title") or new.get("container-title", [])
    elif kind == "notice":  # a correction, erratum, retraction, reply or comment naming the work
        prefix = rng.choice(NOTICES)
        new["title"] = [prefix + title]
        new["type"] = "journal-article"
        if prefix.startswith(("Reply", "Comment", "Response")):
            new["author"] = (other.get("author") or [{"family": "Morgan"}])[:2]
        elif rng.random() < 0.3:
            new["author"] = []
        if year and rng.random() < 0.6:
            new["issued"] = {"date-parts": [[year + 1]]}
        start = rng.randint(1, 900)
        new["page"] = str(start) if rng.random() < 0.5 else f"{start}-{start + 1}"
        if rng.random() < 0.5:
            new["volume"] = _bump(work.get("volume", ""), 1)
    elif kind == "review":  # a review of a book, in a journal
        new["title"] = [rng.choice(("Review of ", "Book review: ", "")) + title]
        new["type"] = "journal-article"
        new["author"] = (other.get("author") or [{"family": "Morgan"}])[:1]
        new["container-title"] = other.get("container-title") or ["Journal of Reviews"]
        new["volume"], new["page"] = str(rng.randint(1, 80)), _pages(rng, "")
    return new


KINDS = ("neighbour", "other-author", "year-later", "notice")


@dataclass
class Index:
    """The works, their searchable strings, and which cited works were left out."""

    works: dict[str, dict] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)
    _keys: list[str] = field(default_factory=list)
    _texts: list[str] = field(default_factory=list)

    def add(self, work: dict) -> None:
        if work["DOI"] in self.works:
            return
        self.works[work["DOI"]] = work
        self._keys.append(work["DOI"])
        year = (work.get("issued") or {}).get("date-parts", [[""]])[0][0]
        self._texts.append(" ".join([(work.get("title") or [""])[0], " ".join(a.get("family", "") for a in work.get("author", [])),
                                     (work.get("container-title") or [""])[0], str(year or ""),
                                     work.get("volume", ""), work.get("page", "")]).lower())

    def search(self, query: str, rows: int) -> list[dict]:
        """Best matches first, ranked imperfectly: a noise seeded by the query moves them about."""
        rng = _rng("search", query)
        found = process.extract(query.lower(), self._texts, scorer=fuzz.token_set_ratio, limit=max(rows * 3, 15))
        scored = sorted(((score + rng.gauss(0, 6), self._keys[i]) for _, score, i in found), reverse=True)
        if len(scored) > 1 and rng.random() < 0.25:
            scored[0], scored[1] = scored[1], scored[0]  # the right work is not always first
        return [dict(self.works[doi], score=round(max(score, 1.0), 3)) for score, doi in scored[:rows] if score > 30]


def build_index(cited: list[Cited], absent_share: float = 0.0, stress: bool = False, seed: int = 17) -> Index:
    """Cited works with DOIs (less `absent_share` of them), look-alikes for each of them, and in
    stress mode every look-alike kind for every reference, with a DOI or not (books get reviews)."""
    index = Index()
    with_doi = [c for c in cited if c.doi]
    rng = random.Random(seed)
    absent = set(rng.sample(sorted({c.doi for c in with_doi}), round(absent_share * len({c.doi for c in with_doi}))))
    index.absent = absent
    for i, c in enumerate(cited):
        other = cited[(i * 7 + 13) % len(cited)].work
        r = _rng(seed, c.doc, c.n)
        if c.doi and c.doi not in absent:
            index.add(c.work)
        if stress:
            kinds = KINDS + (("review",) if c.work["type"] in ("book", "book-chapter") else ())
        elif c.doi:
            kinds = tuple(r.sample(KINDS, 2 if r.random() < 0.5 else 1))
        else:
            kinds = ()
        for kind in kinds:
            index.add(lookalike(c.work, kind, r, other))
    return index


class _Handler(BaseHTTPRequestHandler):
    index: Index
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # one line per request would bury the figures
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        for key, value in (("Content-Type", content_type), ("Content-Length", str(len(body))),
                           ("X-Rate-Limit-Limit", "50"), ("X-Rate-Limit-Interval", "1s"),
                           ("X-Concurrency-Limit", "8")):
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _list(self, items: list[dict]) -> None:
        body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                "message": {"facets": {}, "total-results": len(items), "items": items,
                            "items-per-page": len(items), "query": {"start-index": 0}}}
        self._send(200, json.dumps(body).encode())

    def do_GET(self) -> None:  # http.server's name
        url = urlsplit(self.path)
        args = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = unquote(url.path)
        if path.startswith("/works/"):
            work = self.index.works.get(path[len("/works/"):].lower())
            if work is None:
                self._send(404, b"Resource not found.", "text/plain")
            else:
                self._send(200, json.dumps({"status": "ok", "message-type": "work", "message": work}).encode())
        elif path == "/works" and "filter" in args:
            dois = [p[4:].lower() for p in args["filter"].split(",") if p.startswith("doi:")]
            self._list([self.index.works[d] for d in dois if d in self.index.works])
        elif path == "/works" and "query.bibliographic" in args:
            self._list(self.index.search(args["query.bibliographic"], int(args.get("rows", 20))))
        elif path.startswith("/ra/"):
            rows = [{"DOI": d, "RA": "Crossref"} if d.lower() in self.index.works else
                    {"DOI": d, "status": "DOI does not exist"} for d in path[4:].split(",")]
            self._send(200, json.dumps(rows).encode())
        else:
            self._send(404, b"not found", "text/plain")


def serve(index: Index) -> tuple[ThreadingHTTPServer, str]:
    """Start the stand-in on a free port of 127.0.0.1; returns the server and its base URL."""
    handler = type("Handler", (_Handler,), {"index": index})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
