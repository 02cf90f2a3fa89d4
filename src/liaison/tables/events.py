"""The set-piece events of the article's window: the Dec 2017 Beijing High-Level Meeting and the May 2018
Shenzhen event, with the bilateral meetings held around them."""

from __future__ import annotations

import pandas as pd

from liaison.tables.counting import ARTICLE_WINDOW, in_window
from liaison.tables.frames import flag

HLM_DATES: tuple[str, str] = ("2017-11-30", "2017-12-03")
SHENZHEN_MONTH = "2018-05"


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
