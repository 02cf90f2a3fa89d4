"""The department's set-piece events: the Dec 2017 Beijing High-Level Meeting and the May 2018 Shenzhen event
of the article's window, the bilateral meetings held around them, their attendance as the pages report it,
and every multi-party event of the department from 2017 to the archive's end (the institutionalization
timeline).

**Which exchanges are the department's multi-party events** (``multi_party_events``). The rule
(``rule_candidates``) takes every exchange coded ``multilateral`` dated from ``TIMELINE_START`` on that was
held in China or whose pages give no place (online meetings), and that brings together parties of several
countries: its pages name counterparts from three or more countries, or the side table of reported figures
gives attendance figures of its own (``own_subjects``), or its pages mention the High-Level Meeting, the
department's flagship series. Each exchange the rule selects was then read, and
``data/reference/multi-party-events.csv`` records a decision with a reason: ``keep`` (a multi-party event the
department held), ``drop`` (a briefing for diplomats, a think-tank forum, a dialogue with the parties of one or
two countries, a study tour), ``add`` (an event the rule misses, such as a dialogue the department co-hosted
abroad or one whose pages name no country) or ``merge:<exchange_id>`` (another exchange of the same event,
whose pages count towards it). An exchange that holds the pages of several events held together (the
Shenzhen week of May 2018) has one ``keep`` row per event, each with the side table's subject that gives its
attendance.

**Attendance as reported** (``attendance``) comes from ``data/processed/reported-figures.csv``: the rows of
the event's subject that count who attended (not pledges to invite or train people, which are plans), in the
event's own coverage (the scorecard's rule, :mod:`liaison.tables.claims`: reports dated within
``claims.OWN_COVERAGE_DAYS`` of the first), each row tied to its *report*, the exchange of its page, so that a
wire story reposted on ten sites counts once. Figures the notes mark as given before the event (registered,
expected, a preview) are set apart from the figures of those who came.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from liaison.book.prose import Plain, names_list
from liaison.codebook import EVENT_TYPE_LABELS
from liaison.paths import PROCESSED_DIR, REFERENCE_DIR
from liaison.tables import claims
from liaison.tables.counting import ARTICLE_WINDOW, in_window
from liaison.tables.frames import country_name, flag, region_of, split_cell

HLM_DATES: tuple[str, str] = ("2017-11-30", "2017-12-03")
SHENZHEN_MONTH = "2018-05"
#: The side table's subjects of the article's two events.
HLM_SUBJECT = "high-level-meeting-2017"
SHENZHEN_SUBJECT = "shenzhen-2018"

#: The page of the archive that carries the Beijing Initiative's text (China Daily's bilingual edition).
INITIATIVE_PAGE = "cnews.chinadaily.com.cn_ac70feb0f1b2"

#: The series of the events held for the world's parties (the High-Level Meetings and their like).
WORLD = "World"

#: The first day of the institutionalization timeline (the article's year).
TIMELINE_START = "2017-01-01"
EVENT_REVIEW = REFERENCE_DIR / "multi-party-events.csv"
DECISIONS = ("keep", "add", "drop")
#: Counterpart countries an exchange's pages must name for the rule to take it as a multi-party event.
MIN_COUNTRIES = 3

#: The side table's quantities that count who attended (people, bodies, countries), in the order shown.
ATTENDANCE: tuple[str, ...] = (
    "representatives", "participants", "leaders", "delegations",
    "parties", "parties_and_organizations", "organizations", "think_tanks",
    "countries", "countries_and_regions",
)
#: A row whose note says so is a plan, not attendance (README: pledges to invite or train people are plans).
_PLAN = re.compile(r"\bpledge\b|\bplan(ned)?\b", re.IGNORECASE)
#: A row whose note says so was given before the event (README: registered and expected counts say so in note).
_BEFORE = re.compile(r"\badvance\b|\bregist|\bexpected\b|\bpreview\b|\binvited\b|\bto attend\b", re.IGNORECASE)
#: A row whose note says it counts the host side is not the foreign attendance.
_HOST = re.compile(r"\bhost side\b", re.IGNORECASE)
#: What the timeline says of an event the side table gives no figure for.
NO_FIGURE = "no figure in the side table"
_QUALIFIER_WORDS = {"over": "over ", "nearly": "nearly ", "about": "about ", "up_to": "up to ", "exactly": "", "": ""}


# ---------------------------------------------------------------- the article's two events


def high_level_meeting(exchanges: pd.DataFrame) -> pd.Series:
    """The Beijing High-Level Meeting: the multilateral exchange that opens on its first day and mentions it."""
    hits = exchanges[
        (exchanges["event_date"] == HLM_DATES[0])
        & (exchanges["event_type"] == "multilateral")
        & flag(exchanges, "high_level_meeting")
    ]
    if len(hits) != 1:
        raise ValueError(f"expected one High-Level Meeting exchange, found {len(hits)}")
    return hits.iloc[0]


def shenzhen_event(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Multilateral exchanges held in Shenzhen in May 2018 (the 'Story of the CPC' week)."""
    mask = (
        exchanges["event_date"].str.startswith(SHENZHEN_MONTH)
        & exchanges["place"].str.contains("Shenzhen", case=False)
        & (exchanges["event_type"] == "multilateral")
    )
    return exchanges[mask]


