"""Fixtures for the browser tests: the built book served on 127.0.0.1, Debian's Chromium, a network log.

The book is the session build of ``tests/conftest.py`` (``built_book``). It is served by a thread
running ``http.server`` on a free port; like a static host it gzips text for browsers that accept it,
and it counts the bytes it sends, so page weight is what was really transferred. Every browser
context routes each request through :class:`NetworkLog`, which lets requests to 127.0.0.1 through
and aborts (and records) any other, so a test never depends on the network and a request that would
leave the machine is caught, not just slow.

Without /usr/bin/chromium or the ``playwright`` package the browser tests skip on a reader's machine
and fail when the environment variable ``CI`` is set: CI must never pass them by skipping.

``LIAISON_BUILT_BOOK=/path/to/_build`` points the tests at a book built already (the ``_build`` folder
that ``jupyter-book build --path-output X`` writes under X), instead of building one: for working on
the tests or on the book's look. Left unset, as in CI, the session builds the book from scratch.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Debian's Chromium (apt-get install chromium); LIAISON_CHROMIUM names another build of it.
CHROMIUM = Path(os.environ.get("LIAISON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions", "--no-pings",
]
HOST = "127.0.0.1"
# Text is sent gzip-compressed when the browser asks, as static hosts do (GitHub Pages, nginx, ...):
# page weight is then what a reader really downloads.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
VIEWPORT = {"width": 1300, "height": 900}
#: The screens every chapter is laid out on: a laptop and a phone (CSS pixels).
SCREENS = {"laptop": {"width": 1300, "height": 900}, "phone": {"width": 390, "height": 844}}


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
        pytest.fail(f"{reason} (CI is set, so the browser tests fail instead of skipping; .ci/run installs it)",
                    pytrace=False)
    pytest.skip(reason)


# --- the server -----------------------------------------------------------------------------------

@dataclass
class Served:
    path: str
    status: int
    bytes: int


class _CountingWriter:
    def __init__(self, raw) -> None:
        self.raw, self.count = raw, 0

    def write(self, data) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Handler(http.server.SimpleHTTPRequestHandler):
    site: Site  # set by the subclass that the ``site`` fixture makes

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)
        self._status = 0

    def handle(self) -> None:
        with self.site.lock:
            self.site.active += 1
        try:
            super().handle()
        finally:
            with self.site.lock:
                self.site.log.append(Served(getattr(self, "path", "?"), self._status, self.wfile.count))
                self.site.active -= 1
                self.site.lock.notify_all()

    def send_response(self, code, message=None) -> None:
        self._status = code
        super().send_response(code, message)

    def do_GET(self) -> None:
        body = self.site.overlay.get(urlsplit(self.path).path)
        if body is not None:
            return self._send(body, "text/html; charset=utf-8")
        file = Path(self.translate_path(self.path))
        kind = self.guess_type(str(file))
        if file.is_file() and kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send(self.site.gzipped(file), kind, encoding="gzip")
        return super().do_GET()

    def _send(self, body: bytes, kind: str, encoding: str = "") -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 (quiet)
        pass


@dataclass
class Site:
    """The built book (``root``, the ``html`` folder) served at ``base``."""

    root: Path
    base: str = ""
    log: list[Served] = field(default_factory=list)
    overlay: dict[str, bytes] = field(default_factory=dict)
    active: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)
    _gzip: dict[Path, bytes] = field(default_factory=dict)

    def gzipped(self, file: Path) -> bytes:
        with self.lock:
            if file not in self._gzip:
                self._gzip[file] = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
            return self._gzip[file]

    def url(self, path: str) -> str:
        return self.base + path

    def add_page(self, path: str, html: str) -> str:
        """Serve ``html`` at ``path`` (beside the built pages, so its relative links work); its URL."""
        self.overlay["/" + path] = html.encode("utf-8")
        return self.url(path)

    def served_since(self, mark: int) -> list[Served]:
        """The requests answered since ``len(log) == mark``, once no request is in flight."""
        with self.lock:
            assert self.lock.wait_for(lambda: self.active == 0, timeout=10), "the server is still busy"
            return list(self.log[mark:])


@pytest.fixture(scope="session")
def book_dir(request) -> Path:
    """The built book's ``_build`` folder: ``LIAISON_BUILT_BOOK`` if set, else the session's build."""
    prebuilt = os.environ.get("LIAISON_BUILT_BOOK", "").strip()
    if prebuilt:
        path = Path(prebuilt)
        if not (path / "html" / "index.html").is_file():
            pytest.fail(f"LIAISON_BUILT_BOOK={prebuilt} holds no html/index.html (point it at the _build folder)",
                        pytrace=False)
        return path
    return request.getfixturevalue("built_book")


@pytest.fixture(scope="session")
def site(book_dir) -> Site:
    site = Site(root=book_dir / "html")
    handler = functools.partial(type("Handler", (_Handler,), {"site": site}), directory=str(site.root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-server", daemon=True)
    thread.start()
    site.base = f"http://{HOST}:{server.server_address[1]}/"
    yield site
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


# --- the browser ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        _unavailable(f"{CHROMIUM} is not installed (Debian: apt-get install -y chromium; or set LIAISON_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class NetworkLog:
    """What one browser context did: its requests, failures, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != HOST:
            self.remote.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def attach(self, context) -> None:
        context.route("**/*", self.route)
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        context.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        context.on("page", self.watch)

    def watch(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(f"{m.text} @ {m.location}"))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("websocket", lambda ws: urlsplit(ws.url).hostname != HOST and self.remote.append(ws.url))

    def problems(self) -> list[str]:
        return ([f"request to another host: {u}" for u in self.remote]
                + [f"failed request: {u}" for u in self.failed]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"uncaught exception: {e}" for e in self.page_errors])


@dataclass
class Visit:
    page: object  # playwright Page
    net: NetworkLog
    context: object  # playwright BrowserContext


@pytest.fixture
def visit(browser, site):
    """``visit(path)`` opens a page of the book in a fresh context (empty cache) and returns a Visit.

    ``viewport`` sets the screen (``SCREENS``); ``timezone`` the reader's time zone (an IANA name).
    """
    contexts = []

    def open_page(path: str, viewport: dict | None = None, timezone: str | None = None) -> Visit:
        options = {"timezone_id": timezone} if timezone else {}
        context = browser.new_context(viewport=viewport or VIEWPORT, service_workers="block", **options)
        net = NetworkLog()
        net.attach(context)
        contexts.append(context)
        page = context.new_page()
        page.goto(path if path.startswith(("http:", "file:")) else site.url(path), wait_until="load")
        return Visit(page, net, context)

    yield open_page
    for context in contexts:
        context.close()
