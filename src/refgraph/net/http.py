"""The one HTTP session every network call goes through.

Why one session: politeness (User-Agent with mailto, per-host rate limit and concurrency cap that
follow Crossref's `X-Rate-Limit-*` headers, retries that honour `Retry-After`), safety (only http
and https, capped redirects and body sizes) and speed (a persistent requests-cache SQLite cache,
and an offline mode that answers from it alone) are then properties of the program, not of each
caller. Throttling and retries live in the transport adapter, below the cache, so cache hits
never wait for a rate-limit slot.
"""
from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import requests_cache
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from refgraph import __version__
from refgraph.config import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0
MIN_RATE, MAX_RATE = 0.2, 50.0  # requests/s a server's announced limit is clamped to  # a server asking us to wait longer than this gets its error back
CACHEABLE_STATUSES = (200, 203, 300, 301, 302, 303, 307, 308, 404, 410)


class ResponseTooLarge(requests.RequestException):
    """The body went past `Settings.max_body_bytes`; the status line is still known."""

    def __init__(self, message: str, status_code: int | None = None, url: str = ""):
        super().__init__(message)
        self.status_code = status_code
        self.url = url


class OfflineMiss(requests.ConnectionError):
    """Offline mode and the answer is not in the cache: nothing was sent."""


class DeadlineExceeded(requests.Timeout):
    """No complete answer within `Settings.request_deadline` (a server trickling bytes)."""


# ---- the deadline: a watchdog that shuts the socket of a request that takes too long ---------
# Read timeouts bound each wait for a byte, so a server that sends one byte a second never
# trips them. The connections below register with their thread's watchdog at each request;
# when the deadline passes, the watchdog shuts the socket down and the blocked read returns.

_watch = threading.local()


class _Watchdog:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.fired = False
        self.connections: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire) if seconds > 0 else None

    def __enter__(self) -> _Watchdog:
        _watch.dog = self
        if self._timer:
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        _watch.dog = None
        if self._timer:
            self._timer.cancel()

    def register(self, conn) -> None:
        with self._lock:
            self.connections.append(conn)
            late = self.fired
        if late:
            _shut(conn)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            conns = list(self.connections)
        for conn in conns:
            _shut(conn)


def _shut(conn) -> None:
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _watched(cls):
    """A connection class that registers with its thread's watchdog before each request."""
    class Watched(cls):
        def request(self, *args, **kwargs):
            dog = getattr(_watch, "dog", None)
            if dog is not None:
                dog.register(self)
            return super().request(*args, **kwargs)
    Watched.__name__ = "Watched" + cls.__name__
    return Watched


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _watched(HTTPConnectionPool.ConnectionCls)


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _watched(HTTPSConnectionPool.ConnectionCls)


def user_agent(settings: Settings) -> str:
    """Crossref routes requests that name a mailto to its polite pool."""
    ua = f"refgraph/{__version__} (https://github.com/refgraph/refgraph"
    return ua + (f"; mailto:{settings.mailto})" if settings.mailto else ")")


