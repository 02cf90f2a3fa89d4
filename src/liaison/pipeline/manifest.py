"""Checksum manifests (``SHA256SUMS``) of raw folders: written by the fetcher, verified by the build.

The format is GNU ``sha256sum``'s (``<hex digest>  ./<path>``, one line per file, sorted by path),
so a reader can check a folder with ``cd data/raw/idcpc-en && sha256sum -c SHA256SUMS``. Written
here rather than by calling ``sha256sum``: the build must also run where coreutils are absent, and
``hashlib`` gives the same digests.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

MANIFEST = "SHA256SUMS"


def digest(path: Path | str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def listed_files(folder: Path) -> list[str]:
    """Every file below ``folder`` except the manifest, as sorted POSIX paths relative to it.

    ``os.walk`` and strings rather than ``Path.rglob``: on an archive of 100,000 records the Path objects
    cost more than hashing the files.
    """
    root = os.fspath(folder)
    found = []
    for here, _, files in os.walk(root):
        rel = os.path.relpath(here, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found += [prefix + name for name in files if not (prefix == "" and name == MANIFEST)]
    return sorted(found)


def manifest_text(folder: Path) -> str:
    """The ``SHA256SUMS`` text that describes ``folder`` as it is now."""
    return "".join(f"{digest(folder / name)}  ./{name}\n" for name in listed_files(folder))


class ManifestError(ValueError):
    """A manifest that is missing, malformed, or does not describe its folder."""


def read_manifest(folder: Path) -> dict[str, str]:
    """``path -> digest`` as the folder's ``SHA256SUMS`` lists them."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ManifestError(f"{path}: missing checksum manifest (every raw folder needs one)")
    listed: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found, sep, name = line.partition("  ")
        if not sep or len(found) != 64 or any(c not in "0123456789abcdef" for c in found) or not name:
            raise ManifestError(f"{path}: line {lineno}: not '<sha256>  ./<path>': {line[:80]!r}")
        listed[name.removeprefix("./")] = found
    return listed


def verify(folder: Path) -> list[str]:
    """What differs between ``folder`` and its manifest (empty when they agree), one line each."""
    listed = read_manifest(folder)
    actual = set(listed_files(folder))
    problems = [f"{name}: not in {MANIFEST} (added after the manifest was written)" for name in sorted(actual - set(listed))]
    problems += [f"{name}: listed in {MANIFEST} but missing" for name in sorted(set(listed) - actual)]
    root = os.fspath(folder)
    problems += [
        f"{name}: changed after {MANIFEST} was written (checksum differs)"
        for name in sorted(actual & set(listed))
        if digest(os.path.join(root, name)) != listed[name]
    ]
    return problems
