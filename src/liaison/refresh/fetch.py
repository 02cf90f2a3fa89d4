"""Refresh from the department's website: a polite, cached, resumable fetcher.

``python -m liaison fetch --since 2018-06-01 --until 2018-06-30`` finds the department's English news
items in a date window (its listing pages and its site search), downloads each page once through a
``requests-cache`` SQLite cache, codes it by the rules of :mod:`liaison.refresh.extract`, and writes one record
per page into ``data/raw/idcpc-fetched-<since>-<until>/records/``, which ``liaison build`` merges with
the archive. Why each rule:

* **Only the department's hosts** (idcpc.org.cn, idcpc.gov.cn, with or without www, default port) are
  contacted; a local base URL (127.0.0.1, for tests) allows that one origin and nothing else. A host
  is compared exactly (lower-cased): user info (``x@host``), a trailing dot, another port, IDN or
  punycode spellings and look-alikes (``evilidcpc.org.cn``, ``idcpc.org.cn.example.com``) are refused.
  Redirects are followed by hand, one hop at a time (at most :data:`MAX_HOPS`, loops stopped), and a
  hop to any other host, or to a path robots.txt disallows, is refused, not followed.
* **robots.txt** is read first (``urllib.robotparser``) and honoured, with its Crawl-delay (see
  :meth:`PoliteClient.robots` for what each status means).
* **One request per second** by default, and never less than :data:`MIN_INTERVAL` apart against the
  department's site (only a 127.0.0.1 test site may go lower); a page served from the cache does not wait.
* **A deadline per request**: ``timeout`` seconds for the whole request (connect, response and the
  whole body). requests' own timeout is per read, so a server that trickles a byte at a time could hold
  it forever; a watchdog shuts the socket down when the deadline passes, and the request counts as a
  timeout (retried, then :class:`SiteUnreachable`).
* **Retries with exponential backoff** on 429, 5xx, timeouts and dropped connections (``Retry-After``
  in seconds or as an HTTP date is honoured; one asking for more than :data:`MAX_RETRY_AFTER` seconds
  ends the retries for that page); if the site cannot be reached at all, :class:`SiteUnreachable`.
* **Cache**: article pages never expire (they do not change); listing, search and robots pages expire
  after ``listing_ttl`` seconds so a later run sees new items. ``offline=True`` reads the cache only.
* **Never a DOCID twice**: a page whose DOCID the archive (``data/raw/idcpc-en/records``) or another
  raw folder already holds is skipped, and ``fetch-log.tsv`` says where it is.
* **Resumable and verifiable**: an interrupted run loses nothing: every page fetched is cached, each
  record is written to a temporary file then moved into place (``os.replace``), and after each record
  the folder's ``fetch-log.tsv`` and ``SHA256SUMS`` (:mod:`liaison.manifest`) are rewritten the same way,
  so the folder verifies after every record and after any run, interrupted or not.

The date window applies to the posting date in the article's URL (``tYYYYMMDD_N.html``), which is
known before the page is downloaded.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from liaison.paths import ARCHIVE_DIR, CACHE_DIR, RAW_DIR, REFERENCE_DIR
from liaison.pipeline import manifest
from liaison.pipeline.normalize import CountryTable, Roster, url_key
from liaison.pipeline.records import parse_text, validate
from liaison.refresh import DEFAULT_BASE_URL
from liaison.refresh.extract import CODED_BY, code_page, doc_id, format_record, warm_country_table

ALLOWED_HOSTS: frozenset[str] = frozenset(
    {"idcpc.org.cn", "www.idcpc.org.cn", "idcpc.gov.cn", "www.idcpc.gov.cn"}
)
LOCAL_HOSTS: frozenset[str] = frozenset({"127.0.0.1"})
#: Listing sections (paginated as ``index.html``, ``index_1.html``, ...), as the archive's URLs show.
DEFAULT_SECTIONS: tuple[str, ...] = ("english/news/", "english/forenotice/", "english2023/lldt/", "english2023/bzhd/")
#: Site-search channels (``/was5/web/search?channelid=...&page=N``); 237734 is the one archived.
DEFAULT_SEARCH_CHANNELS: tuple[str, ...] = ("237734",)
USER_AGENT = "liaison-fetch/1 (research crawler of the liaison report; one request a second)"
ROBOTS_AGENT = "liaison-fetch"
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES: frozenset[int] = frozenset({301, 302, 303, 307, 308})
#: The longest wait between two attempts, and the longest Retry-After honoured: a server that asks for
#: more is not retried (the page is skipped; a later run picks it up).
MAX_RETRY_AFTER = 120.0
#: Redirects followed per URL (RFC 9309 asks crawlers to follow at least five for robots.txt).
MAX_HOPS = 5
ARTICLE_RE = re.compile(r"^/english(?:2023)?/(?:[\w\-]+/)+(?P<ym>\d{6})/t(?P<day>\d{8})_\d+\.html?$")
#: Article pages never change once posted: their cache entries never expire.
ARTICLE_URL_PATTERN = re.compile(r"/english(?:2023)?/(?:[\w\-]+/)+\d{6}/t\d{8}_\d+\.html?$")
LOG_NAME = "fetch-log.tsv"

# Limits of the options (the command line refuses anything outside them with a usage error, exit 2).
#: Politeness floor: seconds between network requests, and the first retry wait, against the
#: department's site. Only a base URL on 127.0.0.1 (the tests' local imitation) may go lower.
MIN_INTERVAL = 1.0
MIN_BACKOFF = 1.0
MAX_INTERVAL = 600.0
MAX_BACKOFF = 60.0
MAX_TIMEOUT = 300.0
MAX_RETRIES = 10
#: A day: robots.txt is cached under the same time to live, and RFC 9309 (2.4) says a cached
#: robots.txt should not be used for more than 24 hours.
MAX_LISTING_TTL = 86_400
MAX_PAGES = 1_000


class FetchError(RuntimeError):
    """A fetch that cannot go on; the message says why and what to do."""


class BadOption(FetchError, ValueError):
    """An option outside its limits (the command line turns it into a usage error)."""


class SiteUnreachable(FetchError):
    """The site did not answer (connection refused, DNS failure, timeouts after every retry)."""


class Refused(Exception):
    """A URL the politeness rules forbid (other host, robots.txt, too many redirects); skipped, not fetched."""


class NotCached(Exception):
    """Offline mode and the page is not in the cache."""


class HTTPStatus(Exception):
    """A final HTTP error status after retries."""

    def __init__(self, url: str, status: int):
        super().__init__(f"HTTP {status} for {url}")
        self.status = status


class DeadlineExceeded(requests.Timeout):
    """A request that did not complete (connect, response, whole body) within the deadline."""


# ---------------------------------------------------------------- configuration


def check_number(name: str, value: object, low: float, high: float, *, integer: bool = False,
                 low_open: bool = False) -> str | None:
    """Why ``value`` is not a valid ``--name`` (None when it is): finite, within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        return f"--{name} must be a {'whole ' if integer else ''}number, not {value!r}"
    if not math.isfinite(value):
        return f"--{name} must be a finite number, not {value}"
    if value < low or (low_open and value == low) or value > high:
        lower = f"more than {low:g}" if low_open else f"at least {low:g}"
        return f"--{name} must be {lower} and at most {high:g}, not {value:g}"
    return None