class HostGate:
    """Rate limit and concurrency cap for one host, adjustable while in use.

    Request starts are spaced `interval / limit` apart (plus a small margin, so that a server
    counting any sliding window never sees limit + 1), and at most `concurrency` requests are in
    flight. Both follow the server's announced limits.
    """

    MARGIN = 1.05

    def __init__(self, rate: float, concurrency: int, max_concurrency: int):
        self._cond = threading.Condition()
        self.rate = max(rate, 0.01)
        self.concurrency = max(1, concurrency)
        self.max_concurrency = max(1, max_concurrency)
        self.in_flight = 0
        self._next_start = 0.0

    def acquire(self) -> None:
        with self._cond:
            while self.in_flight >= self.concurrency:
                self._cond.wait()
            self.in_flight += 1
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self.MARGIN / self.rate
        if start > now:
            time.sleep(start - now)

    def release(self) -> None:
        with self._cond:
            self.in_flight -= 1
            self._cond.notify_all()

    def adapt(self, headers) -> None:
        """Follow X-Rate-Limit-Limit / -Interval and X-Concurrency-Limit when a server sends them."""
        limit = _number(headers.get("X-Rate-Limit-Limit"))
        interval = _seconds(headers.get("X-Rate-Limit-Interval"))
        conc = _number(headers.get("X-Concurrency-Limit"))
        with self._cond:
            if limit and interval:  # clamped: a server cannot stall us for hours, nor invite a flood
                self.rate = min(max(limit / interval, MIN_RATE), MAX_RATE)
            if conc:
                self.concurrency = max(1, min(int(conc), self.max_concurrency))
                self._cond.notify_all()

    def slow_down(self) -> None:
        """A 429 means our idea of the limit was too generous: halve it."""
        with self._cond:
            self.rate = max(self.rate / 2, 0.1)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _seconds(value) -> float | None:
    """'1s', '60s', '1m' or a bare number of seconds."""
    if not value:
        return None
    text = str(value).strip().lower()
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    for unit in ("ms", "s", "m", "h"):
        if text.endswith(unit):
            number = _number(text[: -len(unit)])
            return number * scale[unit] if number else None
    return _number(text)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class GateRegistry:
    """One HostGate per host, created on first use from the settings' defaults."""

    settings: Settings
    gates: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def for_url(self, url: str) -> HostGate:
        host = urlsplit(url).netloc.lower()
        with self.lock:
            gate = self.gates.get(host)
            if gate is None:
                s = self.settings
                gate = HostGate(s.requests_per_second, 1, s.max_connections)
                self.gates[host] = gate
            return gate


