"""Figures 1 and 2 rebuilt, the claims scorecard and every year of the archive: tables, phrases, lists, charts
and the statistics of ``liaison.tables.stats.figures``, ``.claims`` and ``.beyond``."""

from __future__ import annotations

import pandas as pd
import pytest
from test_analysis import synthetic_exchanges

from liaison import codebook
from liaison.book import figure_charts, figure_prose, lists
from liaison.tables import claims, counting, countries, formulations, partners, stats

# ---------------------------------------------------------------- generated phrases


def test_country_names_take_the_article_where_they_need_it():
    assert figure_prose.in_sentence("United States") == "the United States" and figure_prose.in_sentence("Japan") == "Japan"
    assert figure_prose.names_with_article(["Japan", "United States"]) == "Japan and the United States"


@pytest.mark.parametrize("rank,tied,expected", [(1, False, "first"), (6, True, "joint sixth"), (None, False, "absent"),
                                                (pd.NA, False, "absent"), (18, True, "joint 18th")])
def test_country_rank(rank, tied, expected):
    assert figure_prose.country_rank(rank, tied) == expected


@pytest.mark.parametrize("best,worst,expected", [
    ((1, False), (1, False), "first every time"),
    ((3, True), (3, True), "joint third every time"),
    ((3, True), (8, True), "between joint third and joint eighth"),
    (None, None, "absent every time"),
])
def test_rank_range(best, worst, expected):
    assert figure_prose.rank_range(best, worst) == expected


@pytest.mark.parametrize("years,expected", [([], "none"), ([2001], "2001"), ([2017, 2018], "2017–2018"),
                                            ([1995, 1996, 1997, 2000, 2002, 2003], "1995–1997, 2000 and 2002–2003")])
def test_year_list(years, expected):
    assert figure_prose.year_list(years) == expected


@pytest.mark.parametrize("before,after,expected", [(0.146, 0.141, "falls from 15% to 14%"), (0.2, 0.24, "rises from 20% to 24%"),
                                                   (0.141, 0.144, "stays at 14%"), (0.0, 0.0, "stays at 0%")])
def test_change_says_equal_when_the_rounded_shares_are_equal(before, after, expected):
    assert figure_prose.change(before, after) == expected


@pytest.mark.parametrize("k,n,expected", [(0, 5, "none"), (1, 5, "one"), (4, 5, "four"), (5, 5, "all"), (2, 2, "both"),
                                          (1, 1, "one"), (12, 20, "12")])
def test_quantifier(k, n, expected):
    assert figure_prose.quantifier(k, n) == expected


def test_always():
    assert figure_prose.always(["Japan"]) == "always Japan"
    assert figure_prose.always(["Japan", "United States"]) == "Japan or the United States, depending on the count"
    assert figure_prose.always([]) == "no country"


def test_formulations_read_as_in_a_sentence():
    assert figure_prose.formulation("shared_future") == "the community with a shared future"
    assert figure_prose.formulation("governance_experience") == "governance experience"
    assert set(figure_prose.FORMULATIONS_IN_SENTENCE) == set(codebook.MENTION_KEYS)


# ---------------------------------------------------------------- Figure 1: tables


def _figure1_exchanges() -> pd.DataFrame:
    return synthetic_exchanges(
        [{"countries": "JPN"}] * 3 + [{"countries": "VNM", "source_kinds": "counterpart"}] * 2
        + [{"countries": "USA"}, {"countries": "IND", "source_kinds": "foreign_media"}, {"countries": "RUS"},
           {"countries": "JPN", "event_date": "2018-10-20"}, {"countries": "FRA", "event_type": "notice"}])


def test_figure1_table_marks_shared_ranks_and_the_department_count():
    table = countries.figure1_table(_figure1_exchanges()).set_index("iso3")
    assert table.loc["JPN", "exchanges"] == 4 and table.loc["JPN", "department"] == 4 and not table.loc["JPN", "tied"]
    assert table.loc["VNM", "department"] == 0 and pd.isna(table.loc["VNM", "department_rank"])
    assert table.loc["USA", "tied"] and table.loc["USA", "rank"] == 3  # USA, IND and RUS share third place
    assert table.loc["USA", "department_rank"] == 2 and table.loc["USA", "department_tied"]  # with Russia
    assert "FRA" not in table.index  # a notice is not counted


