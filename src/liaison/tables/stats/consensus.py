"""Statistics of the echo test (global_consensus): the same exchange as the Chinese pages and the counterpart's
own page report it (``liaison.tables.consensus``)."""

from __future__ import annotations

import pandas as pd

from liaison.tables import consensus
from liaison.tables.stats import Data, statistic

ECHO = "exchanges reported both by a Chinese source and on the counterpart's own site"


def echo(d: Data) -> pd.DataFrame:
    return d.memo("_echo", lambda: consensus.echo_table(d.exchanges, d.records))


def _claimed(d: Data) -> pd.DataFrame:
    table = echo(d)
    return table[table["chinese"] != ""]


@statistic("n_echo", ECHO, "exchanges reported both by a Chinese source and on the counterpart's own site")
def n_echo(d: Data) -> int:
    return len(echo(d))


@statistic("n_echo_claimed", ECHO, "of those, exchanges where a Chinese page reports a foreign endorsement")
def n_echo_claimed(d: Data) -> int:
    return len(_claimed(d))


@statistic("n_echo_full", ECHO, "of those, exchanges whose counterpart page repeats every endorsement the Chinese pages report")
def n_echo_full(d: Data) -> int:
    return int((_claimed(d)["only_chinese"] == "").sum())


@statistic("n_echo_none", ECHO, "of those, exchanges whose counterpart page repeats none of the endorsements the Chinese pages report")
def n_echo_none(d: Data) -> int:
    return int((_claimed(d)["echoed"] == "").sum())
