"""The Explorer's table: every exchange of the archive, one row each, with what a reader picks and searches by.

Every exchange of ``exchanges.csv`` is here, of every year, notices of future visits included (a reader
looking up one counterpart wants all of its contacts). Rows run by date, the undated ones last. Each row
carries what the page shows (date, type, counterparts, countries, department officials, headline, source
page) and what the chapter's choices filter on: the counterpart countries (ISO3 codes of
``countries.csv``), the parties (ids of ``parties.csv``, from ``party_ids``) and the search text.

The search text (:func:`search_text`) is, in lower case, the headline, the counterparts as printed, the
English names of the parties, the country names and the department officials. For an exchange whose page
has no recorded headline the list offers our summary of the page instead (folded away); the search does
not look into summaries. :func:`matches` is the
filter the page applies (``liaison.book.explorer`` writes the same rule as a Vega expression and in
JavaScript; the tests hold all three to the same rows).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from liaison.book.prose import Plain, human_date
from liaison.codebook import EVENT_TYPE_LABELS
from liaison.paths import PROCESSED_DIR
from liaison.tables.frames import country_name, load_exchanges, split_cell

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


@dataclass(frozen=True)
class Choice:
    """One option of a dropdown: the value the filter compares, the label the reader sees."""

    value: str
    label: str


def load_parties(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """``parties.csv``: one row per counterpart party (``party_id``, ``name_english``, ``iso3`` ...)."""
    return pd.read_csv(processed_dir / "parties.csv", dtype=str, keep_default_na=False)


def date_span(start: str, end: str = "") -> Plain:
    """'18 October 2017', '18-24 October 2017', '30 October-2 November 2017', or 'Undated' (en dashes)."""
    if not start:
        return Plain(UNDATED)
    if not end or end == start:
        return human_date(start)
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if (a.year, a.month) == (b.year, b.month):
        return Plain(f"{a.day}\u2013{human_date(end)}")
    if a.year == b.year:
        return Plain(f"{a.day} {a:%B}\u2013{human_date(end)}")
    return Plain(f"{human_date(start)}\u2013{human_date(end)}")


def host(url: str) -> str:
    """The site of a source page, without 'www.': 'idcpc.org.cn'."""
    name = urlsplit(url).hostname or ""
    return name.removeprefix("www.")


def jitter(exchange_id: str) -> float:
    """A fixed offset in [0, 1) from the exchange's id, so that dots of the same day and type do not hide each other."""
    return int(hashlib.sha1(exchange_id.encode("utf-8")).hexdigest()[:8], 16) / 2**32


