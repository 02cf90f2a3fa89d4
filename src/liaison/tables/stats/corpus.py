"""Statistics of the whole archive: its pages, its exchanges of every year, the counterparts."""

from __future__ import annotations

import pandas as pd

from liaison.book.prose import Plain
from liaison.tables import counting, harvest
from liaison.tables.frames import split_cell
from liaison.tables.stats import Data, family, statistic

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
    return len(harvest.multilateral_single_country(d.exchanges))


@statistic("last_date", DATED, "the last day an exchange is dated")
def last_date(d: Data) -> Plain:
    from liaison.book.prose import human_date

    return human_date(d.exchanges.loc[d.exchanges["event_date"] != "", "event_date"].max())


@statistic("n_multi_page_exchanges", ALL, "exchanges reported by more than one page")
def n_multi_page_exchanges(d: Data) -> int:
    return int((d.exchanges["n_sources"] > 1).sum())


@statistic("max_pages_per_exchange", ALL, "the most pages behind one exchange")
def max_pages_per_exchange(d: Data) -> int:
    return int(d.exchanges["n_sources"].max())


@statistic("n_dated_by_page", ALL, "exchanges dated only by a page's date line or URL, not by the event")
def n_dated_by_page(d: Data) -> int:
    return int(d.exchanges["date_basis"].isin(["page_date", "url"]).sum())


FIGURES = "rows of reported-figures.csv (figures the archived pages report)"


@statistic("n_reported_figures", FIGURES, "figures the archived pages report about the department's reach or an event")
def n_reported_figures(d: Data) -> int:
    return len(d.figures)


@statistic("n_reported_figure_subjects", FIGURES, "distinct subjects the reported figures count (an event, the department)")
def n_reported_figure_subjects(d: Data) -> int:
    return int(d.figures["subject"].nunique())


@statistic("n_reported_figure_pages", FIGURES, "records that report a figure")
def n_reported_figure_pages(d: Data) -> int:
    return int(d.figures["doc_id"].nunique())


@statistic("n_reported_figure_exchanges", FIGURES, "exchanges with a page that reports a figure")
def n_reported_figure_exchanges(d: Data) -> int:
    return int(d.figures.loc[d.figures["exchange_id"] != "", "exchange_id"].nunique())


@statistic("n_reported_figures_excluded", FIGURES, "reported figures on pages the build excludes")
def n_reported_figures_excluded(d: Data) -> int:
    return int((d.figures["page_fate"] == "excluded").sum())


# ---------------------------------------------------------------- the department's own pages, year by year

#: Years with fewer pages than this are left out of the year-by-year share (a share of a handful says little).
MIN_PAGES_PER_YEAR = 10
BY_YEAR = f"source pages kept or merged, by their own year (years with at least {MIN_PAGES_PER_YEAR} pages)"


def _department_by_year(d: Data) -> pd.DataFrame:
    from liaison.tables.harvest import department_share_by_year

    return department_share_by_year(d.records, MIN_PAGES_PER_YEAR).set_index("year")


@statistic("min_pages_per_year", BY_YEAR, "the fewest pages a year needs to show its department share")
def min_pages_per_year(d: Data) -> int:
    return MIN_PAGES_PER_YEAR


#: The years the article's window spans.
WINDOW_YEARS = sorted({day[:4] for day in counting.ARTICLE_WINDOW})


@family("share_department_pages_{key}", WINDOW_YEARS, BY_YEAR, "share of the pages dated {key} on the department's own website")
def share_department_pages_year(d: Data, key: str) -> float:
    return float(_department_by_year(d).loc[int(key), "department_share_pct"]) / 100


@statistic("department_share_low_year", BY_YEAR, "the year the department's own pages are the smallest share")
def department_share_low_year(d: Data) -> int:
    return int(_department_by_year(d)["department_share_pct"].idxmin())


@statistic("share_department_pages_low", BY_YEAR, "the smallest yearly share of the department's own pages")
def share_department_pages_low(d: Data) -> float:
    return float(_department_by_year(d)["department_share_pct"].min()) / 100


@statistic("department_share_high_year", BY_YEAR, "the year the department's own pages are the largest share")
def department_share_high_year(d: Data) -> int:
    return int(_department_by_year(d)["department_share_pct"].idxmax())


@statistic("share_department_pages_high", BY_YEAR, "the largest yearly share of the department's own pages")
def share_department_pages_high(d: Data) -> float:
    return float(_department_by_year(d)["department_share_pct"].max()) / 100
