"""Chart specs and figure HTML: tooltips, links, palette, deterministic ids, caption and text alternative."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from liaison import codebook, paths
from liaison.book import charts, figures, maps
from liaison.tables import counting, countries, events, formulations, frames


def _rows() -> pd.DataFrame:
    return countries.country_rows(counting.MAIN_RULE.apply(counting.in_window(frames.load_exchanges())))


def test_figure1_bars_link_each_exchange_to_its_source():
    spec = charts.exchanges_by_country(_rows()).to_dict()
    enc = spec["encoding"]
    assert enc["href"]["field"] == "primary_url"
    fields = {t["field"] for t in enc["tooltip"]}
    assert {"event_date", "counterpart_orgs", "title", "primary_url", "country"} <= fields
    assert enc["color"]["scale"]["range"] == charts.OKABE_ITO[: len(codebook.EVENT_TYPE_LABELS)]
    order = enc["y"]["sort"]
    counts = _rows().groupby("country")["exchange_id"].nunique()
    assert [counts[c] for c in order] == sorted(counts, reverse=True)


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


def test_timeline_and_month_charts_build():
    ex = frames.load_exchanges()
    marks = pd.DataFrame([{"label": "Beijing", "start": "2017-11-30", "end": "2017-12-03"}])
    assert charts.timeline(events.weekly(ex), marks).to_dict()["layer"]
    months = formulations.key_by_month(counting.in_window(ex), "belt_and_road")
    spec = charts.key_by_month_chart(months, "Belt and Road").to_dict()
    assert spec["encoding"]["x"]["field"] == "month"


def test_table_hides_the_index_and_spaces_lists():
    table = figures.Table(pd.DataFrame({"countries": ["JPN;VNM"], "rank": [3], "mixed": ["-"]}), {"countries": "Countries"})
    html = table._repr_html_()
    assert "<th>Countries</th>" in html and "JPN; VNM" in html
    assert "<th></th>" not in html  # no index column
    assert repr(table).splitlines()[1].split() == ["JPN;", "VNM", "3", "-"]


def test_figure2_segments_are_exchanges_with_links():
    window = counting.MAIN_RULE.apply(counting.in_window(frames.load_exchanges()))
    rows = formulations.key_rows(window, "belt_and_road")
    assert rows["exchange_id"].nunique() == int(frames.flag(window, "belt_and_road").sum())
    spec = charts.key_exchanges_by_country(rows, "Belt and Road").to_dict()
    assert spec["encoding"]["href"]["field"] == "primary_url"
    assert {"event_date", "title", "counterpart_orgs"} <= {t["field"] for t in spec["encoding"]["tooltip"]}
    endorsed = rows.groupby("exchange_id")["endorsed"].first().sum()
    assert endorsed == int(frames.flag(window, "belt_and_road", "foreign_side_endorses").sum())
