"""Statistics of the Explorer chapter: what its list holds besides dates and types (all exchanges, every year)."""

from __future__ import annotations

from liaison.tables.stats import Data, statistic
from liaison.tables.stats.corpus import ALL


@statistic("n_no_headline", ALL, "exchanges whose page stands with no recorded headline (the Explorer shows our summary)")
def n_no_headline(d: Data) -> int:
    return int((d.exchanges["title"] == "").sum())


@statistic("n_no_party", ALL, "exchanges that name no counterpart party of parties.csv")
def n_no_party(d: Data) -> int:
    return int((d.exchanges["party_ids"] == "").sum())
