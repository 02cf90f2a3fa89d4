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


# ---------------------------------------------------------------- attendance as reported (events)


def synthetic_figures(rows: list[dict]) -> pd.DataFrame:
    """Rows shaped like reported-figures.csv (strings)."""
    base = {"doc_id": "p1", "exchange_id": "X1", "page_fate": "kept", "subject": "meeting-2018", "subject_date": "",
            "quantity": "parties", "value": "100", "qualifier": "over", "claim_id": "", "note": ""}
    return pd.DataFrame([{**base, **r} for r in rows], columns=list(base))


def test_a_subject_is_the_exchange_own_when_its_date_agrees():
    assert events._agrees("", "2018-05-26", "2018-05-28")
    assert events._agrees("2018-05", "2018-05-26", "2018-05-28") and events._agrees("2018", "2018-05-26", "")
    assert events._agrees("2017-12-01", "2017-11-30", "2017-12-03")
    assert not events._agrees("2021-07", "2021-11-30", "2021-12-01")  # a figure recalled months later
    assert not events._agrees("2017", "2018-07-16", "2018-07-18")
    assert events._agrees("2017-12", "2017-11-30", "2017-12-03")  # the span reaches into the month


def test_attendance_leaves_out_plans_host_side_and_late_reports_and_flags_advance_figures():
    ex = synthetic_exchanges([{"event_date": "2018-01-10"}, {"event_date": "2018-01-20"}, {"event_date": "2018-06-01"}])
    figs = synthetic_figures([
        {"doc_id": "a", "exchange_id": "X0", "value": "100"},
        {"doc_id": "b", "exchange_id": "X0", "value": "100", "note": "advance figure: registered"},
        {"doc_id": "c", "exchange_id": "X1", "quantity": "countries", "value": "20", "qualifier": ""},
        {"doc_id": "d", "exchange_id": "X2", "value": "300", "note": "recalled later"},  # outside own coverage
        {"doc_id": "e", "exchange_id": "X0", "quantity": "participants", "value": "5000", "note": "pledge: to invite"},
        {"doc_id": "f", "exchange_id": "X0", "quantity": "participants", "value": "151", "note": "CPC staff, the host side"},
        {"doc_id": "g", "exchange_id": "X0", "quantity": "people_trained", "value": "20"},
        {"doc_id": "h", "exchange_id": "X0", "subject": "other", "value": "7"},
    ])
    rows = events.attendance(figs, ex, "meeting-2018")
    assert sorted(rows["doc_id"]) == ["a", "b", "c"]
    assert list(rows.sort_values("doc_id")["before"]) == [False, True, False]
    assert rows["report"].nunique() == 2
    assert events.attendance_text(rows) == "over 100 parties; 20 countries"
    assert events.attendance(figs, ex, "nothing").empty


def test_attendance_text_says_ranges_mixed_qualifiers_and_advance_only_figures():
    def rows(specs):
        frame = synthetic_figures([{"doc_id": f"p{i}", **s} for i, s in enumerate(specs)])
        return frame.assign(report=frame["exchange_id"], value=frame["value"].astype(int), date="2018-01-10",
                            before=frame["note"].map(events.is_before))

    assert events.attendance_text(rows([{"value": "200"}, {"value": "300", "qualifier": "nearly"}])) == "200–300 parties"
    assert events.attendance_text(rows([{"value": "200", "qualifier": ""}, {"value": "200"}])) == "200 parties"
    assert events.attendance_text(rows([{"value": "40", "qualifier": "about"}])) == "about 40 parties"
    assert events.attendance_text(rows([{"value": "200", "note": "preview"}])) == "over 200 parties (before the event)"
    assert events.attendance_text(rows([{"value": "200", "note": "preview"}, {"value": "250"}])) == "over 250 parties"
    assert events.attendance_text(rows([])) == events.NO_FIGURE
    assert events.figure_text("countries", 122, "exactly") == "122 countries"
    assert events.figure_text("parties_and_organizations", 1200, "up_to") == "up to 1,200 parties and organizations"


