"""Statistics of the department's set-piece events: the Dec 2017 High-Level Meeting, the May 2018 Shenzhen
event and the multi-party events from 2017 to the archive's end (``liaison.tables.events``)."""

from __future__ import annotations

import pandas as pd

from liaison.tables import counting, events
from liaison.tables.frames import split_cell
from liaison.tables.stats import Data, statistic

HLM = "the 2017 High-Level Meeting's exchange"
HLM_FIGURES = "the side table's attendance figures for the 2017 High-Level Meeting, in its own coverage"
SIDE = "bilateral exchanges in China from two days before to two days after the High-Level Meeting"
SHENZHEN = "multilateral exchanges held in Shenzhen in May 2018"
SHENZHEN_FIGURES = "the side table's attendance figures for the May 2018 Shenzhen meeting, in its own coverage"
EVENTS = "the department's multi-party events from 2017 (events.multi_party_events, reviewed)"


def _hlm(d: Data) -> pd.Series:
    return d.memo("_hlm", lambda: events.high_level_meeting(d.exchanges))


def _attendance(d: Data, subject: str) -> pd.DataFrame:
    return d.memo(f"_attendance:{subject}", lambda: events.attendance(d.figures, d.exchanges, subject))


def _side(d: Data) -> pd.DataFrame:
    return d.memo("_side", lambda: events.side_meetings(d.exchanges, *events.HLM_DATES))


def _shenzhen(d: Data) -> pd.DataFrame:
    return d.memo("_shenzhen", lambda: events.shenzhen_event(d.exchanges))


def timeline(d: Data) -> pd.DataFrame:
    """The institutionalization timeline (one row per event), computed once per data."""
    return d.memo("_timeline", lambda: events.timeline(
        events.multi_party_events(d.exchanges, d.figures), d.figures, d.exchanges))


def _review(d: Data) -> pd.DataFrame:
    return d.memo("_review", events.load_review)


def _countries(cells: pd.Series) -> set[str]:
    return {c for cell in cells for c in split_cell(cell)} - {"EUU"}


# ---------------------------------------------------------------- the High-Level Meeting


@statistic("n_hlm_pages", HLM, "source pages that report the 2017 High-Level Meeting")
def n_hlm_pages(d: Data) -> int:
    return int(_hlm(d)["n_sources"])


@statistic("n_hlm_source_kinds", HLM, "kinds of source among the High-Level Meeting's pages")
def n_hlm_source_kinds(d: Data) -> int:
    return len(split_cell(_hlm(d)["source_kinds"]))


@statistic("n_hlm_countries", HLM, "counterpart countries the High-Level Meeting's pages name")
def n_hlm_countries(d: Data) -> int:
    return len(_countries(pd.Series([_hlm(d)["countries"]])))


@statistic("n_hlm_reports", HLM_FIGURES, "reports (exchanges) whose pages give an attendance figure for the High-Level Meeting")
def n_hlm_reports(d: Data) -> int:
    return int(_attendance(d, events.HLM_SUBJECT)["report"].nunique())


@statistic("n_hlm_figure_pages", HLM_FIGURES, "pages giving an attendance figure for the High-Level Meeting")
def n_hlm_figure_pages(d: Data) -> int:
    return int(_attendance(d, events.HLM_SUBJECT)["doc_id"].nunique())


@statistic("n_hlm_side", SIDE, "bilateral exchanges held in China around the High-Level Meeting")
def n_hlm_side(d: Data) -> int:
    return len(_side(d))


@statistic("n_hlm_side_countries", SIDE, "counterpart countries of the bilateral exchanges around the High-Level Meeting")
def n_hlm_side_countries(d: Data) -> int:
    return len(_countries(_side(d)["countries"]))


# ---------------------------------------------------------------- Shenzhen, May 2018


@statistic("n_shenzhen", SHENZHEN, "exchanges the archive holds for the Shenzhen gathering of May 2018")
def n_shenzhen(d: Data) -> int:
    return len(_shenzhen(d))


@statistic("n_shenzhen_pages", SHENZHEN, "source pages that report the Shenzhen gathering")
def n_shenzhen_pages(d: Data) -> int:
    return int(_shenzhen(d)["n_sources"].sum())


@statistic("n_shenzhen_countries", SHENZHEN, "counterpart countries the Shenzhen gathering's pages name")
def n_shenzhen_countries(d: Data) -> int:
    return len(_countries(_shenzhen(d)["countries"]))