#: name -> (low, high, integer, low_open): the limits :func:`check_number` applies to each option.
OPTION_LIMITS: dict[str, tuple[float, float, bool, bool]] = {
    "interval": (0.0, MAX_INTERVAL, False, False),
    "timeout": (0.0, MAX_TIMEOUT, False, True),
    "retries": (0, MAX_RETRIES, True, False),
    "backoff": (0.0, MAX_BACKOFF, False, False),
    "listing-ttl": (1, MAX_LISTING_TTL, True, False),
    "max-pages": (1, MAX_PAGES, True, False),
}


@dataclass
class FetchConfig:
    """Everything a run depends on; the defaults are the polite ones. Invalid values raise BadOption."""

    since: date
    until: date
    out_dir: Path | None = None
    base_url: str = DEFAULT_BASE_URL
    cache_dir: Path = CACHE_DIR
    offline: bool = False
    interval: float = 1.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    listing_ttl: int = 3600
    max_pages: int = 100
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    search_channels: tuple[str, ...] = DEFAULT_SEARCH_CHANNELS
    progress: bool = True
    reference_dir: Path = REFERENCE_DIR
    #: The archive; its DOCIDs (and those of every other folder beside the output folder) are never written.
    archive_dir: Path = ARCHIVE_DIR

    def __post_init__(self) -> None:
        self.check()

    def problems(self) -> list[str]:
        """Every option outside its limits, one message each (empty when the configuration is valid)."""
        found = []
        for name, (low, high, integer, low_open) in OPTION_LIMITS.items():
            problem = check_number(name, getattr(self, name.replace("-", "_")), low, high,
                                   integer=integer, low_open=low_open)
            if problem:
                found.append(problem)
        if self.since > self.until:
            found.append(f"--since {self.since} is after --until {self.until}")
        try:
            local = HostPolicy.for_base(self.base_url).local_origin is not None
        except BadOption as exc:
            found.append(str(exc))
            local = False
        if not local:  # the politeness floor; a 127.0.0.1 test site may go lower
            for name, floor in (("interval", MIN_INTERVAL), ("backoff", MIN_BACKOFF)):
                value = getattr(self, name)
                if isinstance(value, (int, float)) and value < floor:
                    found.append(f"--{name} must be at least {floor:g} s against the department's site, not {value:g}")
        return found

    def check(self) -> None:
        """Raise BadOption naming every invalid option (run again before a fetch: fields are mutable)."""
        found = self.problems()
        if found:
            raise BadOption("; ".join(found))

    def records_dir(self) -> Path:
        """Where records go; never inside the vendored archive."""
        out = self.out_dir or RAW_DIR / f"idcpc-fetched-{self.since.isoformat()}-{self.until.isoformat()}"
        out = Path(out)
        records = out if out.name == "records" else out / "records"
        resolved = records.resolve()
        for archive in {ARCHIVE_DIR.resolve(), Path(self.archive_dir).resolve()}:
            if resolved == archive or archive in resolved.parents:
                raise FetchError(f"refusing to write into the vendored archive ({archive}); choose another --out")
        return records