def test_figure_table_counts_each_exchange_once_and_most_given_counts_pages():
    frame = synthetic_figures([
        {"doc_id": "a", "exchange_id": "X0", "value": "300", "qualifier": "nearly"},
        {"doc_id": "b", "exchange_id": "X0", "value": "300", "qualifier": "nearly"},  # a repost: same report
        {"doc_id": "c", "exchange_id": "X1", "value": "200"},
        {"doc_id": "d", "exchange_id": "X2", "value": "200"},
    ])
    rows = frame.assign(report=frame["exchange_id"], value=frame["value"].astype(int), date="2018-01-10", before=False)
    table = events.figure_table(rows)
    assert list(table.columns) == ["Counted", "Figures given of the event", "Reports"]  # no advance figure: no column
    assert table.iloc[0]["Reports"] == 3
    assert table.iloc[0]["Figures given of the event"] == "over 200 (2 pages, 2 reports); nearly 300 (2 pages)"
    advance = events.figure_table(rows.assign(before=rows["doc_id"] == "d"))
    assert advance.iloc[0]["Given before it"] == "over 200 (1 page)"
    assert events.most_given(rows, "parties") == "over 200 parties"  # ties on pages: more reports
    assert events.most_given(rows, "countries") == ""
    assert events.page_figures(rows, "a") == "nearly 300 parties"


def test_countries_by_region_groups_names_and_leaves_out_the_eu():
    table = events.countries_by_region("VNM;EUU;AGO;LAO;VNM")
    assert table.to_dict("list") == {"Region": ["Africa", "Asia"], "Countries named": ["Angola", "Laos, Vietnam"]}
    assert events.country_list("VNM;EUU;AGO") == "Angola and Vietnam" and events.country_list("") == ""


def test_when_says_a_span_in_words():
    assert events.when("2021-07-06") == "6 July 2021" == events.when("2021-07-06", "2021-07-06")
    assert events.when("2018-05-26", "2018-05-28") == "26–28 May 2018"
    assert events.when("2017-11-30", "2017-12-03") == "30 November–3 December 2017"
    assert events.when("2017-12-30", "2018-01-02") == "30 December 2017–2 January 2018"


# ---------------------------------------------------------------- the institutionalization timeline


def _review(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["exchange_id", "subject", "decision", "series", "name", "reason"])


@pytest.fixture
def timeline_data():
    ex = synthetic_exchanges([
        {"event_type": "multilateral", "countries": "VNM;LAO;KHM", "n_sources": 3},            # X0: 3 countries
        {"event_type": "multilateral", "countries": "VNM", "place_country": "VNM"},              # X1: abroad
        {"event_type": "multilateral", "countries": "", "mentions": "high_level_meeting"},       # X2: flagship
        {"event_type": "multilateral", "countries": "VNM"},                                      # X3: figures
        {"event_type": "meeting", "countries": "VNM;LAO;KHM"},                                   # X4: not multilateral
        {"event_type": "multilateral", "countries": "VNM;LAO;KHM", "event_date": "2016-05-01"},  # X5: before 2017
        {"event_type": "video_call", "countries": "", "n_sources": 2},                           # X6: same event as X0
    ])
    ex["event_end_date"] = ""
    figs = synthetic_figures([{"exchange_id": "X3", "subject": "forum-2018", "subject_date": "2018-01"}])
    return ex, figs


def test_the_rule_selects_multi_party_multilateral_exchanges_at_home_from_2017(timeline_data):
    ex, figs = timeline_data
    assert list(events.rule_candidates(ex, figs)["exchange_id"]) == ["X0", "X2", "X3"]


def test_reviewed_events_add_drop_merge_and_share_an_exchange(timeline_data):
    ex, figs = timeline_data
    review = _review([
        ("X0", "", "keep", "Asia", "Dialogue A", "read"),
        ("X0", "forum-2018", "keep", "Forums", "Forum B", "read"),
        ("X2", "", "drop", "", "", "a briefing for diplomats"),
        ("X3", "forum-2018", "keep", "Forums", "Forum C", "read"),
        ("X1", "", "add", "Asia", "Dialogue abroad", "co-hosted abroad"),
        ("X6", "", "merge:X0", "", "", "the same dialogue"),
    ])
    table = events.multi_party_events(ex, figs, review)
    assert list(table["name"]) == ["Dialogue A", "Dialogue abroad", "Forum B", "Forum C"]
    first = table.set_index("name").loc["Dialogue A"]
    assert first["pages"] == 5 and first["exchanges"] == "X0;X6" and first["held_with"] == "Forum B"
    assert events.series_order(table) == ["Asia", "Forums"]
    timeline = events.timeline(table, figs, ex)
    assert list(timeline["attendance"]) == [events.NO_FIGURE, events.NO_FIGURE, "over 100 parties", "over 100 parties"]
    together = events.held_together(timeline, pd.Series(["X0"]))
    assert list(together["Meeting"]) == ["Dialogue A", "Forum B"]
    assert list(together.columns) == ["Meeting", "Series", "Attendance as the pages report it"]


