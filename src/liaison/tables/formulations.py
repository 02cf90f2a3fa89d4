"""The formulations the readouts carry and the endorsements they report (the article's Figure 2)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from liaison.codebook import MENTION_KEYS, formulation_label
from liaison.tables.counting import ARTICLE_WINDOW
from liaison.tables.countries import country_rows
from liaison.tables.frames import country_name, explode, flag, split_cell


def key_by_country(exchanges: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per country: exchanges that mention ``key`` and those where the foreign side endorses it."""
    marked = exchanges.assign(mentions_key=flag(exchanges, key), endorses_key=flag(exchanges, key, "foreign_side_endorses"))
    rows = explode(marked[marked["mentions_key"]], "countries", "iso3")
    if rows.empty:
        return pd.DataFrame(columns=["iso3", "country", "mentioned", "endorsed"])
    out = rows.groupby("iso3").agg(mentioned=("exchange_id", "nunique"), endorsed=("endorses_key", "sum")).reset_index()
    out["endorsed"] = out["endorsed"].astype(int)
    out["country"] = out["iso3"].map(country_name)
    return out.sort_values(["mentioned", "endorsed", "country"], ascending=[False, False, True]).reset_index(drop=True)[
        ["iso3", "country", "mentioned", "endorsed"]
    ]


def key_rows(exchanges: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per (exchange mentioning ``key``, counterpart country), with ``endorsed`` (the foreign side
    is reported endorsing it), for per-exchange charts."""
    mentioning = exchanges[flag(exchanges, key)]
    rows = country_rows(mentioning)
    endorsed = set(mentioning.loc[flag(mentioning, key, "foreign_side_endorses"), "exchange_id"])
    return rows.assign(endorsed=rows["exchange_id"].isin(endorsed))


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
