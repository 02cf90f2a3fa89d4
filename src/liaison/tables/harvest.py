"""How the archive was drawn and what it covers: the harvest logs, coverage and the build's choices.

The archive is query-driven: ``data/raw/idcpc-en/harvest-log/*.log`` has one line per query made
while collecting, ``query | relevant results | new records``. The counts may carry a note in
words after the number ("3 (+5 outside period)"); the number is what is counted, the note is kept.
The other helpers summarize, for the methods chapter, what the processed tables say about coverage,
deduplication and exclusions (they read ``data/processed``; nothing here re-implements the build).

What each reviewed list of ``data/reference`` changed is measured two ways: from the processed
tables where they show it (``records.csv`` keeps the rules' exchange id beside the reviewed one, the
fields a correction changed, the basis of each date), and, where only a counterfactual can say it
(how many exchanges the rules would make without the exclusions, or without the reviewed dates),
by running the build itself (``liaison.pipeline.build.build``, in memory, nothing written) on a
copy of ``data/reference`` with that list emptied (:func:`rules_without`).
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from liaison.book.prose import Plain, count, names_list
from liaison.book.prose import share as prose_share
from liaison.codebook import EVENT_TYPE_LABELS, HARVEST_ROUNDS, NO_COUNTRY, SOURCE_KIND_LABELS
from liaison.paths import HARVEST_DIR, RAW_DIR, REFERENCE_DIR
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


#: The three kinds of reason ``data/reference/exclusions.csv`` gives, by how the reason starts.
EXCLUSION_KINDS: dict[str, str] = {
    "not an exchange": "Not an exchange",
    "not an exchange of the department": "Not an exchange of the department",
    "not a single exchange": "Not a single exchange",
}


def exclusion_kind(reason: str) -> str:
    """The kind of an exclusion reason (the longest matching start); an unknown start is an error."""
    for start in sorted(EXCLUSION_KINDS, key=len, reverse=True):
        if reason.startswith(start + ":"):
            return EXCLUSION_KINDS[start]
    raise ValueError(f"exclusion reason {reason[:60]!r} starts with none of {', '.join(EXCLUSION_KINDS)}")


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


# ---------------------------------------------------------------- the reviewed lists and what each changed

#: The reviewed lists of ``data/reference`` the build applies, in the order the methods chapter shows them.
REVIEWED_LISTS: tuple[str, ...] = (
    "exclusions.csv",
    "corrections.csv",
    "dates.csv",
    "parties.csv",
    "non-party-orgs.csv",
    "window-review.csv",
)


def reference_table(name: str, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One list of ``data/reference`` as strings (empty cells stay '')."""
    return pd.read_csv(Path(reference_dir) / name, dtype=str, keep_default_na=False)