def test_the_review_must_cover_the_rule_and_name_real_exchanges(timeline_data):
    ex, figs = timeline_data
    complete = [("X0", "", "keep", "Asia", "A", "r"), ("X2", "", "drop", "", "", "r"), ("X3", "", "drop", "", "", "r")]
    with pytest.raises(ValueError, match="without a decision"):
        events.multi_party_events(ex, figs, _review(complete[:2]))
    with pytest.raises(ValueError, match="not in the data"):
        events.multi_party_events(ex, figs, _review([*complete, ("X99", "", "add", "Asia", "B", "r")]))
    with pytest.raises(ValueError, match="use 'add'"):
        events.multi_party_events(ex, figs, _review([*complete, ("X1", "", "keep", "Asia", "B", "r")]))


def test_review_rows_are_validated(tmp_path):
    path = tmp_path / "review.csv"
    for row, message in ((("X0", "", "maybe", "", "", "r"), "not keep, add"), (("X0", "", "keep", "", "A", "r"), "series"),
                         (("X0", "", "drop", "", "", ""), "no reason")):
        _review([row]).to_csv(path, index=False)
        with pytest.raises(ValueError, match=message):
            events.load_review(path)


def test_the_real_timeline(exchanges):
    figs = events.load_figures()
    table = events.timeline(events.multi_party_events(exchanges, figs), figs, exchanges)
    assert table["name"].is_unique and (table["event_date"] >= events.TIMELINE_START).all()
    world = table[table["series"] == events.WORLD]
    assert {"2017", "2021", "2023"} <= set(world["event_date"].str[:4])  # the HLM, the summit, the 2023 meeting
    # institutionalizing: "followed by ... more events, among them an online summit of world parties and another
    # High-Level Meeting"
    later = world.loc[world["event_date"] > events.HLM_DATES[1], "name"]
    assert later.str.contains("Summit").any() and later.str.contains("High-Level Meeting").any()
    hlm = table[table["subject"] == events.HLM_SUBJECT].iloc[0]
    assert hlm["exchange_id"] == events.high_level_meeting(exchanges)["exchange_id"]
    assert hlm["attendance"] != events.NO_FIGURE
    # institutionalizing: "the regional dialogues with African, Arab, Latin American and Caribbean, Central Asian and
    # South and Southeast Asian parties each met more than once"
    sizes = table["series"].value_counts()
    for series in ("Africa", "Arab states", "Latin America", "Central Asia", "South/Southeast Asia"):
        assert sizes[series] >= 2, series
    # institutionalizing: the Shenzhen gathering "is one exchange", holding the "Story of the CPC" meeting
    shenzhen = events.shenzhen_event(exchanges)
    assert len(shenzhen) == 1
    assert events.SHENZHEN_SUBJECT in set(table.loc[table["exchange_id"].isin(shenzhen["exchange_id"]), "subject"])


def test_the_real_hlm_figures_the_prose_names(exchanges):
    """institutionalizing: the figures the most pages repeat, and the registrations spoken of before the meeting."""
    rows = events.attendance(events.load_figures(), exchanges, events.HLM_SUBJECT)
    for quantity in ("parties_and_organizations", "representatives", "countries"):
        assert events.most_given(rows, quantity)
    assert events.most_given(rows, "parties", before=True)
    assert events.page_figures(rows, events.INITIATIVE_PAGE)


