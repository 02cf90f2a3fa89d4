"""Refresh from the department's website: a polite, cached, resumable fetcher.

``python -m liaison fetch --since 2018-06-01 --until 2018-06-30`` finds the department's English news
items in a date window (its listing pages and its site search), downloads each page once through a
``requests-cache`` SQLite cache, codes it by the rules of :mod:`liaison.refresh.extract`, and writes one record
per page into ``data/raw/idcpc-fetched-<since>-<until>/records/``, which ``liaison build`` merges with
the archive. Why each rule:

* **Only the department's hosts** (idcpc.org.cn, idcpc.gov.cn, with or without www) are contacted;
  a local base URL (127.0.0.1, for tests) allows that one origin and nothing else. Redirects are
  followed by hand, one hop at a time, and a hop to any other host is refused, not followed.
* **robots.txt** is read first (``urllib.robotparser``) and honoured, with its Crawl-delay.
* **One request per second** by default; a page served from the cache does not wait.
* **Retries with exponential backoff** on 429, 5xx, timeouts and dropped connections (``Retry-After``
  is honoured, up to a cap); if the site cannot be reached at all, :class:`SiteUnreachable`.
* **Cache**: article pages never expire (they do not change); listing, search and robots pages expire
  after ``listing_ttl`` seconds so a later run sees new items. ``offline=True`` reads the cache only.
* **Resumable**: an interrupted run loses nothing: every page fetched is cached, and each record is
  written to a temporary file then moved into place (``os.replace``), so no half-written record exists.

The date window applies to the posting date in the article's URL (``tYYYYMMDD_N.html``), which is
known before the page is downloaded.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter

from liaison.paths import ARCHIVE_DIR, CACHE_DIR, RAW_DIR, REFERENCE_DIR
from liaison.pipeline.normalize import CountryTable, Roster, url_key
from liaison.pipeline.records import parse_text, validate
from liaison.refresh.extract import CODED_BY, code_page, doc_id, format_record, warm_country_table
DEFAULT_BASE_URL = "https://www.idcpc.org.cn/"
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
MAX_RETRY_AFTER = 120.0
MAX_HOPS = 5
ARTICLE_RE = re.compile(r"^/english(?:2023)?/(?:[\w\-]+/)+(?P<ym>\d{6})/t(?P<day>\d{8})_\d+\.html?$")
#: Article pages never change once posted: their cache entries never expire.
ARTICLE_URL_PATTERN = re.compile(r"/english(?:2023)?/(?:[\w\-]+/)+\d{6}/t\d{8}_\d+\.html?$")


class FetchError(RuntimeError):
    """A fetch that cannot go on; the message says why and what to do."""


class SiteUnreachable(FetchError):
    """The site did not answer (connection refused, DNS failure, timeouts after every retry)."""


class Refused(Exception):
    """A URL the politeness rules forbid (other host, robots.txt); it is skipped, not fetched."""


class NotCached(Exception):
    """Offline mode and the page is not in the cache."""


class HTTPStatus(Exception):
    """A final HTTP error status after retries."""

    def __init__(self, url: str, status: int):
        super().__init__(f"HTTP {status} for {url}")
        self.status = status


# ---------------------------------------------------------------- configuration


@dataclass
class FetchConfig:
    """Everything a run depends on; the defaults are the polite ones."""

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

    def records_dir(self) -> Path:
        """Where records go; never inside the vendored archive."""
        out = self.out_dir or RAW_DIR / f"idcpc-fetched-{self.since.isoformat()}-{self.until.isoformat()}"
        out = Path(out)
        records = out if out.name == "records" else out / "records"
        resolved = records.resolve()
        archive = ARCHIVE_DIR.resolve()
        if resolved == archive or archive in resolved.parents:
            raise FetchError(f"refusing to write into the vendored archive ({ARCHIVE_DIR}); choose another --out")
        return records


# ---------------------------------------------------------------- politeness


@dataclass(frozen=True)
class HostPolicy:
    """Which origins may be contacted: the department's hosts, or exactly one local test origin."""

    local_origin: tuple[str, str, int] | None = None

    @classmethod
    def for_base(cls, base_url: str) -> "HostPolicy":
        parts = urlsplit(base_url)
        host = (parts.hostname or "").lower()
        if host in ALLOWED_HOSTS:
            return cls()
        if host in LOCAL_HOSTS:
            return cls((parts.scheme, host, parts.port or (443 if parts.scheme == "https" else 80)))
        raise FetchError(
            f"--base-url host {host!r} is not one of the department's hosts ({', '.join(sorted(ALLOWED_HOSTS))})"
        )

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme not in ("http", "https"):
            return False
        if self.local_origin is not None:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            return (parts.scheme, host, port) == self.local_origin
        return host in ALLOWED_HOSTS

    def check(self, url: str) -> None:
        if not self.allows(url):
            raise Refused(f"{url}: host not allowed (only the department's own website is fetched)")


