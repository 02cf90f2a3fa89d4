"""Analysis tables: window, counting rules, country counts, formulations, events, echo; and the claims scorecard."""

from __future__ import annotations

import pandas as pd
import pytest

from liaison import codebook
from liaison.tables import claims, consensus, counting, countries, events, formulations, frames


def synthetic_exchanges(rows: list[dict]) -> pd.DataFrame:
    """Synthetic exchanges for rule tests (columns as in exchanges.csv)."""
    base = {"exchange_id": "", "event_date": "2018-01-10", "event_type": "meeting", "place": "Beijing, China",
            "place_country": "CHN", "lead_official": "Song Tao", "counterpart_orgs": "Communist Party of Vietnam (CPV)",
            "countries": "VNM", "party_ids": "pf4898", "mentions": "", "foreign_side_endorses": "", "n_sources": 1,
            "source_kinds": "idcpc", "title": "t", "primary_url": "https://example.org/x"}
    out = pd.DataFrame([{**base, "exchange_id": f"X{i}", **r} for i, r in enumerate(rows)])
    return out


@pytest.fixture(scope="module")
def exchanges() -> pd.DataFrame:
    return frames.load_exchanges()


def test_window_bounds_are_inclusive():
    ex = synthetic_exchanges([{"event_date": "2017-10-17"}, {"event_date": "2017-10-18"}, {"event_date": "2018-10-31"},
                              {"event_date": "2018-11-01"}, {"event_date": ""}])
    assert list(counting.in_window(ex)["event_date"]) == ["2017-10-18", "2018-10-31"]


def test_counting_rules():
    ex = synthetic_exchanges([
        {},
        {"event_type": "notice"},
        {"lead_official": ""},
        {"lead_official": "(unnamed)"},
        {"counterpart_orgs": "Ministry of Foreign Affairs of Vietnam", "party_ids": ""},
    ])
    assert len(counting.MAIN_RULE.apply(ex)) == 4
    assert len(counting.CountingRule(require_official=True).apply(ex)) == 2
    assert len(counting.CountingRule(include_notices=True).apply(ex)) == 5
    assert len(counting.CountingRule(parties_only=True).apply(ex)) == 3


def test_a_party_counterpart_is_one_with_a_party_id():
    """Which counterparts are parties is decided by the reviewed tables (party_ids), not by the name."""
    assert counting.has_party_counterpart("pf4898;pf1219") and not counting.has_party_counterpart("")


def test_multi_country_exchange_counts_once_per_country():
    ex = synthetic_exchanges([{"countries": "JPN;VNM"}, {"countries": "VNM"}, {"countries": ""}])
    counts = countries.country_counts(ex).set_index("iso3")
    assert counts.loc["VNM", "exchanges"] == 2 and counts.loc["JPN", "exchanges"] == 1
    assert counts.loc["VNM", "rank"] == 1 and counts.loc["JPN", "rank"] == 2
    assert counts.loc["VNM", "country"] == "Vietnam" and counts.loc["VNM", "region"] == "Asia"


def test_ties_share_a_rank():
    ex = synthetic_exchanges([{"countries": "JPN"}, {"countries": "VNM"}])
    assert set(countries.country_counts(ex)["rank"]) == {1}


def test_article_ranking_reports_absent_countries():
    ex = synthetic_exchanges([{"countries": "JPN"}])
    table = countries.article_ranking(countries.country_counts(ex)).set_index("country")
    assert table.loc["Japan", "rank_in_data"] == 1
    assert pd.isna(table.loc["Vietnam", "rank_in_data"]) and table.loc["Vietnam", "exchanges"] == 0


def test_key_tables():
    ex = synthetic_exchanges([
        {"mentions": "belt_and_road;shared_future", "foreign_side_endorses": "belt_and_road", "countries": "JPN;VNM",
         "event_date": "2018-01-05"},
        {"mentions": "shared_future", "event_date": "2018-03-02"},
    ])
    by_country = formulations.key_by_country(ex, "belt_and_road").set_index("country")
    assert list(by_country.index) == [codebook.MULTI_PARTY]  # two countries: an event of its own, not Japan's
    assert by_country.loc[codebook.MULTI_PARTY, "mentioned"] == 1 and by_country.loc[codebook.MULTI_PARTY, "endorsed"] == 1
    months = formulations.key_by_month(ex, "belt_and_road", ("2018-01-01", "2018-03-31")).set_index("month")
    assert list(months.index) == ["2018-01", "2018-02", "2018-03"]
    assert months.loc["2018-01", "mentioned"] == 1 and months.loc["2018-03", "exchanges"] == 1
    shares = formulations.formulation_totals(ex, codebook.POLICY_KEYS).set_index("key")
    assert shares.loc["shared_future", "mentioned"] == 2 and shares.loc["shared_future", "share_mentioned"] == 1.0
    assert shares.loc["shared_future", "rank"] == 1