def test_timeline_chart_links_each_event_and_legends_only_what_is_present(timeline_data):
    from liaison.book import event_charts

    ex, figs = timeline_data
    review = _review([("X0", "", "keep", "Asia", "A", "r"), ("X2", "", "drop", "", "", "r"),
                      ("X3", "forum-2018", "keep", "Forums", "C", "r")])
    table = events.timeline(events.multi_party_events(ex, figs, review), figs, ex)
    spec = event_charts.multi_party_timeline(table, events.series_order(table), ("2017-01-01", "2018-12-31"),
                                             window=counting.ARTICLE_WINDOW).to_dict()
    points = spec["layer"][-1]
    assert points["encoding"]["href"]["field"] == "url"
    titles = {t["title"] for t in points["encoding"]["tooltip"]}
    assert {"Event", "First day", "Last day", "Attendance as the pages report it", "Source pages"} <= titles
    assert points["encoding"]["x"]["type"] == "temporal" and spec["width"] == "container"
    assert points["encoding"]["color"]["scale"]["domain"] == [event_charts.WITH_FIGURE, event_charts.WITHOUT_FIGURE]
    only = event_charts.multi_party_timeline(table[table["attendance"] != events.NO_FIGURE], ["Forums"],
                                             ("2017-01-01", "2018-12-31")).to_dict()
    assert only["layer"][-1]["encoding"]["color"]["scale"]["domain"] == [event_charts.WITH_FIGURE]


# ---------------------------------------------------------------- echo and endorsements not credited to a country


def test_counterpart_of_credits_only_single_country_exchanges():
    assert consensus.counterpart_of("VNM") == "Vietnam"
    assert consensus.counterpart_of("VNM;LAO") == consensus.SEVERAL_COUNTRIES
    assert consensus.counterpart_of("") == "No country named"


def test_endorsements_not_credited_are_those_of_several_countries_or_none():
    ex = synthetic_exchanges([
        {"countries": "JPN", "foreign_side_endorses": "belt_and_road"},
        {"countries": "JPN;VNM", "foreign_side_endorses": "belt_and_road;one_china", "title": ""},
        {"countries": "", "foreign_side_endorses": "shared_future"},
        {"countries": "JPN;VNM"},
    ])
    table = consensus.not_credited_endorsements(ex)
    assert list(table["Countries named"]) == [2, 0]
    assert table.iloc[0]["Reported endorsing"] == "Belt and Road Initiative; One China"
    assert table.iloc[0]["Headline"] == "(no headline on the archived page)"


def test_echo_readable_labels_formulations_and_does_not_credit_events():
    ex = synthetic_exchanges([{"countries": "JPN;VNM;LAO"}])
    ex["exchange_id"] = ["E1"]
    recs = pd.DataFrame([
        {"doc_id": "a", "fate": "kept", "exchange_id": "E1", "source_kind": "idcpc", "foreign_side_endorses": "belt_and_road"},
        {"doc_id": "b", "fate": "duplicate", "exchange_id": "E1", "source_kind": "counterpart", "foreign_side_endorses": ""},
    ])
    echo = consensus.echo_table(ex, recs)
    row = consensus.echo_readable(echo).iloc[0]
    assert row["Counterpart"] == consensus.SEVERAL_COUNTRIES
    assert row["Endorsed, per the Chinese pages"] == "Belt and Road Initiative" and row["In both"] == "none"
    silent = echo.assign(chinese="")
    assert consensus.echo_readable(silent).empty and len(consensus.echo_readable(silent, endorsing_only=False)) == 1


def test_endorsements_by_kind_counts_pages_kept_or_merged():
    recs = pd.DataFrame([
        {"fate": "kept", "source_kind": "idcpc", "foreign_side_endorses": "one_china"},
        {"fate": "duplicate", "source_kind": "idcpc", "foreign_side_endorses": ""},
        {"fate": "excluded", "source_kind": "idcpc", "foreign_side_endorses": "one_china"},
    ])
    table = consensus.endorsements_by_kind(recs).set_index("Source")
    own = table.loc[codebook.SOURCE_KIND_LABELS["idcpc"]]
    assert (own["Pages"], own["Reporting an endorsement"], own["Share"]) == (2, 1, "50%")
    assert table.loc[codebook.SOURCE_KIND_LABELS["counterpart"], "Share"] == ""


def test_side_meetings_show_every_exchange_the_text_counts(exchanges):
    """The side-meetings chart and table hold each counted exchange, one naming no country included."""
    sides = events.side_meetings(exchanges, *events.HLM_DATES)
    rows = events.side_rows(sides)
    assert set(rows["exchange_id"]) == set(sides["exchange_id"])
    unplaced = set(sides.loc[sides["countries"] == "", "exchange_id"])
    assert set(rows.loc[rows["country"] == codebook.NO_COUNTRY, "exchange_id"]) == unplaced
