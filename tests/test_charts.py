"""Chart specs and figure HTML: tooltips, links, palette, deterministic ids, caption and text alternative;
the chart rules (dates as dates, proper names, legends of what is shown, year gaps, axis units) and tables
for reading (headers, numbers right aligned, prose tables, lists)."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from browser.builtsite import chart_rule_problems

from liaison import codebook, paths
from liaison.book import charts, figure_charts, figures, maps, trend_charts
from liaison.tables import counting, countries, events, formulations, frames, trends

CODE_KEYS = set(codebook.EVENT_TYPES) | set(codebook.SOURCE_KINDS) | set(codebook.MENTION_KEYS)


def _rows() -> pd.DataFrame:
    return countries.country_rows(counting.MAIN_RULE.apply(counting.in_window(frames.load_exchanges())))


def _data(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


@pytest.mark.refresh
def test_shapes_file_is_what_geopandas_ships():
    """data/reference/world_countries.json is derived, not edited: python tools/world_shapes.py rewrites it.

    Needs the 'refresh' extra (geopandas): `make test-refresh` installs it and runs this test (CI does).
    """
    pytest.importorskip("geopandas", reason="the 'refresh' extra (geopandas) is not installed: make test-refresh")
    fresh = maps.shapes_from_natural_earth()
    assert paths.SHAPES_FILE.read_text(encoding="utf-8") == maps.shapes_text(fresh)
    assert list(maps.world_features()) == fresh


def test_world_map_uses_shipped_shapes():
    features = maps.world_features()
    assert len(features) > 150
    isos = {f["properties"]["iso3"] for f in features}
    assert {"VNM", "JPN", "USA", "RUS", "IND", "FRA", "NOR"} <= isos
    counts = countries.country_counts(frames.load_exchanges())
    spec = charts.world_map(counts, features).to_dict()
    assert "equalEarth" in str(spec["projection"])
    # the shapes reach the spec whole, by name, as Vega-Lite's top-level datasets
    assert spec["data"]["name"] == charts.WORLD_DATASET
    assert spec["datasets"][charts.WORLD_DATASET] == list(features)


def test_figure_html_has_caption_basis_table_and_download():
    table = pd.DataFrame({"a": [1, 2]})
    chart = charts.records_by_year(pd.DataFrame({"year": ["2018"], "source": ["Foreign media"]}))
    fig = figures.Figure(chart, table, caption="Cap.", basis=figures.basis_line(3, 7), filename="x_y.csv", anchor="figure-9")
    html = fig.to_html()
    assert '<figure class="liaison-figure" id="figure-9">' in html
    assert "<figcaption>Cap. <em>Based on 3 exchanges from 7 source pages.</em>" in html
    assert "<details><summary>Data table</summary>" in html and "data:text/csv;base64," in html
    assert re.search(r'id="liaison-chart-[0-9a-f]{10}"', html)
    assert fig.to_html() == figures.Figure(chart, table, caption="Cap.", basis="", filename="x_y.csv").to_html().replace(
        'id="x-y"', 'id="figure-9"').replace("<em></em>", "<em>Based on 3 exchanges from 7 source pages.</em>")
    assert "cdn" not in html.lower()


def test_timeline_chart_builds():
    ex = frames.load_exchanges()
    marks = pd.DataFrame([{"label": "Beijing", "start": "2017-11-30", "end": "2017-12-03"}])
    assert charts.timeline(events.weekly(ex), marks).to_dict()["layer"]


# ---------------------------------------------------------------- the chart rules


def _every_chart() -> dict[str, object]:
    """Every chart function of charts and trend_charts, drawn from the processed data as the chapters draw them."""
    ex = frames.load_exchanges()
    main = counting.MAIN_RULE.apply(ex)
    window = counting.MAIN_RULE.apply(counting.in_window(ex))
    sides = events.side_meetings(ex, *events.HLM_DATES)
    marks = pd.DataFrame([{"label": "Beijing High-Level Meeting", "start": "2017-11-30", "end": "2017-12-03"}])
    totals = formulations.formulation_totals(ex)
    shares = trends.formulation_shares(main)
    regions = trends.by_year_region(main)
    lead_order = (codebook.THE_MINISTER, *(g for g in codebook.RANK_GROUPS if g != "Minister"))
    return {
        "records_by_year": charts.records_by_year(frames.records_long(frames.load_records())),
        "world_map": charts.world_map(countries.country_counts(window), maps.world_features()),
        "timeline": charts.timeline(events.weekly(main), marks),
        "exchange_dots": charts.exchange_dots(events.side_rows(sides), "country", "Country"),
        "mention_endorse_bars": charts.mention_endorse_bars(formulations.formulation_totals(ex, codebook.POLICY_KEYS)),
        "share_heatmap": trend_charts.share_heatmap(
            shares, column="period", row="formulation", count="exchanges", n="n_exchanges", pages="n_pages",
            column_title="Year", row_title="Formulation", count_title="Exchanges mentioning it", n_title="N",
            row_order=list(totals["formulation"]), description="test", min_n=trends.MIN_PERIOD_N),
        "endorsement_timeline": trend_charts.endorsement_timeline(trends.endorsement_points(ex), list(totals["formulation"])),
        "stacked_year_bars": trend_charts.stacked_year_bars(
            regions, category="region", order=trends.category_order(regions, "region", last=codebook.NO_COUNTRY),
            legend_title="Region", description="test", min_n=trends.MIN_PERIOD_N),
        "coverage_bars": trend_charts.coverage_bars(trends.coverage_by_year(main)),
        "term_bars": trend_charts.term_bars(trends.lead_by_term(main, trends.minister_terms()), lead_order),
        "share_lines": trend_charts.share_lines(shares, ("belt_and_road", "shared_future", "covid"), min_n=trends.MIN_PERIOD_N),
    }


def test_every_chart_follows_the_rules_and_says_which_it_is():
    drawn = _every_chart()
    problems = {name: found for name, chart in drawn.items() if (found := chart_rule_problems(chart.to_dict(), CODE_KEYS))}
    assert problems == {}
    tags = {name: chart.to_dict()["usermeta"]["liaison"]["chart"] for name, chart in drawn.items()}
    assert tags == {name: name for name in drawn}


def test_the_article_figures_follow_the_rules():
    """Figures 1 and 2 (liaison.book.figure_charts), drawn as the expanding-contacts chapter draws them."""
    window = counting.MAIN_RULE.apply(counting.in_window(frames.load_exchanges()))
    drawn = {
        "figure1_bars": figure_charts.figure1_bars(countries.country_rows(window)),
        "key_by_country_bars": figure_charts.key_by_country_bars(formulations.key_rows(window, "belt_and_road"), "Belt and Road"),
        "key_by_month_lines": figure_charts.key_by_month_lines(formulations.key_by_month(window, "belt_and_road"),
                                                               "Belt and Road"),
    }
    assert {name: found for name, chart in drawn.items() if (found := chart_rule_problems(chart.to_dict(), CODE_KEYS))} == {}


def test_date_tooltips_are_typed_temporal_and_read_as_a_day_in_utc():
    tip = charts.date_tooltip("event_date").to_dict()
    assert tip == {"field": "event_date", "type": "temporal", "timeUnit": "utcyearmonthdate", "title": "Date",
                   "format": "%-d %B %Y"}
    assert charts.date_tooltip("event_date").to_dict() in [t.to_dict() for t in charts.exchange_tooltip()]
    assert charts.month_tooltip("month").to_dict()["format"] == "%B %Y"


def test_the_rule_checker_flags_each_fault():
    ok = {"data": {"values": [{"d": "2017-10-18", "n": 1, "k": "Meeting in China", "y": 2016}]}, "mark": "point",
          "encoding": {"x": {"field": "d", "type": "temporal", "title": "Date"},
                       "y": {"field": "n", "type": "quantitative", "title": "Exchanges"},
                       "tooltip": [{"field": "d", "type": "temporal", "timeUnit": "utcyearmonthdate", "format": "%-d %B %Y"}]}}
    assert chart_rule_problems(ok, CODE_KEYS) == []

    def broken(**encoding) -> list[str]:
        return chart_rule_problems({**ok, "encoding": {**ok["encoding"], **encoding}}, CODE_KEYS)

    assert broken(tooltip=[{"field": "d", "type": "nominal"}]) == [
        "spec.tooltip 'd': the chart reads 'd' as a date but the tooltip prints it as nominal (epoch milliseconds): "
        "type it temporal with a date format"]
    assert broken(tooltip=[{"field": "d", "type": "temporal", "timeUnit": "utcyearmonthdate"}]) == [
        "spec.tooltip 'd': a date with no format"]
    assert broken(tooltip=[{"field": "d", "type": "temporal", "format": "%d %b %Y"}]) == [
        "spec.tooltip 'd': a date formatted in the reader's time zone (use a utc time unit)"]
    assert broken(y={"field": "n", "type": "quantitative"}) == ["spec.y: an axis without a title (say what it counts)"]
    assert broken(color={"field": "k", "type": "nominal", "scale": {"domain": ["Meeting in China", "Video call"]}}) == [
        "spec.color: the legend lists ['Video call'], absent from the chart's data"]
    keys = {**ok, "data": {"values": [{"d": "2017-10-18", "n": 1, "k": "visit_abroad"}]}}
    assert chart_rule_problems({**keys, "encoding": {**ok["encoding"], "color": {"field": "k", "type": "nominal"}}}, CODE_KEYS) == [
        "spec: 'k' shows codebook keys ['visit_abroad'] (use liaison.codebook's labels)"]
    years = {"data": {"values": [{"y": 2015, "n": 1}, {"y": 2017, "n": 2}]}, "mark": "bar",
             "encoding": {"x": {"field": "y", "type": "ordinal", "title": "Year"}, "y": {"field": "n", "type": "quantitative",
                                                                                        "title": "Exchanges"}}}
    assert chart_rule_problems(years) == [
        "spec.x: a year axis that drops the years with no data [2016] (give the scale every year of the span)"]
    years["encoding"]["x"]["scale"] = {"domain": [2015, 2016, 2017]}
    assert chart_rule_problems(years) == []


def test_year_axes_show_every_year_of_the_span():
    long = pd.DataFrame({"year": ["2015", "2017", "2017", "undated"], "source": ["Foreign media"] * 4})
    spec = charts.records_by_year(long).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2015", "2016", "2017", "undated"]
    coverage = pd.DataFrame({"year": [2015, 2017], "exchanges": [3, 4], "pages": [5, 6]})
    assert trend_charts.coverage_bars(coverage).to_dict()["encoding"]["x"]["scale"]["domain"] == [2015, 2016, 2017]
    assert charts.year_span([2017, "2015", "undated"]) == [2015, 2016, 2017]
    assert trend_charts.period_gaps(["2001–2012", "2013", "2016"]) == [(2, "2014"), (2, "2015")]
    assert trend_charts.period_gaps(["Department's own site", "Foreign media"]) == []


def _years_table(years: dict[int, dict[str, int]], order: list[str]) -> pd.DataFrame:
    rows = []
    for year, counts in years.items():
        total = sum(counts.values())
        rows += [{"year": year, "region": c, "exchanges": counts.get(c, 0), "share": counts.get(c, 0) / total,
                  "year_exchanges": total, "year_pages": total + 1} for c in order]
    return pd.DataFrame(rows)


def test_stacked_bars_legend_lists_the_categories_present_in_their_fixed_colours():
    order = ["Asia", "Europe", "Africa", "Americas"]
    table = _years_table({2016: {"Asia": 3, "Africa": 1}, 2018: {"Asia": 12}}, order)
    spec = trend_charts.stacked_year_bars(table, category="region", order=order, legend_title="Region",
                                          description="t", min_n=10).to_dict()
    colour = spec["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Asia", "Africa"]
    assert colour["scale"]["range"] == [charts.OKABE_ITO[0], charts.OKABE_ITO[2]]  # Africa keeps its colour
    assert spec["encoding"]["x"]["scale"]["domain"] == [2016, 2017, 2018]
    thin = {r["year"]: r["thin"] for r in _data(spec)}
    assert thin[2016].startswith("yes: fewer than 10") and thin[2018] == "no"
    assert spec["encoding"]["opacity"]["condition"]["test"] == "datum.year_exchanges < 10"


def _shares(periods: dict[str, int]) -> pd.DataFrame:
    rows = []
    for period, n in periods.items():
        for key in ("belt_and_road", "covid"):
            rows.append({"period": period, "key": key, "formulation": codebook.formulation_label(key), "exchanges": n // 2,
                         "n_exchanges": n, "n_pages": n + 3, "share": (n // 2) / n})
    return pd.DataFrame(rows)


def test_share_lines_break_at_a_missing_year_and_hollow_thin_years():
    shares = _shares({"2001–2012": 20, "2013": 12, "2015": 6})
    spec = trend_charts.share_lines(shares, ("belt_and_road", "covid"), min_n=10).to_dict()
    lines, points = spec["layer"]
    assert lines["encoding"]["x"]["scale"]["domain"] == ["2001–2012 (n=20)", "2013 (n=12)", "2014 (n=0)", "2015 (n=6)"]
    assert lines["mark"]["invalid"] == "break-paths-show-domains"
    gap = [r for r in _data(spec) if r["period"] == "2014"]
    assert len(gap) == 2 and all(r["share"] is None for r in gap)
    assert points["encoding"]["fillOpacity"]["condition"]["test"] == "datum.n_exchanges < 10"
    assert chart_rule_problems(spec, CODE_KEYS) == []


def test_heatmap_shows_a_missing_year_as_an_empty_column_and_greys_thin_ones():
    shares = _shares({"2013": 12, "2015": 6})
    spec = trend_charts.share_heatmap(shares, column="period", row="formulation", count="exchanges", n="n_exchanges",
                                      column_title="Year", row_title="F", count_title="C", n_title="N",
                                      description="t", min_n=10).to_dict()
    cells = spec["layer"][0]["encoding"]
    assert cells["x"]["scale"]["domain"] == ["2013 (n=12)", "2014 (n=0)", "2015 (n=6)"]
    assert cells["color"]["condition"] == {"test": "datum.n < 10", "value": charts.MUTED}
    assert "Thinly covered" in {t["title"] for t in cells["tooltip"]}
    assert [trend_charts.share_label(x) for x in (0.0, 0.004, 0.005, 0.384, 1.0)] == ["0%", "<1%", "<1%", "38%", "100%"]
    by_kind = trend_charts.share_heatmap(shares.assign(period=shares["period"].map({"2013": "Foreign media", "2015": "Counterpart"})),
                                         column="period", row="formulation", count="exchanges", n="n_exchanges",
                                         column_title="Kind", row_title="F", count_title="C", n_title="N", description="t")
    assert by_kind.to_dict()["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["Foreign media (n=12)", "Counterpart (n=6)"]


def test_side_meeting_dots_show_every_exchange_the_text_counts():
    ex = frames.load_exchanges()
    sides = events.side_meetings(ex, *events.HLM_DATES)
    rows = countries.country_rows(sides)
    spec = charts.exchange_dots(events.side_rows(sides), "country", "Country").to_dict()
    dots = _data(spec)
    placed = set(rows["exchange_id"])
    unplaced = sides[~sides["exchange_id"].isin(placed)]
    assert len(dots) == len(rows) + len(unplaced)
    assert sum(d["country"] == codebook.NO_COUNTRY for d in dots) == len(unplaced)
    assert spec["description"].startswith(f"{len(dots)} dot")
    assert {d["event_type"] for d in dots} <= set(codebook.EVENT_TYPE_LABELS.values())
    assert spec["encoding"]["y"]["sort"][-1] == codebook.NO_COUNTRY  # not a country: last
    assert len(_data(charts.exchange_dots(rows, "country", "Country").to_dict())) == len(rows)  # one dot per row


def test_timeline_bars_span_their_week_and_events_their_last_day():
    weeks = pd.DataFrame({"week": ["2017-11-27", "2017-12-04"], "exchanges": [9, 4]})
    marks = pd.DataFrame([{"label": "Beijing", "start": "2017-11-30", "end": "2017-12-03"},
                          {"label": "Shenzhen", "start": "2018-05-26", "end": ""}])
    spec = charts.timeline(weeks, marks).to_dict()
    bars = spec["layer"][0]
    week_rows = next(rows for rows in spec["datasets"].values() if "next_week" in rows[0])
    assert week_rows[0] == {"week": "2017-11-27", "exchanges": 9, "next_week": "2017-12-04", "sunday": "2017-12-03"}
    span_rows = next(rows for rows in spec["datasets"].values() if "until" in rows[0])
    assert [r["until"] for r in span_rows] == ["2017-12-04", "2018-05-27"]
    assert bars["encoding"]["x"]["scale"]["type"] == "utc"


# ---------------------------------------------------------------- tables for reading


def test_table_hides_the_index_and_spaces_lists():
    table = figures.Table(pd.DataFrame({"countries": ["JPN;VNM"], "rank": [3], "mixed": ["-"]}), {"countries": "Countries"})
    html = table._repr_html_()
    assert '<th scope="col">Countries</th>' in html and "JPN; VNM" in html
    assert "<th></th>" not in html and "dataframe" not in html  # no index column, not pandas' HTML
    assert repr(table).splitlines()[1].split() == ["JPN;", "VNM", "3", "-"]


def test_table_headers_are_readable_and_a_named_index_is_a_column():
    frame = pd.DataFrame({"rank_in_data": [1], "event_type": ["visit_abroad"], "Lead official": ["Song Tao"]})
    html = figures.Table(frame).to_html()
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html) == ["Rank in data", "Type of exchange", "Lead official"]
    assert "Visit abroad" in html and "visit_abroad" not in html  # the codebook's label, not the key
    indexed = pd.DataFrame({"agreement": [0.9]}, index=pd.Index(["event_type"], name="field"))
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', figures.Table(indexed).to_html()) == ["Field", "Agreement"]
    filtered = pd.DataFrame({"country": ["Japan", "Spain", "Cuba"]}).iloc[[2, 0]]  # row numbers 2, 0 left by filtering
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', figures.Table(filtered).to_html()) == ["Country"]
    assert "<td>Cuba</td>" in figures.Table(filtered).to_html()


def test_numbers_are_right_aligned_by_dtype_or_by_content():
    frame = pd.DataFrame({"country": ["Japan", "India"], "exchanges": [12, 3], "share": ["38.5%", "4%"],
                          "rank": [1, "-"], "flag": [True, False], "ratio": [0.123456, float("nan")]})
    html = figures.Table(frame).to_html()
    assert '<th scope="col">Country</th>' in html
    for header in ("Exchanges", "Share", "Rank", "Ratio"):
        assert f'<th scope="col" class="liaison-num">{header}</th>' in html
    assert '<th scope="col">Flag</th>' in html and "<td>yes</td>" in html  # booleans are words, left aligned
    assert '<td class="liaison-num">0.123</td>' in html and '<td class="liaison-num"></td>' in html


def test_prose_tables_are_marked_wrap_and_can_be_restructured():
    card = pd.DataFrame({"claim_id": ["C01", "C02"], "claim": ["Parties the department says it has relations with"] * 2,
                         "verdict": ["corroborated", "differs"],
                         "reason": ["Neither report gives 600 parties; reposts of one story count once.", ""]})
    auto = figures.Table(card).to_html()
    assert 'class="liaison-table liaison-prose"' in auto and 'class="liaison-text"' in auto
    assert 'data-label="Claim"' in auto  # a phone shows each row as a card of "Header: value" lines
    assert "liaison-prose" not in figures.Table(card[["claim_id", "verdict"]]).to_html()
    assert "liaison-prose" in figures.Table(card[["claim_id", "verdict"]], prose=True).to_html()
    assert "liaison-prose" not in figures.Table(card, prose=False).to_html()
    below = figures.Table(card, {"reason": "Why"}, below=["reason"]).to_html()
    assert '<tr class="liaison-below"><td colspan="3"><span class="liaison-below-label">Why:</span> Neither report' in below
    assert below.count('class="liaison-below"') == 1  # an empty reason adds no line
    listed = figures.Table(card, {"claim_id": "Claim", "claim": "What the article says"}, layout="list",
                           term=["claim_id", "claim"]).to_html()
    assert listed.startswith('<dl class="liaison-deflist liaison-prose">')
    assert listed.count('<div class="liaison-entry">') == 2
    assert "<div><dt>Verdict</dt><dd>corroborated</dd></div>" in listed
    assert "<dt>Reason</dt>" in listed and listed.count("<dt>Reason</dt>") == 1
    with pytest.raises(KeyError):
        figures.Table(card, below=["why"]).to_html()


def test_dates_are_never_broken_at_their_hyphens():
    html = figures.Table(pd.DataFrame({"event_date": ["2017-10-18", ""], "years": ["2017–2019", "2018"],
                                       "place": ["Beijing", "Shenzhen"]})).to_html()
    assert '<th scope="col" class="liaison-date">Date</th>' in html and '<td class="liaison-date">2017-10-18</td>' in html
    assert '<td>Beijing</td>' in html and 'class="liaison-date">Years' not in html  # '2018' alone: a number


def test_every_table_scrolls_in_its_own_box_and_links_read_as_hosts():
    html = figures.Table(pd.DataFrame({"url": ["https://www.idcpc.org.cn/a/b.html"]})).to_html()
    assert html.startswith('<div class="liaison-table-wrap" role="region" tabindex="0">')
    assert '<a href="https://www.idcpc.org.cn/a/b.html">idcpc.org.cn</a>' in html
    assert figures.Table(pd.DataFrame({"a": [1]})).to_html() == figures.Table(pd.DataFrame({"a": [1]})).to_html()


def test_figure_data_table_and_csv_share_readable_headers():
    data = pd.DataFrame({"event_date": ["2017-10-18"], "event_type": ["visit_abroad"], "primary_url": ["https://x.org/1"]})
    chart = charts.records_by_year(pd.DataFrame({"year": ["2018"], "source": ["Foreign media"]}))
    html = figures.Figure(chart, data, caption="C.", basis="", filename="f.csv").to_html()
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)
    assert headers == ["Date", "Type of exchange", "Source page"]
    csv = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)).decode()
    assert csv.splitlines() == ["Date,Type of exchange,Source page", "2017-10-18,visit_abroad,https://x.org/1"]
    assert "Visit abroad" in html and "liaison-prose" not in html  # the page shows labels; the CSV keeps the data
