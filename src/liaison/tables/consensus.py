"""Does the counterpart echo the readout? Endorsements as Chinese pages and the counterpart's own pages report them."""

from __future__ import annotations

import pandas as pd

from liaison.tables.frames import split_cell

CHINESE_KINDS = ("idcpc", "chinese_official")


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
