"""Countries, officials, ranks, dates and URLs."""

from __future__ import annotations

import csv

import pytest
from conftest import ARCHIVE_RECORDS

from liaison.pipeline.normalize import (
    CountryTable,
    Roster,
    country_converter,
    date_from_url,
    iso3_table,
    parse_officials,
    person_keys,
    place_city,
    place_countries,
    rank_from_title,
    url_key,
)
from liaison.pipeline.records import load_records, split_list


@pytest.fixture(scope="module")
def countries() -> CountryTable:
    return CountryTable.from_reference()


@pytest.fixture(scope="module")
def roster() -> Roster:
    return Roster.from_csv()


@pytest.mark.parametrize(
    "name,code",
    [
        ("Vietnam", "VNM"),
        ("North Korea", "PRK"),
        ("South Korea", "KOR"),
        ("Laos", "LAO"),
        ("Russia", "RUS"),
        ("United States", "USA"),
        ("Palestine", "PSE"),
        ("Republic of the Congo", "COG"),
        ("São Tomé and Príncipe", "STP"),
        ("Czech Republic", "CZE"),
        ("European Union", "EUU"),
    ],
)
def test_country_names_map_to_iso3(countries, name, code):
    assert countries.iso3(name) == code


def test_unknown_country_is_none(countries):
    assert countries.iso3("Atlantis") is None
    assert countries.iso3("SCO") is None  # three capitals that are not a code come back unchanged


def test_every_archive_country_maps(countries):
    records, _ = load_records(ARCHIVE_RECORDS)
    names = {n for r in records for n in split_list(r["counterpart_countries"])}
    names |= {n for r in records for n in place_countries(r["place"])}
    countries.resolve(names)
    assert sorted(n for n in names if countries.iso3(n) is None) == []


def test_regions_and_names(countries):
    assert countries.region("JPN") == "Asia"
    assert countries.region("TZA") == "Africa"
    assert countries.region("EUU") == "Europe"
    assert countries.region("ZZZ") == "Unknown"
    assert countries.name("VNM") == "Vietnam"
    assert countries.name("EUU") == "European Union"
    assert countries.name("ZZZ") == "ZZZ"


def test_code_table_gives_country_converters_own_answers():
    """The lookup table stands in for ``convert(src="ISO3")``: same continent and name for every code."""
    codes = sorted(iso3_table())
    assert len(codes) > 240
    converter = country_converter()
    continents = converter.convert(codes, src="ISO3", to="continent", not_found=None, enforce_list=True)
    names = converter.convert(codes, src="ISO3", to="name_short", not_found=None, enforce_list=True)
    expected = {code: (c[0], n[0]) for code, c, n in zip(codes, continents, names)}
    assert iso3_table() == expected


def test_place_parsing():
    assert place_countries("Beijing, China") == ["China"]
    assert place_countries("China (Shenzhen, Guangdong and other places)") == ["China"]
    assert place_countries("Laos; Vietnam; Cambodia") == ["Laos", "Vietnam", "Cambodia"]
    assert place_city("Dar es Salaam, Tanzania") == "dar es salaam"
    assert place_city("Tanzania") == ""


def test_spelling_variants_resolve_to_one_official(roster):
    assert roster.canonical("Xu Luping") == "Xu Lyuping"
    assert roster.canonical("Xu Luode") == "Xu Lyuping"
    assert roster.canonical("Lin Mingxiang") == "Li Mingxiang"
    assert roster.canonical("unnamed") == "(unnamed)"
    assert roster.canonical("Nobody Known") is None


def test_rank_follows_the_roster_by_date(roster):
    assert roster.rank_on("Wang Yajun", "2017-12-01") == "Assistant-minister"
    assert roster.rank_on("Wang Yajun", "2018-09-01") == "Vice-minister"
    assert roster.rank_on("Song Tao", "2018-04-14") == "Minister"
    assert roster.rank_on("Song Tao", "2023-01-01") is None
    assert roster.rank_on("Zuo Lihan", "2021-11-18") is None


@pytest.mark.parametrize(
    "title,rank",
    [
        ("(Vice-minister)", "Vice-minister"),
        ("(Assistant Minister of the International Liaison Department)", "Assistant-minister"),
        ("(deputy head of the International Department of the CPC Central Committee)", "Vice-minister"),
        ("(head of the International Department of the CPC Central Committee)", "Minister"),
        ("(Vice-chairman of the CPPCC National Committee and Minister of the International Department)", "Minister"),
        ("(Deputy Director-General of Bureau VIII)", "Deputy director-general"),
        ("(Director-General of the West Asia and North Africa bureau)", "Director-general"),
        ("(division chief, Bureau One, International Department)", "Other official"),
        ("(中联部副部长)", "Vice-minister"),
        ("(named without title in the excerpt)", "Unknown"),
    ],
)
def test_rank_from_printed_title(title, rank):
    assert rank_from_title(title) == rank


