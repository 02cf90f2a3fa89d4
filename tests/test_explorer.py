"""The Explorer chapter's table, choices, sentences and figure (tests/browser/test_explorer.py opens it in Chromium)."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections import Counter

import jsonschema
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from liaison.book import charts, explorer, figures, prose
from liaison.codebook import EVENT_TYPE_LABELS
from liaison.tables import explorer as table
from liaison.tables import frames, stats


@pytest.fixture(scope="module")
def parties() -> list[dict[str, str]]:
    return table.load_parties()


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return table.load_country_names()


@pytest.fixture(scope="module")
def exchanges() -> pd.DataFrame:
    return frames.load_exchanges()


@pytest.fixture(scope="module")
def rows() -> list[table.Row]:
    return table.load()


@pytest.fixture(scope="module")
def frame(rows) -> pd.DataFrame:
    """The rows as a DataFrame, to count with."""
    return pd.DataFrame([r.__dict__ for r in rows])


@pytest.fixture(scope="module")
def figure() -> explorer.Explorer:
    return explorer.Explorer.from_processed()


# ---------------------------------------------------------------- sentences and dates


@pytest.mark.parametrize("start,end,expected", [
    ("", "", "Undated"),
    ("2017-10-18", "", "18 October 2017"),
    ("2017-10-18", "2017-10-18", "18 October 2017"),
    ("2017-10-18", "2017-10-24", "18\u201324 October 2017"),
    ("2017-10-30", "2017-11-02", "30 October\u20132 November 2017"),
    ("2017-12-30", "2018-01-02", "30 December 2017\u20132 January 2018"),
])
def test_date_span(start, end, expected):
    assert table.date_span(start, end) == expected


@pytest.mark.parametrize("shown,undated,total,expected", [
    (0, 0, 540, "No exchange matches this choice."),
    (1, 0, 540, "1 exchange matches."),
    (1, 1, 540, "1 exchange matches; it is undated, so it is in the list below but not on the time axis."),
    (12, 0, 540, "12 exchanges match."),
    (12, 1, 540, "12 exchanges match; 1 of them is undated: in the list below, not on the time axis."),
    (12, 3, 540, "12 exchanges match; 3 of them are undated: in the list below, not on the time axis."),
    (3, 3, 540, "3 exchanges match; none of them is dated, so they are in the list below but not on the time axis."),
    (540, 106, 540, "All 540 exchanges are shown; 106 of them are undated: in the list below, not on the time axis."),
    (1540, 0, 1540, "All 1,540 exchanges are shown."),
    (1, 0, 1, "The only exchange is shown."),
])
def test_status_for_zero_one_some_all(shown, undated, total, expected):
    assert table.status(shown, undated, total) == expected


def test_the_page_script_writes_the_same_sentences():
    """The JavaScript templates are those of table.status (the browser test compares them on the page)."""
    for fragment in ["No exchange matches this choice.", "The only exchange is shown", " exchanges are shown",
                     "1 exchange matches", " exchanges match", "it is undated, so it is in the list below but not on the time axis",
                     "none of them is dated, so they are in the list below but not on the time axis",
                     " undated: in the list below, not on the time axis."]:
        assert fragment in explorer.SCRIPT, fragment


@pytest.mark.parametrize("iso", ["2017-10-18", "2018-01-01", "1994-03-23", "2026-12-31"])
def test_dates_are_written_as_the_books_prose_writes_them(iso):
    assert table.human_date(iso) == prose.human_date(iso)


# ---------------------------------------------------------------- the rows


def test_every_exchange_is_listed_once_by_date_then_the_undated(frame, exchanges):
    assert sorted(frame["exchange_id"]) == sorted(exchanges["exchange_id"])
    dated = frame[frame["event_date"] != ""]
    assert list(dated["event_date"]) == sorted(dated["event_date"])
    assert (frame["event_date"] == "").sum() == stats.value("n_undated")
    first_undated = (frame["event_date"] == "").idxmax()
    assert (frame.loc[first_undated:, "event_date"] == "").all(), "an undated exchange before a dated one"
    assert set(frame["type"]) <= set(EVENT_TYPE_LABELS.values())
    assert table.n_pages() == frames.n_pages(exchanges)


def test_parties_and_countries_come_from_the_processed_tables(frame, parties, exchanges):
    assert {p for ps in frame["party_ids"] for p in ps} <= {p["party_id"] for p in parties}
    by_id = frame.set_index("exchange_id")
    for ex in exchanges.itertuples():
        row = by_id.loc[ex.exchange_id]
        assert list(row["party_ids"]) == frames.split_cell(ex.party_ids)
        assert list(row["countries"]) == frames.split_cell(ex.countries)
        assert row["country_names"] == "; ".join(frames.country_name(c) for c in frames.split_cell(ex.countries))
        assert row["url"] == ex.primary_url
    named = {p["party_id"]: p["name_english"] for p in parties}
    sample = frame[frame["party_ids"].map(len) > 1].iloc[0]
    assert sample["party_names"] == "; ".join(named[p] for p in sample["party_ids"])


def test_the_summary_stands_in_only_where_there_is_no_headline(frame, exchanges):
    assert ((frame["headline"] == "") == (frame["summary"] != "")).all()
    assert (frame["headline"] == "").sum() == (exchanges["title"] == "").sum()


def test_the_search_text_is_what_the_list_shows_in_lower_case(rows):
    row = next(r for r in rows if r.headline and r.party_ids)
    for column in table.SEARCHED:
        assert getattr(row, column).lower() in row.text, column
    assert row.text == row.text.lower()
    assert "summary" not in table.SEARCHED


# ---------------------------------------------------------------- the choices


def kept(rows, **choice) -> list[table.Row]:
    return [r for r, ok in zip(rows, table.matches(rows, **choice), strict=True) if ok]


def test_matches_combines_country_party_and_search(rows):
    assert all(table.matches(rows))
    top = Counter(c for r in rows for c in r.countries).most_common(1)[0][0]
    in_country = kept(rows, country=top)
    assert len(in_country) == sum(top in r.countries for r in rows) > 0
    party = Counter(p for r in in_country for p in r.party_ids).most_common(1)[0][0]
    both = kept(rows, country=top, party=party)
    assert 0 < len(both) <= len(in_country) and all(r in in_country for r in both)
    official = Counter(o for r in both for o in r.officials.split("; ")).most_common(1)[0][0]
    searched = kept(rows, country=top, party=party, search=f"  {official.upper()} ")
    assert 0 < len(searched) <= len(both)
    assert all(official in r.officials for r in searched)
    assert not any(table.matches(rows, search="no such text anywhere, surely"))
    stranger = next(p for r in rows for p in r.party_ids if top not in r.countries and not kept(rows, country=top, party=p))
    assert kept(rows, country=top, party=stranger) == [], "a party of another country leaves nothing"


def test_the_search_reads_party_names_in_english_and_ignores_case(rows, parties):
    k, row = next((k, r) for k, r in enumerate(rows) if r.party_ids)
    name = next(p["name_english"] for p in parties if p["party_id"] == row.party_ids[0])
    assert table.matches(rows, search=name.swapcase())[k]


def _count(label: str) -> int:
    return int(re.search(r"\((\d[\d,]*)\)$", label).group(1).replace(",", ""))


def test_the_dropdowns_list_every_country_and_party_with_its_count(rows, parties, names):
    countries = table.country_choices(rows, names)
    assert {c.value for c in countries} == {c for r in rows for c in r.countries}
    assert [c.label for c in countries] == sorted(c.label for c in countries)
    for choice in countries:
        assert _count(choice.label) == len(kept(rows, country=choice.value)), choice
    named = table.party_choices(rows, parties, names)
    assert {p.value for p in named} == {p for r in rows for p in r.party_ids}
    for choice in named:
        assert _count(choice.label) == len(kept(rows, party=choice.value)), choice
    assert [p.label for p in named if p.label.startswith("Vietnam: ")], "parties are labelled by their country"


# ---------------------------------------------------------------- the spec and the figure


def test_the_spec_is_valid_vega_lite_with_the_books_colours(figure):
    from altair.vegalite.v6.schema.core import load_schema

    schema = load_schema()
    errors = [e.message[:200] for e in jsonschema.validators.validator_for(schema)(schema).iter_errors(figure.spec)]
    assert errors == []
    colour = figure.spec["encoding"]["color"]
    # liaison.book.charts gives each type the same colour (its _type_colour, keyed by the type's label).
    book = charts._type_colour().to_dict()["scale"]
    same = dict(zip(book["domain"], book["range"], strict=True))
    assert dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True)).items() <= same.items()
    assert colour["scale"]["domain"] == [t for t in EVENT_TYPE_LABELS.values() if t in {r.type for r in figure.rows}]
    assert figure.spec["encoding"]["y"]["title"] and figure.spec["encoding"]["x"]["title"]


def test_the_tooltip_shows_the_date_as_a_date(figure):
    tip = figure.spec["encoding"]["tooltip"]
    date = next(t for t in tip if t["title"] == "Date")
    assert date["type"] == "temporal" and date["format"] == "%-d %B %Y" and date["timeUnit"].startswith("utc")
    assert [t["title"] for t in tip][:5] == ["Date", "Type", "Counterpart", "Department officials", "Headline"]
    assert figure.spec["encoding"]["href"]["field"] == "url"


def test_the_spec_binds_the_three_choices_and_carries_the_rows_in_list_order(figure):
    params = {p["name"]: p for p in figure.spec["params"]}
    assert tuple(params) == explorer.PARAMS
    assert params["country"]["bind"]["input"] == params["party"]["bind"]["input"] == "select"
    assert params["search"]["bind"]["input"] == "search"
    assert params["country"]["bind"]["options"][0] == params["party"]["bind"]["options"][0] == ""
    data = figure.spec["datasets"][explorer.DATASET]
    assert [d["url"] for d in data] == [r.url for r in figure.rows]
    assert [d["date"] for d in data] == [r.event_date or None for r in figure.rows]
    # The search text the page computes (SEARCH_TEXT, and the script) from these fields is tables.explorer's.
    assert [" | ".join(d[f] for f in table.SEARCHED).lower() for d in data] == [r.text for r in figure.rows]
    assert explorer.SEARCH_TEXT.startswith("lower(join([datum.headline,")
    transforms = figure.spec["transform"]
    assert {"filter": explorer.FILTER} in transforms and {"filter": "isValid(datum.date)"} in transforms


def test_the_figure_is_a_book_figure_with_the_list_as_its_data_table(figure):
    page = figure.to_html()
    soup = BeautifulSoup(page, "html.parser")
    fig = soup.select_one("figure.liaison-figure")
    chart = fig.select_one(".liaison-chart")
    assert chart["id"] == figure.element and chart["aria-label"]
    caption = fig.find("figcaption").get_text(" ")
    assert re.search(r"Based on [\d,]+ exchanges from [\d,]+ source pages\.", caption)
    assert f"Based on {stats.value('n_exchanges'):,} exchanges" in caption
    details = fig.find("details")
    table_el = details.find("table")
    header = [th.get_text(strip=True) for th in table_el.find("thead").find_all("th")]
    assert header == list(table.COLUMNS.values())
    body = table_el.find("tbody").find_all("tr", recursive=False)
    assert len(body) == len(figure.rows)
    link = fig.select_one("a.liaison-download")
    data = list(csv.reader(io.StringIO(base64.b64decode(link["href"].split(",", 1)[1]).decode("utf-8"))))
    assert data[0] == header and len(data) - 1 == len(body)
    assert [tr.find_all("td")[-1].a["href"] for tr in body] == [r.url for r in figure.rows]
    no_headline = [tr for tr in body if tr.find_all("td")[5].find("details")]
    assert len(no_headline) == sum(not r.headline for r in figure.rows) > 0
    assert data[1 + figure.rows.index(next(r for r in figure.rows if not r.headline))][5].startswith(table.SUMMARY_PREFIX)
    assert fig.select_one(f"#{figure.element}-controls") is not None
    assert fig.select_one(f"#{figure.element}-status").get_text() == table.status(len(body), stats.value("n_undated"), len(body))


def test_the_script_opens_like_the_books_other_charts(figure):
    """tests/browser/builtsite.chart_specs reads the spec the way it reads embed_html's."""
    script = figure.script()
    spec = json.loads(re.search(r"var spec=(\{.*\});function draw\(", script, re.DOTALL).group(1))
    assert spec == json.loads(json.dumps(figure.spec))
    assert re.search(r'vegaEmbed\("#([^"]+)"', script).group(1) == figure.element
    assert "@" not in re.sub(r"var spec=\{.*\};function draw\(", "", script, flags=re.DOTALL).replace("\\u0040", ""), \
        "a placeholder of SCRIPT left unfilled"
    assert "</script" not in script[len("<script>"):-len("</script>")]
    assert len(script) < 500_000, "tests/browser/test_offline_html.py takes an inline script this long for a bundle"


def test_the_csv_link_reads_like_the_books_other_downloads():
    frame = pd.DataFrame({"A": ["x, y", 'say "hi"'], "B": ["1", ""]})
    rows = [["A", "B"], ["x, y", "1"], ['say "hi"', ""]]
    assert explorer.csv_link(rows, "f.csv") == figures.csv_link(frame, "f.csv")


def test_the_chapter_imports_neither_pandas_nor_altair():
    """The chapter's one cell must stay cheap: most of a chapter's build cost is importing pandas."""
    import subprocess
    import sys

    code = ("import sys; from liaison.book.explorer import Explorer; Explorer.from_processed().to_html(); "
            "print(sorted(m for m in ('pandas', 'altair', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
