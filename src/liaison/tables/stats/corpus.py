"""Statistics of the whole archive: its pages, its exchanges of every year, the counterparts."""

from __future__ import annotations

from liaison.book.prose import Plain
from liaison.tables.frames import split_cell
from liaison.tables.stats import Data, statistic

PAGES = "source pages kept or merged into an exchange (excluded pages left out)"
ALL = "all exchanges, every year (notices of future visits included)"
TOOK_PLACE = "exchanges that took place, every year (notices left out)"
DATED = "dated exchanges, every year"


@statistic("n_records", "raw records of data/raw", "records (archived pages) read by the build")
def n_records(d: Data) -> int:
    return len(d.records)


@statistic("n_pages", PAGES, "source pages behind the book's exchanges")
def n_pages(d: Data) -> int:
    return len(d.pages)


@statistic("n_excluded", "raw records", "records excluded, each with a reason")
def n_excluded(d: Data) -> int:
    return int((d.records["fate"] == "excluded").sum())


@statistic("n_duplicate", "raw records", "records merged into an exchange another page stands for")
def n_duplicate(d: Data) -> int:
    return int((d.records["fate"] == "duplicate").sum())


@statistic("n_exchanges", ALL, "exchanges in the processed data")
def n_exchanges(d: Data) -> int:
    return len(d.exchanges)


@statistic("n_took_place", TOOK_PLACE, "exchanges that took place")
def n_took_place(d: Data) -> int:
    return len(d.took_place)


@statistic("n_notices", ALL, "notices of future visits or events")
def n_notices(d: Data) -> int:
    return int((d.exchanges["event_type"] == "notice").sum())


@statistic("n_undated", ALL, "exchanges no page dates")
def n_undated(d: Data) -> int:
    return int((d.exchanges["event_date"] == "").sum())


@statistic("share_undated", ALL, "share of exchanges no page dates")
def share_undated(d: Data) -> float:
    return n_undated(d) / len(d.exchanges)


@statistic("first_year", DATED, "the first year an exchange is dated")
def first_year(d: Data) -> int:
    return int(d.exchanges["year"].min())


@statistic("last_year", DATED, "the last year an exchange is dated")
def last_year(d: Data) -> int:
    return int(d.exchanges["year"].max())


@statistic("n_years", DATED, "distinct years with a dated exchange")
def n_years(d: Data) -> int:
    return int(d.exchanges["year"].dropna().nunique())


@statistic("n_parties", ALL, "distinct counterpart parties (data/reference/parties.csv: one id per party)")
def n_parties(d: Data) -> int:
    return len(d.parties)


@statistic("n_parties_partyfacts", ALL, "counterpart parties with a Party Facts id")
def n_parties_partyfacts(d: Data) -> int:
    return int((d.parties["partyfacts_id"] != "").sum())


@statistic("n_countries", ALL, "distinct counterpart countries (the European Union left out)")
def n_countries(d: Data) -> int:
    return len({c for cell in d.exchanges["countries"] for c in split_cell(cell)} - {"EUU"})


@statistic("n_department_pages", PAGES, "pages on the department's own website")
def n_department_pages(d: Data) -> int:
    return int((d.pages["source_kind"] == "idcpc").sum())


@statistic("share_department_pages", PAGES, "share of pages on the department's own website")
def share_department_pages(d: Data) -> float:
    return n_department_pages(d) / len(d.pages)


@statistic("n_truncated_pages", PAGES, "pages whose archived copy stops before the page's end")
def n_truncated_pages(d: Data) -> int:
    return int((d.pages["truncated"] == "yes").sum())


@statistic("share_truncated_pages", PAGES, "share of pages whose archived copy is cut short")
def share_truncated_pages(d: Data) -> float:
    return n_truncated_pages(d) / len(d.pages)


@statistic("n_endorsing", TOOK_PLACE, "exchanges with a page reporting the foreign side endorsing a formulation")
def n_endorsing(d: Data) -> int:
    return int((d.took_place["foreign_side_endorses"] != "").sum())


@statistic("share_endorsing", TOOK_PLACE, "share of exchanges with a reported foreign endorsement")
def share_endorsing(d: Data) -> float:
    return n_endorsing(d) / len(d.took_place)


@statistic("n_multilateral_one_country", ALL, "exchanges coded multilateral that name exactly one counterpart country")
def n_multilateral_one_country(d: Data) -> int:
    multi = d.exchanges[d.exchanges["event_type"] == "multilateral"]
    return int(multi["countries"].map(lambda cell: len(split_cell(cell)) == 1).sum())


@statistic("last_date", DATED, "the last day an exchange is dated")
def last_date(d: Data) -> Plain:
    from liaison.book.prose import human_date

    return human_date(d.exchanges.loc[d.exchanges["event_date"] != "", "event_date"].max())