def listed_exclusions(records: pd.DataFrame, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The rows of ``exclusions.csv`` with the kind of each reason (every row's record is excluded)."""
    table = reference_table("exclusions.csv", reference_dir)
    excluded = set(records.loc[records["fate"] == "excluded", "doc_id"])
    missing = sorted(set(table["doc_id"]) - excluded)
    if missing:
        raise ValueError(f"exclusions.csv lists records that records.csv does not exclude: {', '.join(missing)}")
    return table.assign(kind=table["reason"].map(exclusion_kind))


def corrections(records: pd.DataFrame, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The rows of ``corrections.csv`` with the exchange each corrected page belongs to (empty if excluded).

    A row whose field ``records.csv`` does not show as corrected is an error: the build would have
    refused it, so the processed tables are older than the list.
    """
    table = reference_table("corrections.csv", reference_dir)
    by_doc = records.set_index("doc_id")
    for doc, fieldname in zip(table["doc_id"], table["field"]):
        if doc not in by_doc.index or fieldname not in split_cell(by_doc.at[doc, "corrected_fields"]):
            raise ValueError(f"corrections.csv corrects {fieldname} of {doc}, which records.csv does not show as corrected")
    return table.assign(exchange_id=table["doc_id"].map(by_doc["exchange_id"]))


def listed_exclusions_by_reason(records: pd.DataFrame, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The rows of ``exclusions.csv`` grouped by reason, for the page: the kind, the reason after it,
    the pages and their DOCIDs; by kind (in :data:`EXCLUSION_KINDS` order), most pages first."""
    table = listed_exclusions(records, reference_dir)
    table["reason"] = table["reason"].str.split(":", n=1).str[1].str.strip()
    grouped = (
        table.groupby(["kind", "reason"])
        .agg(pages=("doc_id", "size"), doc_ids=("doc_id", lambda s: ", ".join(sorted(s))))
        .reset_index()
    )
    order = {label: i for i, label in enumerate(EXCLUSION_KINDS.values())}
    grouped["order"] = grouped["kind"].map(order)
    grouped = grouped.sort_values(["order", "pages", "reason"], ascending=[True, False, True])
    return grouped.drop(columns="order").reset_index(drop=True)


#: Readable names of the record fields a correction may touch (the codebook's keys otherwise, spaced).
FIELD_LABELS: dict[str, str] = {
    "idcpc_officials": "department officials",
    "event_type": "event type",
    "event_date": "first day",
    "event_end_date": "last day",
    "page_date": "page date",
    "counterpart_countries": "counterpart countries",
    "counterpart_orgs": "counterpart organizations",
    "counterpart_people": "counterpart people",
    "foreign_side_endorses": "foreign side endorses",
}


def _value_shown(fieldname: str, value: str) -> str:
    if not value:
        return "(empty)"
    if fieldname == "event_type":
        return EVENT_TYPE_LABELS.get(value, value)
    return value


def corrections_for_page(records: pd.DataFrame, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The corrections with readable fields and values: page and field, as coded -> corrected, reason."""
    table = corrections(records, reference_dir)
    return pd.DataFrame(
        {
            "page": [f"{doc} ({FIELD_LABELS.get(f, f.replace('_', ' '))})" for doc, f in zip(table["doc_id"], table["field"])],
            "correction": [
                f"{_value_shown(f, coded)} \u2192 {_value_shown(f, corrected)}"
                for f, coded, corrected in zip(table["field"], table["coded"], table["corrected"])
            ],
            "reason": table["reason"],
        }
    )


def date_review(records: pd.DataFrame) -> pd.DataFrame:
    """Per exchange of the book: whether a page's date comes from ``dates.csv`` (``reviewed_page``) and
    whether the review alone dates it (``review_alone``: no other page of it carries a date of its own)."""
    pages = records[records["fate"] != "excluded"]
    bases = pages.groupby("exchange_id")["date_basis"].agg(lambda s: frozenset(s))
    return pd.DataFrame(
        {
            "reviewed_page": bases.map(lambda b: "reviewed" in b),
            "review_alone": bases.map(lambda b: "reviewed" in b and b <= {"reviewed", ""}),
        }
    )


def rules_exchanges(records: pd.DataFrame) -> pd.DataFrame:
    """The exchanges the matching rules make (every list applied but the window review), read from
    ``records.csv``'s ``rules_exchange_id``: one row each, with its pages and whether any is dated."""
    pages = records[records["rules_exchange_id"] != ""]
    table = pages.groupby("rules_exchange_id").agg(
        pages=("doc_id", "size"), dated=("date", lambda s: bool((s != "").any()))
    )
    return table.reset_index()


@dataclass(frozen=True)
class RulesRun:
    """What the matching rules make in one run of the build: each exchange as the set of its pages."""

    exchanges: tuple[frozenset[str], ...]
    undated: int

    def __len__(self) -> int:
        return len(self.exchanges)

    def holding(self, doc_ids: set[str]) -> tuple[int, int]:
        """(exchanges made only of these pages, exchanges holding some of them beside other pages)."""
        only = sum(1 for ex in self.exchanges if ex <= doc_ids)
        mixed = sum(1 for ex in self.exchanges if ex & doc_ids and not ex <= doc_ids)
        return only, mixed


def _end_only_records(doc_ids: Iterable[str], raw_dir: Path) -> list[tuple[str, str]]:
    """(DOCID, last day) of the records that give a last day but no first day, as their files hold them."""
    from liaison.pipeline.records import parse_text

    found = []
    for doc in sorted(doc_ids):
        for path in sorted(Path(raw_dir).glob(f"*/records/{doc}.txt")):
            values, _ = parse_text(path.read_text(encoding="utf-8-sig"), str(path))
            if values.get("event_end_date") and not values.get("event_date"):
                found.append((doc, values["event_end_date"]))
    return found


def rules_without(*lists: str, raw_dir: Path = RAW_DIR, reference_dir: Path = REFERENCE_DIR) -> RulesRun:
    """The exchanges the matching rules make when the named lists of ``data/reference`` are emptied.

    The build runs in memory on a temporary copy of ``reference_dir`` (nothing is written). The window
    review is always left out, since its rows name the exchanges the rules make and a counterfactual
    makes others: compare the result with :func:`rules_exchanges`, the rules with every list applied.
    Without ``dates.csv``, a record the review dated whose page gives only a last day (an end with no
    first day, which the build refuses) has that last day set aside too: it is read as undated, as the
    build read such records before the review. Runs are cached per process.
    """
    unknown = sorted(set(lists) - set(REVIEWED_LISTS))
    if unknown:
        raise ValueError(f"not a reviewed list: {', '.join(unknown)}")
    return _rules_without(tuple(sorted(set(lists) | {"window-review.csv"})), Path(raw_dir), Path(reference_dir))


@cache
def _rules_without(lists: tuple[str, ...], raw_dir: Path, reference_dir: Path) -> RulesRun:
    from liaison.pipeline.build import build

    with tempfile.TemporaryDirectory(prefix="liaison-rules-") as tmp:
        copy = Path(tmp) / "reference"
        shutil.copytree(reference_dir, copy)
        if "dates.csv" in lists:
            dated = reference_table("dates.csv", reference_dir)
            dated = dated.loc[dated["event_date"] != "", "doc_id"]
            corrected = reference_table("corrections.csv", reference_dir)
            ends = set(corrected.loc[corrected["field"] == "event_end_date", "doc_id"])
            with open(copy / "corrections.csv", "a", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                for doc, end in _end_only_records(set(dated) - ends, raw_dir):
                    writer.writerow([doc, "event_end_date", end, "", "counterfactual run without dates.csv"])
        for name in lists:
            path = copy / name
            if path.exists():
                path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        result = build(raw_dir, copy)
    exchanges = tuple(frozenset(row["source_ids"].split(";")) for row in result.exchanges)
    return RulesRun(exchanges, sum(1 for row in result.exchanges if not row["event_date"]))


# ---------------------------------------------------------------- the window review (window-review.csv)

#: The window review's decisions, in the order the chapter shows them, with what each means.
DECISION_LABELS: dict[str, str] = {
    "keep": "Kept as the rules make it",
    "merge": "Merged into another exchange",
    "split": "Split: some pages form an exchange of their own",
    "not_an_exchange": "Not an exchange: its pages are excluded",
}


def window_review(reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The rows of ``window-review.csv`` as the build reads them (``liaison.pipeline.window_review``):
    the rules' exchange id, the kind of decision, the exchange merged into, the pages split off, the reason."""
    from liaison.pipeline import window_review as review

    decisions, problems = review.load(Path(reference_dir))
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    rows = [
        {"exchange_id": d.exchange_id, "decision": d.kind, "target": d.target, "pages": ";".join(d.pages), "reason": d.reason}
        for d in decisions.values()
    ]
    return pd.DataFrame(rows, columns=["exchange_id", "decision", "target", "pages", "reason"])


def _short_date(exchange_id: str) -> str:
    day = exchange_id[1:9]
    return "undated" if not day.isdigit() else pd.Timestamp(day).strftime("%-d %b %Y")


def window_audit(records: pd.DataFrame, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One row per reviewed exchange of the window, for a reader to check line by line.

    ``exchange_id`` is the rules' id (``records.csv`` ``rules_exchange_id`` finds its pages), ``pages``
    how many pages the rules gave it, ``in_book`` what became of it in words ("unchanged", or the id it
    now has when a merge into it moved its first day, the exchange it was merged into, the pages split
    off, or excluded), ``reason`` the reviewer's reason and ``book_exchange_ids`` the book's exchanges its
    pages are in (``;``-joined, empty if excluded). Sorted by decision (in :data:`DECISION_LABELS`
    order), then by id (that is, by first day).
    """
    review = window_review(reference_dir)
    pages = records[records["rules_exchange_id"] != ""]
    by_rules = pages.groupby("rules_exchange_id")
    unknown = sorted(set(review["exchange_id"]) - set(by_rules.groups))
    if unknown:
        raise ValueError(f"window-review.csv names exchanges records.csv does not have: {', '.join(unknown)}")
    rows = []
    for row in review.itertuples(index=False):
        own = by_rules.get_group(row.exchange_id)
        book = sorted(set(own["exchange_id"]) - {""})
        if row.decision == "keep":
            outcome = "unchanged" if book == [row.exchange_id] else f"as {'; '.join(book)}"
        elif row.decision == "merge":
            outcome = f"merged into {row.target}"
        elif row.decision == "split":
            moved = own[own["doc_id"].isin(row.pages.split(";"))]
            stays = own[~own["doc_id"].isin(row.pages.split(";"))]
            outcome = (
                f"{len(moved)} of its pages form {'; '.join(sorted(set(moved['exchange_id'])))}, "
                f"the other {len(stays)} stay as {'; '.join(sorted(set(stays['exchange_id'])))}"
            )
        else:
            outcome = f"{len(own)} {'page' if len(own) == 1 else 'pages'} excluded"
        rows.append(
            {
                "decision": row.decision,
                "exchange_id": row.exchange_id,
                "first_day": _short_date(row.exchange_id),
                "pages": len(own),
                "in_book": outcome,
                "reason": row.reason,
                "book_exchange_ids": ";".join(book),
            }
        )
    table = pd.DataFrame(rows, columns=["decision", "exchange_id", "first_day", "pages", "in_book", "reason",
                                        "book_exchange_ids"])
    order = {kind: i for i, kind in enumerate(DECISION_LABELS)}
    table = table.sort_values(["decision", "exchange_id"], key=lambda col: col.map(order) if col.name == "decision" else col)
    return table.reset_index(drop=True)


class Collapsible:
    """A table behind a summary line the reader opens (HTML ``details``), shown with ``figures.Table``.

    (A display object kept here, beside the tables it shows, until ``liaison.book.figures`` has one.)
    """

    def __init__(self, summary: str, frame: pd.DataFrame, columns: dict[str, str] | None = None, opened: bool = False):
        self.summary, self.frame, self.columns, self.opened = summary, frame, columns, opened

    def _repr_html_(self) -> str:
        from liaison.book.figures import Table

        return (
            f"<details class=\"liaison-collapsible\"{' open' if self.opened else ''}><summary>{html.escape(self.summary)}"
            f"</summary>\n{Table(self.frame, self.columns)._repr_html_()}\n</details>"
        )

    def __repr__(self) -> str:
        return f"{self.summary}\n{self.frame.to_string(index=False)}"


class WindowAudit:
    """The window audit on the page: one collapsible table per decision, and the whole as a CSV download."""

    def __init__(self, audit: pd.DataFrame, filename: str = "window-review-audit.csv"):
        self.audit, self.filename = audit, filename

    def groups(self) -> list[Collapsible]:
        out = []
        for kind, label in DECISION_LABELS.items():
            group = self.audit[self.audit["decision"] == kind]
            if group.empty:
                continue
            shown = pd.DataFrame(
                {
                    "Exchange the rules make": [
                        f"{ex} ({day}, {count(n, 'page')})"
                        for ex, day, n in zip(group["exchange_id"], group["first_day"], group["pages"])
                    ],
                    "In the book": group["in_book"],
                    "Reason": group["reason"],
                }
            )
            out.append(Collapsible(f"{label}: {count(len(group), 'exchange')}", shown))
        return out

    def _repr_html_(self) -> str:
        from liaison.book.figures import csv_link

        groups = "\n".join(g._repr_html_() for g in self.groups())
        link = csv_link(self.audit, self.filename, "Download the whole review (CSV)")
        return f"<div class=\"liaison-audit\">\n{groups}\n<p>{link}</p>\n</div>"

    def __repr__(self) -> str:
        return "\n\n".join(repr(g) for g in self.groups())


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


# ---------------------------------------------------------------- prose for the methods chapter


def labels_phrase(keys: Iterable[str], labels: dict[str, str], lower: bool = False) -> Plain:
    """The readable labels of codebook keys as a list in prose ('Belt and Road Initiative, ... and COVID-19').

    ``lower``: start each label with a small letter (for labels that are not names: 'meeting in China').
    Labels that hold a comma themselves ('Global initiatives (GDI, GSI, GCI)') are separated by semicolons.
    """
    shown = [labels.get(k, k) for k in keys]
    if lower:
        shown = [label[:1].lower() + label[1:] for label in shown]
    if len(shown) <= 1:
        return Plain("".join(shown))
    sep = "; " if any("," in label for label in shown) else ", "
    return Plain(sep.join(shown[:-1]) + " and " + shown[-1])


def leading_regions(regions: pd.DataFrame) -> Plain:
    """Which region leads the window, from ``countries.exchanges_by_region``: 'Asia leads with 48 exchanges
    (59% of the window)'; a tie names every region at the top ('... lead with 12 exchanges each')."""
    named = regions[regions["region"] != NO_COUNTRY]
    if named.empty or int(named["exchanges"].max()) == 0:
        return Plain("no region leads: no exchange names a counterpart country")
    most = int(named["exchanges"].max())
    top = named[named["exchanges"] == most]
    share = float(top["share_of_window_pct"].iloc[0]) / 100
    if len(top) == 1:
        return Plain(f"{top['region'].iloc[0]} leads with {count(most, 'exchange')} ({prose_share(share)} of the window)")
    return Plain(f"{names_list(list(top['region']))} lead with {count(most, 'exchange')} each "
                 f"({prose_share(share)} of the window each)")


def window_review_sentence(counts: dict[str, int]) -> Plain:
    """What the window review decided, as the rest of 'Of the N exchanges ..., the review ...': 'keeps 74
    as the rules make them, merges 11 into another exchange, splits 6 in two and finds that the pages of
    4 report no exchange at all'. Decisions taken on no exchange are left out; none at all: 'decides on
    none'."""
    keep, merge, split, none = (counts.get(k, 0) for k in DECISION_LABELS)
    parts = []
    if keep:
        parts.append(f"keeps {keep:,} as the rules make {'it' if keep == 1 else 'them'}")
    if merge:
        parts.append(f"merges {merge:,} into another exchange")
    if split:
        parts.append(f"splits {split:,} in two")
    if none:
        parts.append(f"finds that the pages of {none:,} report no exchange at all")
    return names_list(parts) if parts else Plain("decides on none")


def ambiguous_names(reference_dir: Path = REFERENCE_DIR) -> Plain:
    """The country names the build refuses as ambiguous (``ambiguous_country_names.csv``), quoted, in prose."""
    names = reference_table("ambiguous_country_names.csv", reference_dir)["name"]
    return names_list([f"\u201c{n}\u201d" for n in names])


__all__ = [
    "DECISION_LABELS",
    "DEDUP_PASSES",
    "EXCLUSION_KINDS",
    "FIELD_LABELS",
    "REVIEWED_LISTS",
    "Collapsible",
    "HarvestLogError",
    "Query",
    "RulesRun",
    "WindowAudit",
    "ambiguous_names",
    "by_log",
    "by_round",
    "corrections",
    "corrections_for_page",
    "date_review",
    "department_share_by_year",
    "exclusion_kind",
    "exclusion_reasons",
    "exclusions",
    "labels_phrase",
    "leading_regions",
    "listed_exclusions",
    "listed_exclusions_by_reason",
    "load_queries",
    "merges_by_pass",
    "multilateral_single_country",
    "parse_line",
    "read_log",
    "reference_table",
    "round_of",
    "rules_exchanges",
    "rules_without",
    "window_audit",
    "window_review",
    "window_review_sentence",
]
