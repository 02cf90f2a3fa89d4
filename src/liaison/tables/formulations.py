"""The formulations the readouts carry and the endorsements they report (the article's Figure 2)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from liaison.codebook import (
    ENDORSED,
    ENDORSED_AT_EVENT,
    MENTION_KEYS,
    MULTI_PARTY,
    NOT_ENDORSED,
    formulation_label,
)
from liaison.tables.counting import ARTICLE_WINDOW, reported_by_department
from liaison.tables.countries import country_rows
from liaison.tables.frames import country_name, explode, flag, split_cell


def single_country(exchanges: pd.DataFrame) -> pd.Series:
    """True for exchanges with the parties of one country: the only ones whose endorsements a country can be credited with.

    At a multi-party event a page's "the foreign side endorses" is about some participants, not every
    country present; such events are counted as events of their own, never as endorsements by each
    attending country.
    """
    return exchanges["countries"].map(lambda cell: len(split_cell(cell)) == 1)


def key_by_country(exchanges: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per country: single-country exchanges that mention ``key`` and those where the foreign side endorses it;
    multi-party events mentioning it form one row of their own (``MULTI_PARTY``), counted once per event."""
    marked = exchanges[flag(exchanges, key)].assign(endorses_key=lambda d: flag(d, key, "foreign_side_endorses"))
    single = single_country(marked)
    rows = explode(marked[single], "countries", "iso3")
    out = rows.groupby("iso3").agg(mentioned=("exchange_id", "nunique"), endorsed=("endorses_key", "sum")).reset_index()
    out["country"] = out["iso3"].map(country_name)
    out = out.sort_values(["mentioned", "endorsed", "country"], ascending=[False, False, True])
    multi = marked[~single]
    if len(multi):
        row = {"iso3": "", "country": MULTI_PARTY, "mentioned": len(multi), "endorsed": int(multi["endorses_key"].sum())}
        out = pd.concat([out, pd.DataFrame([row])], ignore_index=True)
    out["endorsed"] = out["endorsed"].astype(int)
    return out.reset_index(drop=True)[["iso3", "country", "mentioned", "endorsed"]]


def key_rows(exchanges: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per single-country exchange mentioning ``key`` (under its country) and one per multi-party event
    (under ``MULTI_PARTY``), with ``endorsement``: whether the foreign side is reported endorsing it, which
    for a multi-party event is not credited to any country."""
    mentioning = exchanges[flag(exchanges, key)]
    endorsed = set(mentioning.loc[flag(mentioning, key, "foreign_side_endorses"), "exchange_id"])
    single = single_country(mentioning)
    rows = country_rows(mentioning[single])
    multi = mentioning[~single].assign(iso3="", country=MULTI_PARTY, region="",
                                       department=lambda d: d["source_kinds"].map(reported_by_department))
    multi = multi.assign(title=multi["title"].where(multi["title"] != "", "(no headline on the archived page)"))
    rows = pd.concat([rows, multi[rows.columns]], ignore_index=True)
    is_endorsed = rows["exchange_id"].isin(endorsed)
    rows["endorsement"] = [
        (ENDORSED_AT_EVENT if country == MULTI_PARTY else ENDORSED) if hit else NOT_ENDORSED
        for country, hit in zip(rows["country"], is_endorsed)
    ]
    return rows


def key_rows_readable(rows: pd.DataFrame) -> pd.DataFrame:
    """``key_rows`` for readers (a figure's data table and CSV): one row per mark."""
    return pd.DataFrame({
        "Country or event": rows["country"],
        "Endorsement": rows["endorsement"],
        "Date": rows["event_date"],
        "Counterpart": rows["counterpart_orgs"],
        "Headline": rows["title"],
        "Source page": rows["primary_url"],
    }).reset_index(drop=True)


def key_pages(exchanges: pd.DataFrame, key: str) -> int:
    """Source pages behind the exchanges whose pages mention ``key`` (a figure's basis line)."""
    return int(exchanges.loc[flag(exchanges, key), "n_sources"].sum())


def key_by_month(exchanges: pd.DataFrame, key: str, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Per month of the window: exchanges, those mentioning ``key``, and those with the foreign side endorsing it."""
    months = pd.period_range(window[0], window[1], freq="M")
    dated = exchanges[exchanges["event_date"] != ""]
    month = pd.PeriodIndex(pd.to_datetime(dated["event_date"]), freq="M")
    frame = pd.DataFrame(
        {
            "month": month.astype(str),
            "mentioned": flag(dated, key).to_numpy(),
            "endorsed": flag(dated, key, "foreign_side_endorses").to_numpy(),
        }
    )
    out = frame.groupby("month").agg(exchanges=("month", "size"), mentioned=("mentioned", "sum"), endorsed=("endorsed", "sum"))
    out = out.reindex(months.astype(str), fill_value=0).reset_index().rename(columns={"index": "month"})
    return out.astype({"exchanges": int, "mentioned": int, "endorsed": int})


def formulation_totals(exchanges: pd.DataFrame, keys: Sequence[str] = MENTION_KEYS) -> pd.DataFrame:
    """For each key: exchanges whose pages mention it, and those where the foreign side is reported endorsing it.

    The one table behind every "mentioned and endorsed" figure and sentence. Shares are of the
    exchanges given (``n_exchanges``); ``endorsed_of_mentioned`` is how often a mention comes with a
    reported foreign endorsement. Sorted by mentions (most first), ties in the order of ``keys``;
    ``rank`` is the rank by mentions (1 = most, ties share the best rank).
    """
    mentions = exchanges["mentions"].map(lambda cell: set(split_cell(cell)))
    endorses = exchanges["foreign_side_endorses"].map(lambda cell: set(split_cell(cell)))
    n = len(exchanges)
    rows = []
    for i, key in enumerate(keys):
        mentioned = int(mentions.map(lambda s, k=key: k in s).sum())
        endorsed = int(endorses.map(lambda s, k=key: k in s).sum())
        rows.append({
            "order": i,
            "key": key,
            "formulation": formulation_label(key),
            "mentioned": mentioned,
            "endorsed": endorsed,
            "n_exchanges": n,
            "share_mentioned": mentioned / n if n else float("nan"),
            "share_endorsed": endorsed / n if n else float("nan"),
            "endorsed_of_mentioned": endorsed / mentioned if mentioned else float("nan"),
        })
    out = pd.DataFrame(rows).sort_values(["mentioned", "order"], ascending=[False, True])
    out["rank"] = out["mentioned"].rank(method="min", ascending=False).astype(int)
    return out.drop(columns="order").reset_index(drop=True)
