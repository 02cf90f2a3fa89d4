"""The Explorer's table: every exchange of the archive, one row each, with what a reader picks and searches by.

Every exchange of ``exchanges.csv`` is here, of every year, notices of future visits included (a reader
looking up one counterpart wants all of its contacts). Rows run by date, the undated ones last. Each row
carries what the page shows (date, type, counterparts, countries, department officials, headline, source
page) and what the chapter's choices filter on: the counterpart countries (ISO3 codes, named as in
``countries.csv``), the parties (ids of ``parties.csv``, from ``party_ids``) and the search text.

The search text (:func:`search_text`) is, in lower case, the headline, the counterparts as printed, the
English names of the parties, the country names and the department officials. For an exchange whose page
has no recorded headline the list offers our summary of the page instead (folded away); the search does
not look into summaries. :func:`matches` is the filter the page applies (``liaison.book.explorer`` writes
the same rule as a Vega expression and in JavaScript; the tests hold all three to the same rows).

Plain Python (``csv``, ``datetime``), not pandas: the chapter runs nothing else, and importing pandas would
be most of its cost in the book's build. Dates are written as ``liaison.book.prose.human_date`` writes them
(a test holds the two together).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from liaison.codebook import EVENT_TYPE_LABELS, LIST_SEP
from liaison.paths import PROCESSED_DIR

#: Column -> header of the list on the page and of its CSV download (the same headers, in this order).
COLUMNS: dict[str, str] = {
    "date_text": "Date",
    "type": "Type",
    "counterpart": "Counterpart",
    "country_names": "Countries",
    "officials": "Department officials",
    "headline": "Headline",
    "url": "Source page",
}
#: The list's cell for an exchange whose pages name no department official.
NO_OFFICIAL = "None named"
UNDATED = "Undated"
#: The separator of names within a cell (the processed tables' ';' with a space, so that cells wrap).
JOIN = "; "
#: The columns the search looks through, joined in this order by " | " (empty ones too) and put in lower case.
SEARCHED: tuple[str, ...] = ("headline", "counterpart", "party_names", "country_names", "officials")
SEARCH_JOIN = " | "
#: The CSV download's headline for an exchange whose page has no recorded headline: our summary, so marked.
SUMMARY_PREFIX = "Summary (no headline recorded): "
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class Row:
    """One exchange as the Explorer shows it."""

    exchange_id: str
    event_date: str  # YYYY-MM-DD, or "" if undated
    event_end_date: str
    date_text: str
    type: str  # the label of EVENT_TYPE_LABELS
    counterpart: str
    countries: tuple[str, ...]
    party_ids: tuple[str, ...]
    officials: str
    headline: str
    summary: str  # only where there is no headline
    url: str
    country_names: str
    party_names: str
    host: str
    jitter: float
    text: str  # what the search looks through


@dataclass(frozen=True)
class Choice:
    """One option of a dropdown: the value the filter compares, the label the reader sees."""

    value: str
    label: str


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_cell(value: str) -> tuple[str, ...]:
    """A ';'-list cell of the processed tables (``liaison.tables.frames.split_cell``)."""
    return tuple(v for v in value.split(LIST_SEP) if v) if value else ()


def human_date(iso: str) -> str:
    """'2017-10-18' -> '18 October 2017', as ``liaison.book.prose.human_date``."""
    day = date.fromisoformat(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_span(start: str, end: str = "") -> str:
    """'18 October 2017', '18-24 October 2017', '30 October-2 November 2017', or 'Undated' (en dashes)."""
    if not start:
        return UNDATED
    if not end or end == start:
        return human_date(start)
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}\u2013{human_date(end)}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS[a.month - 1]}\u2013{human_date(end)}"
    return f"{human_date(start)}\u2013{human_date(end)}"


def host(url: str) -> str:
    """The site of a source page, without 'www.': 'idcpc.org.cn'."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def jitter(exchange_id: str) -> float:
    """A fixed offset in [0, 1) from the exchange's id, so that dots of the same day and type do not hide each other."""
    return int(hashlib.sha1(exchange_id.encode("utf-8")).hexdigest()[:8], 16) / 2**32


def search_text(values: dict[str, str]) -> str:
    """What the search looks through: the :data:`SEARCHED` values joined, in lower case."""
    return SEARCH_JOIN.join(values[f] for f in SEARCHED).lower()