def test_figure1_highlights_and_rank_cells():
    highlights = countries.figure1_highlights(countries.figure1_table(_figure1_exchanges()), top=1)
    assert list(highlights["Country"]) == ["Japan *", "Vietnam *", "India *", "Russia *", "United States *"]  # ties by name
    assert list(highlights["Rank"]) == ["1", "2", "=3", "=3", "=3"] and highlights["Rank "].iloc[1] == "-"
    assert countries.rank_cell(None, False) == "-" and countries.rank_cell(6, True) == "=6"


def test_top_countries_keep_every_country_tied_with_the_last():
    counts = countries.country_counts(counting.MAIN_RULE.apply(_figure1_exchanges()))
    groups = countries.top_countries(counts, top=3)
    assert groups == [(["Japan"], 4), (["Vietnam"], 2), (["India", "Russia", "United States"], 1)]
    assert countries.top_text(groups) == "Japan 4; Vietnam 2; India, Russia and United States 1 each"
    assert countries.top_countries(counts.iloc[0:0]) == [] and countries.top_text([]) == "no country"


def test_rule_names_come_from_the_flags():
    assert countries.rule_name(counting.MAIN_RULE) == "Main rule"
    assert countries.rule_name(counting.DEPARTMENT_RULE) == "Reported on the department's site"
    assert [countries.rule_name(r) for r in counting.ALTERNATIVE_RULES[1:]] == [
        "Official named", "Notices counted too", "Party counterpart", "Official named, party counterpart"]


def test_sensitivity_ranks_shifts_and_ranges():
    ex = _figure1_exchanges()
    table = countries.sensitivity(ex)
    main = countries.row_of(table, counting.MAIN_RULE, "end of October 2018")
    early = countries.row_of(table, counting.MAIN_RULE, "beginning of October 2018")
    assert table.loc[main, "rank_JPN"] == 1 and table.loc[early, "exchanges"] == table.loc[main, "exchanges"] - 1
    readable = countries.sensitivity_ranks(table)
    assert list(readable.columns) == ["Counting rule", "Vietnam", "Japan", "Russia", "United States", "India"]
    assert readable["Counting rule"].iloc[0] == f"Main rule, to 31 Oct: {table.loc[main, 'exchanges']} exchanges"
    department = countries.row_of(table, counting.DEPARTMENT_RULE, "end of October 2018")
    assert countries.rank_shift(table, main, early) == 0  # Japan still first, the others unchanged
    # the United States moves from joint third to joint second; Vietnam and India, absent there, are left out
    assert countries.rank_shift(table, main, department) == 1
    ranges = countries.rank_ranges(table)
    assert ranges["JPN"] == ((1, False), (1, False)) and countries.leaders(table) == ["Japan"]


# ---------------------------------------------------------------- Figure 2: multi-party events


def test_key_rows_give_multi_party_events_one_mark_and_a_department_flag():
    ex = synthetic_exchanges([
        {"countries": "JPN;VNM;LAO", "mentions": "belt_and_road", "foreign_side_endorses": "belt_and_road"},
        {"countries": "PER", "mentions": "belt_and_road", "source_kinds": "counterpart"},
    ])
    rows = formulations.key_rows(ex, "belt_and_road")
    assert list(rows["country"]) == ["Peru", codebook.MULTI_PARTY] and list(rows["department"]) == [False, True]
    readable = formulations.key_rows_readable(rows)
    assert list(readable["Endorsement"]) == [codebook.NOT_ENDORSED, codebook.ENDORSED_AT_EVENT]
    assert formulations.key_pages(ex, "belt_and_road") == 2