@statistic("n_shenzhen_events", EVENTS, "events of the timeline held together in the Shenzhen gathering's exchange")
def n_shenzhen_events(d: Data) -> int:
    ids = set(_shenzhen(d)["exchange_id"])
    return int(timeline(d)["exchange_id"].isin(ids).sum())


@statistic("n_shenzhen_reports", SHENZHEN_FIGURES, "reports (exchanges) whose pages give an attendance figure for the Shenzhen meeting")
def n_shenzhen_reports(d: Data) -> int:
    return int(_attendance(d, events.SHENZHEN_SUBJECT)["report"].nunique())


@statistic("n_shenzhen_figure_pages", SHENZHEN_FIGURES, "pages giving an attendance figure for the Shenzhen meeting")
def n_shenzhen_figure_pages(d: Data) -> int:
    return int(_attendance(d, events.SHENZHEN_SUBJECT)["doc_id"].nunique())


# ---------------------------------------------------------------- the multi-party events from 2017


@statistic("n_events", EVENTS, "multi-party events of the department from 2017 to the archive's end")
def n_events(d: Data) -> int:
    return len(timeline(d))


@statistic("n_event_series", EVENTS, "series (audiences) the multi-party events fall into")
def n_event_series(d: Data) -> int:
    return int(timeline(d)["series"].nunique())


@statistic("n_event_series_recurring", EVENTS, "series with more than one event")
def n_event_series_recurring(d: Data) -> int:
    sizes = timeline(d)["series"].value_counts()
    return int((sizes > 1).sum())


@statistic("n_event_pages", EVENTS, "source pages behind the multi-party events (an exchange's pages counted once)")
def n_event_pages(d: Data) -> int:
    ids = {i for cell in timeline(d)["exchanges"] for i in split_cell(cell)}
    return int(d.exchanges.loc[d.exchanges["exchange_id"].isin(ids), "n_sources"].sum())


@statistic("n_event_exchanges", EVENTS, "exchanges of the archive behind the multi-party events")
def n_event_exchanges(d: Data) -> int:
    return len({i for cell in timeline(d)["exchanges"] for i in split_cell(cell)})


@statistic("n_events_with_figure", EVENTS, "multi-party events the side table gives an attendance figure for")
def n_events_with_figure(d: Data) -> int:
    return int((timeline(d)["attendance"] != events.NO_FIGURE).sum())


@statistic("n_events_without_figure", EVENTS, "multi-party events the side table gives no attendance figure for")
def n_events_without_figure(d: Data) -> int:
    return int((timeline(d)["attendance"] == events.NO_FIGURE).sum())


@statistic("n_events_window", EVENTS, "multi-party events held in the article's window")
def n_events_window(d: Data) -> int:
    return len(counting.in_window(timeline(d)))


@statistic("n_events_after_window", EVENTS, "multi-party events held after the article's window")
def n_events_after_window(d: Data) -> int:
    return int((timeline(d)["event_date"] > counting.WINDOW_END).sum())


@statistic("n_event_candidates", "exchanges the rule of events.rule_candidates selects",
           "exchanges the multi-party event rule selects before review")
def n_event_candidates(d: Data) -> int:
    return len(events.rule_candidates(d.exchanges, d.figures))


def _decisions(d: Data, decision: str) -> int:
    review = _review(d)
    if decision == "merge":
        return int(review["decision"].str.startswith("merge:").sum())
    return int(review.loc[review["decision"] == decision, "exchange_id"].nunique())


@statistic("n_event_dropped", "data/reference/multi-party-events.csv", "exchanges the rule selects that reading dropped")
def n_event_dropped(d: Data) -> int:
    return _decisions(d, "drop")


@statistic("n_event_added", "data/reference/multi-party-events.csv", "exchanges the rule misses that reading added")
def n_event_added(d: Data) -> int:
    return _decisions(d, "add")


@statistic("n_event_merged", "data/reference/multi-party-events.csv",
           "exchanges reading found to report an event another exchange stands for")
def n_event_merged(d: Data) -> int:
    return _decisions(d, "merge")


@statistic("n_events_world_after_hlm", EVENTS, "events of the world parties' series after the 2017 High-Level Meeting")
def n_events_world_after_hlm(d: Data) -> int:
    table = timeline(d)
    return int(((table["series"] == events.WORLD) & (table["event_date"] > events.HLM_DATES[1])).sum())