def exchange_rows(exchanges: list[dict[str, str]], parties: list[dict[str, str]],
                  country_names: dict[str, str]) -> list[Row]:
    """One row per exchange, dated ones by date, then the undated ones (each group by exchange id)."""
    party_name = {p["party_id"]: p["name_english"] for p in parties}
    rows = []
    for ex in sorted(exchanges, key=lambda e: (e["event_date"] == "", e["event_date"], e["exchange_id"])):
        countries, party_ids = split_cell(ex["countries"]), split_cell(ex["party_ids"])
        shown = {
            "headline": ex["title"],
            "counterpart": JOIN.join(split_cell(ex["counterpart_orgs"])),
            "party_names": JOIN.join(party_name[p] for p in party_ids),
            "country_names": JOIN.join(country_names.get(c, c) for c in countries),
            "officials": JOIN.join(split_cell(ex["officials"])) or NO_OFFICIAL,
        }
        rows.append(Row(
            exchange_id=ex["exchange_id"], event_date=ex["event_date"], event_end_date=ex["event_end_date"],
            date_text=date_span(ex["event_date"], ex["event_end_date"]), type=EVENT_TYPE_LABELS[ex["event_type"]],
            countries=countries, party_ids=party_ids,
            # Offered only where the page has no recorded headline: our own words, not the page's.
            summary="" if ex["title"] else ex["summary"],
            url=ex["primary_url"], host=host(ex["primary_url"]), jitter=jitter(ex["exchange_id"]),
            text=search_text(shown), **shown,
        ))
    return rows


def load_parties(processed_dir: Path = PROCESSED_DIR) -> list[dict[str, str]]:
    """``parties.csv``: one row per counterpart party (``party_id``, ``name_english``, ``iso3`` ...)."""
    return read_csv(processed_dir / "parties.csv")


def load_country_names(processed_dir: Path = PROCESSED_DIR) -> dict[str, str]:
    """ISO3 -> the short English name of ``countries.csv`` (the name ``liaison.tables.frames.country_name`` gives)."""
    return {c["iso3"]: c["name"] for c in read_csv(processed_dir / "countries.csv")}


def load(processed_dir: Path = PROCESSED_DIR) -> list[Row]:
    """The Explorer's rows from the processed tables."""
    return exchange_rows(read_csv(processed_dir / "exchanges.csv"), load_parties(processed_dir),
                         load_country_names(processed_dir))


def n_pages(processed_dir: Path = PROCESSED_DIR) -> int:
    """Source pages behind every exchange (``n_sources`` summed, as ``liaison.tables.frames.n_pages``)."""
    return sum(int(e["n_sources"]) for e in read_csv(processed_dir / "exchanges.csv"))


def country_choices(rows: list[Row], country_names: dict[str, str]) -> list[Choice]:
    """Every counterpart country of the rows, by name: 'Vietnam (34)', the number being its exchanges."""
    counts = Counter(c for r in rows for c in r.countries)
    named = sorted((country_names.get(code, code), code, n) for code, n in counts.items())
    return [Choice(code, f"{name} ({n:,})") for name, code, n in named]


def party_choices(rows: list[Row], parties: list[dict[str, str]], country_names: dict[str, str]) -> list[Choice]:
    """Every party of the rows, by country then name: 'Vietnam: Communist Party of Vietnam (30)'."""
    counts = Counter(p for r in rows for p in r.party_ids)
    named = sorted((country_names.get(p["iso3"], p["iso3"]), p["name_english"], p["party_id"])
                   for p in parties if p["party_id"] in counts)
    return [Choice(pid, f"{country + ': ' if country else ''}{name} ({counts[pid]:,})") for country, name, pid in named]


def matches(rows: list[Row], country: str = "", party: str = "", search: str = "") -> list[bool]:
    """The rows the page shows for a choice: the country among the counterparts, the party among the
    parties, the search (spaces at either end dropped, case ignored) a part of the search text."""
    needle = search.strip().lower()
    return [(not country or country in r.countries) and (not party or party in r.party_ids) and needle in r.text
            for r in rows]


def status(n_shown: int, n_undated: int, n_all: int) -> str:
    """The line above the chart: how many exchanges the choice shows, and where the undated ones are.

    ``liaison.book.explorer`` writes the same sentences in JavaScript for the page to update.
    """
    if n_shown == 0:
        return "No exchange matches this choice."
    if n_shown == n_all:
        head = "The only exchange is shown" if n_all == 1 else f"All {n_all:,} exchanges are shown"
    else:
        head = f"{n_shown:,} exchange matches" if n_shown == 1 else f"{n_shown:,} exchanges match"
    if n_undated == 0:
        return head + "."
    if n_undated == n_shown:
        tail = ("it is undated, so it is in the list below but not on the time axis" if n_shown == 1
                else "none of them is dated, so they are in the list below but not on the time axis")
    else:
        verb = "is" if n_undated == 1 else "are"
        tail = f"{n_undated:,} of them {verb} undated: in the list below, not on the time axis"
    return f"{head}; {tail}."


def download_rows(rows: list[Row]) -> list[list[str]]:
    """The list as the CSV download gives it, headers first: ISO dates ('2017-11-01/2017-11-04' for a span);
    our summary, so marked, where the page has no recorded headline."""
    out = [list(COLUMNS.values())]
    for r in rows:
        span = f"{r.event_date}/{r.event_end_date}" if r.event_end_date and r.event_end_date != r.event_date else r.event_date
        values = {"date_text": span, "headline": r.headline or SUMMARY_PREFIX + r.summary}
        out.append([values.get(column, getattr(r, column)) for column in COLUMNS])
    return out
