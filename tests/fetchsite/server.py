"""A threaded HTTP server on 127.0.0.1 (free port) serving a dict of routes, with injected faults.

Each route answers with a list of behaviours consumed one per request (a status such as "500";
"429", which comes with Retry-After: 0; "<status>:<Retry-After value>" such as "503:7"; "slow";
"redirect:<url>"), then with its page (or its permanent redirect) for every later request; every
request is logged, so the tests can assert what reached the server and how often.

:class:`StallingServer` is a bare socket server for the deadline tests: it accepts connections and
then never answers, or trickles a response one byte at a time.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """A page and the faults to inject before it is served normally."""

    body: str = ""
    status: int = 200
    faults: list[str] = field(default_factory=list)
    redirect: str = ""  # answer every request with a 302 to this URL
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Site:
    """Routes keyed by path (with query string), plus the log of what was requested."""

    routes: dict[str, Route] = field(default_factory=dict)
    slow_seconds: float = 1.0
    log: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requested(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.log if p == path)

    def paths(self, status: int | None = None) -> list[str]:
        with self.lock:
            return [p for p, s in self.log if status is None or s == status]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            """Decide the answer, log it on arrival (before any delay), then send it."""
            route = site.routes.get(self.path)
            headers: dict[str, str] = {}
            delay = 0.0
            content_type = "text/html; charset=utf-8"
            with site.lock:
                fault = route.faults.pop(0) if route is not None and route.faults else ""
                if route is None:
                    status, body = 404, "<html><body><p>Not found</p></body></html>"
                elif fault == "429":
                    status, body, headers = 429, "<html><body>Slow down</body></html>", {"Retry-After": "0"}
                elif fault.startswith("redirect:"):
                    status, body, headers = 302, "", {"Location": fault.partition(":")[2]}
                elif fault[:3].isdigit() and fault[3:4] == ":":
                    status, body = int(fault[:3]), "<html><body>Try later</body></html>"
                    headers = {"Retry-After": fault[4:]}
                elif fault.isdigit():
                    status, body = int(fault), "<html><body>Error</body></html>"
                elif route.redirect:
                    status, body, headers = 302, "", {"Location": route.redirect}
                else:
                    status, body, content_type = route.status, route.body, route.content_type
                    delay = site.slow_seconds if fault == "slow" else 0.0
                site.log.append((self.path, status))
            if delay:
                time.sleep(delay)
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    return Handler


class LocalServer:
    """Runs a Site on 127.0.0.1 in a daemon thread; ``url`` is its base URL."""

    def __init__(self, site: Site, host: str = "127.0.0.1"):
        self.site = site
        self.httpd = ThreadingHTTPServer((host, 0), _handler(site))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class StallingServer:
    """A socket server on 127.0.0.1 that accepts connections and never completes an answer.

    ``mode``: "silent" reads the request and sends nothing; "trickle-headers" sends a status line and
    then one header byte every ``every`` seconds, forever; "trickle-body" sends complete headers
    announcing a large body and then one body byte every ``every`` seconds. ``accepted`` counts the
    connections; ``sent`` the bytes trickled.
    """

    def __init__(self, mode: str, every: float = 0.05):
        assert mode in ("silent", "trickle-headers", "trickle-body")
        self.mode = mode
        self.every = every
        self.accepted = 0
        self.sent = 0
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._threads: list[threading.Thread] = []

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1.0)
            try:
                conn.recv(65536)  # the request
                if self.mode == "trickle-headers":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                elif self.mode == "trickle-body":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
                while not self._stop.wait(self.every):
                    if self.mode != "silent":
                        conn.sendall(b"a")
                        self.sent += 1
            except OSError:
                pass  # the client gave up and closed the connection

    def __enter__(self) -> StallingServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._sock.close()
