"""How the archive was drawn and what it covers: the harvest logs, coverage and the build's choices.

The archive is query-driven: ``data/raw/idcpc-en/harvest-log/*.log`` has one line per query made
while collecting, ``query | relevant results | new records``. The counts may carry a note in
words after the number ("3 (+5 outside period)"); the number is what is counted, the note is kept.
The other helpers summarize, for the methods chapter, what the processed tables say about coverage,
deduplication and exclusions (they read ``data/processed``; nothing here re-implements the build).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liaison.codebook import HARVEST_ROUNDS, SOURCE_KIND_LABELS
from liaison.paths import HARVEST_DIR
from liaison.tables.frames import split_cell

_SEPARATOR = re.compile(r"\s+\|\s+")
_COUNT_RE = re.compile(r"^\s*(\d+)\b\s*(.*?)\s*$")


class HarvestLogError(ValueError):
    """A log line or file name that does not follow the documented format (names file and line)."""


@dataclass(frozen=True)
class Query:
    log: str
    round: int
    line: int
    query: str
    relevant: int
    relevant_note: str
    new: int
    new_note: str


def round_of(log_name: str) -> int:
    """The collection round of a log file from its name (h1.. -> 1, r1-r5 -> 2, r6-r9 -> 3, r10-r12 -> 4)."""
    match = re.fullmatch(r"([hr])(\d+)", Path(log_name).stem)
    if not match:
        raise HarvestLogError(f"{log_name}: not a harvest log name (expected hN.log or rN.log)")
    kind, number = match.group(1), int(match.group(2))
    if kind == "h":
        return 1
    if 1 <= number <= 5:
        return 2
    if 6 <= number <= 9:
        return 3
    if 10 <= number <= 12:
        return 4
    raise HarvestLogError(f"{log_name}: r{number} is not one of the documented rounds (r1-r12)")


def _count(text: str, what: str, where: str) -> tuple[int, str]:
    match = _COUNT_RE.match(text)
    if not match:
        raise HarvestLogError(f"{where}: the {what} field {text.strip()[:60]!r} does not start with a number")
    return int(match.group(1)), match.group(2)


def parse_line(text: str, log: str, lineno: int) -> Query:
    """One ``query | relevant results | new records`` line; anything else raises naming file and line.

    The separator is a bar with white space on both sides: a note may hold a bare bar (Party Watch's
    weekly reports are cited as "1|32"), and a query may end in one ("Weekly Report 1| | 2 ...").
    """
    where = f"{log}, line {lineno}"
    parts = _SEPARATOR.split(text)
    if len(parts) != 3:
        raise HarvestLogError(
            f"{where}: expected 'query | relevant results | new records' (2 separators), found {len(parts) - 1}: {text[:80]!r}"
        )
    query = parts[0].strip()
    if not query:
        raise HarvestLogError(f"{where}: empty query")
    relevant, relevant_note = _count(parts[1], "relevant results", where)
    new, new_note = _count(parts[2], "new records", where)
    return Query(log, round_of(log), lineno, query, relevant, relevant_note, new, new_note)


def read_log(path: Path) -> list[Query]:
    """Every query of one log file; blank lines are skipped, any other odd line is an error."""
    path = Path(path)
    queries = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            queries.append(parse_line(line, path.name, lineno))
    if not queries:
        raise HarvestLogError(f"{path.name}: no queries")
    return queries


def _log_order(name: str) -> tuple[str, int]:
    match = re.fullmatch(r"([a-z]+)(\d+)", name)
    return (match.group(1), int(match.group(2))) if match else (name, 0)


def load_queries(log_dir: Path = HARVEST_DIR) -> pd.DataFrame:
    """All queries of all logs, one row each, logs in natural order (h1..h7, r1..r9)."""
    paths = sorted(Path(log_dir).glob("*.log"), key=lambda p: _log_order(p.stem))
    if not paths:
        raise HarvestLogError(f"{log_dir}: no *.log files")
    rows = [q.__dict__ for path in paths for q in read_log(path)]
    df = pd.DataFrame(rows)
    df["log"] = df["log"].str.removesuffix(".log")
    return df


def by_log(queries: pd.DataFrame) -> pd.DataFrame:
    """Queries, relevant results and new records per log file."""
    table = (
        queries.groupby("log", sort=False)
        .agg(
            round=("round", "first"),
            queries=("query", "size"),
            relevant_results=("relevant", "sum"),
            new_records=("new", "sum"),
            queries_with_nothing_relevant=("relevant", lambda s: int((s == 0).sum())),
        )
        .reset_index()
    )
    table["round"] = table["round"].map(HARVEST_ROUNDS)
    return table


def by_round(queries: pd.DataFrame) -> pd.DataFrame:
    """The same totals per round, with the logs each round holds."""
    table = (
        queries.groupby("round", sort=True)
        .agg(
            logs=("log", lambda s: f"{s.iloc[0]}-{s.iloc[-1]}" if s.nunique() > 1 else s.iloc[0]),
            queries=("query", "size"),
            relevant_results=("relevant", "sum"),
            new_records=("new", "sum"),
        )
        .reset_index()
    )
    table["new_records_per_query"] = (table["new_records"] / table["queries"]).round(2)
    table["round"] = table["round"].map(HARVEST_ROUNDS)
    return table


# ---------------------------------------------------------------- deduplication and exclusions

#: ``records.csv`` reasons (before " as DOCID") -> the pass of src/liaison/pipeline/dedup.py that joined the page.
DEDUP_PASSES: dict[str, tuple[str, str]] = {
    "same article": ("0", "Same article (same URL, or same headline and no conflicting date)"),
    "same exchange": ("1", "Same exchange, records with an event date"),
    "same exchange (inside its span)": ("1b", "Dated inside a multi-day exchange's span"),
    "same exchange (dated by page)": ("2", "Records dated only by their page or URL"),
    "same exchange (undated, same people)": ("3", "Undated records: same official, country and person"),
    "window review (merged)": ("review", "Joined by the window review (data/reference/window-review.csv)"),
    "window review (split)": ("review", "Split off by the window review, with another page of the same exchange"),
}

def merges_by_pass(records: pd.DataFrame) -> pd.DataFrame:
    """Duplicate records per matching pass, read from the ``reason`` column of ``records.csv``.

    A record is attributed to the pass that first joined it to another page; an unknown reason is
    an error, so a change in the build's wording cannot silently drop records from the table.
    """
    dup = records[records["fate"] == "duplicate"]
    prefix = dup["reason"].str.replace(r" as \S+$", "", regex=True)
    unknown = sorted(set(prefix) - set(DEDUP_PASSES))
    if unknown:
        raise ValueError(f"records.csv: reasons not in DEDUP_PASSES: {unknown}")
    counts = prefix.value_counts()
    rows = [
        {"pass": number, "rule": label, "records_merged": int(counts.get(reason, 0))}
        for reason, (number, label) in DEDUP_PASSES.items()
    ]
    return pd.DataFrame(rows)


def exclusions(records: pd.DataFrame) -> pd.DataFrame:
    """The excluded records with their source, date and reason, sorted by reason then DOCID."""
    out = records[records["fate"] == "excluded"][["doc_id", "source_kind", "date", "reason"]].copy()
    out["source_kind"] = out["source_kind"].map(SOURCE_KIND_LABELS).fillna(out["source_kind"])
    out = out.rename(columns={"source_kind": "source"})
    return out.sort_values(["reason", "doc_id"]).reset_index(drop=True)


def exclusion_reasons(records: pd.DataFrame) -> pd.DataFrame:
    """The excluded records grouped by reason (most frequent first), with their DOCIDs: a compact table for the page."""
    excluded = exclusions(records)
    table = (
        excluded.groupby("reason")
        .agg(pages=("doc_id", "size"), doc_ids=("doc_id", lambda s: ", ".join(sorted(s))))
        .reset_index()
        .sort_values(["pages", "reason"], ascending=[False, True])
    )
    return table.reset_index(drop=True)


# ---------------------------------------------------------------- limitations


def department_share_by_year(records: pd.DataFrame, min_pages: int = 10) -> pd.DataFrame:
    """Per year (record's own date): pages kept or merged, and the share from the department's own site.

    Years with fewer than ``min_pages`` pages are left out: a share of a handful of pages says little.
    """
    recs = records[(records["fate"] != "excluded") & records["year"].notna()]
    table = recs.groupby("year").agg(pages=("doc_id", "size"), department=("source_kind", lambda s: int((s == "idcpc").sum())))
    table = table[table["pages"] >= min_pages].copy()
    table["department_share_pct"] = (100 * table["department"] / table["pages"]).round(1)
    table.index = table.index.astype(int)
    return table.reset_index()


def multilateral_single_country(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Exchanges labelled ``multilateral`` that name exactly one counterpart country.

    Coders differed on bilateral dialogue mechanisms (the archive README); these are the exchanges
    where the label and the number of countries point different ways.
    """
    multi = exchanges[exchanges["event_type"] == "multilateral"]
    single = multi[multi["countries"].map(lambda v: len(split_cell(v)) == 1)]
    return single[["exchange_id", "event_date", "countries", "title"]].reset_index(drop=True)


__all__ = [
    "DEDUP_PASSES",
    "HarvestLogError",
    "Query",
    "by_log",
    "by_round",
    "department_share_by_year",
    "exclusion_reasons",
    "exclusions",
    "load_queries",
    "merges_by_pass",
    "multilateral_single_country",
    "parse_line",
    "read_log",
    "round_of",
]
