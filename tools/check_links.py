"""Check that the source pages the book cites still answer, and report the ones that do not.

Every exchange in the book links to the public pages it rests on (the ``url`` column of
``data/processed/records.csv``). Sources die: sites are reorganized, news items expire. This tool checks
each distinct URL once and writes a report; it never fails because a link is dead (the archive keeps
what the page said, and a dead link is a fact to know, not a build error). The weekly workflow
(``.github/workflows/links.yml``) runs it and uploads the report::

    python tools/check_links.py data/processed/records.csv --out link-report

Politeness: one request at a time to any one host, at least ``--interval`` seconds between the end of one
check and the next request (default 2);
up to ``--workers`` hosts checked side by side (default 4); a GET whose body is not read (only the
status line and headers; some servers answer HEAD wrongly); ``--timeout`` seconds to connect and to
read (default 20); one retry, ``--retry-wait`` seconds later, after a timeout, a dropped connection, a
429 or a 5xx; a host that has not answered ``--give-up-after`` requests in a row (default 5) is left
alone for the rest of the run; a User-Agent that names the project.

Each URL gets one outcome:

- ``ok``: the final answer, after redirects, has a status below 400;
- ``dead``: 404 or 410, or the host name no longer resolves: the page is gone;
- ``error``: anything else (timeouts, refused connections, 401/403/429, 5xx, too many redirects): not
  proven dead, to be checked by hand.

Writes into ``--out``: ``links.csv`` (one row per URL: outcome, status, final URL, detail, the records
that cite it), ``summary.json`` (counts and the dead links) and ``summary.md`` (the same for a reader,
which the workflow adds to the run's summary page). Exits 0 whatever the links' state, 2 if the input
cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import json
import socket
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests

USER_AGENT = "liaison-link-check/1 (weekly check of the sources a research book cites; one request per page)"
DEAD_STATUSES = frozenset({404, 410})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
OUTCOMES = ("ok", "dead", "error")
REPORT_COLUMNS = ("url", "outcome", "status", "final_url", "detail", "seconds", "doc_ids")
#: The most rows of each kind that summary.md lists (links.csv has them all).
SUMMARY_ROWS = 200


@dataclass(frozen=True)
class Settings:
    """How politely and patiently to check."""

    interval: float = 2.0
    timeout: float = 20.0
    retries: int = 1
    retry_wait: float = 5.0
    workers: int = 4
    give_up_after: int = 5
    user_agent: str = USER_AGENT


@dataclass
class Result:
    """One URL's check: its outcome, the last HTTP status (0 if none came), where it ended, and why."""

    url: str
    outcome: str
    status: int = 0
    final_url: str = ""
    detail: str = ""
    seconds: float = 0.0
    doc_ids: list[str] = field(default_factory=list)


def read_urls(path: Path, url_column: str = "url", id_column: str = "doc_id") -> dict[str, list[str]]:
    """Each distinct URL of the table and the records that cite it, in the table's order."""
    cited: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or url_column not in reader.fieldnames:
            raise ValueError(f"{path} has no {url_column!r} column")
        for row in reader:
            url = (row.get(url_column) or "").strip()
            if url:
                cited.setdefault(url, []).append(row.get(id_column) or "")
    return cited


def host_of(url: str) -> str:
    """The politeness key: host and port, lower case (two ports of one machine are two sites)."""
    return urlsplit(url).netloc.lower()


def _resolution_failed(exc: BaseException) -> bool:
    """True if the exception, or anything it wraps, is a failed DNS look-up (the host name is gone).

    requests wraps urllib3's errors: ``ConnectionError(MaxRetryError(reason=NameResolutionError(...)))``,
    itself raised from a ``socket.gaierror``; the chain is walked through causes, contexts, ``reason``
    attributes and exception arguments.
    """
    stack: list[BaseException] = [exc]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror) or type(current).__name__ == "NameResolutionError":
            return True
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        stack.extend(item for item in linked if isinstance(item, BaseException))
    return False


