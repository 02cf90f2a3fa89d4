"""tools/check_links.py against local servers on 127.0.0.1: outcomes, politeness, retries, the report.

Nothing here leaves the machine: two small HTTP servers on free ports of 127.0.0.1 stand for two sites
(the checker treats host:port as the site), with pages that answer 200, 404, 410, 403, 500, a redirect,
a slow answer and a server error that clears on retry; a port with nothing behind it refuses.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from conftest import ROOT

spec = importlib.util.spec_from_file_location("check_links", ROOT / "tools" / "check_links.py")
check_links = importlib.util.module_from_spec(spec)
sys.modules["check_links"] = check_links
spec.loader.exec_module(check_links)

FAST = check_links.Settings(interval=0.3, timeout=0.5, retries=1, retry_wait=0.05, workers=2)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the checker hangs up without reading the body: the server's next read is reset, as expected


class Site:
    """A local site: each request is logged with its path and the time it arrived."""

    def __init__(self):
        self.log: list[tuple[str, float]] = []
        self.lock = threading.Lock()
        self.flaky_left = 1
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with site.lock:
                    site.log.append((path, time.monotonic()))
                    flaky = path == "/flaky" and site.flaky_left > 0
                    if flaky:
                        site.flaky_left -= 1
                status, headers = {
                    "/ok": (200, {}),
                    "/gone": (404, {}),
                    "/removed": (410, {}),
                    "/forbidden": (403, {}),
                    "/broken": (500, {}),
                    "/moved": (301, {"Location": "/ok"}),
                    "/slow": (200, {}),
                    "/flaky": (503 if flaky else 200, {}),
                }.get(path, (404, {}))
                if path == "/slow":
                    time.sleep(1.5)
                body = b"<html><body>" + b"x" * 100_000 + b"</body></html>"
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the checker closes the connection without reading the body

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def times(self, path=None):
        with self.lock:
            return [t for p, t in self.log if path is None or p == path]


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (a port taken, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"


def write_records(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["doc_id", "fate", "url"])
        writer.writerows(rows)
    return path


@pytest.fixture
def sites():
    with Site() as a, Site() as b:
        yield a, b


def test_each_outcome_is_classified(sites):
    a, _ = sites
    urls = {f"{a.url}{p}": [p.strip("/")] for p in ("/ok", "/gone", "/removed", "/forbidden", "/moved", "/slow")}
    urls[closed_port_url()] = ["refused"]
    results = {r.doc_ids[0]: r for r in check_links.check_all(urls, FAST)}
    assert results["ok"].outcome == "ok" and results["ok"].status == 200
    assert results["gone"].outcome == "dead" and results["gone"].status == 404
    assert results["removed"].outcome == "dead" and results["removed"].status == 410
    assert results["forbidden"].outcome == "error" and results["forbidden"].detail == "HTTP 403"
    assert results["moved"].outcome == "ok" and results["moved"].final_url == f"{a.url}/ok"
    assert results["slow"].outcome == "error" and results["slow"].detail.startswith("timed out")
    assert results["refused"].outcome == "error" and results["refused"].detail.startswith("connection failed")


def test_a_transient_failure_is_retried_once_and_a_lasting_one_reported(sites):
    a, _ = sites
    results = {r.url: r for r in check_links.check_all({f"{a.url}/flaky": ["f"], f"{a.url}/broken": ["b"]}, FAST)}
    assert results[f"{a.url}/flaky"].outcome == "ok"
    assert "after 2 tries" in results[f"{a.url}/flaky"].detail
    assert results[f"{a.url}/broken"].outcome == "error" and results[f"{a.url}/broken"].status == 500
    assert len(a.times("/flaky")) == 2 and len(a.times("/broken")) == 2  # one retry each, no more


def test_one_host_is_asked_one_request_at_a_time_interval_apart_while_hosts_run_side_by_side(sites):
    a, b = sites
    urls = {f"{site.url}/ok?{i}": [f"{name}{i}"] for site, name in ((a, "a"), (b, "b")) for i in range(4)}
    started = time.monotonic()
    results = check_links.check_all(urls, FAST)
    elapsed = time.monotonic() - started
    assert [r.outcome for r in results] == ["ok"] * 8
    for site in (a, b):
        times = site.times()
        assert len(times) == 4
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        assert min(gaps) >= FAST.interval * 0.95, gaps
    # Two hosts checked side by side: well under the 7 intervals one queue would take.
    assert elapsed < 6 * FAST.interval, elapsed


def test_every_url_is_checked_once_and_keeps_all_the_records_that_cite_it(tmp_path, sites):
    a, _ = sites
    table = write_records(tmp_path / "records.csv", [
        ("r1", "kept", f"{a.url}/ok"), ("r2", "duplicate", f"{a.url}/ok"), ("r3", "kept", f"{a.url}/gone"), ("r4", "excluded", ""),
    ])
    cited = check_links.read_urls(table)
    assert cited == {f"{a.url}/ok": ["r1", "r2"], f"{a.url}/gone": ["r3"]}
    check_links.check_all(cited, FAST)
    assert len(a.times("/ok")) == 1


def test_the_report_lists_dead_links_and_the_run_does_not_fail(tmp_path, sites, capsys):
    a, _ = sites
    table = write_records(tmp_path / "records.csv", [
        ("r1", "kept", f"{a.url}/ok"), ("r2", "kept", f"{a.url}/gone"), ("r3", "kept", f"{a.url}/gone"),
        ("r4", "kept", f"{a.url}/broken"),
    ])
    out = tmp_path / "report"
    code = check_links.main([str(table), "--out", str(out), "--interval", "0.05", "--timeout", "2", "--retry-wait", "0.05"])
    assert code == 0  # dead links are reported, not failed on
    assert "3 URLs: 1 ok, 1 dead, 1 to check by hand" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["urls"], summary["records"], summary["ok"], summary["dead"], summary["error"]) == (3, 4, 1, 1, 1)
    assert summary["dead_links"] == [{"url": f"{a.url}/gone", "status": 404, "detail": "HTTP 404", "doc_ids": ["r2", "r3"]}]
    with (out / "links.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["url"], r["outcome"], r["doc_ids"]) for r in rows] == [
        (f"{a.url}/ok", "ok", "r1"), (f"{a.url}/gone", "dead", "r2;r3"), (f"{a.url}/broken", "error", "r4")]
    text = (out / "summary.md").read_text(encoding="utf-8")
    assert "1 ok, 1 dead, 1 to check by hand" in text
    assert f"| {a.url}/gone | 404 | HTTP 404 | r2 r3 |" in text


def test_an_unreadable_table_exits_2(tmp_path):
    (tmp_path / "t.csv").write_text("doc_id,link\nr1,http://127.0.0.1/\n", encoding="utf-8")
    assert check_links.main([str(tmp_path / "t.csv"), "--out", str(tmp_path / "r")]) == 2
    assert check_links.main([str(tmp_path / "missing.csv"), "--out", str(tmp_path / "r")]) == 2


def test_a_host_name_that_no_longer_resolves_is_dead_without_a_lookup():
    """DNS is not reachable from the tests: the classifier is checked on requests' own wrapping of the error."""
    from urllib3.exceptions import MaxRetryError, NameResolutionError

    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as gai:
            reason = NameResolutionError("gone.example", None, gai)
            raise MaxRetryError(None, "http://gone.example/", reason) from reason
    except MaxRetryError as exc:
        wrapped = requests.ConnectionError(exc)
    assert check_links.classify_exception(wrapped) == ("dead", "host name does not resolve")
    assert check_links.classify_exception(requests.ConnectionError("refused"))[0] == "error"
    assert check_links.classify_exception(requests.ReadTimeout("slow")) == ("error", "timed out")