def side_meetings(exchanges: pd.DataFrame, start: str, end: str, margin_days: int = 2) -> pd.DataFrame:
    """Bilateral exchanges held in China around an event (from ``margin_days`` before to after)."""
    lo = (pd.Timestamp(start) - pd.Timedelta(days=margin_days)).strftime("%Y-%m-%d")
    hi = (pd.Timestamp(end) + pd.Timedelta(days=margin_days)).strftime("%Y-%m-%d")
    mask = (
        (exchanges["event_date"] >= lo)
        & (exchanges["event_date"] <= hi)
        & exchanges["event_type"].isin(["meeting", "video_call", "other"])
        & exchanges["place_country"].isin(["CHN", ""])
    )
    return exchanges[mask]


def weekly(exchanges: pd.DataFrame, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Exchanges per week (weeks starting Monday) across the window, empty weeks included."""
    dated = in_window(exchanges, window)
    weeks = pd.to_datetime(dated["event_date"]).dt.to_period("W-SUN").dt.start_time
    counts = weeks.value_counts()
    grid = pd.period_range(window[0], window[1], freq="W-SUN").start_time
    out = counts.reindex(grid, fill_value=0).rename_axis("week").reset_index(name="exchanges")
    out["week"] = out["week"].dt.strftime("%Y-%m-%d")
    return out


def country_list(cells: str) -> Plain:
    """The countries of a ';'-list of ISO3 codes (several cells may be joined), once each, by name: 'Angola,
    Cambodia and Spain' (the European Union left out)."""
    codes = set(split_cell(cells)) - {"EUU"}
    return names_list(sorted(country_name(c) for c in codes))


def side_rows(sides: pd.DataFrame) -> pd.DataFrame:
    """The side meetings one row per exchange and country (``countries.country_rows``), with an exchange that
    names no country under ``NO_COUNTRY``: the chart and its table show every exchange the text counts."""
    from liaison.codebook import NO_COUNTRY
    from liaison.tables.counting import reported_by_department
    from liaison.tables.countries import MARK_COLUMNS, country_rows

    rows = country_rows(sides)
    unplaced = sides[~sides["exchange_id"].isin(set(rows["exchange_id"]))]
    extra = unplaced[list(MARK_COLUMNS)].assign(iso3="", country=NO_COUNTRY, region="",
                                                department=unplaced["source_kinds"].map(reported_by_department))
    extra["title"] = extra["title"].where(extra["title"] != "", "(no headline on the archived page)")
    return pd.concat([rows, extra[rows.columns]], ignore_index=True)


def side_readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Side meetings (``countries.country_rows``) for readers: the figure's data table and CSV."""
    return pd.DataFrame({
        "Date": rows["event_date"],
        "Country": rows["country"],
        "Type": rows["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)),
        "Counterpart": rows["counterpart_orgs"],
        "Headline": rows["title"],
        "Source page": rows["primary_url"],
    }).reset_index(drop=True)


def window_marks(hlm: pd.Series, shenzhen: pd.DataFrame) -> pd.DataFrame:
    """The two events as spans (label, start, end) for the weekly chart of the window."""
    rows = [{"label": "High-Level Meeting", "start": hlm["event_date"], "end": hlm["event_end_date"] or hlm["event_date"]}]
    rows += [{"label": "Shenzhen", "start": r.event_date, "end": r.event_end_date or r.event_date} for r in shenzhen.itertuples()]
    return pd.DataFrame(rows, columns=["label", "start", "end"])


# ---------------------------------------------------------------- attendance as the pages report it


def load_figures(processed_dir: Path | None = None) -> pd.DataFrame:
    """``reported-figures.csv`` as strings (the claims module reads the same table)."""
    return pd.read_csv((processed_dir or PROCESSED_DIR) / "reported-figures.csv", dtype=str, keep_default_na=False)


def is_plan(note: str) -> bool:
    return bool(_PLAN.search(note))


def is_host(note: str) -> bool:
    return bool(_HOST.search(note))


def is_before(note: str) -> bool:
    return bool(_BEFORE.search(note))


def _agrees(subject_date: str, start: str, end: str) -> bool:
    """True when a subject's date (YYYY, YYYY-MM, YYYY-MM-DD or empty) falls within an exchange's span."""
    if not subject_date:
        return True
    last = end or start
    if len(subject_date) == 10:
        return start <= subject_date <= last
    return start[: len(subject_date)] <= subject_date <= last[: len(subject_date)]


def own_subjects(figures: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """(exchange_id, subject) pairs where the side table gives attendance figures of the exchange itself.

    A subject is the exchange's own when its rows sit on the exchange's pages, its date agrees with the
    exchange's span (a figure recalled in the coverage of a later exchange is not), and it counts attendance
    (not the department's standing relations, ``department*``, nor a plan).
    """
    spans = exchanges.set_index("exchange_id")[["event_date", "event_end_date"]]
    rows = figures[
        figures["exchange_id"].isin(spans.index)
        & figures["quantity"].isin(ATTENDANCE)
        & ~figures["subject"].str.startswith("department")
        & ~figures["note"].map(is_plan)
    ]
    keep = [
        _agrees(date, *spans.loc[exchange_id])
        for exchange_id, date in zip(rows["exchange_id"], rows["subject_date"])
    ]
    return rows.loc[keep, ["exchange_id", "subject"]].drop_duplicates().reset_index(drop=True)


def attendance(figures: pd.DataFrame, exchanges: pd.DataFrame, subject: str) -> pd.DataFrame:
    """The side table's attendance figures for one event, one row per figure a page gives, with ``report``
    (the exchange of the page, the unit counted once), ``date`` and ``before`` (given before the event).

    Plans (pledges to invite or train) and counts of the host side (the note says so) are not attendance.
    """
    return attendance_of(_attendance_pool(figures, exchanges), subject)


def _attendance_pool(figures: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """Every subject's attendance rows, each with its report and date (``claims.reports`` works row by row,
    so this is the same as asking per subject, done once: the timeline asks for dozens of events)."""
    notes = figures["note"]
    mine = figures[figures["quantity"].isin(ATTENDANCE) & ~notes.map(is_plan) & ~notes.map(is_host)]
    return claims.reports(mine, exchanges)


def attendance_of(pool: pd.DataFrame, subject: str) -> pd.DataFrame:
    """One subject's rows of :func:`_attendance_pool`, in its own coverage (``claims.own_coverage``; see
    :func:`attendance`)."""
    mine = pool[pool["subject"] == subject]
    if mine.empty:
        return mine.assign(before=pd.Series(dtype=bool))
    rows = claims.own_coverage(mine)
    return rows.assign(before=rows["note"].map(is_before)).reset_index(drop=True)


def figure_text(quantity: str, value: int, qualifier: str) -> str:
    """'nearly 300 parties and organizations', '122 countries', 'over 1,000 representatives'."""
    return f"{_QUALIFIER_WORDS.get(qualifier, qualifier + ' ')}{value:,} {quantity.replace('_', ' ')}"


def figure_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct figure (quantity, value, qualifier, before) with the reports and pages giving it.

    Sorted by quantity (``ATTENDANCE`` order), figures of those who came before advance figures, then most
    reports, most pages, the larger value: the first row of each quantity is its *leading* figure.
    """
    columns = ["quantity", "value", "qualifier", "before", "figure", "reports", "pages"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        rows.groupby(["quantity", "value", "qualifier", "before"])
        .agg(reports=("report", "nunique"), pages=("doc_id", "nunique"))
        .reset_index()
    )
    grouped["figure"] = [figure_text(q, v, k) for q, v, k in zip(grouped["quantity"], grouped["value"], grouped["qualifier"])]
    order = {q: i for i, q in enumerate(ATTENDANCE)}
    grouped["_q"] = grouped["quantity"].map(order)
    grouped = grouped.sort_values(["_q", "before", "reports", "pages", "value"], ascending=[True, True, False, False, False])
    return grouped[columns].reset_index(drop=True)


def _span(rows: pd.DataFrame) -> str:
    """One quantity's figures in a few words: 'about 500 representatives' when the pages agree, '200 parties'
    when they give one number with different qualifiers, '450–600 representatives' when the numbers differ."""
    quantity = rows["quantity"].iloc[0].replace("_", " ")
    low, high = int(rows["value"].min()), int(rows["value"].max())
    if low != high:
        return f"{low:,}–{high:,} {quantity}"
    qualifiers = set(rows["qualifier"])
    return figure_text(rows["quantity"].iloc[0], low, qualifiers.pop()) if len(qualifiers) == 1 else f"{low:,} {quantity}"


def _of_the_event(rows: pd.DataFrame) -> pd.DataFrame:
    """Per quantity, the figures given of the event, or the advance ones where the pages give no other."""
    after = rows[~rows["before"]]
    advance_only = rows[rows["before"] & ~rows["quantity"].isin(set(after["quantity"]))]
    return pd.concat([after, advance_only])


def attendance_text(rows: pd.DataFrame) -> Plain:
    """What the pages report of an event's attendance, each quantity once: 'about 500 representatives; 200 parties;
    100 countries', ranges where the pages differ ('450–600 representatives'); a quantity the pages give only
    before the event says so; 'no figure in the side table' when there is none."""
    if rows.empty:
        return Plain(NO_FIGURE)
    shown = _of_the_event(rows)
    order = {q: i for i, q in enumerate(ATTENDANCE)}
    parts = []
    for quantity in sorted(set(shown["quantity"]), key=order.get):
        mine = shown[shown["quantity"] == quantity]
        parts.append(_span(mine) + (" (before the event)" if mine["before"].all() else ""))
    return Plain("; ".join(parts))


def most_given(rows: pd.DataFrame, quantity: str, before: bool = False) -> Plain:
    """The figure of one quantity that the most pages give (of the event, or with ``before`` before it), ties
    to the one more reports give, then the larger; '' when the pages give none."""
    counts = figure_counts(rows)
    mine = counts[(counts["quantity"] == quantity) & (counts["before"] == before)]
    if mine.empty:
        return Plain("")
    return Plain(mine.sort_values(["pages", "reports", "value"], ascending=False)["figure"].iloc[0])


def page_figures(rows: pd.DataFrame, doc_id: str) -> Plain:
    """The attendance figures one page gives, in ``ATTENDANCE`` order: 'over 600 representatives, nearly 300
    parties and organizations and over 120 countries'."""
    mine = figure_counts(rows[rows["doc_id"] == doc_id])
    return names_list(list(mine["figure"]))


def figure_table(rows: pd.DataFrame) -> pd.DataFrame:
    """For readers: one row per quantity with the figures the pages give of the event (and, if any, before it),
    each with the pages giving it (and the reports, where more than one), most pages first, and the reports
    (exchanges) that give any figure of the quantity."""
    counts = figure_counts(rows)
    counts = counts.assign(short=[f"{_QUALIFIER_WORDS.get(k, k + ' ')}{v:,}" for v, k in zip(counts["value"], counts["qualifier"])])
    out = []
    for quantity in dict.fromkeys(counts["quantity"]):
        mine = counts[counts["quantity"] == quantity].sort_values(["pages", "reports", "value"], ascending=False)

        def listed(part: pd.DataFrame) -> str:
            return "; ".join(
                f"{f} ({plural_pages(p)}{f', {r} reports' if r > 1 else ''})"
                for f, p, r in zip(part["short"], part["pages"], part["reports"])
            )

        out.append({
            "Counted": quantity.replace("_", " ").capitalize(),
            "Figures given of the event": listed(mine[~mine["before"]]),
            "Given before it": listed(mine[mine["before"]]),
            "Reports": int(rows.loc[rows["quantity"] == quantity, "report"].nunique()),
        })
    table = pd.DataFrame(out, columns=["Counted", "Figures given of the event", "Given before it", "Reports"])
    return table if (table["Given before it"] != "").any() else table.drop(columns="Given before it")


def countries_by_region(cells: str) -> pd.DataFrame:
    """The countries of a ';'-list of ISO3 codes grouped by region, for a compact table (the EU left out)."""
    codes = sorted(set(split_cell(cells)) - {"EUU"})
    frame = pd.DataFrame({"Region": [region_of(c) for c in codes], "Country": [country_name(c) for c in codes]})
    grouped = frame.sort_values(["Region", "Country"]).groupby("Region", sort=True)["Country"].agg(", ".join)
    return grouped.reset_index().rename(columns={"Country": "Countries named"})


def held_together(timeline: pd.DataFrame, exchange_ids: pd.Series) -> pd.DataFrame:
    """The events of the timeline whose pages share the given exchanges (the Shenzhen week), for readers."""
    mine = timeline[timeline["exchange_id"].isin(set(exchange_ids))]
    return pd.DataFrame({
        "Meeting": mine["name"],
        "Series": mine["series"],
        "Attendance as the pages report it": mine["attendance"],
    }).reset_index(drop=True)


def plural_pages(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


# ---------------------------------------------------------------- the institutionalization timeline


def rule_candidates(exchanges: pd.DataFrame, figures: pd.DataFrame, start: str = TIMELINE_START) -> pd.DataFrame:
    """The exchanges the rule (module docstring) takes as the department's multi-party events, before review."""
    own = set(own_subjects(figures, exchanges)["exchange_id"])
    dated = exchanges["event_date"] >= start
    at_home = exchanges["place_country"].isin(["CHN", ""])
    several = exchanges["countries"].map(lambda cell: len(split_cell(cell)) >= MIN_COUNTRIES)
    multi = several | exchanges["exchange_id"].isin(own) | flag(exchanges, "high_level_meeting")
    return exchanges[(exchanges["event_type"] == "multilateral") & dated & at_home & multi]


def load_review(path: Path = EVENT_REVIEW) -> pd.DataFrame:
    """``multi-party-events.csv``: one reviewed decision per row, validated (a bad row names itself)."""
    review = pd.read_csv(path, dtype=str, keep_default_na=False)
    for i, row in review.iterrows():
        decision = row["decision"]
        where = f"{path.name} row {i + 2} ({row['exchange_id']})"
        if decision not in DECISIONS and not re.fullmatch(r"merge:X\w+-[0-9a-f]{6}", decision):
            raise ValueError(f"{where}: decision {decision!r} is not keep, add, drop or merge:<exchange_id>")
        if decision in ("keep", "add") and not (row["series"] and row["name"]):
            raise ValueError(f"{where}: an event needs a series and a name")
        if not row["reason"]:
            raise ValueError(f"{where}: no reason")
    return review


def multi_party_events(exchanges: pd.DataFrame, figures: pd.DataFrame, review: pd.DataFrame | None = None,
                       start: str = TIMELINE_START) -> pd.DataFrame:
    """The department's multi-party events from ``start``: the rule's exchanges with the review applied.

    One row per event: name, series, exchange_id, subject (the side table's key for its attendance, or ''),
    event_date, event_end_date, place, pages (the exchange's and any merged exchange's), exchanges (';'-list),
    url (the page that stands for it) and held_with (other events whose pages share its exchange). Raises when
    an exchange the rule selects has no decision or a reviewed exchange is not in the data.
    """
    review = load_review() if review is None else review
    candidates = set(rule_candidates(exchanges, figures, start)["exchange_id"])
    reviewed = review[review["decision"].isin(("keep", "drop")) | review["decision"].str.startswith("merge:")]
    missing = candidates - set(review["exchange_id"])
    if missing:
        raise ValueError(f"exchanges the rule selects without a decision in {EVENT_REVIEW.name}: {sorted(missing)}")
    unknown = set(review["exchange_id"]) - set(exchanges["exchange_id"])
    if unknown:
        raise ValueError(f"{EVENT_REVIEW.name} names exchanges not in the data: {sorted(unknown)}")
    not_selected = set(reviewed.loc[reviewed["decision"] == "keep", "exchange_id"]) - candidates
    if not_selected:
        raise ValueError(f"'keep' rows the rule does not select (use 'add'): {sorted(not_selected)}")
    table = exchanges.set_index("exchange_id")
    merged: dict[str, list[str]] = {}
    for exchange_id, decision in zip(review["exchange_id"], review["decision"]):
        if decision.startswith("merge:"):
            merged.setdefault(decision.split(":", 1)[1], []).append(exchange_id)
    events = review[review["decision"].isin(("keep", "add"))]
    rows = []
    for row in events.itertuples():
        ids = [row.exchange_id, *merged.get(row.exchange_id, [])]
        first = table.loc[row.exchange_id]
        others = events.loc[(events["exchange_id"] == row.exchange_id) & (events["subject"] != row.subject), "name"]
        rows.append({
            "name": row.name,
            "series": row.series,
            "exchange_id": row.exchange_id,
            "subject": row.subject,
            "event_date": first["event_date"],
            "event_end_date": first["event_end_date"],
            "place": first["place"],
            "pages": int(table.loc[ids, "n_sources"].sum()),
            "exchanges": ";".join(ids),
            "url": first["primary_url"],
            "held_with": "; ".join(others),
        })
    out = pd.DataFrame(rows)
    return out.sort_values(["event_date", "name"]).reset_index(drop=True)


def when(start: str, end: str = "") -> Plain:
    """'30 November–3 December 2017', '26–28 May 2018', '6 July 2021'."""
    first = pd.Timestamp(start)
    if not end or end == start:
        return Plain(f"{first.day} {first:%B %Y}")
    last = pd.Timestamp(end)
    if (first.year, first.month) == (last.year, last.month):
        return Plain(f"{first.day}–{last.day} {last:%B %Y}")
    if first.year == last.year:
        return Plain(f"{first.day} {first:%B}–{last.day} {last:%B %Y}")
    return Plain(f"{first.day} {first:%B %Y}–{last.day} {last:%B %Y}")


def timeline(events: pd.DataFrame, figures: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """The events with their dates in words and their attendance as reported (one row per event, for the chart)."""
    out = events.copy()
    out["when"] = [when(s, e) for s, e in zip(out["event_date"], out["event_end_date"])]
    pool = _attendance_pool(figures, exchanges)
    reported = [attendance_of(pool, s) if s else None for s in out["subject"]]
    out["attendance"] = [attendance_text(r) if r is not None else Plain(NO_FIGURE) for r in reported]
    out["reports"] = [int(r["report"].nunique()) if r is not None else 0 for r in reported]
    return out


def series_order(events: pd.DataFrame) -> list[str]:
    """Series by the number of their events (most first), ties by their first event: the chart's rows."""
    stats = events.groupby("series").agg(n=("name", "size"), first=("event_date", "min"))
    return sorted(stats.index, key=lambda s: (-int(stats.loc[s, "n"]), stats.loc[s, "first"], s))


def timeline_readable(table: pd.DataFrame) -> pd.DataFrame:
    """The timeline for readers (the figure's data table and CSV)."""
    return pd.DataFrame({
        "Date": table["when"],
        "Event": table["name"],
        "Series": table["series"],
        "Attendance as reported": table["attendance"],
        "Reports with a figure": table["reports"],
        "Pages": table["pages"],
        "Source page": table["url"],
    })
