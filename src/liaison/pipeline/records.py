"""Parse and validate archive records (one ``key: value`` text file per source page).

The format is fixed by ``CODEBOOK.md`` in the archive. Validation collects *every* problem
(file and field) instead of stopping at the first, so a build can report them all at once.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from liaison.codebook import (
    DATE_FIELDS,
    EVENT_TYPES,
    FIELDS,
    MENTION_KEYS,
    OPTIONAL_FIELDS,
    REQUIRED_VALUES,
    SOURCE_KINDS,
    TRUNCATED_VALUES,
)

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A sane bound on one field's length: the longest coded value in the archive is about 800 characters.
MAX_FIELD_CHARS = 4000
#: C0 and C1 control characters (NUL, escape codes, a stray carriage return...): never part of a coded fact.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: A record file's name: its DOCID and ``.txt`` (CODEBOOK.md).
RECORD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt")


@dataclass(frozen=True)
class Problem:
    """One validation problem, located by file and field."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


def table_rows(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a reviewed list with their line numbers; a missing file is an empty list, wrong columns a problem."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            problems.append(Problem(str(path), "header", f"columns must be {', '.join(columns)}"))
            return []
        return [(lineno, row) for lineno, row in enumerate(reader, start=2)]


class RecordError(ValueError):
    """Raised when input records fail validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        if len(problems) == 1:  # one mistake (a missing manifest, a wrong path): one line
            super().__init__(str(problems[0]))
            return
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the input records:\n{lines}")


_LIST_MARKS = re.compile(r"[();]")


def split_list(value: str) -> list[str]:
    """Split a list-valued field on ';' outside parentheses (names carry '(rank; role)').

    Jumps from one parenthesis or separator to the next rather than walking every character: this
    runs several times per record and dominated the build's time on large archives.
    """
    if "(" not in value:
        if ";" not in value:  # most values: empty or a single item
            value = value.strip()
            return [value] if value else []
        return [part for part in (p.strip() for p in value.split(";")) if part]
    parts: list[str] = []
    depth = start = 0
    for mark in _LIST_MARKS.finditer(value):
        char = mark.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(value[start : mark.start()].strip())
            start = mark.end()
    parts.append(value[start:].strip())
    return [part for part in parts if part]


def split_keys(value: str) -> list[str]:
    """Split a comma-separated list of codebook keys."""
    return [k.strip() for k in value.split(",") if k.strip()]


@lru_cache(maxsize=1 << 16)
def split_url(url: str) -> SplitResult:
    """``urlsplit``, memorized: each record's URL is split by several checks and by the matching rules."""
    return urlsplit(url)


def docid_for(url: str, source_kind: str) -> str:
    """The DOCID the codebook gives a page: for the department's own site the URL's last path component
    without ``.html``; for any other site the host, an underscore and 12 hex digits of the URL's SHA-1."""
    parts = split_url(url)
    if source_kind == "idcpc":
        name = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return name.removesuffix(".html")
    return f"{parts.hostname or ''}_{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}"


def _check_url(url: str, path: str) -> list[Problem]:
    parts = split_url(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [Problem(path, "url", f"not an absolute http(s) URL: {url[:80]!r}")]
    return []


_KEY_RE = re.compile(r"[a-z_]+")
_KNOWN_FIELDS = frozenset(FIELDS) | frozenset(OPTIONAL_FIELDS)  # all of the _KEY_RE form (a test checks)


def parse_text(text: str, path: str) -> tuple[dict[str, str], list[Problem]]:
    """Parse one record's text into a field dict; report structural problems."""
    problems: list[Problem] = []
    values: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or (key not in _KNOWN_FIELDS and not _KEY_RE.fullmatch(key)):
            problems.append(Problem(path, f"line {lineno}", f"not a 'key: value' line: {line[:60]!r}"))
            continue
        if key not in _KNOWN_FIELDS:
            problems.append(Problem(path, key, "unknown field (not in the codebook)"))
            continue
        if key in values:
            problems.append(Problem(path, key, "field appears twice"))
            continue
        values[key] = value.strip()
    for key in FIELDS:
        if key not in values:
            problems.append(Problem(path, key, "missing field"))
    return values, problems


def _check_date(values: dict[str, str], key: str, path: str, today: date) -> list[Problem]:
    raw = values.get(key, "")
    if not raw:
        return []
    if not _DATE_RE.fullmatch(raw):
        return [Problem(path, key, f"malformed date {raw!r} (expected YYYY-MM-DD)")]
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return [Problem(path, key, f"impossible date {raw!r}")]
    if day > today:
        return [Problem(path, key, f"{raw} is after today ({today.isoformat()}): a page cannot report it yet")]
    return []


def validate(values: dict[str, str], path: str, today: date | None = None) -> list[Problem]:
    """Check a parsed record against the codebook: values, keys, dates, the URL, and what a field may hold.

    ``today`` (default: the day of the run) bounds every date: a record cannot report a later day.
    """
    today = today or date.today()
    problems: list[Problem] = []
    if _CONTROL.search("\n".join(values.values())):  # one search per record; the field only when found
        for key, value in values.items():
            if found := _CONTROL.search(value):
                problems.append(Problem(path, key, f"control character {found.group()!r} in the value"))
    for key, value in values.items():
        if len(value) > MAX_FIELD_CHARS:
            problems.append(Problem(path, key, f"{len(value)} characters, more than the bound of {MAX_FIELD_CHARS}"))
    for key in REQUIRED_VALUES:
        if key in values and not values[key]:
            problems.append(Problem(path, key, "empty value (the codebook requires one)"))
    for key, allowed in (
        ("source_kind", SOURCE_KINDS),
        ("event_type", EVENT_TYPES),
        ("truncated", TRUNCATED_VALUES),
    ):
        value = values.get(key, "")
        if value and value not in allowed:
            problems.append(Problem(path, key, f"unknown value {value!r} (allowed: {', '.join(allowed)})"))
    for key in DATE_FIELDS:
        problems += _check_date(values, key, path, today)
    if values.get("url"):
        problems += _check_url(values["url"], path)
    start, end = values.get("event_date", ""), values.get("event_end_date", "")
    if end and not start:
        problems.append(Problem(path, "event_end_date", f"{end} with no event_date: an end needs a first day"))
    if end and start and _DATE_RE.fullmatch(start) and _DATE_RE.fullmatch(end) and end < start:
        problems.append(Problem(path, "event_end_date", f"{end} is before event_date {start}"))
    for key in ("mentions", "foreign_side_endorses"):
        for item in split_keys(values.get(key, "")):
            if item not in MENTION_KEYS:
                problems.append(Problem(path, key, f"unknown mention key {item!r}"))
    extra = set(split_keys(values.get("foreign_side_endorses", ""))) - set(split_keys(values.get("mentions", "")))
    if extra:
        problems.append(Problem(path, "foreign_side_endorses", f"keys not in mentions: {', '.join(sorted(extra))}"))
    return problems


#: Applies reviewed lists to a record's values before validation (``liaison.pipeline.review``).
Amend = Callable[[str, dict[str, str], str], list[Problem]]


def read_record(path: Path, today: date | None = None,
                amend: Amend | None = None) -> tuple[dict[str, str], list[Problem]]:
    """Read and validate one record file; the DOCID is the file name without ``.txt``.

    A UTF-8 byte-order mark at the start is accepted (editors on some systems add one) and dropped.
    The file name must be the DOCID the codebook gives the record's URL and source kind.
    ``amend(doc_id, values, path)`` applies corrections and reviewed dates before validation.
    """
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return {}, [Problem(shown, "file", f"unreadable: not UTF-8 ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return {}, [Problem(shown, "file", f"unreadable: {exc.strerror}")]
    values, problems = parse_text(text, shown)
    if amend is not None:
        problems += amend(path.stem, values, shown)
    problems += validate(values, shown, today)
    if values.get("url") and values.get("source_kind") in SOURCE_KINDS:
        expected = docid_for(values["url"], values["source_kind"])
        if path.stem != expected:
            problems.append(Problem(shown, "file", f"named {path.name!r}, but the codebook's DOCID for its URL is {expected!r}"))
    values["doc_id"] = path.stem
    return values, problems


def record_files(records_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The record files of a folder, sorted by name; anything else in it is a problem, not skipped.

    A records folder holds ``DOCID.txt`` files only: another extension, an upper-case ``.TXT``, an
    editor's backup, a leftover temporary file or a subfolder would otherwise be silently left out.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    with os.scandir(records_dir) as entries:  # scandir: the entry knows if it is a folder (no stat per file)
        listed = sorted(entries, key=lambda e: e.name)
    for entry in listed:
        if entry.is_dir():
            problems.append(Problem(entry.path, "folder", "a subfolder in a records folder (it holds DOCID.txt files only)"))
        elif not RECORD_NAME.fullmatch(entry.name):
            problems.append(Problem(entry.path, "file", "not a record file name (DOCID.txt): a records folder holds nothing else"))
        else:
            files.append(records_dir / entry.name)
    return files, problems


def load_records(records_dir: Path, today: date | None = None,
                 amend: Amend | None = None) -> tuple[list[dict[str, str]], list[Problem]]:
    """Load every record of a folder, sorted by DOCID, with all problems found (see :func:`record_files`)."""
    records_dir = Path(records_dir)
    if not records_dir.is_dir():
        return [], [Problem(str(records_dir), "folder", "records folder not found")]
    records: list[dict[str, str]] = []
    paths, problems = record_files(records_dir)
    if not paths:
        problems.append(Problem(str(records_dir), "folder", "no DOCID.txt records"))
    for path in paths:
        values, found = read_record(path, today, amend)
        problems += found
        if values:
            records.append(values)
    return records, problems