def test_figure2_chart_keeps_multi_party_events_last_and_lists_only_present_categories():
    ex = synthetic_exchanges([
        {"countries": "JPN;VNM", "mentions": "belt_and_road", "foreign_side_endorses": "belt_and_road"},
        {"countries": "PER", "mentions": "belt_and_road"}, {"countries": "PER", "mentions": "belt_and_road"},
        {"countries": "ZAF", "mentions": "belt_and_road"},
    ])
    spec = figure_charts.key_by_country_bars(formulations.key_rows(ex, "belt_and_road"), "Belt and Road").to_dict()
    enc = spec["encoding"]
    assert enc["y"]["sort"] == ["Peru", "South Africa", codebook.MULTI_PARTY]
    assert enc["color"]["scale"]["domain"] == [codebook.ENDORSED_AT_EVENT, codebook.NOT_ENDORSED]
    assert enc["href"]["field"] == "primary_url" and {"date", "title", "counterpart_orgs"} <= {t["field"] for t in enc["tooltip"]}
    dates = {row["date"] for row in next(iter(spec["datasets"].values()))}
    assert dates == {"10 January 2018"}  # dates as dates, not ISO strings


def test_figure1_chart_puts_the_department_segments_first():
    rows = countries.country_rows(_figure1_exchanges()[lambda d: d["event_type"] != "notice"])
    spec = figure_charts.figure1_bars(rows).to_dict()
    assert spec["encoding"]["y"]["sort"][:2] == ["Japan", "Vietnam"]
    assert spec["encoding"]["color"]["scale"]["domain"] == [figure_charts.DEPARTMENT, figure_charts.OTHERS_ONLY]
    only_department = countries.country_rows(synthetic_exchanges([{}]))
    assert figure_charts.figure1_bars(only_department).to_dict()["encoding"]["color"]["scale"]["domain"] == [figure_charts.DEPARTMENT]


def test_month_chart_labels_months_as_dates():
    table = formulations.key_by_month(synthetic_exchanges([{"mentions": "belt_and_road"}]), "belt_and_road",
                                      ("2018-01-01", "2018-02-28"))
    spec = figure_charts.key_by_month_lines(table, "Belt and Road Initiative").to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Jan 2018", "Feb 2018"]


# ---------------------------------------------------------------- the scorecard


@pytest.mark.parametrize("inside,outside,expected", [
    (["Japan", "Vietnam"], [], "Both are in the top two."),
    ([], ["Japan", "Vietnam"], "Neither is in the top two."),
    (["Japan"], ["Vietnam"], "Japan is in the top two; Vietnam is not."),
    (["United States", "India"], ["Russia"], "The United States and India are in the top two; Russia is not."),
    (["Japan", "Vietnam", "India"], [], "All 3 are in the top two."),
])
def test_in_or_out(inside, outside, expected):
    assert claims.in_or_out(inside, outside, "in the top two") == expected


def test_top_quarter_rounds_up():
    assert [claims.top_quarter(n) for n in (0, 1, 4, 5, 49)] == [1, 1, 1, 2, 13]


def test_verdict_tally_lists_only_verdicts_given():
    card = pd.DataFrame({"claim_id": ["C01", "C02", "C03"], "verdict": ["differs", "corroborated", "corroborated"]})
    tally = claims.verdict_tally(card)
    assert list(tally["Verdict"]) == ["corroborated", "differs"] and list(tally["Which"]) == ["C02, C03", "C01"]


def test_scorecard_list_reads_as_a_definition_list():
    card = pd.DataFrame([
        {"claim_id": "C06", "claim": "Leaders <at> the meeting", "article": "300 leaders", "data": "leaders: 200–600 (over)",
         "basis": "pages' own figures", "exchanges": 4, "verdict": "unit differs", "reason": "None of the 4 reports gives 300 leaders."},
        {"claim_id": "C12", "claim": "Vietnam and Japan first", "article": "ranking", "data": "Vietnam fifth, Japan first",
         "basis": "the archive's exchanges", "exchanges": 1, "verdict": "partly", "reason": "Japan is in the top two."},
    ])
    html = lists.scorecard_list(card, ["C06", "C12"], "card.csv")._repr_html_()
    assert "<dt>C06. Leaders &lt;at&gt; the meeting</dt>" in html and "The sources (4 reports):" in html
    assert "<strong>unit differs</strong>" in html and "The archive (1 exchange):" in html
    assert html.count("The article:") == 1  # C12's article gives no number
    assert 'download="card.csv"' in html


