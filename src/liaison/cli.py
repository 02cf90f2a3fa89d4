"""Command line: ``python -m liaison build`` regenerates data/processed from data/raw."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from liaison.paths import CACHE_DIR, PROCESSED_DIR, RAW_DIR, REFERENCE_DIR
from liaison.pipeline import build as build_mod
from liaison.pipeline.output import OutputError
from liaison.pipeline.records import RecordError
from liaison.refresh import DEFAULT_BASE_URL, FETCH_SUMMARY


def _build(args: argparse.Namespace) -> int:
    """Build, then write all outputs at once; every failure ends with a message, not a traceback."""
    out, raw, reference = Path(args.out), Path(args.raw), Path(args.reference)
    if out.exists() and not out.is_dir():
        print(f"build failed: --out {out} is a file, not a folder", file=sys.stderr)
        return 2
    for flag, folder, what in (("--raw", raw, "raw data"), ("--reference", reference, "reference")):
        if not folder.is_dir():
            print(f"build failed: {flag} {folder}: {what} folder not found", file=sys.stderr)
            return 2
    try:
        result = build_mod.build(raw_dir=raw, reference_dir=reference)
    except RecordError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build failed: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        paths = build_mod.write(result, out_dir=out)
    except OutputError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(build_mod.summary(result))
    for path in paths:
        print(f"wrote {path}")
    return 0


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _fetch(args: argparse.Namespace) -> int:
    """Run the fetcher; every failure ends with a message saying what to do, and a non-zero exit.

    Exit status: 0 done, 1 the fetch could not run (message on stderr), 2 a usage error (argparse's,
    also for options outside their limits), 3 the site is unreachable, 130 interrupted.
    """
    from liaison.refresh import fetch as fetch_mod

    try:
        config = fetch_mod.FetchConfig(
            since=args.since,
            until=args.until,
            out_dir=Path(args.out) if args.out else None,
            base_url=args.base_url,
            cache_dir=Path(args.cache_dir),
            offline=args.offline,
            interval=args.interval,
            timeout=args.timeout,
            retries=args.retries,
            backoff=args.backoff,
            listing_ttl=args.listing_ttl,
            max_pages=args.max_pages,
            progress=not args.no_progress,
        )
    except fetch_mod.BadOption as exc:  # limits that depend on two options (--since/--until, the floor)
        args.fetch_parser.error(str(exc))  # usage message, exit 2
    try:
        report = fetch_mod.fetch(config)
    except fetch_mod.SiteUnreachable as exc:
        print(f"fetch failed: {exc}", file=sys.stderr)
        return 3
    except fetch_mod.FetchError as exc:
        print(f"fetch failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "fetch interrupted: records written so far are complete and every page fetched is cached; "
            "run the same command again to resume.",
            file=sys.stderr,
        )
        return 130
    for url, reason in report.skipped:
        print(f"skipped {url}: {reason}", file=sys.stderr)
    print(report.summary())
    return 0


def _limited(name: str) -> Callable[[str], float]:
    """An argparse type for a numeric option: a finite number within fetch.OPTION_LIMITS[name]."""

    def parse(text: str) -> float:
        from liaison.refresh import fetch as fetch_mod  # only when a fetch option is given (requests is slow to import)

        low, high, integer, low_open = fetch_mod.OPTION_LIMITS[name]
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole ' if integer else ''}number") from None
        problem = fetch_mod.check_number(name, value, low, high, integer=integer, low_open=low_open)
        if problem:
            raise argparse.ArgumentTypeError(problem.removeprefix(f"--{name} "))
        return value

    parse.__name__ = name  # argparse names the type in some messages
    return parse


def _base_url(text: str) -> str:
    from liaison.refresh import fetch as fetch_mod

    try:
        fetch_mod.HostPolicy.for_base(text)
    except fetch_mod.BadOption as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--base-url ")) from None
    return text


FETCH_EPILOG = """\
limits: --interval and --backoff are at least 1 s against the department's site (a base URL on
127.0.0.1, the tests' local imitation, may use 0) and at most 600 s and 60 s; --timeout is more
than 0 and at most 300 s; --retries 0-10; --listing-ttl 1-86400 s (robots.txt shares it, and RFC
9309 caps its caching at a day); --max-pages 1-1000; a port in --base-url 1-65535; --since not after
--until. Anything else (negative, NaN, infinite, not a number, too large) is a usage error (exit 2).

time bound: each request, connect + response + whole body, is cut off after --timeout seconds, even
if the server keeps trickling bytes (name resolution is not covered). A request with its retries
therefore ends within (retries + 1) x timeout plus the backoff waits (each at most 120 s) and the
intervals between requests; a URL follows at most 5 redirects, each such a request.

exit status: 0 done (skipped pages are listed on stderr and in fetch-log.tsv); 1 the fetch could
not run (robots.txt unavailable or refusing, no listing readable, --offline with nothing cached);
2 usage error; 3 the site is unreachable; 130 interrupted (run the same command again to resume).
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="liaison", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate raw records and write data/processed/")
    b.add_argument("--raw", default=str(RAW_DIR), help="raw data folder (default: data/raw)")
    b.add_argument("--out", default=str(PROCESSED_DIR), help="output folder (default: data/processed)")
    b.add_argument("--reference", default=str(REFERENCE_DIR),
                   help="reviewed lists and reference tables (default: data/reference)")
    b.set_defaults(func=_build)
    f = sub.add_parser(
        "fetch",
        help="fetch the department's English news items of a date window into data/raw/ (polite, cached)",
        description=FETCH_SUMMARY,
        epilog=FETCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    f.add_argument("--since", type=_day, required=True, help="first posting date, YYYY-MM-DD")
    f.add_argument("--until", type=_day, required=True, help="last posting date, YYYY-MM-DD (not before --since)")
    f.add_argument("--out", help="output folder (default: data/raw/idcpc-fetched-SINCE-UNTIL; records go in its records/)")
    f.add_argument("--offline", action="store_true", help="read the cache only; send no request")
    f.add_argument("--base-url", type=_base_url, default=DEFAULT_BASE_URL,
                   help="the site (a department host; http://127.0.0.1:PORT/ only for tests)")
    f.add_argument("--cache-dir", default=str(CACHE_DIR), help="requests-cache folder (default: .cache/)")
    f.add_argument("--interval", type=_limited("interval"), default=1.0,
                   help="seconds between network requests (default: 1; at least 1 against the department's site)")
    f.add_argument("--timeout", type=_limited("timeout"), default=30.0,
                   help="deadline in seconds for one request as a whole: connect, response and the whole "
                        "body (default: 30); a server that never answers or trickles bytes is cut off then, "
                        "and the request retried")
    f.add_argument("--retries", type=_limited("retries"), default=3,
                   help="retries on 429, 5xx and timeouts (default: 3; at most 10)")
    f.add_argument("--backoff", type=_limited("backoff"), default=2.0,
                   help="first retry wait in seconds, doubled each time up to 120; a longer Retry-After "
                        "(seconds or HTTP date) is honoured, and one over 120 s ends the retries "
                        "(default: 2; at least 1 against the department's site)")
    f.add_argument("--listing-ttl", type=_limited("listing-ttl"), default=3600,
                   help="seconds a cached listing page (and robots.txt) stays fresh (default: 3600; at most "
                        "86400; articles never expire)")
    f.add_argument("--max-pages", type=_limited("max-pages"), default=100,
                   help="most listing pages read per section (default: 100; 1-1000)")
    f.add_argument("--no-progress", action="store_true", help="no progress bar")
    f.set_defaults(func=_fetch, fetch_parser=f)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
