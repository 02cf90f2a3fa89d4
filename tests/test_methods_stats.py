"""The methods chapter's statistics (liaison.tables.stats.methods): they add up, on the real data, the way
the chapter says they do."""

from __future__ import annotations

import pytest

from liaison import codebook
from liaison.tables import harvest, stats
from liaison.tables.stats import methods

v = stats.value


def test_every_statistic_computes_to_a_number_or_a_plain_text():
    for name in stats.REGISTRY:
        assert isinstance(v(name), (int, float, str)), name
    assert {"n_rules_without_dates", "n_window_review_split", "n_reliability_identical_type"} <= set(stats.REGISTRY)


def test_the_harvest_rounds_add_up_to_the_logs():
    rounds = [str(k) for k in codebook.HARVEST_ROUNDS]
    assert v("n_harvest_rounds") == len(rounds)
    assert sum(v(f"n_round{k}_queries") for k in rounds) == v("n_harvest_queries")
    assert sum(v(f"n_round{k}_new") for k in rounds) == v("n_harvest_new")
    for k in rounds:
        assert v(f"round{k}_new_per_query") == pytest.approx(v(f"n_round{k}_new") / v(f"n_round{k}_queries"), abs=0.005)


def test_every_merged_page_is_counted_under_one_pass():
    assert sum(v(f"n_duplicate_pass_{k}") for k in methods.PASSES) == v("n_duplicate")


def test_every_excluded_page_is_listed_or_excluded_by_the_review():
    assert v("n_excluded_listed") + v("n_excluded_by_review") == v("n_excluded")
    assert sum(v(f"n_excluded_{k}") for k in methods.EXCLUSION_KEYS) == v("n_excluded_listed")
    assert v("n_excluded_press") <= v("n_excluded_not_exchange")


def test_the_window_review_turns_the_rules_exchanges_into_the_books():
    decisions = {k: v(f"n_window_review_{k}") for k in harvest.DECISION_LABELS}
    assert sum(decisions.values()) == v("n_window_reviewed")
    assert v("n_window_review_changed") == v("n_window_reviewed") - decisions["keep"]
    # a merge or an exclusion takes one exchange away, a split adds one; nothing outside the window changes
    assert v("n_rules_exchanges") - decisions["merge"] - decisions["not_an_exchange"] + decisions["split"] == v("n_exchanges")
    assert v("n_pages_moved_by_review") == v("n_duplicate_pass_review") + v("n_excluded_by_review")


def test_the_counterfactual_runs_point_the_way_the_lists_do():
    # an excluded page either makes exchanges of its own or joins one (joining two can only lower the count)
    assert v("n_rules_without_exclusions") <= v("n_rules_exchanges") + v("n_rules_only_excluded")
    assert v("n_rules_without_exclusions") > v("n_rules_exchanges")
    assert v("n_rules_undated_without_dates") > v("n_rules_undated")
    assert v("share_rules_undated_without_dates") > v("share_rules_undated")


def test_the_date_review_accounts_for_every_row():
    assert v("n_pages_dated_by_review") + v("n_dates_undetermined") == v("n_dates_reviewed")
    assert v("n_exchanges_dated_by_review_alone") <= v("n_exchanges_with_reviewed_date") <= v("n_pages_dated_by_review")


def test_linking_names_to_parties_never_counts_more_parties_than_names():
    assert v("n_parties") <= v("n_party_names_seen") <= v("n_party_names_reviewed")
    assert v("n_parties_partyfacts") + v("n_parties_local") == v("n_parties")
    assert v("n_corrected_exchanges") <= v("n_corrected_pages") <= v("n_corrections")


def test_the_overview_of_the_lists_has_one_row_per_list_with_its_rows():
    table = methods.reviewed_lists().set_index("list")
    assert table["rows"].to_dict() == {
        "exclusions.csv": v("n_excluded_listed"),
        "corrections.csv": v("n_corrections"),
        "dates.csv": v("n_dates_reviewed"),
        "parties.csv and non-party-orgs.csv": v("n_party_names_reviewed") + v("n_non_party_names"),
        "window-review.csv": v("n_window_reviewed"),
    }
    assert not table["changes"].str.contains(r"\b1 [a-z]+s\b|\b0 [a-z]").any()  # "1 pages", "0 exchanges"


def test_counted_puts_the_noun_after_a_registered_count():
    n = v("n_corrections")
    assert methods.counted("n_corrections", "correction") == (f"{n:,} correction" if n == 1 else
                                                              f"{n:,} corrections" if n else "no corrections")