def test_events_in_the_real_data(exchanges):
    hlm = events.high_level_meeting(exchanges)
    assert hlm["event_end_date"] == "2017-12-03" and int(hlm["n_sources"]) >= 40
    sides = events.side_meetings(exchanges, *events.HLM_DATES)
    assert hlm["exchange_id"] not in set(sides["exchange_id"])
    assert (sides["event_type"] != "multilateral").all() and len(sides) >= 3
    shenzhen = events.shenzhen_event(exchanges)
    assert len(shenzhen) >= 1 and shenzhen["place"].str.contains("Shenzhen").all()


def test_weekly_covers_every_week_of_the_window(exchanges):
    weeks = events.weekly(exchanges)
    assert weeks["exchanges"].sum() == len(counting.in_window(exchanges))
    assert pd.to_datetime(weeks["week"]).diff().dropna().dt.days.eq(7).all()


def test_echo_table_compares_each_side():
    ex = synthetic_exchanges([{"exchange_id": "E1"}])
    ex["exchange_id"] = ["E1"]
    recs = pd.DataFrame([
        {"doc_id": "a", "fate": "kept", "exchange_id": "E1", "source_kind": "idcpc", "foreign_side_endorses": "belt_and_road;one_china"},
        {"doc_id": "b", "fate": "duplicate", "exchange_id": "E1", "source_kind": "counterpart",
         "foreign_side_endorses": "one_china;xi_thought"},
    ])
    row = consensus.echo_table(ex, recs).iloc[0]
    assert (row["echoed"], row["only_chinese"], row["only_counterpart"]) == ("one_china", "belt_and_road", "xi_thought")


def test_sensitivity_table_has_one_row_per_rule_and_window_end(exchanges):
    table = countries.sensitivity(exchanges)
    assert len(table) == 1 + len(counting.ALTERNATIVE_RULES) + 2
    assert table["exchanges"].iloc[0] == len(counting.window_exchanges(exchanges))
    early = table[table["window_end"] == "beginning of October 2018"]
    assert list(early["exchanges"]) == [len(counting.window_exchanges(exchanges, rule, counting.EARLY_WINDOW))
                                        for rule in (counting.MAIN_RULE, counting.DEPARTMENT_RULE)]


def test_department_rule_counts_exchanges_with_a_page_on_its_site():
    ex = synthetic_exchanges([{}, {"source_kinds": "chinese_official;counterpart"}, {"source_kinds": "idcpc;foreign_media"}])
    assert list(counting.DEPARTMENT_RULE.apply(ex)["exchange_id"]) == ["X0", "X2"]
    counts = countries.country_counts(ex).set_index("iso3")
    assert counts.loc["VNM", "exchanges"] == 3 and counts.loc["VNM", "department"] == 2


def test_endorsements_are_credited_to_a_country_only_for_single_country_exchanges():
    ex = synthetic_exchanges([
        {"countries": "JPN", "mentions": "belt_and_road", "foreign_side_endorses": "belt_and_road"},
        {"countries": "JPN;VNM;LAO", "mentions": "belt_and_road", "foreign_side_endorses": "belt_and_road"},
        {"countries": "VNM", "mentions": "belt_and_road"},
    ])
    table = formulations.key_by_country(ex, "belt_and_road").set_index("country")
    assert table.loc["Japan", "endorsed"] == 1 and table.loc["Vietnam", "endorsed"] == 0
    assert table.loc[codebook.MULTI_PARTY, "mentioned"] == 1 and "Laos" not in table.index
    rows = formulations.key_rows(ex, "belt_and_road")
    assert len(rows) == 3  # one mark per event, not one per attending country
    assert list(rows.loc[rows["country"] == codebook.MULTI_PARTY, "endorsement"]) == [codebook.ENDORSED_AT_EVENT]