# ---------------------------------------------------------------- politeness


#: A host name as the policy accepts it: ASCII letters, digits and hyphens in dot-separated labels,
#: no empty label (so no trailing dot). Anything else in the authority (``user@``, ``\\``, ``%``,
#: non-ASCII letters, brackets) makes the URL refused, not interpreted.
_NETLOC_RE = re.compile(
    r"(?P<host>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(?P<port>\d{1,5}))?"
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL whose authority is a plain host name and optional
    port; None for anything else (user info, a trailing dot, IDN, a port outside 1-65535, ...)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    match = _NETLOC_RE.fullmatch(parts.netloc.lower())
    if scheme not in _DEFAULT_PORTS or match is None:
        return None
    port = int(match.group("port")) if match.group("port") else _DEFAULT_PORTS[scheme]
    if not 1 <= port <= 65535:
        return None
    return scheme, match.group("host"), port


@dataclass(frozen=True)
class HostPolicy:
    """Which origins may be contacted: the department's hosts, or exactly one local test origin."""

    local_origin: tuple[str, str, int] | None = None

    @classmethod
    def for_base(cls, base_url: str) -> HostPolicy:
        origin = origin_of(base_url)
        if origin is None:
            raise BadOption(
                f"--base-url {base_url!r} is not a plain http(s) URL (host name, optional port 1-65535, "
                "no user info)"
            )
        scheme, host, port = origin
        if host in ALLOWED_HOSTS and port == _DEFAULT_PORTS[scheme]:
            return cls()
        if host in LOCAL_HOSTS:
            return cls(origin)
        raise BadOption(
            f"--base-url host {host!r} (port {port}) is not one of the department's hosts "
            f"({', '.join(sorted(ALLOWED_HOSTS))}, default port) nor a 127.0.0.1 test site"
        )

    def allows(self, url: str) -> bool:
        origin = origin_of(url)
        if origin is None:
            return False
        if self.local_origin is not None:
            return origin == self.local_origin
        scheme, host, port = origin
        return host in ALLOWED_HOSTS and port == _DEFAULT_PORTS[scheme]

    def check(self, url: str) -> None:
        if not self.allows(url):
            raise Refused(f"{url}: host not allowed (only the department's own website is fetched)")


# -- the deadline per request

_active = threading.local()  # the deadline of the request this thread is sending, if any


class _Deadline:
    """Cuts one request off ``seconds`` after it is sent: connect, response and body together.

    requests' ``timeout`` bounds each socket read, not the whole request, so a server that sends a
    byte every second could hold a request forever. A watchdog thread waits for the deadline and then
    shuts down the socket of every connection the request took from the pool (again every 50 ms, in
    case the connection was still being opened); the blocked read returns and the request fails.
    Name resolution is left to the system resolver and is not covered.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._connections: list = []
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="liaison-fetch-deadline", daemon=True)
            self._thread.start()

    def watch(self, connection: object) -> None:
        self._connections.append(connection)

    def stop(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.expired = True
        while True:
            for connection in list(self._connections):
                sock = getattr(connection, "sock", None)
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
            if self._done.wait(0.05):
                return


def _within_deadline(response) -> bool:  # noqa: ANN001 (requests-cache's filter_fn)
    """False once the current request's deadline has passed (requests-cache then does not keep it)."""
    deadline = getattr(_active, "deadline", None)
    return deadline is None or not deadline.expired


class _WatchedPool:
    """A urllib3 connection pool that hands each connection it lends to the current deadline."""

    def _get_conn(self, timeout: float | None = None) -> object:  # urllib3's signature
        connection = super()._get_conn(timeout)  # type: ignore[misc]
        deadline = getattr(_active, "deadline", None)
        if deadline is not None:
            deadline.watch(connection)
        return connection


class _WatchedHTTPPool(_WatchedPool, HTTPConnectionPool):
    pass


class _WatchedHTTPSPool(_WatchedPool, HTTPSConnectionPool):
    pass


_WATCHED_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class ThrottledAdapter(HTTPAdapter):
    """Spaces real network requests at least ``interval`` seconds apart, and starts each one's deadline.

    It sits below the cache: requests-cache answers cached pages without reaching the adapter, so a
    cached page never waits (and has no deadline to keep).
    """

    def __init__(self, interval: float, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(max_retries=0)
        self.interval = interval
        self.sleep = sleep
        self.clock = clock
        self.sent = 0
        self.waited = 0.0
        self._last: float | None = None
        self._lock = threading.Lock()

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: object) -> object:  # type: ignore[override]
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools are their own classes: per-read timeout only
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:  # type: ignore[override]
        with self._lock:
            now = self.clock()
            if self._last is not None:
                wait = self._last + self.interval - now
                if wait > 0:
                    self.sleep(wait)
                    self.waited += wait
                    now = self.clock()
            self._last = now
            self.sent += 1
        deadline = getattr(_active, "deadline", None)
        if deadline is not None:
            deadline.start()  # after the politeness wait, which is not the server's time
        return super().send(request, **kwargs)


# ---------------------------------------------------------------- client


class PoliteClient:
    """GET through the cache with the host policy, robots.txt, redirects by hand and retries."""

    def __init__(self, config: FetchConfig, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        from requests_cache import NEVER_EXPIRE, CachedSession

        config.check()
        self.config = config
        self.sleep = sleep
        self.now = now  # the wall clock, for Retry-After given as an HTTP date
        self.policy = HostPolicy.for_base(config.base_url)
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        self.session = CachedSession(
            str(config.cache_dir / "idcpc-http"),
            backend="sqlite",
            expire_after=config.listing_ttl,
            urls_expire_after={ARTICLE_URL_PATTERN: NEVER_EXPIRE},
            allowable_codes=(200, 301, 302, 303, 307, 308),  # redirects too, so --offline replays them
            allowable_methods=("GET",),
            only_if_cached=config.offline,
            stale_if_error=config.offline,
            cache_control=False,
            filter_fn=_within_deadline,  # a response cut off by the deadline may be truncated: never cached
        )
        self.session.headers["User-Agent"] = USER_AGENT
        if self.policy.local_origin is not None:
            self.session.trust_env = False  # a local test site is never reached through a proxy
        self.adapter = ThrottledAdapter(config.interval, sleep=sleep, clock=clock)
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self._robots: dict[str, RobotFileParser | None] = {}
        self.robots_problems: dict[str, str] = {}

    def close(self) -> None:
        self.session.close()

    # -- robots.txt

    @staticmethod
    def _origin_key(url: str) -> str:
        origin = origin_of(url)
        if origin is None:
            return url
        scheme, host, port = origin
        return f"{scheme}://{host}" + ("" if port == _DEFAULT_PORTS[scheme] else f":{port}")

    def robots(self, url: str) -> RobotFileParser | None:
        """The robots.txt rules of a URL's origin (None: nothing to honour, e.g. offline and uncached).

        What each answer means (after the retries and at most MAX_HOPS redirects on allowed hosts):

        * 2xx: its rules.
        * 401, 403: disallow everything. RFC 9309 (2.3.1.3) counts every 4xx as "unavailable", which
          allows everything, and Google reads it so; a politeness tool takes the conservative reading:
          a site that forbids reading its rules has not said crawling is welcome, so we do not crawl.
        * 429 and 5xx: "unreachable" (RFC 9309, 2.3.1.4): disallow everything.
        * other 4xx (404, 410, ...): no robots.txt, so nothing is disallowed.
        * a redirect refused (another host, a loop, too many hops) or any other status: disallow everything.
        """
        origin = self._origin_key(url)
        if origin in self._robots:
            return self._robots[origin]
        robots_url = f"{origin}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            response = self._follow(robots_url, robots=False)
        except NotCached:
            self._robots[origin] = None
            return None
        except Refused as exc:
            response = None
            self.robots_problems[origin] = str(exc)
        if response is None:
            parser.disallow_all = True
        elif 200 <= response.status_code < 300:
            parser.parse(response.text.splitlines())
        elif response.status_code in (401, 403):
            parser.disallow_all = True
            self.robots_problems[origin] = f"{robots_url} answered HTTP {response.status_code} (access denied)"
        elif response.status_code == 429 or response.status_code >= 500:
            parser.disallow_all = True
            self.robots_problems[origin] = f"{robots_url} answered HTTP {response.status_code} (unreachable)"
        elif 400 <= response.status_code < 500:
            parser.allow_all = True
        else:
            parser.disallow_all = True
            self.robots_problems[origin] = f"{robots_url} answered HTTP {response.status_code}"
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.adapter.interval = max(self.adapter.interval, float(delay))
        self._robots[origin] = parser
        return parser

    def check_robots(self, url: str) -> None:
        parser = self.robots(url)
        if parser is not None and not parser.can_fetch(ROBOTS_AGENT, url):
            problem = self.robots_problems.get(self._origin_key(url))
            raise Refused(f"{url}: disallowed by robots.txt" + (f" ({problem}: treated as disallowing all)" if problem else ""))

    # -- requests

    def _send(self, url: str) -> requests.Response:
        """One GET, no redirect followed, that must complete within the deadline (``config.timeout``)."""
        deadline = _Deadline(self.config.timeout)
        _active.deadline = deadline
        too_late = f"no complete answer within {self.config.timeout:g} s"
        try:
            response = self.session.get(url, allow_redirects=False, timeout=(self.config.timeout, self.config.timeout))
        except requests.RequestException as exc:
            # requests' own timeout (connect, or one read) is the deadline too; it may fire first
            if deadline.expired or isinstance(exc, requests.Timeout):
                raise DeadlineExceeded(too_late) from exc
            raise
        finally:
            _active.deadline = None
            deadline.stop()
        if deadline.expired:  # e.g. headers cut short by the watchdog parse as a complete, empty answer
            raise DeadlineExceeded(too_late)
        return response

    def _get_with_retries(self, url: str) -> requests.Response:
        """One GET (no redirects followed), retried with backoff on 429, 5xx and network errors."""
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._send(url)
            except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                if last:
                    why = str(exc) if isinstance(exc, DeadlineExceeded) else type(exc).__name__
                    raise SiteUnreachable(
                        f"cannot reach {url} after {attempts} attempt(s) ({why}). "
                        "Check the connection, or use --offline to work from the cache."
                    ) from exc
                self.sleep(self.backoff_wait(attempt))
                continue
            if self.config.offline and response.status_code == 504:  # requests-cache's "Not Cached"
                raise NotCached(url)
            if response.status_code in RETRY_STATUSES and not getattr(response, "from_cache", False) and not last:
                wait = self._retry_wait(response, attempt)
                if wait is None:  # the server asked for a longer pause than we wait: give up on this URL
                    return response
                self.sleep(wait)
                continue
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    def backoff_wait(self, attempt: int) -> float:
        """The wait before retry ``attempt + 1``: backoff, doubled each time, at most MAX_RETRY_AFTER."""
        return min(self.config.backoff * 2**attempt, MAX_RETRY_AFTER)

    def _retry_wait(self, response: requests.Response, attempt: int) -> float | None:
        """The backoff, or longer if Retry-After asks; None if it asks for more than MAX_RETRY_AFTER."""
        wait = self.backoff_wait(attempt)
        asked = retry_after_seconds(response.headers.get("Retry-After", ""), self.now())
        if asked is None:
            return wait
        if asked > MAX_RETRY_AFTER:
            return None
        return max(wait, asked)

    def get(self, url: str) -> requests.Response:
        """A page's final response, every redirect hop checked against the host policy and robots.txt.

        Raises Refused, NotCached, HTTPStatus, SiteUnreachable.
        """
        response = self._follow(url, robots=True)
        if response.status_code != 200:
            raise HTTPStatus(response.url or url, response.status_code)
        return response

    def _follow(self, url: str, robots: bool) -> requests.Response:
        """Follow redirects by hand: each hop is checked (host, robots.txt) before any request is sent;
        a loop, or more than MAX_HOPS redirects, is refused."""
        chain = [urldefrag(url)[0]]
        while True:
            self.policy.check(url)
            if robots:
                try:
                    self.check_robots(url)
                except Refused as exc:
                    if len(chain) == 1:
                        raise
                    raise Refused(f"{chain[0]}: redirect refused: {exc}") from None
            response = self._get_with_retries(url)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response
            target = urldefrag(urljoin(url, location))[0]
            if not self.policy.allows(target):
                raise Refused(f"{chain[0]}: redirect to {target} refused (another host)")
            if target in chain:
                raise Refused(f"{chain[0]}: redirect loop ({' -> '.join([*chain, target])})")
            if len(chain) > MAX_HOPS:
                raise Refused(f"{chain[0]}: more than {MAX_HOPS} redirects ({' -> '.join([*chain, target])})")
            chain.append(target)
            url = target


def retry_after_seconds(value: str, now: datetime) -> float | None:
    """A Retry-After header in seconds: delay-seconds (``120``) or an HTTP date, counted from ``now``
    (a date in the past is 0); None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


# ---------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Article:
    url: str
    posted: str  # YYYY-MM-DD from the URL


@dataclass
class FetchReport:
    """What a run did: records written and pages skipped (with the reason)."""

    records_dir: Path
    discovered: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    network_requests: int = 0

    def summary(self) -> str:
        return (
            f"{self.discovered} article(s) in the window: {len(self.written)} record(s) written to "
            f"{self.records_dir}, {len(self.skipped)} skipped; {self.network_requests} network request(s)"
        )


def codebook_docid(url: str) -> str:
    """CODEBOOK.md's DOCID of a department page: the URL's last path component without ``.html``."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last.removesuffix(".html").removesuffix(".htm")


def article_of(url: str) -> Article | None:
    """An article link of the department's English site, with its posting date, else None."""
    match = ARTICLE_RE.match(urlsplit(url).path)
    if not match or match.group("day")[:6] != match.group("ym"):
        return None
    d = match.group("day")
    try:
        posted = date(int(d[:4]), int(d[4:6]), int(d[6:])).isoformat()
    except ValueError:
        return None
    return Article(url=url, posted=posted)


def links(html: bytes | str, page_url: str) -> list[str]:
    """Absolute URLs of a page's links (``a href``), in page order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = []
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"].strip()
        if href and not href.startswith(("javascript:", "mailto:", "#")):
            found.append(urljoin(page_url, href))
    return found


def listing_pages(config: FetchConfig) -> Iterator[tuple[str, Iterator[str]]]:
    """(name, page URLs) for each listing section and search channel, newest page first."""
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"

    def section_pages(section: str) -> Iterator[str]:
        yield urljoin(base, section)
        for n in range(1, config.max_pages):
            yield urljoin(base, f"{section}index_{n}.html")

    def search_pages(channel: str) -> Iterator[str]:
        for n in range(1, config.max_pages + 1):
            yield urljoin(base, f"was5/web/search?page={n}&channelid={channel}&perpage=10&outlinepage=10")

    for section in config.sections:
        yield section, section_pages(section)
    for channel in config.search_channels:
        yield f"search:{channel}", search_pages(channel)


def discover(client: PoliteClient, config: FetchConfig, notes: list[tuple[str, str]]) -> tuple[list[Article], int]:
    """Articles posted in the window, each once (same page on either host or scheme counts once),
    and the number of listings whose first page could be read.

    A listing is read page by page until a page is missing, lists no article, or lists only
    articles posted before ``since`` (listings are newest first).
    """
    since, until = config.since.isoformat(), config.until.isoformat()
    seen: dict[str, Article] = {}
    listings_read = 0
    for name, pages in listing_pages(config):
        for number, page_url in enumerate(pages):
            try:
                response = client.get(page_url)
            except (Refused, HTTPStatus, NotCached) as exc:
                notes.append((page_url, f"listing {name} stops: {exc}"))
                break
            listings_read += number == 0
            found = [a for a in (article_of(u) for u in links(response.content, response.url)) if a]
            found = [a for a in found if client.policy.allows(a.url)]
            if not found:
                break
            for article in found:
                if since <= article.posted <= until:
                    seen.setdefault(url_key(article.url), article)
            if all(a.posted < since for a in found):
                break
    return sorted(seen.values(), key=lambda a: (a.posted, a.url)), listings_read


# ---------------------------------------------------------------- writing


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either absent or complete: temp file, fsync, os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _log_text(outcomes: list[tuple[str, str, str]]) -> str:
    lines = [f"# liaison fetch log ({CODED_BY}); url<TAB>docid<TAB>outcome"]
    lines += ["\t".join(row) for row in outcomes]
    return "\n".join(lines) + "\n"


def checkpoint(folder: Path, outcomes: list[tuple[str, str, str]]) -> None:
    """Rewrite the folder's fetch-log.tsv, then its SHA256SUMS, each atomically: after this the folder
    verifies (``manifest.verify(folder) == []``). Called after every record and when a run ends."""
    write_atomic(folder / LOG_NAME, _log_text(outcomes))
    write_atomic(folder / manifest.MANIFEST, manifest.manifest_text(folder))


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files (``.NAME.*.tmp``) a killed run of write_atomic can leave behind, so
    that the manifest never lists them."""
    removed = []
    if folder.is_dir():
        for path in [*folder.glob(".*.tmp"), *folder.glob("records/.*.tmp")]:
            path.unlink()
            removed.append(path)
    return removed


def known_docids(config: FetchConfig, records_dir: Path) -> dict[str, str]:
    """DOCID -> where it already is ("the archive", or another raw folder's name): the archive's
    records and those of every folder beside the output folder (the raw folders the build reads)."""
    archive = Path(config.archive_dir).resolve()
    folders = [(archive / "records", "the archive")]
    raw_dir = records_dir.parent.parent
    if raw_dir.is_dir():
        for folder in sorted(raw_dir.iterdir()):
            if folder.is_dir() and folder.resolve() not in (archive, records_dir.parent.resolve()):
                folders.append((folder / "records", folder.name))
    known: dict[str, str] = {}
    for folder, where in folders:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            known.setdefault(path.stem, where)
    return known


def _progress(enabled: bool, total: int) -> object | None:
    """A rich progress bar on stderr (rich is already a pinned dependency), or a no-op."""
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=False,
    )
    progress.start()
    progress.add_task("articles", total=total)
    return progress


def fetch(
    config: FetchConfig,
    on_article: Callable[[Article, Path | None], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchReport:
    """Discover, download (politely, through the cache), code and write the window's articles.

    ``on_article`` is called after each article (with the record path, or None if skipped); an
    exception it raises stops the run, as an interruption would.
    """
    config.check()
    records_dir = config.records_dir()
    report = FetchReport(records_dir=records_dir)
    client = PoliteClient(config, sleep=sleep)
    outcomes: list[tuple[str, str, str]] = []
    progress = None
    remove_stale_temporaries(records_dir.parent)
    try:
        try:
            client.robots(urljoin(config.base_url, "/"))
        except SiteUnreachable as exc:
            raise SiteUnreachable(f"the site is unreachable: {exc}") from exc
        if client.robots_problems:
            raise FetchError(f"not crawling: {'; '.join(client.robots_problems.values())} (robots.txt unavailable)")
        articles, listings_read = discover(client, config, report.notes)
        report.discovered = len(articles)
        if not listings_read:
            if config.offline:
                raise FetchError("offline: no listing page is in the cache; run once without --offline first")
            raise FetchError(
                "no listing page could be read (has the site changed?): "
                + "; ".join(note for _, note in report.notes)
            )
        roster = Roster.from_csv(config.reference_dir / "officials.csv")
        table = CountryTable.from_reference(config.reference_dir)
        warm_country_table(table)
        known = known_docids(config, records_dir)
        written: dict[str, str] = {}
        progress = _progress(config.progress, len(articles))
        for article in articles:
            path = _fetch_one(client, article, records_dir, roster, table, report, outcomes, known, written)
            if progress is not None:
                progress.advance(progress.task_ids[0])
            if on_article is not None:
                on_article(article, path)
    finally:
        if progress is not None:
            progress.stop()
        report.network_requests = client.adapter.sent
        client.close()
        if outcomes:  # also after an interruption between a record and its checkpoint
            checkpoint(records_dir.parent, outcomes)
    return report


def _fetch_one(client: PoliteClient, article: Article, records_dir: Path, roster: Roster, table: CountryTable,
               report: FetchReport, outcomes: list[tuple[str, str, str]], known: dict[str, str],
               written: dict[str, str]) -> Path | None:
    """Fetch, code, validate and write one article; a page that cannot be used is skipped with a reason.

    A DOCID already in the archive or another raw folder (``known``), or already written by this run
    from another URL, is never written: checked before the request (the URL's DOCID) and after it (the
    final URL's, if a redirect changed it).
    """
    listed = doc_id(article.url)
    if listed in known:
        return _skip(article, f"already in {known[listed]} as {listed}", report, outcomes)
    try:
        response = client.get(article.url)
    except (Refused, HTTPStatus, NotCached) as exc:
        reason = "not in the cache (offline)" if isinstance(exc, NotCached) else str(exc)
        return _skip(article, reason.removeprefix(f"{article.url}: "), report, outcomes)
    url = response.url or article.url
    if article_of(url) is None:
        return _skip(article, f"redirected to {url}, which is not a news item's page", report, outcomes)
    name = doc_id(url)
    if name in known:
        return _skip(article, f"already in {known[name]} as {name} (redirected to {url})", report, outcomes, name)
    if name in written:
        return _skip(article, f"same DOCID {name} as {written[name]}, written by this run", report, outcomes, name)
    values = code_page(url, response.content, roster, table)
    if values is None:
        return _skip(article, "no article text found on the page", report, outcomes)
    text = format_record(values)
    parsed, problems = parse_text(text, name)
    problems += validate(parsed, name)
    if parsed.get("url") != url:
        problems.append(f"url field {parsed.get('url')!r} is not the page's URL {url}")
    if name != codebook_docid(url):  # CODEBOOK.md: the file name is the DOCID the URL gives
        problems.append(f"file name {name} is not the codebook's DOCID {codebook_docid(url)}")
    if problems:
        return _skip(article, "coded record invalid: " + "; ".join(str(p) for p in problems), report, outcomes)
    path = records_dir / f"{name}.txt"
    write_atomic(path, text)
    report.written.append(path)
    outcomes.append((article.url, name, "written"))
    written[name] = article.url
    checkpoint(records_dir.parent, outcomes)
    return path


def _skip(article: Article, reason: str, report: FetchReport, outcomes: list[tuple[str, str, str]],
          name: str | None = None) -> None:
    report.skipped.append((article.url, reason))
    outcomes.append((article.url, name or doc_id(article.url), f"skipped: {reason}"))
    return None
