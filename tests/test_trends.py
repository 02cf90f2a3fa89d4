"""Tables and chart specs behind the chapters on formulations (party_diplomacy) and on every year (beyond).

Synthetic frames (named ``synthetic_*``) pin down the counting rules; the checks on the real processed
data guard invariants (shares in [0, 1], counts adding up) and the few qualitative statements the
chapters' prose makes in words (each test says which).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from liaison import codebook
from liaison.book import charts, figures, trend_charts
from liaison.tables import counting, formulations, frames, trends

COLUMNS = ["exchange_id", "event_date", "countries", "mentions", "foreign_side_endorses", "n_sources", "event_type",
           "lead_official", "lead_rank", "counterpart_orgs", "title", "primary_url"]


def synthetic_exchanges(rows: list[tuple]) -> pd.DataFrame:
    """An exchanges frame shaped like ``frames.load_exchanges`` from (id, date, countries, mentions, endorses, ...)."""
    full = []
    for row in rows:
        row = list(row) + [None] * (len(COLUMNS) - len(row))
        defaults = {"n_sources": 1, "event_type": "meeting", "lead_official": "", "lead_rank": "",
                    "counterpart_orgs": "", "title": "", "primary_url": "http://example.org/"}
        full.append({c: (defaults.get(c, "") if v is None else v) for c, v in zip(COLUMNS, row)})
    df = pd.DataFrame(full, columns=COLUMNS)
    df["n_sources"] = df["n_sources"].astype(int)
    df["date"] = pd.to_datetime(df["event_date"].replace("", None), format="%Y-%m-%d")
    df["year"] = df["date"].dt.year.astype("Int64")
    return df


def synthetic_records(rows: list[tuple]) -> pd.DataFrame:
    """A records frame from (doc_id, fate, exchange_id, source_kind, mentions, endorses, truncated)."""
    df = pd.DataFrame(rows, columns=["doc_id", "fate", "exchange_id", "source_kind", "mentions",
                                     "foreign_side_endorses", "truncated"])
    df["date"] = ""
    df["year"] = pd.array([pd.NA] * len(df), dtype="Int64")
    return df


# ---------------------------------------------------------------- periods


def test_every_codebook_key_has_a_label_in_codebook_order():
    from liaison.codebook import MENTION_KEYS

    assert tuple(codebook.FORMULATION_LABELS) == MENTION_KEYS


def test_sparse_leading_years_are_pooled_and_later_years_kept():
    years = pd.Series([2001] * 3 + [2005] * 2 + [2010] * 12 + [2011] * 4 + [None], dtype="Int64")
    labels = trends.period_labels(years, min_n=10)
    assert labels.tolist() == ["2001–2005"] * 5 + ["2010"] * 12 + ["2011"] * 4


def test_a_single_sparse_year_keeps_its_own_label():
    years = pd.Series([2009] * 2 + [2010] * 12)
    assert trends.period_labels(years, min_n=10).unique().tolist() == ["2009", "2010"]


# ---------------------------------------------------------------- formulations


@pytest.fixture
def synthetic_formulations() -> pd.DataFrame:
    return synthetic_exchanges([
        ("A", "2017-01-05", "VNM", "belt_and_road;shared_future", "belt_and_road", 3),
        ("B", "2017-06-01", "USA", "shared_future", "", 1),
        ("C", "2018-02-01", "ZAF", "", "", 2),
        ("D", "", "LAO", "belt_and_road", "belt_and_road", 1),  # undated: in totals, not in years
    ])


def test_formulation_shares_count_each_exchange_once_per_period(synthetic_formulations):
    shares = trends.formulation_shares(synthetic_formulations, keys=("belt_and_road", "shared_future"), min_n=1)
    got = shares.set_index(["period", "key"])
    assert got.loc[("2017", "shared_future"), "exchanges"] == 2
    assert got.loc[("2017", "belt_and_road"), "share"] == pytest.approx(0.5)
    assert got.loc[("2017", "belt_and_road"), "n_pages"] == 4
    assert got.loc[("2018", "belt_and_road"), "exchanges"] == 0
    assert got.loc[("2018", "belt_and_road"), "n_exchanges"] == 1
    assert shares["period"].tolist() == ["2017", "2017", "2018", "2018"]


def test_formulation_shares_of_endorsements(synthetic_formulations):
    shares = trends.formulation_shares(synthetic_formulations, column="foreign_side_endorses",
                                       keys=("belt_and_road", "shared_future"), min_n=1).set_index(["period", "key"])
    assert shares.loc[("2017", "belt_and_road"), "exchanges"] == 1
    assert shares.loc[("2017", "shared_future"), "exchanges"] == 0


def test_formulation_totals_include_undated_and_sort_by_mentions(synthetic_formulations):
    totals = formulations.formulation_totals(synthetic_formulations, keys=("shared_future", "belt_and_road", "covid"))
    assert totals["key"].tolist() == ["shared_future", "belt_and_road", "covid"]  # 2, 2 (codebook order), 0
    bri = totals.set_index("key").loc["belt_and_road"]
    assert (bri["mentioned"], bri["endorsed"], bri["n_exchanges"]) == (2, 2, 4)
    assert bri["endorsed_of_mentioned"] == pytest.approx(1.0)
    assert pd.isna(totals.set_index("key").loc["covid", "endorsed_of_mentioned"])


def test_peak_period_skips_thin_periods(synthetic_formulations):
    shares = trends.formulation_shares(synthetic_formulations, keys=("belt_and_road",), min_n=1)
    assert trends.peak_period(shares, "belt_and_road", min_n=1)["period"] == "2017"
    with pytest.raises(ValueError):
        trends.peak_period(shares, "belt_and_road", min_n=3)


def test_share_in_window_and_first_year(synthetic_formulations):
    assert trends.share_in(synthetic_formulations, "shared_future", ("2017-01-01", "2017-12-31")) == (2, 2)
    assert trends.first_year_with(synthetic_formulations, "belt_and_road") == 2017
    assert trends.first_year_with(synthetic_formulations, "covid") is None


def test_endorsement_points_one_row_per_dated_exchange_and_key():
    frame = synthetic_exchanges([
        ("A", "2017-01-05", "VNM", "belt_and_road;one_china", "belt_and_road;one_china", 1, "meeting", "", "",
         "Communist Party of Vietnam (CPV)", "Talks", "http://a/"),
        ("B", "2018-01-05", "USA", "one_china", "", 1),
        ("C", "", "LAO", "one_china", "one_china", 1),
    ])
    points = trends.endorsement_points(frame)
    assert len(points) == 2
    assert set(points["formulation"]) == {codebook.formulation_label("belt_and_road"), codebook.formulation_label("one_china")}
    assert points["counterpart"].unique().tolist() == ["Communist Party of Vietnam (CPV)"]
    assert points["url"].unique().tolist() == ["http://a/"]
    assert points["headline"].unique().tolist() == ["Talks"]


def test_counterpart_label_falls_back_to_countries():
    row = pd.Series({"counterpart_orgs": "", "countries": "VNM;LAO"})
    assert trends.counterpart_label(row) == "Vietnam; Laos"
    row = pd.Series({"counterpart_orgs": "P1;P2;P3", "countries": ""})
    assert trends.counterpart_label(row) == "P1; P2 (+1 more)"


def _totals(rows: list[tuple[str, int, int]], n: int = 10) -> pd.DataFrame:
    """A formulation_totals-shaped table from (label, mentioned, endorsed), in the given (sorted) order."""
    return pd.DataFrame([{"formulation": f, "mentioned": m, "endorsed": e, "share_mentioned": m / n} for f, m, e in rows])


def test_ranked_formulations_and_their_labels_with_ties_and_too_few():
    table = _totals([("A", 9, 1), ("B", 8, 4), ("C", 7, 4), ("D", 0, 0)])
    assert list(trends.ranked(table)["formulation"]) == ["A", "B", "C"]  # D, never mentioned, is left out
    assert list(trends.ranked(table, "endorsed")["formulation"]) == ["B", "C", "A"]  # ties keep the table's order
    assert trends.ranked_label(table, 1) == "A" and trends.ranked_label(table, 2, "endorsed") == "C"
    assert trends.ranked_label(table, 4) == ""


def test_how_many_says_small_counts_in_words():
    assert [trends.how_many(n) for n in (0, 1, 9, 10, 1200)] == ["none", "one", "nine", "10", "1,200"]


# ---------------------------------------------------------------- pages by kind, truncation


@pytest.fixture
def synthetic_pages():
    exchanges = synthetic_exchanges([("A", "2017-01-05", "VNM", "", "", 2), ("B", "2017-02-05", "USA", "", "", 1)])
    records = synthetic_records([
        ("p1", "kept", "A", "idcpc", "shared_future", "shared_future", "yes"),
        ("p2", "duplicate", "A", "counterpart", "", "", "yes"),
        ("p3", "kept", "B", "idcpc", "", "", "no"),
        ("p4", "excluded", "", "idcpc", "shared_future", "", "no"),
        ("p5", "kept", "Z", "foreign_media", "shared_future", "", "no"),  # exchange not in the set
    ])
    return records, exchanges


def test_page_rates_by_kind_count_pages_of_the_given_exchanges(synthetic_pages):
    records, exchanges = synthetic_pages
    rates = trends.page_rates_by_kind(records, exchanges, keys=("shared_future",)).set_index("source")
    own = rates.loc[codebook.SOURCE_KIND_LABELS["idcpc"]]
    assert (own["pages"], own["n_pages"], own["share"]) == (1, 2, 0.5)
    assert rates.loc[codebook.SOURCE_KIND_LABELS["foreign_media"], "n_pages"] == 0
    assert pd.isna(rates.loc[codebook.SOURCE_KIND_LABELS["foreign_media"], "share"])
    any_kind = trends.any_key_by_kind(records, exchanges).set_index("source")
    assert any_kind.loc[codebook.SOURCE_KIND_LABELS["idcpc"], "with_endorsement"] == 1


def test_truncation_by_kind_and_exchanges_only_cut(synthetic_pages):
    records, exchanges = synthetic_pages
    table = trends.truncation_by_kind(records, exchanges).set_index("Source")
    assert table.loc["All pages", "Pages"] == 3
    assert table.loc["All pages", "Cut short"] == 2
    assert table.loc[codebook.SOURCE_KIND_LABELS["counterpart"], "Share cut short"] == 1.0
    assert table.loc["All pages", "Cut pages with a mention"] == pytest.approx(0.5)
    assert trends.exchanges_only_cut(records, exchanges) == 1  # A: both pages cut; B: complete
    shown = trends.truncation_readable(trends.truncation_by_kind(records, exchanges)).set_index("Source")
    assert shown.loc["All pages", "Share cut short"] == "66.7%"
    assert shown.loc[codebook.SOURCE_KIND_LABELS["foreign_media"], "Share cut short"] == ""  # no pages of that kind


# ---------------------------------------------------------------- by year: region, type, size, rank, term


@pytest.fixture
def synthetic_years() -> pd.DataFrame:
    return synthetic_exchanges([
        ("A", "2017-01-05", "VNM;LAO", "", "", 2, "meeting", "Song Tao", "Minister"),       # one region
        ("B", "2017-03-01", "VNM;ZAF;USA", "", "", 1, "multilateral", "Li Jun", "Vice-minister"),  # three regions
        ("C", "2017-04-01", "", "", "", 1, "multilateral", "", ""),                         # no country
        ("D", "2018-05-01", "ZAF;ZWE", "", "", 3, "visit_abroad", "Wang Heming", "Director-general"),
        ("E", "", "ZAF", "", "", 1, "meeting", "", ""),                                      # undated
    ])


def test_by_year_region_counts_an_exchange_once_per_region(synthetic_years):
    table = trends.by_year_region(synthetic_years).set_index(["year", "region"])
    assert table.loc[(2017, "Asia"), "exchanges"] == 2          # A (two Asian countries) once, B once
    assert table.loc[(2017, "Africa"), "exchanges"] == 1
    assert table.loc[(2017, "Americas"), "exchanges"] == 1
    assert table.loc[(2017, codebook.NO_COUNTRY), "exchanges"] == 1
    assert table.loc[(2017, "Asia"), "year_exchanges"] == 3
    assert table.loc[(2017, "Asia"), "year_pages"] == 4
    assert table.loc[(2018, "Asia"), "exchanges"] == 0          # every year x region row is present
    assert list(dict.fromkeys(table.index.get_level_values("region")))[-1] == codebook.NO_COUNTRY


def test_by_year_event_type_and_country_count(synthetic_years):
    types = trends.by_year_event_type(synthetic_years).set_index(["year", "code"])
    assert types.loc[(2017, "multilateral"), "exchanges"] == 2
    assert types.loc[(2017, "multilateral"), "share"] == pytest.approx(2 / 3)
    assert types.loc[(2017, "multilateral"), "event_type"] == codebook.EVENT_TYPE_LABELS["multilateral"]
    sizes = trends.by_year_country_count(synthetic_years).set_index(["year", "countries"])
    assert sizes.loc[(2017, "2 countries"), "exchanges"] == 1
    assert sizes.loc[(2017, "3 or more countries"), "exchanges"] == 1
    assert sizes.loc[(2017, codebook.NO_COUNTRY), "exchanges"] == 1
    assert sizes.loc[(2018, "2 countries"), "exchanges"] == 1


def test_rank_groups(synthetic_years):
    ranks = trends.by_year_lead_rank(synthetic_years).set_index(["year", "lead_rank"])
    assert ranks.loc[(2017, "Minister"), "exchanges"] == 1
    assert ranks.loc[(2017, codebook.NO_OFFICIAL), "exchanges"] == 1
    assert ranks.loc[(2018, "Other official"), "exchanges"] == 1
    assert trends.rank_group("Deputy director-general") == "Other official"
    assert trends.rank_group("") == codebook.NO_OFFICIAL


def test_lead_by_term_splits_each_term(synthetic_years):
    terms = pd.DataFrame({"minister": ["Song Tao", "Someone Else"], "start": ["2017-02-01", "2018-01-01"],
                          "end": ["2017-12-31", ""]})
    terms["term"] = ["T1", "T2"]
    table = trends.lead_by_term(synthetic_years, terms).set_index(["term", "lead"])
    # A (2017-01-05) is before the first term and left out
    assert table.loc[("T1", "Vice-minister"), "exchanges"] == 1
    assert table.loc[("T1", codebook.THE_MINISTER), "exchanges"] == 0
    assert table.loc[("T1", "Vice-minister"), "term_exchanges"] == 2
    assert table.loc[("T2", "Other official"), "share"] == 1.0
    assert trends.term_of("2017-01-05", terms) == ""


def test_minister_terms_from_the_roster_do_not_overlap():
    terms = trends.minister_terms()
    assert {"Wang Jiarui", "Song Tao", "Liu Jianchao", "Liu Haixing"} <= set(terms["minister"])
    ends = terms["end"].tolist()
    for end, next_start in zip(ends[:-1], terms["start"].tolist()[1:]):
        assert end and end < next_start
    assert ends[-1] == ""  # the current minister's term is open


def test_category_order_and_display_table(synthetic_years):
    table = trends.by_year_region(synthetic_years)
    order = trends.category_order(table, "region", last=codebook.NO_COUNTRY)
    assert order[0] == "Africa" and order[-1] == codebook.NO_COUNTRY  # Africa: 2 exchanges, Asia 2 -> by name
    shown = trends.display_table(table, {"year": "Year", "share": "Share"}, digits=2)
    assert list(shown.columns) == ["Year", "Share"]
    assert 0.67 in set(shown["Share"])  # 2017 Asia: 2 of 3, rounded to two digits


def test_top_leads_leave_unnamed_out():
    frame = synthetic_exchanges([
        ("A", "2017-01-05", "VNM", "", "", 1, "meeting", "Song Tao", "Minister"),
        ("B", "2019-01-05", "VNM", "", "", 1, "meeting", "Song Tao", "Minister"),
        ("C", "", "VNM", "", "", 1, "meeting", "Li Jun", "Vice-minister"),
        ("D", "2019-01-05", "VNM", "", "", 1, "meeting", "(unnamed)", "Minister"),
    ])
    top = trends.top_leads(frame)
    assert top["Lead official"].tolist() == ["Song Tao", "Li Jun"]
    assert top["Dated between"].tolist() == ["2017–2019", "undated only"]


# ---------------------------------------------------------------- chart specs


def _colours(spec: dict) -> set[str]:
    text = json.dumps(spec)
    return {c for c in charts.OKABE_ITO + trend_charts.SHARE_RANGE if c in text}


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def test_per_exchange_chart_links_each_dot_and_inlines_only_what_it_shows(synthetic_formulations):
    points = trends.endorsement_points(synthetic_formulations)
    spec = trend_charts.endorsement_timeline(points, ["Belt and Road Initiative"]).to_dict()
    assert spec["encoding"]["href"]["field"] == "url"
    titles = {t["title"] for t in spec["encoding"]["tooltip"]}
    assert {"Date", "Counterpart", "Headline"} <= titles
    rows = _datasets(spec)[0]
    assert set(rows[0]) == {"date", "formulation", "counterpart", "headline", "url", "jitter"}
    assert spec["width"] == "container"


def test_aggregate_charts_give_counts_and_n_in_the_tooltip(synthetic_years):
    table = trends.by_year_region(synthetic_years)
    order = trends.category_order(table, "region", last=codebook.NO_COUNTRY)
    spec = trend_charts.stacked_year_bars(table, category="region", order=order, legend_title="Region",
                                          description="test").to_dict()
    fields = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"exchanges", "year_exchanges", "year_pages"} <= fields
    assert spec["encoding"]["color"]["scale"]["range"] == charts.OKABE_ITO[: len(order)]
    assert all(r["exchanges"] > 0 for r in _datasets(spec)[0])


def test_heatmap_labels_columns_with_their_n(synthetic_formulations):
    shares = trends.formulation_shares(synthetic_formulations, min_n=1)
    spec = trend_charts.share_heatmap(shares, column="period", row="formulation", count="exchanges",
                                      n="n_exchanges", pages="n_pages", column_title="Year", row_title="F",
                                      count_title="C", n_title="N", description="test").to_dict()
    labels = {r["col_label"] for r in _datasets(spec)[0]}
    assert labels == {"2017 (n=2)", "2018 (n=1)"}
    assert _colours(spec) <= set(charts.OKABE_ITO + trend_charts.SHARE_RANGE)


def test_palette_refuses_more_categories_than_colours():
    with pytest.raises(ValueError):
        trend_charts._palette(len(charts.OKABE_ITO) + 1)


# ---------------------------------------------------------------- the real processed data


@pytest.fixture(scope="module")
def real():
    exchanges = counting.MAIN_RULE.apply(frames.load_exchanges())
    return exchanges, frames.load_records(), trends.dated(exchanges)


def test_real_shares_are_proportions_and_periods_cover_every_dated_exchange(real):
    exchanges, _, dated = real
    for column in ("mentions", "foreign_side_endorses"):
        shares = trends.formulation_shares(exchanges, column=column)
        assert shares["share"].between(0, 1).all()
        per_period = shares.drop_duplicates("period")
        assert per_period["n_exchanges"].sum() == len(dated)
        assert per_period["n_pages"].sum() == frames.n_pages(dated)
        assert (per_period["n_exchanges"].iloc[1:] >= 1).all()
    pooled = shares["period"].iloc[0]
    if "–" in pooled:  # the pool holds only years below the threshold
        assert shares.drop_duplicates("period")["n_exchanges"].iloc[1] >= trends.MIN_PERIOD_N


def test_real_endorsements_never_exceed_mentions(real):
    exchanges, _, _ = real
    totals = formulations.formulation_totals(exchanges)
    assert (totals["endorsed"] <= totals["mentioned"]).all()
    assert totals["share_mentioned"].between(0, 1).all()
    assert len(trends.endorsement_points(exchanges)) == trends.dated(exchanges)["foreign_side_endorses"].map(
        lambda s: len(frames.split_cell(s))).sum()


def test_real_by_year_counts_add_up_to_the_dated_exchanges(real):
    exchanges, _, dated = real
    coverage = trends.coverage_by_year(exchanges)
    assert coverage["exchanges"].sum() == len(dated)
    assert coverage["pages"].sum() == frames.n_pages(dated)
    for table in (trends.by_year_event_type(exchanges), trends.by_year_country_count(exchanges),
                  trends.by_year_lead_rank(exchanges)):
        assert table["exchanges"].sum() == len(dated)
        assert table["share"].between(0, 1).all()
        sums = table.groupby("year")["share"].sum()
        assert sums.round(9).eq(1).all()
    regions = trends.by_year_region(exchanges)
    assert regions["exchanges"].sum() >= len(dated)  # several regions: counted once in each
    assert (regions.groupby("year")["exchanges"].max() <= regions.groupby("year")["year_exchanges"].first()).all()
    assert "Unknown" not in set(regions["region"]), "a counterpart country has no region"


def test_real_terms_account_for_every_dated_exchange(real):
    exchanges, _, dated = real
    terms = trends.minister_terms()
    table = trends.lead_by_term(exchanges, terms)
    per_term = table.drop_duplicates("term")
    before = int((dated["event_date"] < terms["start"].iloc[0]).sum())
    assert per_term["term_exchanges"].sum() + before == len(dated)
    assert table.groupby("term")["share"].sum().round(9).eq(1).all()


def test_real_minister_rank_leads_are_the_minister_in_office(real):
    """The term chart labels minister-rank leads 'The minister': no other named person may hold that rank."""
    _, _, dated = real
    terms = trends.minister_terms()
    minister_led = dated[dated["lead_rank"].eq("Minister") & dated["lead_official"].ne("(unnamed)")]
    for day, name in zip(minister_led["event_date"], minister_led["lead_official"]):
        term = trends.term_of(day, terms)
        if term:
            assert terms.set_index("term").loc[term, "minister"] == name, (day, name)


def test_real_page_rates_cover_the_pages_of_the_exchanges(real):
    exchanges, records, _ = real
    pages = trends.pages_of(records, exchanges)
    rates = trends.page_rates_by_kind(records, exchanges)
    assert rates.drop_duplicates("source")["n_pages"].sum() == len(pages) == frames.n_pages(exchanges)
    assert rates["share"].dropna().between(0, 1).all()
    cut = trends.truncation_by_kind(records, exchanges).set_index("Source")
    assert cut.loc["All pages", "Pages"] == len(pages)
    assert 0 <= trends.exchanges_only_cut(records, exchanges) <= len(exchanges)


def test_real_heaviest_chart_stays_light(real):
    """The per-exchange timeline is the largest inline spec; with its table and CSV it must stay small."""
    exchanges, _, dated = real
    points = trends.endorsement_points(exchanges)
    order = list(formulations.formulation_totals(exchanges)["formulation"])
    figure = figures.Figure(trend_charts.endorsement_timeline(points, order), points.drop(columns="exchange_id"),
                           caption="c", basis=figures.basis_line(len(dated), frames.n_pages(dated)), filename="x.csv")
    assert len(figure.to_html().encode("utf-8")) < 300_000


# ---------------------------------------------------------------- statements the prose makes in words


def test_prose_19th_congress_and_xi_thought_peak_after_the_congress_then_fade(real):
    """party_diplomacy: 'Congress vocabulary is tied to its moment ... both then fade'."""
    exchanges, _, dated = real
    shares = trends.formulation_shares(exchanges)
    assert trends.peak_period(shares, "19th_congress")["period"] in {"2017", "2018"}
    assert trends.peak_period(shares, "xi_thought")["period"] in {"2017", "2018"}
    recent = ("2023-01-01", dated["event_date"].max())
    for key in ("19th_congress", "xi_thought"):
        hits, n = trends.share_in(exchanges, key, recent)
        window_hits, window_n = trends.share_in(exchanges, key, counting.ARTICLE_WINDOW)
        assert hits / n < window_hits / window_n / 2


def test_prose_congress_dominates_the_article_window(real):
    """party_diplomacy: 'Right after a congress, the contacts were largely about explaining the congress'."""
    exchanges, _, _ = real
    window = {k: trends.share_in(exchanges, k, counting.ARTICLE_WINDOW)[0] for k in codebook.FORMULATION_LABELS}
    assert max(window, key=window.get) == "19th_congress"


def test_prose_theory_terms_are_endorsed_less_often_than_governance_and_bri(real):
    """party_diplomacy: 'the theory's own terms are more often presented to guests than taken up by them'."""
    exchanges, _, _ = real
    rate = formulations.formulation_totals(exchanges).set_index("key")["endorsed_of_mentioned"]
    theory = max(rate["shared_future"], rate["xi_thought"], rate["new_party_relations"])
    assert theory < min(rate["governance_experience"], rate["belt_and_road"])
    assert theory < 0.5