def exchange_rows(exchanges: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """One row per exchange, dated ones by date, then the undated ones (each group by exchange id)."""
    names = dict(zip(parties["party_id"], parties["name_english"], strict=True))
    ex = exchanges.assign(_undated=exchanges["event_date"] == "")
    ex = ex.sort_values(["_undated", "event_date", "exchange_id"]).reset_index(drop=True)
    rows = pd.DataFrame({
        "exchange_id": ex["exchange_id"],
        "event_date": ex["event_date"],
        "event_end_date": ex["event_end_date"],
        "date_text": [date_span(s, e) for s, e in zip(ex["event_date"], ex["event_end_date"], strict=True)],
        "type": ex["event_type"].map(EVENT_TYPE_LABELS),
        "counterpart": ex["counterpart_orgs"].map(lambda c: JOIN.join(split_cell(c))),
        "countries": ex["countries"].map(split_cell),
        "party_ids": ex["party_ids"].map(split_cell),
        "officials": ex["officials"].map(lambda c: JOIN.join(split_cell(c)) or NO_OFFICIAL),
        "headline": ex["title"],
        # Offered only where the page has no recorded headline: our own words, not the page's.
        "summary": ex["summary"].where(ex["title"] == "", ""),
        "url": ex["primary_url"],
    })
    rows["country_names"] = rows["countries"].map(lambda codes: JOIN.join(country_name(c) for c in codes))
    rows["party_names"] = rows["party_ids"].map(lambda ids: JOIN.join(names[i] for i in ids))
    rows["host"] = rows["url"].map(host)
    rows["jitter"] = rows["exchange_id"].map(jitter)
    rows["text"] = search_text(rows)
    return rows


def search_text(rows: pd.DataFrame) -> pd.Series:
    """What the search looks through, per row: the :data:`SEARCHED` columns joined, in lower case."""
    return rows[list(SEARCHED)].apply(lambda r: SEARCH_JOIN.join(r).lower(), axis=1)


def load(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The Explorer's rows from the processed tables."""
    return exchange_rows(load_exchanges(processed_dir), load_parties(processed_dir))


def country_choices(rows: pd.DataFrame) -> list[Choice]:
    """Every counterpart country of the rows, by name: 'Vietnam (34)', the number being its exchanges."""
    counts = rows["countries"].explode().dropna().value_counts()
    named = sorted((country_name(code), code, int(n)) for code, n in counts.items())
    return [Choice(code, f"{name} ({n:,})") for name, code, n in named]


def party_choices(rows: pd.DataFrame, parties: pd.DataFrame) -> list[Choice]:
    """Every party of the rows, by country then name: 'Vietnam: Communist Party of Vietnam (30)'."""
    counts = rows["party_ids"].explode().dropna().value_counts()
    listed = parties[parties["party_id"].isin(counts.index)]
    named = sorted((country_name(iso) if iso else "", name, pid)
                   for pid, name, iso in zip(listed["party_id"], listed["name_english"], listed["iso3"], strict=True))
    return [Choice(pid, f"{country + ': ' if country else ''}{name} ({int(counts[pid]):,})") for country, name, pid in named]


def matches(rows: pd.DataFrame, country: str = "", party: str = "", search: str = "") -> pd.Series:
    """The rows the page shows for a choice: the country among the counterparts, the party among the
    parties, the search (spaces at either end dropped, case ignored) a part of the search text."""
    needle = search.strip().lower()
    keep = pd.Series(True, index=rows.index)
    if country:
        keep &= rows["countries"].map(lambda codes: country in codes)
    if party:
        keep &= rows["party_ids"].map(lambda ids: party in ids)
    if needle:
        keep &= rows["text"].str.contains(needle, regex=False)
    return keep


def status(n_shown: int, n_undated: int, n_all: int) -> Plain:
    """The line above the chart: how many exchanges the choice shows, and where the undated ones are.

    ``liaison.book.explorer`` writes the same sentences in JavaScript for the page to update.
    """
    if n_shown == 0:
        return Plain("No exchange matches this choice.")
    if n_shown == n_all:
        head = "The only exchange is shown" if n_all == 1 else f"All {n_all:,} exchanges are shown"
    else:
        head = f"{n_shown:,} exchange matches" if n_shown == 1 else f"{n_shown:,} exchanges match"
    if n_undated == 0:
        return Plain(head + ".")
    if n_undated == n_shown:
        tail = ("it is undated, so it is in the list below but not on the time axis" if n_shown == 1
                else "none of them is dated, so they are in the list below but not on the time axis")
    else:
        verb = "is" if n_undated == 1 else "are"
        tail = f"{n_undated:,} of them {verb} undated: in the list below, not on the time axis"
    return Plain(f"{head}; {tail}.")


def download_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The list as the CSV download gives it: the list's headers; ISO dates ('2017-11-01/2017-11-04' for a span);
    our summary, so marked, where the page has no recorded headline."""
    spans = [f"{s}/{e}" if e and e != s else s for s, e in zip(rows["event_date"], rows["event_end_date"], strict=True)]
    summary = "Summary (no headline recorded): " + rows["summary"]
    out = rows.assign(date_text=spans, headline=rows["headline"].where(rows["headline"] != "", summary))
    return out[list(COLUMNS)].rename(columns=COLUMNS)
