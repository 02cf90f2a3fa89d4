"""Command line: ``python -m liaison build`` regenerates data/processed from data/raw."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from liaison.paths import PROCESSED_DIR, RAW_DIR, REFERENCE_DIR
from liaison.pipeline import build as build_mod
from liaison.pipeline.output import OutputError
from liaison.pipeline.records import RecordError


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
    """Run the fetcher; every failure ends with a message saying what to do, and a non-zero exit."""
    from liaison.refresh import fetch as fetch_mod

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
    try:
        report = fetch_mod.fetch(config)
    except fetch_mod.SiteUnreachable as exc:
        print(f"fetch failed: {exc}", file=sys.stderr)
        return 3
    except fetch_mod.FetchError as exc:
        print(f"fetch failed: {exc}", file=sys.stderr)
        return 2
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="liaison", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate raw records and write data/processed/")
    b.add_argument("--raw", default=str(RAW_DIR), help="raw data folder (default: data/raw)")
    b.add_argument("--out", default=str(PROCESSED_DIR), help="output folder (default: data/processed)")
    b.add_argument("--reference", default=str(REFERENCE_DIR),
                   help="reviewed lists and reference tables (default: data/reference)")
    b.set_defaults(func=_build)
    from liaison.refresh import fetch as fetch_mod

    f = sub.add_parser(
        "fetch",
        help="fetch the department's English news items of a date window into data/raw/ (polite, cached)",
        description=fetch_mod.__doc__.split("\n\n")[0] if fetch_mod.__doc__ else None,
    )
    f.add_argument("--since", type=_day, required=True, help="first posting date, YYYY-MM-DD")
    f.add_argument("--until", type=_day, required=True, help="last posting date, YYYY-MM-DD")
    f.add_argument("--out", help="output folder (default: data/raw/idcpc-fetched-SINCE-UNTIL; records go in its records/)")
    f.add_argument("--offline", action="store_true", help="read the cache only; send no request")
    f.add_argument("--base-url", default=fetch_mod.DEFAULT_BASE_URL,
                   help="the site (a department host; http://127.0.0.1:PORT/ only for tests)")
    f.add_argument("--cache-dir", default=str(fetch_mod.CACHE_DIR), help="requests-cache folder (default: .cache/)")
    f.add_argument("--interval", type=float, default=1.0, help="seconds between network requests (default: 1)")
    f.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a response (default: 30)")
    f.add_argument("--retries", type=int, default=3, help="retries on 429, 5xx and timeouts (default: 3)")
    f.add_argument("--backoff", type=float, default=2.0, help="first retry wait in seconds, doubled each time (default: 2)")
    f.add_argument("--listing-ttl", type=int, default=3600,
                   help="seconds a cached listing page stays fresh (default: 3600; articles never expire)")
    f.add_argument("--max-pages", type=int, default=100, help="most listing pages read per section (default: 100)")
    f.add_argument("--no-progress", action="store_true", help="no progress bar")
    f.set_defaults(func=_fetch)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
