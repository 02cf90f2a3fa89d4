"""The side table of figures the archived pages report (``reported-figures.csv``), checked and tied to exchanges.

Each row is a number a record's summary states about the department's reach or an event's attendance
("leaders of nearly 300 parties from more than 120 countries"). The build checks every row against
the archive README's vocabulary and writes it to ``data/processed/reported-figures.csv`` with the
exchange its page belongs to and the page's fate, so that one wire story reposted on five sites can be
counted once (per exchange, not per row).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from liaison.codebook import FIGURE_QUALIFIERS, FIGURE_QUANTITIES
from liaison.pipeline.records import Problem, table_rows

FIGURES_FILE = "reported-figures.csv"
COLUMNS: tuple[str, ...] = ("doc_id", "subject", "subject_date", "quantity", "value", "qualifier", "claim_id", "note")
#: The processed table: each row with its page's exchange and fate.
PROCESSED_COLUMNS: tuple[str, ...] = (
    "doc_id", "exchange_id", "page_fate", "subject", "subject_date", "quantity", "value", "qualifier", "claim_id", "note",
)
_SUBJECT = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_SUBJECT_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _valid_subject_date(value: str, today: date) -> bool:
    if not _SUBJECT_DATE.fullmatch(value):
        return False
    year, month, day = [*value.split("-"), "01", "01"][:3]
    try:
        return date(int(year), int(month), int(day)) <= today
    except ValueError:
        return False


def load(path: Path, doc_ids: set[str], claim_ids: set[str], today: date | None = None) -> tuple[list[dict[str, str]], list[Problem]]:
    """The rows of the side table and every problem, each naming the file, the row and what is wrong.

    A missing table is no rows (a raw folder need not have one).
    """
    today = today or date.today()
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    for lineno, row in table_rows(path, COLUMNS, problems):
        where = f"row {lineno} ({row['doc_id']})"
        found = []
        if row["doc_id"] not in doc_ids:
            found.append("doc_id is not a record of the archive")
        if not _SUBJECT.fullmatch(row["subject"]):
            found.append(f"subject {row['subject']!r} is not a lower-case key (words joined by '-')")
        if row["subject_date"] and not _valid_subject_date(row["subject_date"], today):
            found.append(f"subject_date {row['subject_date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD up to today")
        if row["quantity"] not in FIGURE_QUANTITIES:
            found.append(f"quantity {row['quantity']!r} is not one of {', '.join(FIGURE_QUANTITIES)}")
        if not (row["value"].isascii() and row["value"].isdigit()) or int(row["value"]) == 0:
            found.append(f"value {row['value']!r} is not a positive integer")
        if row["qualifier"] and row["qualifier"] not in FIGURE_QUALIFIERS:
            found.append(f"qualifier {row['qualifier']!r} is not one of {', '.join(FIGURE_QUALIFIERS)} (or empty)")
        if row["claim_id"] and row["claim_id"] not in claim_ids:
            found.append(f"claim_id {row['claim_id']!r} is not a claim of claims.csv")
        problems += [Problem(str(path), where, message) for message in found]
        if not found:
            rows.append(row)
    return rows, problems


def processed(rows: list[dict[str, str]], fates: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Each row with its page's exchange (empty for an excluded page) and fate, in the side table's order."""
    return [{**row, "exchange_id": fates[row["doc_id"]]["exchange_id"], "page_fate": fates[row["doc_id"]]["fate"]}
            for row in rows]
