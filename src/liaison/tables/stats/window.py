"""Statistics of the article's window (19th Party Congress to October 2018), the base of Figure 1."""

from __future__ import annotations

from liaison.book.prose import Plain, human_date
from liaison.tables import counting
from liaison.tables.claims import article_value, load_claims
from liaison.tables.frames import split_cell
from liaison.tables.stats import Data, family, statistic

WINDOW = "exchanges that took place in the window (notices left out)"
WINDOW_ALL = "all exchanges dated in the window (notices included)"


@statistic("window_start", "the window", "the window's first day")
def window_start(d: Data) -> Plain:
    return human_date(counting.WINDOW_START)


@statistic("window_end", "the window", "the window's last day (the one setting, counting.WINDOW_END)")
def window_end(d: Data) -> Plain:
    return human_date(counting.WINDOW_END)


@statistic("window_end_early", "the window", "the end the article's text gives, the beginning of October 2018")
def window_end_early(d: Data) -> Plain:
    return human_date(counting.WINDOW_END_EARLY)


@statistic("n_window", WINDOW, "exchanges that took place in the window")
def n_window(d: Data) -> int:
    return len(d.window)


@statistic("n_window_all", WINDOW_ALL, "exchanges dated in the window, notices included")
def n_window_all(d: Data) -> int:
    return len(counting.in_window(d.exchanges))


@statistic("n_window_notices", WINDOW_ALL, "notices dated in the window")
def n_window_notices(d: Data) -> int:
    return int((counting.in_window(d.exchanges)["event_type"] == "notice").sum())


@statistic("n_window_pages", WINDOW, "source pages behind the window's exchanges")
def n_window_pages(d: Data) -> int:
    return int(d.window["n_sources"].sum())


@statistic("n_window_department", WINDOW, "window exchanges the department reported on its own site")
def n_window_department(d: Data) -> int:
    return len(counting.DEPARTMENT_RULE.apply(d.window))


@statistic("n_window_countries", WINDOW, "counterpart countries of the window's exchanges (the European Union left out)")
def n_window_countries(d: Data) -> int:
    return len({c for cell in d.window["countries"] for c in split_cell(cell)} - {"EUU"})


@statistic("n_window_endorsing", WINDOW, "window exchanges with a reported foreign endorsement")
def n_window_endorsing(d: Data) -> int:
    return int((d.window["foreign_side_endorses"] != "").sum())


@statistic("share_window_endorsing", WINDOW, "share of window exchanges with a reported foreign endorsement")
def share_window_endorsing(d: Data) -> float:
    return n_window_endorsing(d) / len(d.window)


@statistic("share_window_of_claim", WINDOW, "window exchanges as a share of the department's reported ~440 (C11)")
def share_window_of_claim(d: Data) -> float:
    return len(d.window) / article_value("C11")


_CLAIMS = load_claims()


@family("article_{key}", [c.lower() for c in _CLAIMS.loc[_CLAIMS["value"] != "", "claim_id"]],
        "the article (data/reference/claims.csv)", "the article's figure for claim {key}")
def article_figure(d: Data, key: str) -> int:
    return article_value(key.upper())


@statistic("n_window_party", WINDOW, "window exchanges with a counterpart party (data/reference/parties.csv)")
def n_window_party(d: Data) -> int:
    return len(counting.PARTY_RULE.apply(d.window))


@statistic("share_window_party_of_claim", WINDOW, "window exchanges with a counterpart party as a share of the department's ~440 (C11)")
def share_window_party_of_claim(d: Data) -> float:
    return n_window_party(d) / article_value("C11")


@statistic("n_window_region_rows", WINDOW, "window exchanges counted once per region of their counterparts (the regions' sum)")
def n_window_region_rows(d: Data) -> int:
    from liaison.tables.countries import exchanges_by_region

    return int(exchanges_by_region(d.window)["exchanges"].sum())
