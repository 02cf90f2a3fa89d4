"""The fetcher's politeness rules: option limits, the host allowlist, robots.txt, retries and
Retry-After, redirects, and the deadline per request. All against 127.0.0.1; waits are injected
(FakeTime), so exact waits are asserted and no test sleeps for them."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fetchsite import site as fake
from fetchsite.harness import FakeTime, config, mini_config, mini_site, page, record_names, servers  # noqa: F401
from fetchsite.server import LocalServer, Route, Site, StallingServer
from requests_cache import CachedSession

from liaison import cli
from liaison.refresh import fetch as fetch_mod
from liaison.refresh.fetch import (
    BadOption,
    FetchConfig,
    FetchError,
    HostPolicy,
    HTTPStatus,
    PoliteClient,
    Refused,
    fetch,
    retry_after_seconds,
)

LIVE = "https://www.idcpc.org.cn/"


# ---------------------------------------------------------------- option limits


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--retries", "-1"], "argument --retries: must be at least 0 and at most 10, not -1"),
        (["--retries", "11"], "argument --retries: must be at least 0 and at most 10, not 11"),
        (["--retries", "nan"], "argument --retries: 'nan' is not a whole number"),
        (["--retries", "2.5"], "argument --retries: '2.5' is not a whole number"),
        (["--retries", "99999999999999999999"], "argument --retries: must be at least 0"),
        (["--timeout", "0"], "argument --timeout: must be more than 0 and at most 300, not 0"),
        (["--timeout", "-1"], "argument --timeout: must be more than 0"),
        (["--timeout", "nan"], "argument --timeout: must be a finite number, not nan"),
        (["--timeout", "inf"], "argument --timeout: must be a finite number, not inf"),
        (["--timeout", "1e400"], "argument --timeout: must be a finite number, not inf"),
        (["--timeout", "301"], "argument --timeout: must be more than 0 and at most 300, not 301"),
        (["--timeout", "soon"], "argument --timeout: 'soon' is not a number"),
        (["--backoff", "-0.5"], "argument --backoff: must be at least 0 and at most 60, not -0.5"),
        (["--backoff=-inf"], "argument --backoff: must be a finite number, not -inf"),
        (["--backoff", "61"], "argument --backoff: must be at least 0 and at most 60, not 61"),
        (["--backoff", "0.5"], "--backoff must be at least 1 s against the department's site, not 0.5"),
        (["--interval", "-1"], "argument --interval: must be at least 0 and at most 600, not -1"),
        (["--interval", "NaN"], "argument --interval: must be a finite number, not nan"),
        (["--interval", "601"], "argument --interval: must be at least 0 and at most 600, not 601"),
        (["--interval", "0"], "--interval must be at least 1 s against the department's site, not 0"),
        (["--interval", "0.5"], "--interval must be at least 1 s against the department's site, not 0.5"),
        (["--listing-ttl", "0"], "argument --listing-ttl: must be at least 1 and at most 86400, not 0"),
        (["--listing-ttl", "-1"], "argument --listing-ttl: must be at least 1"),
        (["--listing-ttl", "86401"], "argument --listing-ttl: must be at least 1 and at most 86400, not 86401"),
        (["--listing-ttl", "1.5"], "argument --listing-ttl: '1.5' is not a whole number"),
        (["--max-pages", "0"], "argument --max-pages: must be at least 1 and at most 1000, not 0"),
        (["--max-pages", "1001"], "argument --max-pages: must be at least 1 and at most 1000, not 1001"),
        (["--base-url", "http://127.0.0.1:0/"], "argument --base-url: 'http://127.0.0.1:0/' is not a plain"),
        (["--base-url", "http://127.0.0.1:65536/"], "argument --base-url: 'http://127.0.0.1:65536/' is not a plain"),
        (["--base-url", "http://127.0.0.1:port/"], "argument --base-url: 'http://127.0.0.1:port/' is not a plain"),
        (["--base-url", "https://www.idcpc.org.cn:8443/"], "argument --base-url: host 'www.idcpc.org.cn' (port 8443)"),
        (["--base-url", "https://idcpc.org.cn@evil.com/"], "argument --base-url: 'https://idcpc.org.cn@evil.com/'"),
        (["--base-url", "https://evil.example/"], "argument --base-url: host 'evil.example' (port 443)"),
        (["--until", "2018-05-31"], "--since 2018-06-01 is after --until 2018-05-31"),
    ],
)
def test_bad_options_are_usage_errors(args, message, capsys, tmp_path):
    argv = ["fetch", "--since", "2018-06-01", "--until", "2018-06-30", "--cache-dir", str(tmp_path / "c"),
            "--out", str(tmp_path / "out"), *args]
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: liaison fetch ")
    assert f"liaison fetch: error: {message}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "c").exists() and not (tmp_path / "out").exists()  # nothing was started


def test_the_politeness_floor_holds_for_the_library_too():
    with pytest.raises(BadOption, match="--interval must be at least 1 s"):
        FetchConfig(fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30), interval=0.2)
    with pytest.raises(BadOption, match="--backoff must be at least 1 s"):
        FetchConfig(fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30), backoff=0.0)
    with pytest.raises(BadOption, match="--timeout must be a finite number, not nan"):
        FetchConfig(fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30), timeout=float("nan"))
    with pytest.raises(BadOption, match="--retries must be a whole number"):
        FetchConfig(fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30), retries=True)
    # the escape hatch is a 127.0.0.1 base URL only
    assert FetchConfig(fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30), base_url="http://127.0.0.1:8000/",
                       interval=0.0, backoff=0.0).interval == 0.0
    polite = FetchConfig(fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30))
    assert (polite.interval, polite.backoff) == (fetch_mod.MIN_INTERVAL, 2.0)
    polite.interval = 0.0  # fields are mutable: a run checks again
    with pytest.raises(BadOption, match="--interval"):
        fetch(polite)
    with pytest.raises(BadOption, match="--interval"):
        PoliteClient(polite)


# ---------------------------------------------------------------- the host allowlist


@pytest.mark.parametrize(
    "url",
    [
        "https://www.idcpc.org.cn/english/",
        "https://idcpc.org.cn/a",
        "http://www.idcpc.gov.cn/b",
        "https://idcpc.gov.cn/english2023/",
        "https://WWW.IDCPC.ORG.CN/english/",  # the same host (DNS names are case-insensitive)
        "HTTPS://idcpc.org.cn/a",
        "https://idcpc.org.cn:443/a",  # the scheme's default port, spelled out
        "http://idcpc.gov.cn:80/a",
    ],
)
def test_allowlist_lets_the_department_hosts_pass(url):
    assert HostPolicy.for_base(LIVE).allows(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://evilidcpc.org.cn/",
        "https://idcpc.org.cn.example.com/",
        "https://www.idcpc.org.cn.evil.com/english/",
        "https://IDCPC.ORG.CN.EVIL.COM/",
        "https://idcpc.org.cn@evil.com/",
        "https://www.idcpc.org.cn:443@evil.com/",
        "https://evil.com@idcpc.org.cn/",  # user info, even in front of the right host
        "https://user:secret@www.idcpc.org.cn/",
        "https://idcpc.org.cn\\@evil.com/",
        "https://idcpc.org.cn%2eevil.com/",
        "https://idcpc.org.cn./c",  # trailing dot
        "https://idcpc.org.cn../",
        "https://.idcpc.org.cn/",
        "https://xn--idcpc-9ua.org.cn/",  # punycode
        "https://\u0131dcpc.org.cn/",  # dotless i
        "https://\uff49\uff44\uff43\uff50\uff43.org.cn/",  # fullwidth letters (IDNA would map them)
        "https://www.idcpc.org.cn:8443/",
        "http://idcpc.org.cn:443/",  # another port for the scheme
        "https://idcpc.org.cn:0/",
        "https://idcpc.org.cn:99999/",
        "ftp://idcpc.org.cn/",
        "javascript:alert(1)",
        "//www.idcpc.org.cn/english/",  # no scheme
        "https://[::1]/",
        "http://127.0.0.1:8000/",
        "https://example.com/",
        "https://idcpc.org/",
        "https://idcpc.gov/",
    ],
)
def test_allowlist_refuses_look_alikes(url):
    policy = HostPolicy.for_base(LIVE)
    assert not policy.allows(url)
    with pytest.raises(Refused, match="host not allowed"):
        policy.check(url)


def test_a_local_base_allows_its_one_origin_only():
    local = HostPolicy.for_base("http://127.0.0.1:8123/")
    assert local.allows("http://127.0.0.1:8123/english/news/")
    assert local.allows("http://127.0.0.1:8123")
    for url in (
        "http://127.0.0.1:8124/", "http://localhost:8123/", "https://127.0.0.1:8123/", "http://127.0.0.1.:8123/",
        "http://2130706433:8123/", "http://0x7f.0.0.1:8123/", "http://u@127.0.0.1:8123/",
        "https://www.idcpc.org.cn/english/",
    ):
        assert not local.allows(url), url


@pytest.mark.parametrize(
    "base", ["https://example.com/", "https://idcpc.org.cn.example.com/", "http://localhost:8000/",
             "https://idcpc.org.cn:8443/", "https://u@idcpc.org.cn/", "http://127.0.0.1:70000/", "idcpc.org.cn"]
)
def test_a_base_url_off_the_allowlist_is_refused(base):
    with pytest.raises(BadOption, match="--base-url"):
        HostPolicy.for_base(base)


# ---------------------------------------------------------------- spacing and robots.txt


def test_network_requests_are_spaced_and_cached_pages_do_not_wait(tmp_path, servers):
    server, _ = servers
    t = FakeTime()
    client = PoliteClient(config(tmp_path, server.url, interval=5.0), sleep=t.sleep, clock=t.clock)
    urls = [server.url + r.path.lstrip("/") for r in (fake.MEETING_CUBA, fake.MEETING_SPD, fake.MEETING_LAOS)]
    for url in urls:
        client.get(url)
    assert client.adapter.sent == 4  # robots.txt and three pages
    assert t.waits == [5.0, 5.0, 5.0]
    for url in urls:
        assert client.get(url).from_cache
    assert client.adapter.sent == 4 and t.waits == [5.0, 5.0, 5.0]
    client.close()


def test_robots_crawl_delay_raises_the_interval(tmp_path):
    site = Site()
    site.routes["/robots.txt"] = Route("User-agent: *\nCrawl-delay: 3\n", content_type="text/plain")
    site.routes[fake.MEETING_SPD.path] = Route(fake.article_html(fake.MEETING_SPD))
    t = FakeTime()
    with LocalServer(site) as server:
        client = PoliteClient(config(tmp_path, server.url, interval=0.0), sleep=t.sleep, clock=t.clock)
        client.get(server.url + fake.MEETING_SPD.path.lstrip("/"))
        client.close()
    assert client.adapter.interval == 3.0 and t.waits == [3.0]


@pytest.mark.parametrize(
    ("status", "requests", "meaning"),
    [
        (401, 1, "HTTP 401 (access denied)"),  # our conservative reading, not RFC 9309's
        (403, 1, "HTTP 403 (access denied)"),
        (429, 3, "HTTP 429 (unreachable)"),
        (500, 3, "HTTP 500 (unreachable)"),
        (503, 3, "HTTP 503 (unreachable)"),
    ],
)
def test_robots_denied_or_unreachable_stops_the_run(tmp_path, status, requests, meaning):
    spd = page(fake.MEETING_SPD)
    site = mini_site([(fake.MEETING_SPD.path, "x")], dict([spd]), robots=Route("no", status=status))
    with LocalServer(site) as server, pytest.raises(FetchError) as failed:
        fetch(mini_config(tmp_path, server.url))
    assert str(failed.value) == (
        f"not crawling: {server.url}robots.txt answered {meaning} (robots.txt unavailable)"
    )
    assert site.paths() == ["/robots.txt"] * requests  # retried on 429/5xx only, nothing else asked for
    assert not (tmp_path / "raw").exists()


@pytest.mark.parametrize("status", [404, 410])
def test_robots_missing_allows_everything(tmp_path, status):
    spd = page(fake.MEETING_SPD)
    private = page(fake.MEETING_LAOS, "/english/private/201806/t20180619_9013.html")
    site = mini_site([(fake.MEETING_SPD.path, "x"), (private[0], "y")], dict([spd, private]),
                     robots=Route("gone", status=status))
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    assert record_names(report) == {"t20180620_9007", "t20180619_9013"}
    assert site.requested("/robots.txt") == 1


def test_robots_redirect_is_followed(tmp_path):
    site = Site()
    site.routes["/robots.txt"] = Route(redirect="/robots-2018.txt")
    site.routes["/robots-2018.txt"] = Route("User-agent: *\nDisallow: /english/news/\n", content_type="text/plain")
    with LocalServer(site) as server:
        client = PoliteClient(config(tmp_path, server.url))
        with pytest.raises(Refused, match=r"disallowed by robots\.txt"):
            client.get(server.url + fake.MEETING_SPD.path.lstrip("/"))
        client.close()
    assert site.paths() == ["/robots.txt", "/robots-2018.txt"]


def test_robots_redirect_loop_disallows_everything(tmp_path):
    site = mini_site([], robots=Route(redirect="/robots-a.txt"))
    site.routes["/robots-a.txt"] = Route(redirect="/robots.txt")
    with LocalServer(site) as server, pytest.raises(FetchError, match=r"not crawling: .*redirect loop"):
        fetch(mini_config(tmp_path, server.url))
    assert site.paths() == ["/robots.txt", "/robots-a.txt"]


# ---------------------------------------------------------------- retries, backoff and Retry-After


def client_for(server, tmp_path: Path, t: FakeTime, **overrides) -> PoliteClient:
    values = {"retries": 3, "backoff": 0.25, **overrides}
    return PoliteClient(config(tmp_path, server.url, **values), sleep=t.sleep, clock=t.clock, now=t.wall_clock)


def spd_site(*faults: str) -> Site:
    site = mini_site([])
    path, route = page(fake.MEETING_SPD)
    route.faults = list(faults)
    site.routes[path] = route
    return site


@pytest.mark.parametrize(
    ("faults", "waits"),
    [
        (["500", "500", "500"], [0.25, 0.5, 1.0]),  # backoff, doubled each time
        (["503", "502"], [0.25, 0.5]),
        (["429:3"], [3.0]),  # Retry-After in seconds, longer than the backoff
        (["503:0"], [0.25]),  # shorter than the backoff: the backoff
        (["503:5", "503:1"], [5.0, 1.0]),  # the second wait: max(0.5, 1)
        (["429:Sat, 30 Jun 2018 12:00:07 GMT"], [7.0]),  # an HTTP date, 7 s after FakeTime's wall clock
        (["503:Sat, 30 Jun 2018 11:00:00 GMT"], [0.25]),  # a date in the past
        (["503:soon"], [0.25]),  # unreadable
        (["503:120"], [120.0]),  # the longest honoured
    ],
)
def test_backoff_and_retry_after_waits(tmp_path, faults, waits):
    site = spd_site(*faults)
    t = FakeTime()
    with LocalServer(site) as server:
        client = client_for(server, tmp_path, t)
        response = client.get(server.url + fake.MEETING_SPD.path.lstrip("/"))
        client.close()
    assert response.status_code == 200
    assert t.waits == waits
    assert site.requested(fake.MEETING_SPD.path) == len(faults) + 1


@pytest.mark.parametrize("header", ["121", "Sat, 30 Jun 2018 12:05:00 GMT"])
def test_a_retry_after_beyond_the_cap_ends_the_retries(tmp_path, header):
    site = spd_site(f"503:{header}")
    t = FakeTime()
    with LocalServer(site) as server:
        client = client_for(server, tmp_path, t)
        with pytest.raises(HTTPStatus, match="HTTP 503"):
            client.get(server.url + fake.MEETING_SPD.path.lstrip("/"))
        client.close()
    assert t.waits == []
    assert site.requested(fake.MEETING_SPD.path) == 1


def test_retries_give_up_with_the_last_status(tmp_path):
    site = spd_site("500", "500", "500", "500")
    t = FakeTime()
    with LocalServer(site) as server:
        client = client_for(server, tmp_path, t)
        with pytest.raises(HTTPStatus, match="HTTP 500"):
            client.get(server.url + fake.MEETING_SPD.path.lstrip("/"))
        client.close()
    assert t.waits == [0.25, 0.5, 1.0]
    assert site.requested(fake.MEETING_SPD.path) == 4


def test_a_timeout_is_retried_after_the_backoff(tmp_path):
    site = spd_site("slow")
    site.slow_seconds = 1.0
    t = FakeTime()
    with LocalServer(site) as server:
        client = client_for(server, tmp_path, t, timeout=0.3)
        assert client.get(server.url + fake.MEETING_SPD.path.lstrip("/")).status_code == 200
        client.close()
    assert t.waits == [0.25]


def test_retry_after_parsing():
    now = datetime(2018, 6, 30, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("30", now) == 30.0
    assert retry_after_seconds(" 0 ", now) == 0.0
    assert retry_after_seconds("Sat, 30 Jun 2018 12:01:00 GMT", now) == 60.0
    assert retry_after_seconds("Saturday, 30-Jun-18 12:00:30 GMT", now) == 30.0  # RFC 850 form
    assert retry_after_seconds("Sat Jun 30 12:00:10 2018", now) == 10.0  # asctime form
    assert retry_after_seconds("Fri, 29 Jun 2018 12:00:00 GMT", now) == 0.0
    for bad in ("", "-5", "1.5", "later", "Sat, 99 Foo 2018"):
        assert retry_after_seconds(bad, now) is None, bad


# ---------------------------------------------------------------- redirects


def test_a_redirect_loop_is_refused(tmp_path):
    site = mini_site([])
    site.routes["/english/news/201806/t20180620_9007.html"] = Route(redirect="/english/news/201806/moved.html")
    site.routes["/english/news/201806/moved.html"] = Route(redirect="/english/news/201806/t20180620_9007.html")
    with LocalServer(site) as server:
        client = PoliteClient(config(tmp_path, server.url))
        with pytest.raises(Refused) as refused:
            client.get(server.url + "english/news/201806/t20180620_9007.html")
        client.close()
    start = server.url + "english/news/201806/t20180620_9007.html"
    assert str(refused.value) == (
        f"{start}: redirect loop ({start} -> {server.url}english/news/201806/moved.html -> {start})"
    )
    assert site.requested("/english/news/201806/t20180620_9007.html") == 1
    assert site.requested("/english/news/201806/moved.html") == 1


def chain_site(hops: int) -> Site:
    """/english/news/201806/t20180620_9007.html redirects through ``hops`` pages to the article."""
    site = mini_site([("/english/news/201806/t20180620_9007.html", "x")])
    names = ["/english/news/201806/t20180620_9007.html"] + [f"/hop{n}.html" for n in range(1, hops)]
    names.append("/english2023/lldt/201806/t20180620_9007.html")
    for here, there in itertools.pairwise(names):
        site.routes[here] = Route(redirect=there)
    site.routes[names[-1]] = Route(fake.article_html(fake.MEETING_SPD))
    return site


def test_five_redirects_are_followed(tmp_path):
    site = chain_site(fetch_mod.MAX_HOPS)
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    assert record_names(report) == {"t20180620_9007"}
    assert site.requested("/english2023/lldt/201806/t20180620_9007.html") == 1


def test_a_sixth_redirect_is_refused_and_logged(tmp_path):
    site = chain_site(fetch_mod.MAX_HOPS + 1)
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    assert report.written == []
    [(url, reason)] = report.skipped
    assert url == server.url + "english/news/201806/t20180620_9007.html"
    assert reason.startswith("more than 5 redirects (")
    assert site.requested("/english2023/lldt/201806/t20180620_9007.html") == 0  # the seventh URL: never asked
    assert site.requested("/hop5.html") == 1


def test_a_redirect_to_a_path_robots_disallows_is_refused(tmp_path):
    private = "/english/private/201806/t20180620_9007.html"
    site = mini_site([("/english/news/201806/t20180620_9007.html", "x")],
                     {"/english/news/201806/t20180620_9007.html": Route(redirect=private),
                      private: Route(fake.article_html(fake.MEETING_SPD))})
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    assert report.written == []
    assert report.skipped == [(
        server.url + "english/news/201806/t20180620_9007.html",
        f"redirect refused: {server.url}{private.lstrip('/')}: disallowed by robots.txt",
    )]
    assert site.requested(private) == 0


# ---------------------------------------------------------------- the deadline per request


@pytest.mark.parametrize("mode", ["silent", "trickle-headers", "trickle-body"])
def test_a_server_that_never_completes_an_answer_is_cut_off(tmp_path, capsys, mode):
    """Connect succeeds, then nothing (or a byte every 50 ms, which requests' per-read timeout never
    catches): each attempt ends at the 0.3 s deadline, two attempts, then exit 3."""
    result: dict[str, object] = {}
    with StallingServer(mode, every=0.05) as server:
        argv = ["fetch", "--since", "2018-06-01", "--until", "2018-06-30", "--base-url", server.url,
                "--out", str(tmp_path / "raw" / "x"), "--cache-dir", str(tmp_path / "cache"), "--interval", "0",
                "--retries", "1", "--backoff", "0", "--timeout", "0.3", "--no-progress"]

        def run() -> None:
            started = time.monotonic()
            result["code"] = cli.main(argv)
            result["seconds"] = time.monotonic() - started

        runner = threading.Thread(target=run, daemon=True)
        runner.start()
        runner.join(timeout=10)
        assert not runner.is_alive(), "the request was not cut off"
        trickled = server.sent
    err = capsys.readouterr().err
    assert result["code"] == 3
    assert "the site is unreachable" in err and "after 2 attempt(s) (no complete answer within 0.3 s)" in err
    assert 0.6 <= result["seconds"] < 4
    assert server.accepted == 2
    cache = CachedSession(str(tmp_path / "cache" / "idcpc-http"), backend="sqlite")
    assert list(cache.cache.responses.keys()) == []  # nothing cut short was cached
    cache.close()
    if mode != "silent":
        assert trickled >= 4  # bytes kept coming: a per-read timeout alone would have waited on
