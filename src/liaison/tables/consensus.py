"""Does the counterpart echo the readout? Endorsements as Chinese pages and the counterpart's own pages report them."""

from __future__ import annotations

import pandas as pd

from liaison.codebook import SOURCE_KIND_LABELS, formulation_label
from liaison.tables.formulations import single_country
from liaison.tables.frames import country_name, split_cell

CHINESE_KINDS = ("idcpc", "chinese_official")
#: The counterpart shown for an exchange with the parties of several countries (credited to none of them).
SEVERAL_COUNTRIES = "Several countries"


def echo_table(exchanges: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Exchanges reported both by a Chinese source and by the counterpart's own site: endorsements on each side.

    ``chinese`` holds the keys Chinese pages say the foreign side endorsed, ``counterpart`` those the
    counterpart's own page reports; ``echoed`` the keys in both.
    """
    recs = records[records["fate"] != "excluded"]
    rows = []
    for exchange_id, group in recs.groupby("exchange_id", sort=True):
        kinds = set(group["source_kind"])
        if "counterpart" not in kinds or not kinds & set(CHINESE_KINDS):
            continue
        chinese = {k for cell in group[group["source_kind"].isin(CHINESE_KINDS)]["foreign_side_endorses"] for k in split_cell(cell)}
        own = {k for cell in group[group["source_kind"] == "counterpart"]["foreign_side_endorses"] for k in split_cell(cell)}
        rows.append(
            {
                "exchange_id": exchange_id,
                "chinese": ";".join(sorted(chinese)),
                "counterpart": ";".join(sorted(own)),
                "echoed": ";".join(sorted(chinese & own)),
                "only_chinese": ";".join(sorted(chinese - own)),
                "only_counterpart": ";".join(sorted(own - chinese)),
            }
        )
    out = pd.DataFrame(rows, columns=["exchange_id", "chinese", "counterpart", "echoed", "only_chinese", "only_counterpart"])
    meta = exchanges.set_index("exchange_id")[["event_date", "countries", "title"]]
    return out.join(meta, on="exchange_id")


def _labels(cell: str) -> str:
    """'belt_and_road;one_china' -> 'Belt and Road Initiative; One China' ('none' when empty)."""
    keys = split_cell(cell)
    return "; ".join(formulation_label(k) for k in keys) if keys else "none"


def counterpart_of(countries: str) -> str:
    """Who an exchange's endorsements may be credited to: the country of a single-country exchange; those of an
    exchange with the parties of several countries (a multi-party event) are credited to none of them
    (``liaison.tables.formulations.single_country``)."""
    codes = split_cell(countries)
    if len(codes) == 1:
        return country_name(codes[0])
    return SEVERAL_COUNTRIES if codes else "No country named"


def echo_readable(echo: pd.DataFrame, endorsing_only: bool = True) -> pd.DataFrame:
    """The echo table for readers: one row per exchange, formulations by their labels, oldest first; with
    ``endorsing_only``, only the exchanges where one side or the other records an endorsement."""
    table = echo.sort_values(["event_date", "exchange_id"])
    if endorsing_only:
        table = table[(table["chinese"] != "") | (table["counterpart"] != "")]
    return pd.DataFrame({
        "Date": table["event_date"],
        "Counterpart": table["countries"].map(counterpart_of),
        "Endorsed, per the Chinese pages": table["chinese"].map(_labels),
        "Endorsed, per the counterpart's page": table["counterpart"].map(_labels),
        "In both": table["echoed"].map(_labels),
        "Headline": table["title"].where(table["title"] != "", "(no headline on the archived page)"),
    }).reset_index(drop=True)


def endorsements_by_kind(records: pd.DataFrame) -> pd.DataFrame:
    """Per kind of source: pages (kept or merged), those reporting a foreign endorsement, and the share."""
    pages = records[records["fate"] != "excluded"]
    rows = []
    for kind, label in SOURCE_KIND_LABELS.items():
        mine = pages[pages["source_kind"] == kind]
        hits = int(mine["foreign_side_endorses"].ne("").sum())
        rows.append({"Source": label, "Pages": len(mine), "Reporting an endorsement": hits,
                     "Share": f"{hits / len(mine):.0%}" if len(mine) else ""})
    return pd.DataFrame(rows)


def not_credited_endorsements(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Exchanges whose pages name several counterpart countries (or none) and report the foreign side endorsing
    something: endorsements of some participants, credited to no country. One row each, oldest first."""
    endorsing = exchanges[(exchanges["foreign_side_endorses"] != "") & ~single_country(exchanges)]
    endorsing = endorsing.sort_values(["event_date", "exchange_id"])
    return pd.DataFrame({
        "Date": endorsing["event_date"].where(endorsing["event_date"] != "", "undated"),
        "Headline": endorsing["title"].where(endorsing["title"] != "", "(no headline on the archived page)"),
        "Countries named": endorsing["countries"].map(lambda c: len(split_cell(c))),
        "Reported endorsing": endorsing["foreign_side_endorses"].map(_labels),
    }).reset_index(drop=True)