def test_parse_officials_uses_roster_then_title(roster):
    officials, problems = parse_officials(
        "Song Tao (senior Chinese official); Zuo Lihan (head of the Gulf division; as printed)", "2018-04-14", roster, "x"
    )
    assert problems == []
    assert [(o.name, o.rank) for o in officials] == [("Song Tao", "Minister"), ("Zuo Lihan", "Other official")]
    unnamed, _ = parse_officials("(unnamed) (director general of the South Asia Bureau)", "", roster, "x")
    assert unnamed[0].name == "(unnamed)" and unnamed[0].rank == "Director-general"


def test_department_pages_print_the_roster_rank(roster):
    """Where the department's own site prints a plain rank, the roster agrees with it."""
    records, _ = load_records(ARCHIVE_RECORDS)
    disagreements = []
    for rec in records:
        if rec["source_kind"] != "idcpc":
            continue
        day = rec["event_date"] or rec["page_date"]
        officials, _ = parse_officials(rec["idcpc_officials"], day, roster, rec["doc_id"])
        for off in officials:
            printed = off.printed.partition("(")[2].rstrip(")")
            if printed in {"Minister", "Vice-minister", "Assistant-minister"}:
                expected = roster.rank_on(off.name, day)
                if expected and expected != printed:
                    disagreements.append((rec["doc_id"], off.name, printed, expected))
    assert disagreements == []


def test_roster_file_is_well_formed():
    from liaison.codebook import RANKS
    from liaison.paths import REFERENCE_DIR

    with open(REFERENCE_DIR / "officials.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["rank"] in RANKS or r["rank"] == "" for r in rows)
    spellings = [s for r in rows for s in [r["name"], *r["variants"].split("|")] if s]
    owners = {}
    for r in rows:
        for s in [r["name"], *r["variants"].split("|")]:
            if s:
                owners.setdefault(s, set()).add(r["name"])
    assert all(len(v) == 1 for v in owners.values()), "a spelling maps to two officials"
    assert spellings


def test_dates_in_urls():
    assert date_from_url("http://en.people.cn/n3/2018/0417/c90000-9449.html") == "2018-04-17"
    assert date_from_url("https://www.idcpc.org.cn/english/news/201712/t20171204_93837.html") == "2017-12-04"
    assert date_from_url("https://bengali.china.com/culture/20002377/20240607/25884836.html") == "2024-06-07"
    assert date_from_url("https://example.org/news/12345") == ""


def test_url_key_ignores_scheme_www_trailing_dot_and_host_twin():
    assert url_key("http://larouchepub.com./pr/2017/x.html") == url_key("https://www.larouchepub.com/pr/2017/x.html")
    assert url_key("https://www.idcpc.gov.cn/english/news/1.html") == url_key("http://idcpc.org.cn/english/news/1.html/")


def test_person_keys_ignore_spelling_of_spaces_and_hyphens():
    assert person_keys("Choe Ryong-hae (vice chairman)") == person_keys("Choe Ryong Hae (WPK)")


def test_the_converter_memo_gives_the_same_answers_without_the_converter(tmp_path, monkeypatch):
    """A second run reads country_converter's answers from .cache/ instead of importing it (and pandas)."""
    from liaison.pipeline import normalize

    names = {"Vietnam", "Korea", "European Union", "Atlantis", "Republic of the Congo"}
    first = CountryTable.from_reference()
    first.memo_path = tmp_path / "memo.json"
    first.resolve(names)
    answers = {n: first.iso3(n) for n in names} | {"name": first.name("VNM"), "region": first.region("EUU")}
    assert answers["Vietnam"] == "VNM" and answers["Korea"] is None and answers["Atlantis"] is None

    def no_converter(*args, **kwargs):
        raise AssertionError("country_converter asked although the memo holds the answer")

    monkeypatch.setattr(normalize, "country_converter", no_converter)
    monkeypatch.setattr(normalize, "iso3_table", no_converter)
    second = CountryTable.from_reference()
    second.memo_path = tmp_path / "memo.json"
    second.resolve(names)
    assert {n: second.iso3(n) for n in names} | {"name": second.name("VNM"), "region": second.region("EUU")} == answers


def test_a_memo_of_other_overrides_is_not_used(tmp_path):
    table = CountryTable.from_reference()
    table.memo_path = tmp_path / "memo.json"
    table.resolve({"Vietnam"})
    other = CountryTable(overrides=(("Atlantis", "ATL", "AT", "Europe"),), memo_path=tmp_path / "memo.json")
    assert other.memo.names == {} and other.memo.table == {}