def classify_status(status: int) -> str:
    if status < 400:
        return "ok"
    return "dead" if status in DEAD_STATUSES else "error"


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """(outcome, detail) for a request that got no HTTP answer."""
    if _resolution_failed(exc):
        return "dead", "host name does not resolve"
    if isinstance(exc, requests.Timeout):
        return "error", "timed out"
    if isinstance(exc, requests.TooManyRedirects):
        return "error", "too many redirects"
    if isinstance(exc, requests.ConnectionError):
        return "error", "connection failed"
    return "error", f"{type(exc).__name__}: {exc}"


def check_one(session: requests.Session, url: str, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> Result:
    """Check ``url``, retrying once after a transient failure; the body is never downloaded."""
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            with session.get(url, timeout=settings.timeout, stream=True, allow_redirects=True) as response:
                status, final_url = response.status_code, response.url
            result = Result(url, classify_status(status), status, final_url, "" if status < 400 else f"HTTP {status}")
            transient = status in RETRY_STATUSES
        except requests.RequestException as exc:
            outcome, detail = classify_exception(exc)
            result = Result(url, outcome, detail=detail)
            transient = outcome == "error" and isinstance(exc, (requests.Timeout, requests.ConnectionError))
        if not transient or attempt > settings.retries:
            break
        sleep(max(settings.retry_wait, settings.interval))
    result.seconds = round(time.monotonic() - started, 3)
    if attempt > 1:
        result.detail = f"{result.detail} (after {attempt} tries)".strip()
    return result


def _no_answer(result: Result) -> bool:
    """The host did not answer at all (timeout, refused or dropped connection), as opposed to an HTTP error."""
    return result.outcome == "error" and result.status == 0


def check_host(urls: Sequence[str], settings: Settings, session_factory: Callable[[], requests.Session] | None = None) -> list[Result]:
    """Check one host's URLs one after another, ``settings.interval`` seconds apart at least.

    A host that has not answered ``settings.give_up_after`` requests in a row (a site that is down, or that
    drops the runner's traffic) is asked nothing more: its remaining URLs are reported as not checked,
    which keeps a weekly run short and stops hammering a host that is not there.
    """
    session = (session_factory or requests.Session)()
    session.headers["User-Agent"] = settings.user_agent
    results: list[Result] = []
    last = None
    silent = 0
    try:
        for url in urls:
            if settings.give_up_after and silent >= settings.give_up_after:
                results.append(Result(url, "error", detail=f"not checked: the host did not answer {silent} requests in a row"))
                continue
            if last is not None:
                wait = settings.interval - (time.monotonic() - last)
                if wait > 0:
                    time.sleep(wait)
            results.append(check_one(session, url, settings))
            last = time.monotonic()  # the gap runs from the end of one check to the start of the next
            silent = silent + 1 if _no_answer(results[-1]) else 0
    finally:
        session.close()
    return results


def check_all(cited: dict[str, list[str]], settings: Settings, progress: Callable[[str], None] | None = None) -> list[Result]:
    """Check every URL, hosts side by side, each host politely; results in the input's order."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in cited:
        by_host[host_of(url)].append(url)
    found: dict[str, Result] = {}
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        # The busiest hosts first: they set the run's length.
        hosts = sorted(by_host, key=lambda h: (-len(by_host[h]), h))
        for host, results in zip(hosts, pool.map(lambda h: check_host(by_host[h], settings), hosts)):
            for result in results:
                result.doc_ids = cited[result.url]
                found[result.url] = result
            if progress:
                progress(f"{host}: {len(results)} checked, {sum(r.outcome != 'ok' for r in results)} not ok")
    return [found[url] for url in cited]


def summarize(results: Sequence[Result], source: str, checked_at: str) -> dict:
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in OUTCOMES}
    return {
        "source": source,
        "checked_at": checked_at,
        "urls": len(results),
        "records": sum(len(r.doc_ids) for r in results),
        **counts,
        "dead_links": [{"url": r.url, "status": r.status, "detail": r.detail, "doc_ids": r.doc_ids}
                       for r in results if r.outcome == "dead"],
    }


def summary_markdown(summary: dict, results: Sequence[Result]) -> str:
    lines = [
        "## Source links",
        "",
        f"{summary['urls']} distinct URLs cited by {summary['records']} records of `{summary['source']}`, "
        f"checked {summary['checked_at']}: **{summary['ok']} ok, {summary['dead']} dead, {summary['error']} to check by hand** "
        "(timeouts, refusals, server errors: not proven dead).",
        "",
    ]
    for outcome, title in (("dead", "Dead (404, 410, or the host name no longer resolves)"), ("error", "To check by hand")):
        rows = [r for r in results if r.outcome == outcome]
        if not rows:
            continue
        lines += [f"### {title}: {len(rows)}", "", "| URL | status | detail | records |", "|---|---|---|---|"]
        for r in rows[:SUMMARY_ROWS]:
            lines.append(f"| {r.url} | {r.status or ''} | {r.detail} | {' '.join(r.doc_ids)} |")
        if len(rows) > SUMMARY_ROWS:
            lines.append(f"| ... {len(rows) - SUMMARY_ROWS} more in links.csv | | | |")
        lines.append("")
    return "\n".join(lines)


def write_report(results: Sequence[Result], out: Path, source: str, checked_at: str | None = None) -> dict:
    """Write links.csv, summary.json and summary.md into ``out``; return the summary."""
    out.mkdir(parents=True, exist_ok=True)
    checked_at = checked_at or datetime.now(tz=UTC).replace(microsecond=0).isoformat()
    with (out / "links.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for result in results:
            row = asdict(result)
            row["doc_ids"] = ";".join(result.doc_ids)
            writer.writerow({key: row[key] for key in REPORT_COLUMNS})
    summary = summarize(results, source, checked_at)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(summary, results) + "\n", encoding="utf-8")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path, help="a CSV with a url column (data/processed/records.csv)")
    parser.add_argument("--out", type=Path, default=Path("link-report"), help="report folder (default: link-report)")
    parser.add_argument("--url-column", default="url")
    parser.add_argument("--id-column", default="doc_id")
    parser.add_argument("--interval", type=float, default=Settings.interval, help="seconds between two requests to one host")
    parser.add_argument("--timeout", type=float, default=Settings.timeout, help="seconds to connect, and to wait for an answer")
    parser.add_argument("--retries", type=int, default=Settings.retries, help="retries after a transient failure")
    parser.add_argument("--retry-wait", type=float, default=Settings.retry_wait, help="seconds before a retry")
    parser.add_argument("--workers", type=int, default=Settings.workers, help="hosts checked side by side")
    parser.add_argument("--give-up-after", type=int, default=Settings.give_up_after,
                        help="stop asking a host after this many requests in a row got no answer (0: never)")
    parser.add_argument("--limit", type=int, default=0, help="check only the first N URLs (a trial run)")
    args = parser.parse_args(argv)
    try:
        cited = read_urls(args.table, args.url_column, args.id_column)
    except (OSError, ValueError, csv.Error) as exc:
        print(f"check_links: cannot read {args.table}: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        cited = dict(list(cited.items())[: args.limit])
    settings = Settings(interval=args.interval, timeout=args.timeout, retries=args.retries,
                        retry_wait=args.retry_wait, workers=args.workers, give_up_after=args.give_up_after)
    print(f"checking {len(cited)} URLs on {len({host_of(u) for u in cited})} hosts", file=sys.stderr)
    results = check_all(cited, settings, progress=lambda line: print(line, file=sys.stderr))
    summary = write_report(results, args.out, source=str(args.table))
    print(f"{summary['urls']} URLs: {summary['ok']} ok, {summary['dead']} dead, {summary['error']} to check by hand; "
          f"report in {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
