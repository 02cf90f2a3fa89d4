"""Parse and validate archive records (one ``key: value`` text file per source page).

The format is fixed by ``CODEBOOK.md`` in the archive. Validation collects *every* problem
(file and field) instead of stopping at the first, so a build can report them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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


@dataclass(frozen=True)
class Problem:
    """One validation problem, located by file and field."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class RecordError(ValueError):
    """Raised when input records fail validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
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


def _check_date(values: dict[str, str], key: str, path: str) -> list[Problem]:
    raw = values.get(key, "")
    if not raw:
        return []
    if not _DATE_RE.fullmatch(raw):
        return [Problem(path, key, f"malformed date {raw!r} (expected YYYY-MM-DD)")]
    try:
        date.fromisoformat(raw)
    except ValueError:
        return [Problem(path, key, f"impossible date {raw!r}")]
    return []


def validate(values: dict[str, str], path: str) -> list[Problem]:
    """Check a parsed record against the codebook's enumerations, keys and dates."""
    problems: list[Problem] = []
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
        problems += _check_date(values, key, path)
    start, end = values.get("event_date", ""), values.get("event_end_date", "")
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


def read_record(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """Read and validate one record file; the DOCID is the file name without ``.txt``."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return {}, [Problem(shown, "file", f"unreadable: not UTF-8 ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return {}, [Problem(shown, "file", f"unreadable: {exc.strerror}")]
    values, problems = parse_text(text, shown)
    problems += validate(values, shown)
    values["doc_id"] = path.stem
    return values, problems


def load_records(records_dir: Path) -> tuple[list[dict[str, str]], list[Problem]]:
    """Load every ``*.txt`` record of a folder, sorted by DOCID, with all problems found."""
    records_dir = Path(records_dir)
    if not records_dir.is_dir():
        return [], [Problem(str(records_dir), "folder", "records folder not found")]
    records: list[dict[str, str]] = []
    problems: list[Problem] = []
    paths = sorted(records_dir.glob("*.txt"), key=lambda p: p.name)  # names: comparing Paths is slow
    if not paths:
        problems.append(Problem(str(records_dir), "folder", "no *.txt records"))
    for path in paths:
        values, found = read_record(path)
        problems += found
        if values:
            records.append(values)
    return records, problems
