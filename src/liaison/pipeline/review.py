"""The reviewed lists applied to records before they are validated: corrections and established dates.

Records are never edited. A coding slip found while reviewing is a row of
``data/reference/corrections.csv`` (``doc_id, field, coded, corrected, reason``): ``coded`` is the
field's whole value as the record has it, so a correction whose record has since changed is refused
rather than applied to something else. A date that a reader can establish from an undated record
(its title, summary or URL places it at a dated event) is a row of ``data/reference/dates.csv``
(``doc_id, event_date, basis, reason``); rows with ``basis`` ``undetermined`` and no date record that
the record was reviewed and no date could be established. Both are applied before validation, so a
corrected or reviewed value must itself pass the codebook's checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from liaison.codebook import FIELDS
from liaison.pipeline.normalize import date_from_url
from liaison.pipeline.records import Problem, table_rows

CORRECTIONS_FILE = "corrections.csv"
DATES_FILE = "dates.csv"
CORRECTION_COLUMNS: tuple[str, ...] = ("doc_id", "field", "coded", "corrected", "reason")
DATE_COLUMNS: tuple[str, ...] = ("doc_id", "event_date", "basis", "reason")
#: What in the record establishes a reviewed date, or ``undetermined`` (reviewed: no date can be established).
DATE_BASES: tuple[str, ...] = ("title", "summary", "url", "undetermined")
#: Fields a correction may not touch: they identify the page (the DOCID is computed from them).
_IDENTITY = frozenset({"url", "source_kind"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Correction:
    field: str
    coded: str
    corrected: str
    reason: str


@dataclass
class Reviews:
    """The two lists, keyed by DOCID, and what was applied (for ``records.csv``)."""

    corrections: dict[str, list[Correction]] = field(default_factory=dict)
    dates: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc_id -> (event_date or '', basis)
    corrected: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> fields corrected
    dated: set[str] = field(default_factory=set)  # doc_ids given a reviewed date

    @classmethod
    def load(cls, reference_dir: Path, today: date | None = None) -> tuple[Reviews, list[Problem]]:
        """Read and check both lists; every problem names the file, the row and what is wrong."""
        today = today or date.today()
        reviews, problems = cls(), []
        for lineno, row in table_rows(reference_dir / CORRECTIONS_FILE, CORRECTION_COLUMNS, problems):
            where = f"{reference_dir / CORRECTIONS_FILE}"
            name = f"row {lineno} ({row['doc_id']})"
            if row["field"] not in FIELDS or row["field"] in _IDENTITY:
                problems.append(Problem(where, name, f"field {row['field']!r} cannot be corrected "
                                        "(a codebook field other than url and source_kind)"))
            elif row["coded"] == row["corrected"]:
                problems.append(Problem(where, name, "corrected equals coded: nothing to correct"))
            elif any(c.field == row["field"] for c in reviews.corrections.get(row["doc_id"], [])):
                problems.append(Problem(where, name, f"a second correction of {row['field']}"))
            elif not row["reason"].strip():
                problems.append(Problem(where, name, "no reason given"))
            else:
                reviews.corrections.setdefault(row["doc_id"], []).append(
                    Correction(row["field"], row["coded"], row["corrected"], row["reason"]))
        for lineno, row in table_rows(reference_dir / DATES_FILE, DATE_COLUMNS, problems):
            where = f"{reference_dir / DATES_FILE}"
            name = f"row {lineno} ({row['doc_id']})"
            day, basis = row["event_date"], row["basis"]
            if row["doc_id"] in reviews.dates:
                problems.append(Problem(where, name, "the record has a row already"))
            elif basis not in DATE_BASES:
                problems.append(Problem(where, name, f"basis {basis!r} is not one of {', '.join(DATE_BASES)}"))
            elif (basis == "undetermined") != (day == ""):
                problems.append(Problem(where, name, "a date needs a basis (title, summary, url); 'undetermined' takes no date"))
            elif day and not _valid_day(day, today):
                problems.append(Problem(where, name, f"event_date {day!r} is not a date YYYY-MM-DD up to today"))
            elif not row["reason"].strip():
                problems.append(Problem(where, name, "no reason given"))
            else:
                reviews.dates[row["doc_id"]] = (day, basis)
        return reviews, problems

    def amend(self, doc_id: str, values: dict[str, str], path: str) -> list[Problem]:
        """Apply this record's corrections and reviewed date to ``values`` (in place)."""
        problems: list[Problem] = []
        for corr in self.corrections.get(doc_id, []):
            if values.get(corr.field) != corr.coded:
                problems.append(Problem(path, corr.field, f"{CORRECTIONS_FILE} expects the coded value {corr.coded!r}, "
                                        f"the record has {values.get(corr.field)!r}: review the correction"))
                continue
            values[corr.field] = corr.corrected
            self.corrected.setdefault(doc_id, []).append(corr.field)
        if doc_id in self.dates:
            day, _ = self.dates[doc_id]
            if values.get("event_date") or values.get("page_date") or date_from_url(values.get("url", "")):
                problems.append(Problem(path, "event_date", f"{DATES_FILE} has a row for a record that carries a date: "
                                        "correct a coded date in corrections.csv instead"))
            elif day:
                values["event_date"] = day
                self.dated.add(doc_id)
        return problems

    def unknown(self, doc_ids: set[str], reference_dir: Path) -> list[Problem]:
        """Rows naming a DOCID that is not a raw record."""
        return [Problem(str(reference_dir / name), doc, "not a raw record's DOCID")
                for name, table in ((CORRECTIONS_FILE, self.corrections), (DATES_FILE, self.dates))
                for doc in sorted(set(table) - doc_ids)]


def _valid_day(value: str, today: date) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        return date.fromisoformat(value) <= today
    except ValueError:
        return False