class ThrottledAdapter(HTTPAdapter):
    """Spaces real network requests at least ``interval`` seconds apart.

    It sits below the cache: requests-cache answers cached pages without reaching the adapter, so a
    cached page never waits.
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

    def send(self, request, **kwargs):  # type: ignore[override]
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
        return super().send(request, **kwargs)


# ---------------------------------------------------------------- client


class PoliteClient:
    """GET through the cache with the host policy, robots.txt, redirects by hand and retries."""

    def __init__(self, config: FetchConfig, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        from requests_cache import NEVER_EXPIRE, CachedSession

        self.config = config
        self.sleep = sleep
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

    def robots(self, url: str) -> RobotFileParser | None:
        """The robots.txt rules of a URL's origin (None: nothing to honour, e.g. offline and uncached).

        As RFC 9309 says: up to five redirects are followed (on allowed hosts only), a missing file
        allows everything, and 401/403 or a server error after the retries disallow everything.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
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
        elif response.status_code == 200:
            parser.parse(response.text.splitlines())
        elif response.status_code in (401, 403) or response.status_code >= 500:
            parser.disallow_all = True
            self.robots_problems[origin] = f"{robots_url} answered HTTP {response.status_code}"
        else:
            parser.allow_all = True
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.adapter.interval = max(self.adapter.interval, float(delay))
        self._robots[origin] = parser
        return parser

    def check_robots(self, url: str) -> None:
        parser = self.robots(url)
        if parser is not None and not parser.can_fetch(ROBOTS_AGENT, url):
            parts = urlsplit(url)
            problem = self.robots_problems.get(f"{parts.scheme}://{parts.netloc}")
            raise Refused(f"{url}: disallowed by robots.txt" + (f" ({problem}: treated as disallowing all)" if problem else ""))

    # -- requests

    def _get_with_retries(self, url: str) -> requests.Response:
        """One GET (no redirects followed), retried with backoff on 429, 5xx and network errors."""
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self.session.get(url, allow_redirects=False, timeout=self.config.timeout)
            except (requests.Timeout, requests.ConnectionError) as exc:
                if last:
                    raise SiteUnreachable(
                        f"cannot reach {url} after {attempts} attempt(s) ({type(exc).__name__}). "
                        "Check the connection, or use --offline to work from the cache."
                    ) from exc
                self.sleep(self.config.backoff * 2**attempt)
                continue
            if self.config.offline and response.status_code == 504:  # requests-cache's "Not Cached"
                raise NotCached(url)
            if response.status_code in RETRY_STATUSES and not getattr(response, "from_cache", False) and not last:
                self.sleep(self._retry_wait(response, attempt))
                continue
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    def _retry_wait(self, response: requests.Response, attempt: int) -> float:
        wait = self.config.backoff * 2**attempt
        header = response.headers.get("Retry-After", "")
        if header.strip().isdigit():
            wait = max(wait, float(header))
        return min(wait, MAX_RETRY_AFTER)

    def get(self, url: str) -> requests.Response:
        """A page's final response, every redirect hop checked against the host policy and robots.txt.

        Raises Refused, NotCached, HTTPStatus, SiteUnreachable.
        """
        response = self._follow(url, robots=True)
        if response.status_code != 200:
            raise HTTPStatus(response.url or url, response.status_code)
        return response

    def _follow(self, url: str, robots: bool) -> requests.Response:
        """Follow redirects by hand: a hop to another host is refused before any request is sent."""
        for _ in range(MAX_HOPS + 1):
            self.policy.check(url)
            if robots:
                self.check_robots(url)
            response = self._get_with_retries(url)
            if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                target = urljoin(url, response.headers["Location"])
                if not self.policy.allows(target):
                    raise Refused(f"{url}: redirect to {target} refused (another host)")
                url = target
                continue
            return response
        raise Refused(f"{url}: more than {MAX_HOPS} redirects")


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
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _log_text(outcomes: list[tuple[str, str, str]]) -> str:
    lines = [f"# liaison fetch log ({CODED_BY}); url<TAB>docid<TAB>outcome"]
    lines += ["\t".join(row) for row in outcomes]
    return "\n".join(lines) + "\n"


def _progress(enabled: bool, total: int):
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
    if config.since > config.until:
        raise FetchError(f"--since {config.since} is after --until {config.until}")
    records_dir = config.records_dir()
    report = FetchReport(records_dir=records_dir)
    client = PoliteClient(config, sleep=sleep)
    outcomes: list[tuple[str, str, str]] = []
    progress = None
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
        progress = _progress(config.progress, len(articles))
        for article in articles:
            path = _fetch_one(client, article, records_dir, roster, table, report, outcomes)
            if progress is not None:
                progress.advance(progress.task_ids[0])
            if on_article is not None:
                on_article(article, path)
    finally:
        if progress is not None:
            progress.stop()
        report.network_requests = client.adapter.sent
        client.close()
        if outcomes:
            write_atomic(records_dir.parent / "fetch-log.tsv", _log_text(outcomes))
    return report


def _fetch_one(client: PoliteClient, article: Article, records_dir: Path, roster: Roster, table: CountryTable,
               report: FetchReport, outcomes: list[tuple[str, str, str]]) -> Path | None:
    """Fetch, code, validate and write one article; a page that cannot be used is skipped with a reason."""
    try:
        response = client.get(article.url)
    except (Refused, HTTPStatus, NotCached) as exc:
        reason = "not in the cache (offline)" if isinstance(exc, NotCached) else str(exc)
        return _skip(article, reason.removeprefix(f"{article.url}: "), report, outcomes)
    url = response.url or article.url
    values = code_page(url, response.content, roster, table)
    if values is None:
        return _skip(article, "no article text found on the page", report, outcomes)
    name = doc_id(url)
    text = format_record(values)
    parsed, problems = parse_text(text, name)
    problems += validate(parsed, name)
    if problems:
        return _skip(article, "coded record invalid: " + "; ".join(str(p) for p in problems), report, outcomes)
    path = records_dir / f"{name}.txt"
    write_atomic(path, text)
    report.written.append(path)
    outcomes.append((article.url, name, "written"))
    return path


def _skip(article: Article, reason: str, report: FetchReport, outcomes: list[tuple[str, str, str]]) -> None:
    report.skipped.append((article.url, reason))
    outcomes.append((article.url, doc_id(article.url), f"skipped: {reason}"))
    return None