def test_scorecard_covers_every_claim_with_a_known_verdict(exchanges):
    card = claims.scorecard(exchanges, pd.read_csv(frames.PROCESSED_DIR / "reported-figures.csv", dtype=str,
                                                   keep_default_na=False))
    assert list(card["claim_id"]) == [f"C{i:02d}" for i in range(1, 16)]
    assert set(card["verdict"]) <= set(claims.VERDICTS)
    assert card["exchanges"].dtype.kind == "i" and card["data"].str.len().gt(0).all()
    by_id = card.set_index("claim_id")["verdict"]
    assert {by_id[c] for c in ("C03", "C04", "C05", "C15")} == {"not measurable"}
    assert all(by_id[c] != "not measurable" for c in ("C01", "C02", "C06", "C07"))


def _figures(rows: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = ["doc_id", "exchange_id", "page_fate", "subject", "subject_date", "quantity", "value", "qualifier",
               "claim_id", "note"]
    figures = pd.DataFrame([dict(zip(columns, ("d", *row[:2], "hlm", "2017-11-30", *row[2:], "C06", ""))) for row in rows])
    exchanges = pd.DataFrame({"exchange_id": ["E1", "E2", "E3"], "event_date": ["2017-11-30", "2017-12-01", "2018-07-16"]})
    return figures, exchanges


CLAIM = pd.Series({"claim_id": "C06", "value": "300", "unit": "leaders", "period": "2017-11-30/2017-12-03"})


@pytest.mark.parametrize("rows,verdict", [
    ([("E1", "kept", "leaders", "300", ""), ("E1", "duplicate", "leaders", "300", "nearly")], "corroborated"),
    ([("E1", "kept", "parties_and_organizations", "300", "nearly")], "unit differs"),
    ([("E1", "kept", "parties", "200", "over"), ("E2", "kept", "leaders", "250", "")], "differs"),
    ([("E1", "kept", "parties", "200", "over"), ("E3", "kept", "leaders", "300", "")], "differs"),  # E3 recalls it later
    ([], "not measurable"),
], ids=["same figure", "leaders of 300 parties", "other values", "only recalled later", "no figure"])
def test_verdicts_against_the_sources_own_figures(rows, verdict):
    figures, exchanges = _figures(rows)
    if not rows:
        figures = figures.reindex(columns=["doc_id", "exchange_id", "subject", "subject_date", "quantity", "value",
                                           "qualifier", "claim_id"])
    check = claims.against_sources(CLAIM, figures, exchanges)
    assert check.verdict == verdict, check


def test_reposts_of_one_story_count_once():
    figures, exchanges = _figures([("E1", "kept", "leaders", "300", "")] * 5 + [("E2", "kept", "parties", "300", "")])
    check = claims.against_sources(CLAIM, figures, exchanges)
    assert check.n_exchanges == 2 and "1 of 2 reports gives 300 leaders" in check.reason


def test_ranking_verdicts():
    counts = countries.country_counts(synthetic_exchanges(
        [{"countries": "VNM"}] * 3 + [{"countries": "JPN"}] * 2 + [{"countries": "USA"}]
        + [{"countries": c} for c in ("FRA", "DEU", "ITA", "ESP", "PRT", "GRC", "IRL", "AUT")]))
    assert claims.ranking_first_two(counts, ("VNM", "JPN"), 6).verdict == "reproduced"
    assert claims.ranking_first_two(counts, ("VNM", "RUS"), 6).verdict == "partly"
    assert claims.ranking_first_two(counts, ("RUS", "IND"), 6).verdict == "contradicted"
    assert claims.much_attention(counts, ("VNM", "JPN", "USA"), 6).verdict == "reproduced"  # top quarter: ranks 1-3
    assert claims.much_attention(counts, ("RUS", "JPN", "FRA"), 6).verdict == "partly"
    assert claims.much_attention(counts, ("RUS", "IND", "CHL"), 6).verdict == "contradicted"


def test_country_names_and_regions_come_from_the_build_with_a_fallback_for_other_codes():
    known = frames._known_countries()
    assert known["JPN"] == ("Japan", "Asia") and known["EUU"][0] == "European Union"
    assert frames.country_name("USA") == "United States" and frames.region_of("USA") == "Americas"
    missing = next(code for code in ("ISL", "NOR", "LIE") if code not in known)  # a code the data does not use
    assert frames.country_name(missing) in {"Iceland", "Norway", "Liechtenstein"}  # is looked up
    assert frames.region_of(missing) == "Europe"