class PoliteAdapter(HTTPAdapter):
    """Transport that throttles per host, retries with backoff and caps body sizes."""

    def __init__(self, settings: Settings, gates: GateRegistry):
        super().__init__(pool_connections=16, pool_maxsize=max(4, settings.max_connections * 4),
                         max_retries=0)
        self.settings = settings
        self.gates = gates

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        s = self.settings
        if s.offline:
            raise OfflineMiss(f"offline: {request.url} is not in the cache", request=request)
        if timeout is None:
            timeout = (s.connect_timeout, s.read_timeout)
        gate = self.gates.for_url(request.url)
        attempt, timeouts = 0, 0
        while True:
            gate.acquire()
            try:
                with _Watchdog(s.request_deadline) as dog:
                    response, delay = self._send_within(dog, request, attempt, gate, {
                        "timeout": timeout, "verify": verify, "cert": cert, "proxies": proxies})
                if delay is None:
                    return response
                response.close()
            except DeadlineExceeded:
                raise  # the deadline is all the time this request gets: no retry
            except (requests.ConnectionError, requests.Timeout) as exc:
                # A read timeout already cost read_timeout seconds: try it once more, not max_retries.
                timeouts += isinstance(exc, requests.ReadTimeout)
                if attempt >= s.max_retries or timeouts > 1:
                    raise
                delay = self._backoff(attempt)
            finally:
                gate.release()
            attempt += 1
            time.sleep(delay)

    def _send_within(self, dog: _Watchdog, request, attempt: int, gate: HostGate, kwargs: dict):
        """(response, seconds before a retry or None): the body of a response to be handed back
        is read here, before the watchdog fires."""
        try:
            response = super().send(request, stream=True, **kwargs)
            gate.adapt(response.headers)
            delay = self._retry_delay(response, attempt, gate)
            if delay is None and request.method != "HEAD":
                self._read_capped(response)
            return response, delay
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            if dog.fired:
                raise DeadlineExceeded(f"{request.url}: no complete answer within {dog.seconds:g} s",
                                       request=request) from exc
            raise

    def _retry_delay(self, response, attempt: int, gate: HostGate) -> float | None:
        """Seconds to wait before trying again, or None to hand this response back.

        A Retry-After longer than MAX_RETRY_AFTER is obeyed by not retrying at all.
        """
        if response.status_code not in RETRY_STATUSES or attempt >= self.settings.max_retries:
            return None
        if response.status_code == 429:
            gate.slow_down()
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None:
            return asked if asked <= MAX_RETRY_AFTER else None
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: base * 2^attempt, drawn from its upper half."""
        base = self.settings.retry_backoff * (2 ** attempt)
        return random.uniform(base / 2, base)

    def _read_capped(self, response) -> None:
        """Read (and decompress) the body, refusing more than max_body_bytes."""
        limit = self.settings.max_body_bytes
        declared = _number(response.headers.get("Content-Length"))
        if declared and declared > limit and "Content-Encoding" not in response.headers:
            response.close()
            raise ResponseTooLarge(f"{response.url}: body of {int(declared):,} bytes is over the "
                                   f"limit of {limit:,}", response.status_code, response.url)
        chunks, size = [], 0
        for chunk in _body_chunks(response):
            size += len(chunk)
            if size > limit:
                response.close()
                raise ResponseTooLarge(f"{response.url}: body is over the limit of {limit:,} "
                                       f"bytes", response.status_code, response.url)
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True


def _body_chunks(response):
    """Decoded body chunks; a broken stream or bad gzip is a connection error, not a crash."""
    try:
        yield from response.raw.stream(65536, decode_content=True)
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.ReadTimeout(f"{response.url}: the body stalled ({exc})") from exc
    except (OSError, ValueError, urllib3.exceptions.HTTPError) as exc:  # protocol and decoding errors
        raise requests.ConnectionError(f"{response.url}: body could not be read ({exc})") from exc


def expiry_rules(settings: Settings) -> dict:
    """How long answers stay fresh: metadata changes rarely, link health often."""
    days = settings.cache_expire_days * 86400
    rules = {}
    resolver = _glob(settings.doi_resolver)
    rules[resolver.replace("/*", "/api/handles/*")] = 7 * 86400  # most specific first: first match wins
    rules[resolver.replace("/*", "/ra/*")] = days
    for base in (settings.crossref_api, settings.openalex_api, settings.opencitations_api):
        rules.setdefault(_glob(base), days)
    return rules


def _glob(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.netloc}{parts.path.rstrip('/')}/*"


def make_session(settings: Settings, cache: bool = True) -> requests.Session:
    """The configured session: cached (SQLite under settings.cache_path) unless cache=False."""
    gates = GateRegistry(settings)
    if cache:
        path = settings.cache_path
        path.mkdir(parents=True, exist_ok=True)
        session = requests_cache.CachedSession(
            str(path / "http_cache.sqlite"), backend="sqlite",
            expire_after=86400, urls_expire_after=expiry_rules(settings),
            allowable_codes=CACHEABLE_STATUSES, allowable_methods=("GET", "HEAD"), match_headers=["Accept"],
            stale_if_error=True, only_if_cached=settings.offline,
        )
    else:
        session = requests.Session()
    adapter = PoliteAdapter(settings, gates)
    session.adapters.clear()  # file://, ftp:// and anything else: InvalidSchema, never fetched
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.max_redirects = settings.max_redirects
    session.headers["User-Agent"] = user_agent(settings)
    session.headers["Accept-Encoding"] = "gzip, deflate"
    session.gates = gates  # type: ignore[attr-defined]  # for benchmarks and diagnostics
    return session


def describe_error(exc: Exception) -> str:
    """One short line for a failed request, without urllib3's wall of text."""
    url = getattr(getattr(exc, "request", None), "url", "") or ""
    host = urlsplit(url).netloc or "the server"
    text = str(exc)
    if isinstance(exc, ResponseTooLarge):
        return f"answer from {host} too large"
    if isinstance(exc, requests.TooManyRedirects):
        return f"too many redirects at {host}"
    if isinstance(exc, DeadlineExceeded):
        return f"{host} sent no complete answer in time"
    if isinstance(exc, requests.Timeout):
        return f"{host} timed out"
    if isinstance(exc, requests.ConnectionError):
        for needle, why in (("refused", "connection refused"), ("NameResolution", "no such host"),
                            ("Name or service not known", "no such host"), ("reset", "connection reset")):
            if needle in text:
                return f"cannot reach {host} ({why})"
        return f"cannot reach {host}"
    return f"{type(exc).__name__}: {text[:120]}"


def is_offline_miss(response: requests.Response) -> bool:
    """requests-cache answers 504 in offline mode when the cache has nothing."""
    return response.status_code == 504 and response.reason == "Not Cached"