def test_the_checker_sends_its_user_agent(sites):
    a, _ = sites
    seen = {}

    class Recording(requests.Session):
        def get(self, url, **kwargs):
            seen["ua"] = self.headers["User-Agent"]
            seen["stream"] = kwargs.get("stream")
            seen["timeout"] = kwargs.get("timeout")
            return super().get(url, **kwargs)

    check_links.check_host([f"{a.url}/ok"], FAST, session_factory=Recording)
    assert seen == {"ua": check_links.USER_AGENT, "stream": True, "timeout": FAST.timeout}


def test_a_host_that_does_not_answer_is_left_alone_after_a_few_tries():
    url = closed_port_url()
    settings = check_links.Settings(interval=0.01, timeout=0.5, retries=0, retry_wait=0.01, workers=1, give_up_after=3)
    results = check_links.check_host([f"{url}?{i}" for i in range(6)], settings)
    assert [r.detail.startswith("connection failed") for r in results] == [True] * 3 + [False] * 3
    assert all(r.outcome == "error" and r.detail.startswith("not checked") for r in results[3:])


def test_an_http_error_does_not_count_as_silence(sites):
    a, _ = sites
    settings = check_links.Settings(interval=0.01, timeout=2, retries=0, retry_wait=0.01, workers=1, give_up_after=2)
    results = check_links.check_host([f"{a.url}/gone?{i}" for i in range(4)], settings)
    assert [r.outcome for r in results] == ["dead"] * 4
    assert len(a.times("/gone")) == 4