def test_compact_table_right_aligns_numbers_and_ranks():
    table = lists.CompactTable(pd.DataFrame({"Country": ["Japan"], "Exchanges": [15], "Rank": ["=3"]}),
                               groups=(("", 1), ("Main rule", 2)))
    html = table._repr_html_()
    assert 'colspan="2"' in html and html.count("text-align:right") == 4  # two headers and two cells
    assert "<th" in html and "index" not in html
    spans = lists.CompactTable(pd.DataFrame({"Years": ["2006–2025"]}), nowrap=["Years"])._repr_html_()
    assert "white-space:nowrap" in spans.split("<tbody>")[1]


def test_reported_figures_reason_names_what_is_left_out():
    columns = ["doc_id", "exchange_id", "page_fate", "subject", "subject_date", "quantity", "value", "qualifier", "claim_id", "note"]
    figures = pd.DataFrame([dict(zip(columns, ("d", e, "kept", "hlm", "2017-11-30", "leaders", v, "", "C06", "")))
                            for e, v in (("E1", "300"), ("E3", "250"))])
    exchanges = pd.DataFrame({"exchange_id": ["E1", "E3"], "event_date": ["2017-11-30", "2018-07-16"]})
    claim = pd.Series({"claim_id": "C06", "value": "300", "unit": "leaders", "period": "2017-11-30/2017-12-03"})
    check = claims.against_sources(claim, figures, exchanges)
    assert check.verdict == "corroborated" and check.reason.endswith("Not counted, outside the period: 250, in 1 more report.")
    assert claims.figure_range(pd.DataFrame({"value": [200, 600], "qualifier": ["over", ""]})) == "200–600 (over)"


# ---------------------------------------------------------------- parties by id


def test_parties_are_counted_by_id_once_a_year_and_new_once():
    ex = synthetic_exchanges([
        {"event_date": "2017-05-01", "party_ids": "pf1;pf2"},
        {"event_date": "2017-06-01", "party_ids": "pf1"},
        {"event_date": "2018-01-01", "party_ids": "pf1;pf3"},
        {"event_date": "2018-02-01", "party_ids": ""},
    ])
    ex["date"] = pd.to_datetime(ex["event_date"])
    ex["year"] = ex["date"].dt.year.astype("Int64")
    table = partners.parties_by_year(ex).set_index("year")
    assert table.loc[2017, "parties"] == 2 and table.loc[2017, "new_parties"] == 2
    assert table.loc[2018, "parties"] == 2 and table.loc[2018, "new_parties"] == 1
    assert table.loc[2018, "with_party"] == 1 and table.loc[2018, "share_with_party"] == 0.5
    names = pd.DataFrame({"party_id": ["pf1", "pf2", "pf3"], "name_english": ["A", "B", "C"], "iso3": ["VNM", "JPN", "JPN"]})
    totals = partners.party_totals(ex, names)
    assert list(totals["party"]) == ["A", "B", "C"] and list(totals["exchanges"]) == [3, 1, 1]
    assert len(partners.most_met(totals, n=2)) == 3  # C is tied with B
    assert partners.years_span(2017, 2018) == "2017–2018" and partners.years_span(pd.NA, pd.NA) == "undated only"


# ---------------------------------------------------------------- the statistics on the book's data


def test_the_figure_statistics_add_up():
    value = stats.value
    assert value("n_window_bri_credited") + value("n_window_bri_multi_party_endorsing") == value("n_window_endorses_belt_and_road")
    assert value("share_window_department") == value("n_window_department") / value("n_window")
    assert value("n_took_place_dated") + value("n_took_place_undated") == value("n_took_place")
    assert value("n_window_department_country_jpn") <= value("n_window_country_jpn")
    assert sum(value(f"n_claims_{v.replace(' ', '_')}") for v in claims.VERDICTS) == value("n_claims")
    assert str(value(f"verdict_c{12}")) in claims.VERDICTS


def test_every_statistic_of_these_modules_computes():
    mine = [name for name, s in stats.REGISTRY.items()
            if s.compute.__module__.rsplit(".", 1)[-1] in {"figures", "claims", "beyond"} or s.compute.__name__ == "<lambda>"]
    assert len(mine) > 50
    for name in mine:
        assert stats.value(name) is not None, name
