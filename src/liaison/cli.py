"""Command line: ``python -m liaison build`` regenerates data/processed from data/raw."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from liaison import build as build_mod
from liaison.records import RecordError


def _build(args: argparse.Namespace) -> int:
    try:
        result = build_mod.build(raw_dir=Path(args.raw))
    except RecordError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    paths = build_mod.write(result, out_dir=Path(args.out), raw_dir=Path(args.raw))
    print(build_mod.summary(result))
    for path in paths:
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="liaison", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate raw records and write data/processed/")
    b.add_argument("--raw", default=str(build_mod.RAW_DIR), help="raw data folder (default: data/raw)")
    b.add_argument("--out", default=str(build_mod.PROCESSED_DIR), help="output folder (default: data/processed)")
    b.set_defaults(func=_build)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
