"""Statistics of how the data were made: the harvest, the codebook, the second coding, the matching
passes, and what each reviewed list of ``data/reference`` changed (the methods chapter's numbers).

The harvest logs, the codebook and the reliability sample are read from the archive (they do not
depend on the processed tables). What a list changed is read from ``data/processed`` where the
tables show it, and from counterfactual runs of the build (``liaison.tables.harvest.rules_without``)
where only such a run can say it; both are described in ``liaison.tables.harvest``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from liaison import codebook
from liaison.book.prose import Plain, count
from liaison.book.prose import share as prose_share
from liaison.tables import harvest, reliability
from liaison.tables.frames import split_cell
from liaison.tables.stats import Data, family, statistic, value

HARVEST = "queries of the archive's harvest logs (data/raw/idcpc-en/harvest-log)"
CODEBOOK = "the archive's codebook (CODEBOOK.md, liaison.codebook)"
SAMPLE = "pages of the reliability sample (department pages coded twice, blind)"
RECORDS = "raw records of data/raw"
ALL = "all exchanges, every year (notices of future visits included)"
RULES = "exchanges the matching rules make, every reviewed list applied but the window review"
WITHOUT_EXCLUSIONS = "exchanges the matching rules would make without exclusions.csv (nor the window review)"
WITHOUT_DATES = "exchanges the matching rules would make without dates.csv (nor the window review)"
REVIEWED_WINDOW = "exchanges the matching rules make in the article's window (data/reference/window-review.csv)"

ROUNDS = [str(k) for k in codebook.HARVEST_ROUNDS]


# ---------------------------------------------------------------- the harvest


@cache
def _queries() -> pd.DataFrame:
    return harvest.load_queries()


@cache
def _rounds() -> pd.DataFrame:
    table = harvest.by_round(_queries())
    table.index = [str(k) for k in codebook.HARVEST_ROUNDS if codebook.HARVEST_ROUNDS[k] in set(table["round"])]
    return table


# Tables several statistics below share, each read (and checked) once per data.


def _exclusions(d: Data) -> pd.DataFrame:
    return d.memo("_methods_exclusions", lambda: harvest.listed_exclusions(d.records))


def _rules_exchanges(d: Data) -> pd.DataFrame:
    return d.memo("_methods_rules_exchanges", lambda: harvest.rules_exchanges(d.records))


def _corrections(d: Data) -> pd.DataFrame:
    return d.memo("_methods_corrections", lambda: harvest.corrections(d.records))


def _dates(d: Data) -> pd.DataFrame:
    return d.memo("_methods_dates", lambda: harvest.reference_table("dates.csv"))


def _window_review(d: Data) -> pd.DataFrame:
    return d.memo("_methods_window_review", harvest.window_review)


@statistic("n_harvest_logs", HARVEST, "log files of the harvest")
def n_harvest_logs(d: Data) -> int:
    return int(_queries()["log"].nunique())


@statistic("n_harvest_rounds", HARVEST, "collection rounds of the harvest")
def n_harvest_rounds(d: Data) -> int:
    return int(_queries()["round"].nunique())


@statistic("n_harvest_queries", HARVEST, "queries made while collecting the archive")
def n_harvest_queries(d: Data) -> int:
    return len(_queries())


@statistic("n_harvest_nothing_relevant", HARVEST, "queries that found nothing relevant")
def n_harvest_nothing_relevant(d: Data) -> int:
    return int((_queries()["relevant"] == 0).sum())


@statistic("n_harvest_noted", HARVEST, "queries with a note in words beside a count")
def n_harvest_noted(d: Data) -> int:
    q = _queries()
    return int(((q["relevant_note"] != "") | (q["new_note"] != "")).sum())


@statistic("n_harvest_new", HARVEST, "new records the harvest logs add up to")
def n_harvest_new(d: Data) -> int:
    return int(_queries()["new"].sum())


@family("n_round{key}_queries", ROUNDS, HARVEST, "queries of collection round {key}")
def n_round_queries(d: Data, key: str) -> int:
    return int(_rounds().loc[key, "queries"])


@family("n_round{key}_new", ROUNDS, HARVEST, "new records logged in collection round {key}")
def n_round_new(d: Data, key: str) -> int:
    return int(_rounds().loc[key, "new_records"])


@family("round{key}_new_per_query", ROUNDS, HARVEST, "new records per query in collection round {key}")
def round_new_per_query(d: Data, key: str) -> float:
    return float(_rounds().loc[key, "new_records_per_query"])


# ---------------------------------------------------------------- the codebook


@statistic("n_codebook_fields", CODEBOOK, "fields of a record")
def n_codebook_fields(d: Data) -> int:
    return len(codebook.FIELDS)


@statistic("n_event_types", CODEBOOK, "event types a record may take")
def n_event_types(d: Data) -> int:
    return len(codebook.EVENT_TYPES)


@statistic("n_mention_keys", CODEBOOK, "ideas (mention keys) the coding tracks")
def n_mention_keys(d: Data) -> int:
    return len(codebook.MENTION_KEYS)


# ---------------------------------------------------------------- the second coding


@cache
def _reliability() -> dict[str, object]:
    pairs = reliability.load_pairs()
    fields = reliability.field_agreement(pairs)
    return {
        "pairs": pairs,
        "fields": fields,
        "mentions": reliability.key_agreement(pairs, "mentions"),
        "endorses": reliability.key_agreement(pairs, "endorses"),
        "listed": reliability.disagreements(pairs),
        "stated": reliability.compare_with_stated(fields, reliability.stated_agreement()),
        "years": reliability.sample_years(pairs),
    }


#: Short keys of the compared fields (``reliability.FIELDS``), for the statistics' names.
RELIABILITY_FIELDS: dict[str, str] = {
    "type": "event type",
    "date": "event date",
    "end_date": "event end date",
    "countries": "counterpart countries",
    "lead": "lead official",
    "officials": "all officials named",
    "mentions": "mentions",
    "endorses": "foreign side endorses",
}


@statistic("n_reliability_pages", SAMPLE, "pages coded a second time")
def n_reliability_pages(d: Data) -> int:
    return len(_reliability()["pairs"])


@statistic("reliability_first_year", SAMPLE, "the first year of a sampled page")
def reliability_first_year(d: Data) -> int:
    return int(_reliability()["years"][0])


@statistic("reliability_last_year", SAMPLE, "the last year of a sampled page")
def reliability_last_year(d: Data) -> int:
    return int(_reliability()["years"][1])


@family("n_reliability_identical_{key}", RELIABILITY_FIELDS, SAMPLE, "pages whose two codings agree on {key}")
def n_reliability_identical(d: Data, key: str) -> int:
    return int(_reliability()["fields"].loc[RELIABILITY_FIELDS[key], "identical"])


@statistic("reliability_kappa_type", SAMPLE, "Cohen's kappa of the two codings' event types")
def reliability_kappa_type(d: Data) -> float:
    return float(_reliability()["fields"].loc["event type", "kappa"])


@statistic("reliability_points_per_page", SAMPLE, "percentage points one page's disagreement moves agreement by")
def reliability_points_per_page(d: Data) -> float:
    return 100 / len(_reliability()["pairs"])


@statistic("n_reliability_disagreements", SAMPLE, "fields on which the two codings of a page differ, over all pages")
def n_reliability_disagreements(d: Data) -> int:
    return len(_reliability()["listed"])


@statistic("n_reliability_disagreement_pages", SAMPLE, "pages with at least one disagreement")
def n_reliability_disagreement_pages(d: Data) -> int:
    return int(_reliability()["listed"]["doc_id"].nunique())


@statistic("n_reliability_stated", SAMPLE, "fields whose agreement the archive's README states")
def n_reliability_stated(d: Data) -> int:
    return len(_reliability()["stated"])


@statistic("n_reliability_stated_same", SAMPLE, "fields where the README's agreement matches the one computed here")
def n_reliability_stated_same(d: Data) -> int:
    return int((_reliability()["stated"]["same"] == "yes").sum())


@family("n_reliability_{key}_keys_perfect", ["mentions", "endorses"], SAMPLE, "keys with a kappa of 1 in the {key} lists")
def n_reliability_keys_perfect(d: Data, key: str) -> int:
    return int((_reliability()[key]["kappa"] == 1).sum())


@family("n_reliability_{key}_keys_undefined", ["mentions", "endorses"], SAMPLE,
        "keys no coder used on any sampled page in the {key} lists (kappa undefined)")
def n_reliability_keys_undefined(d: Data, key: str) -> int:
    return int(_reliability()[key]["kappa"].isna().sum())


def lowest_kappa() -> pd.Series:
    """The key with the lowest defined kappa over both lists (``key``, ``list``, ``kappa``, ``agreement_pct``)."""
    r = _reliability()
    return reliability.lowest_kappa(r["mentions"], r["endorses"])


@statistic("reliability_lowest_kappa", SAMPLE, "the lowest defined kappa of a key (mentions or endorsements)")
def reliability_lowest_kappa(d: Data) -> float:
    return float(lowest_kappa()["kappa"])


@statistic("reliability_lowest_agreement", SAMPLE, "percent agreement on the key with the lowest kappa (a share)")
def reliability_lowest_agreement(d: Data) -> float:
    return float(lowest_kappa()["agreement_pct"]) / 100


# ---------------------------------------------------------------- the matching passes

PASSES = ["0", "1", "1b", "2", "3", "review"]


@family("n_duplicate_pass_{key}", PASSES, RECORDS, "records joined to another page's exchange by pass {key} of the matching")
def n_duplicate_pass(d: Data, key: str) -> int:
    merges = d.memo("_methods_merges_by_pass", lambda: harvest.merges_by_pass(d.records))
    return int(merges.loc[merges["pass"] == key, "records_merged"].sum())


# ---------------------------------------------------------------- exclusions.csv


@statistic("n_excluded_listed", RECORDS, "records excluded by data/reference/exclusions.csv")
def n_excluded_listed(d: Data) -> int:
    return len(_exclusions(d))


EXCLUSION_KEYS = {"not_exchange": "Not an exchange", "not_department": "Not an exchange of the department",
                  "not_single": "Not a single exchange"}


@family("n_excluded_{key}", EXCLUSION_KEYS, RECORDS, "records exclusions.csv sets aside as {key}")
def n_excluded_kind(d: Data, key: str) -> int:
    return int((_exclusions(d)["kind"] == EXCLUSION_KEYS[key]).sum())


@statistic("n_excluded_press", RECORDS, "records exclusions.csv sets aside as a press conference or a commentary on one")
def n_excluded_press(d: Data) -> int:
    return int(_exclusions(d)["reason"].str.contains("press conference").sum())


@statistic("n_excluded_by_review", RECORDS, "records the window review excludes (not an exchange)")
def n_excluded_by_review(d: Data) -> int:
    return int(d.records["reason"].str.startswith("window review: not an exchange").sum())


@statistic("n_rules_exchanges", RULES, "exchanges the rules make before the window review")
def n_rules_exchanges(d: Data) -> int:
    return len(_rules_exchanges(d))


@statistic("n_rules_undated", RULES, "exchanges the rules make before the window review that have no date")
def n_rules_undated(d: Data) -> int:
    return int((~_rules_exchanges(d)["dated"]).sum())


@statistic("share_rules_undated", RULES, "share of the rules' exchanges (before the window review) with no date")
def share_rules_undated(d: Data) -> float:
    return n_rules_undated(d) / n_rules_exchanges(d)


@statistic("n_rules_without_exclusions", WITHOUT_EXCLUSIONS, "exchanges the rules would make if no page were excluded")
def n_rules_without_exclusions(d: Data) -> int:
    return len(harvest.rules_without("exclusions.csv"))


@statistic("n_rules_only_excluded", WITHOUT_EXCLUSIONS, "exchanges made only of pages exclusions.csv sets aside")
def n_rules_only_excluded(d: Data) -> int:
    excluded = set(_exclusions(d)["doc_id"])
    return harvest.rules_without("exclusions.csv").holding(excluded)[0]


@statistic("n_rules_holding_excluded", WITHOUT_EXCLUSIONS,
           "exchanges that would hold a page exclusions.csv sets aside beside pages it keeps")
def n_rules_holding_excluded(d: Data) -> int:
    excluded = set(_exclusions(d)["doc_id"])
    return harvest.rules_without("exclusions.csv").holding(excluded)[1]


# ---------------------------------------------------------------- corrections.csv


@statistic("n_corrections", RECORDS, "corrections of a coding slip (rows of corrections.csv, one field of one record each)")
def n_corrections(d: Data) -> int:
    return len(_corrections(d))


@statistic("n_corrected_pages", RECORDS, "records with a corrected field")
def n_corrected_pages(d: Data) -> int:
    return int((d.records["corrected_fields"] != "").sum())


@statistic("n_corrected_exchanges", ALL, "exchanges holding a page with a corrected field")
def n_corrected_exchanges(d: Data) -> int:
    table = _corrections(d)
    return int(table.loc[table["exchange_id"] != "", "exchange_id"].nunique())


# ---------------------------------------------------------------- dates.csv


@statistic("n_dates_reviewed", RECORDS, "records with no date reviewed for one (rows of dates.csv)")
def n_dates_reviewed(d: Data) -> int:
    return len(_dates(d))


@statistic("n_pages_dated_by_review", RECORDS, "records the review gives a date (records.csv date_basis reviewed)")
def n_pages_dated_by_review(d: Data) -> int:
    return int((d.records["date_basis"] == "reviewed").sum())


@statistic("n_dates_undetermined", RECORDS, "records reviewed for a date that none could be established for")
def n_dates_undetermined(d: Data) -> int:
    return int((_dates(d)["basis"] == "undetermined").sum())


@statistic("n_exchanges_with_reviewed_date", ALL, "exchanges with a page the review dates")
def n_exchanges_with_reviewed_date(d: Data) -> int:
    return int(harvest.date_review(d.records)["reviewed_page"].sum())


@statistic("n_exchanges_dated_by_review_alone", ALL, "exchanges no page dates but the reviewed ones")
def n_exchanges_dated_by_review_alone(d: Data) -> int:
    return int(harvest.date_review(d.records)["review_alone"].sum())


@statistic("n_rules_without_dates", WITHOUT_DATES, "exchanges the rules would make without the reviewed dates")
def n_rules_without_dates(d: Data) -> int:
    return len(harvest.rules_without("dates.csv"))


@statistic("n_rules_undated_without_dates", WITHOUT_DATES, "exchanges with no date if the review had dated no page")
def n_rules_undated_without_dates(d: Data) -> int:
    return harvest.rules_without("dates.csv").undated


@statistic("share_rules_undated_without_dates", WITHOUT_DATES, "share of exchanges with no date if the review had dated no page")
def share_rules_undated_without_dates(d: Data) -> float:
    run = harvest.rules_without("dates.csv")
    return run.undated / len(run)


# ---------------------------------------------------------------- parties.csv and non-party-orgs.csv


@statistic("n_party_names_reviewed", "printed names in data/reference/parties.csv", "printed names linked to a party by review")
def n_party_names_reviewed(d: Data) -> int:
    return len(harvest.reference_table("parties.csv"))


@statistic("n_non_party_names", "printed names in data/reference/non-party-orgs.csv",
           "printed names that read as a party but are not one party")
def n_non_party_names(d: Data) -> int:
    return len(harvest.reference_table("non-party-orgs.csv"))


@statistic("n_party_names_seen", ALL, "distinct printed names of the exchanges' counterpart parties")
def n_party_names_seen(d: Data) -> int:
    return sum(len(split_cell(cell)) for cell in d.parties["names_seen"])


@statistic("n_parties_local", ALL, "counterpart parties Party Facts does not list (a local key)")
def n_parties_local(d: Data) -> int:
    return int((d.parties["partyfacts_id"] == "").sum())


@statistic("n_exchanges_with_party", ALL, "exchanges with at least one counterpart party")
def n_exchanges_with_party(d: Data) -> int:
    return int((d.exchanges["party_ids"] != "").sum())


# ---------------------------------------------------------------- window-review.csv

DECISIONS = list(harvest.DECISION_LABELS)


@statistic("n_window_reviewed", REVIEWED_WINDOW, "window exchanges of the rules with a reviewed decision")
def n_window_reviewed(d: Data) -> int:
    return len(_window_review(d))


@family("n_window_review_{key}", DECISIONS, REVIEWED_WINDOW, "window exchanges of the rules the review decides to {key}")
def n_window_review(d: Data, key: str) -> int:
    return int((_window_review(d)["decision"] == key).sum())


@statistic("n_window_review_changed", REVIEWED_WINDOW, "window exchanges of the rules the review merges, splits or excludes")
def n_window_review_changed(d: Data) -> int:
    return int((_window_review(d)["decision"] != "keep").sum())


@statistic("n_pages_moved_by_review", RECORDS, "records the window review moves to another exchange or excludes")
def n_pages_moved_by_review(d: Data) -> int:
    return int(d.records["reason"].str.startswith("window review").sum())


# ---------------------------------------------------------------- for the page


def counted(name: str, noun: str, nouns: str | None = None, of: Data | None = None) -> Plain:
    """A registered count with its noun, for prose: '3 corrections', '1 correction', 'no corrections'."""
    return count(int(value(name, of)), noun, nouns)


def reviewed_lists(of: Data | None = None) -> pd.DataFrame:
    """One row per reviewed list: its file, its rows and what it changes in the data,
    every figure a registered statistic (the methods chapter's overview of the judgment calls)."""
    v = lambda name: value(name, of)  # noqa: E731
    rows = [
        ("exclusions.csv", v("n_excluded_listed"),
         f"the pages set aside; without them the rules would make {count(v('n_rules_only_excluded'), 'more exchange', 'more exchanges')} "
         f"of these pages alone, and {count(v('n_rules_holding_excluded'), 'exchange')} would hold one beside the pages that report it"),
        ("corrections.csv", v("n_corrections"),
         f"{count(v('n_corrected_pages'), 'page')} corrected, in {count(v('n_corrected_exchanges'), 'exchange')}"),
        ("dates.csv", v("n_dates_reviewed"),
         f"{count(v('n_pages_dated_by_review'), 'page')} dated, in {count(v('n_exchanges_with_reviewed_date'), 'exchange')} "
         f"({v('n_exchanges_dated_by_review_alone'):,} dated by the review alone); undated exchanges fall from "
         f"{prose_share(v('share_rules_undated_without_dates'))} to {prose_share(v('share_rules_undated'))} of the rules' exchanges"),
        ("parties.csv and non-party-orgs.csv", v("n_party_names_reviewed") + v("n_non_party_names"),
         f"{count(v('n_party_names_seen'), 'printed name')} of the exchanges' counterpart parties become "
         f"{count(v('n_parties'), 'party', 'parties')} ({v('n_parties_partyfacts'):,} with a Party Facts id), named in "
         f"{count(v('n_exchanges_with_party'), 'exchange')}"),
        ("window-review.csv", v("n_window_reviewed"),
         f"{count(v('n_window_review_changed'), 'exchange')} of the window changed "
         f"({v('n_window_review_merge'):,} merged, {v('n_window_review_split'):,} split, "
         f"{v('n_window_review_not_an_exchange'):,} not an exchange); {count(v('n_pages_moved_by_review'), 'page')} "
         "moved or excluded"),
    ]
    return pd.DataFrame(rows, columns=["list", "rows", "changes"])