def test_prose_one_china_is_the_most_endorsed_formulation_and_topics_are_rarely_endorsed(real):
    """party_diplomacy: 'The highest rate is for One China ...'; 'Topics of the day are a different matter'."""
    exchanges, _, _ = real
    totals = formulations.formulation_totals(exchanges)
    mentioned = totals[totals["mentioned"] > 0]
    assert mentioned.sort_values(["endorsed_of_mentioned", "mentioned"], ascending=False).iloc[0]["key"] == "one_china"
    rate = totals.set_index("key")["endorsed_of_mentioned"]
    assert max(rate["covid"], rate["korean_peninsula"]) < min(rate["shared_future"], rate["xi_thought"])


def test_prose_staples_recur_every_year_from_2016(real):
    """party_diplomacy / beyond: governance experience and the shared future 'recur year after year'."""
    exchanges, _, _ = real
    shares = trends.formulation_shares(exchanges)
    later = shares[shares["period"].map(lambda p: int(p[:4]) >= 2016)]
    for key in ("governance_experience", "shared_future"):
        assert (later.loc[later["key"] == key, "exchanges"] > 0).all(), key


def test_prose_vocabulary_shift_between_the_window_and_recent_years(real):
    """beyond: the Belt and Road 'keeps a place in the reports well beyond the article's year'; the global
    initiatives 'first appear' after the window (each formulation's change is generated, not stated)."""
    exchanges, _, dated = real
    recent = ("2023-01-01", dated["event_date"].max())

    def share(key, window):
        hits, n = trends.share_in(exchanges, key, window)
        return hits / n

    assert share("belt_and_road", counting.ARTICLE_WINDOW) > 0 and share("belt_and_road", recent) > 0
    assert share("global_initiatives", counting.ARTICLE_WINDOW) == 0 < share("global_initiatives", recent)


def test_prose_video_calls_belong_to_the_pandemic_years(real):
    """beyond: 'Video calls appear only from 2020 to 2022, when the pandemic stopped travel'."""
    exchanges, _, _ = real
    types = trends.by_year_event_type(exchanges)
    years = types.loc[(types["code"] == "video_call") & (types["exchanges"] > 0), "year"]
    assert years.min() >= 2020 and years.max() <= 2022


def test_prose_the_two_busiest_years_are_the_articles(real):
    """beyond: the archive's searches concentrated on the article's period, so 2017 and 2018 hold the most."""
    exchanges, _, _ = real
    coverage = trends.coverage_by_year(exchanges)
    busiest = coverage.sort_values(["exchanges", "year"], ascending=[False, True]).head(2)["year"]
    assert sorted(busiest) == [2017, 2018]
