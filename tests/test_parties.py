"""The party linker: every party-like counterpart in the archive is reviewed, known spellings merge, tables validate."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import ROOT, archive_records

from liaison.pipeline import parties
from liaison.pipeline.normalize import CountryTable
from liaison.pipeline.records import split_list

REFERENCE = ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def partyfacts() -> parties.PartyFacts:
    return parties.PartyFacts.load(REFERENCE)


@pytest.fixture(scope="module")
def table(partyfacts) -> parties.AliasTable:
    return parties.AliasTable.load(REFERENCE, partyfacts)


@pytest.fixture(scope="module")
def archive() -> list[tuple[str, list[str], set[str]]]:
    """(doc_id, counterpart orgs, ISO3 codes of the counterpart countries) of every archive record."""
    records, problems = archive_records()
    assert problems == []
    countries = CountryTable.from_reference(REFERENCE)
    countries.resolve({c for r in records for c in split_list(r["counterpart_countries"])})
    return [
        (
            r["doc_id"],
            split_list(r["counterpart_orgs"]),
            {code for c in split_list(r["counterpart_countries"]) if (code := countries.iso3(c))},
        )
        for r in records
    ]


# ---------------------------------------------------------------- the real archive and tables

def test_every_party_like_org_in_the_archive_is_reviewed(table, archive):
    missing = table.unreviewed((org, codes) for _, orgs, codes in archive for org in orgs)
    assert missing == [], f"add these to parties.csv or non-party-orgs.csv (tools/party_candidates.py): {missing}"


def test_every_record_resolves(table, archive):
    failures = []
    for doc_id, orgs, codes in archive:
        try:
            table.resolve(orgs, codes)
        except ValueError as exc:
            failures.append(f"{doc_id}: {exc}")
    assert failures == []


def test_no_party_id_in_two_countries(table):
    countries: dict[str, set[str]] = {}
    for row in table.rows():
        countries.setdefault(row.party_id, set()).add(row.iso3)
    assert {pid: c for pid, c in countries.items() if len(c) > 1} == {}


def test_archive_has_fewer_parties_than_printed_names(table, archive):
    names = {org for _, orgs, _ in archive for org in orgs if parties.party_like(org)}
    ids = {pid for _, orgs, codes in archive for pid in table.resolve(orgs, codes)}
    assert 0 < len(ids) < len(names)


# Each party printed several ways resolves to ONE party_id. The pattern finds its printed variants in the
# archive (as grep would); the minimum number of variants keeps a broken pattern from passing vacuously.
KNOWN_MERGES = [
    ("JPN", "pf1746", r"Liberal Democratic Party(?! of Russia)|\bLDP\b|自民党", 8),
    ("JPN", "pf1515", r"komeito", 4),
    ("PRK", "pf4712", r"Workers.? Party of (Korea|the Democratic People)", 13),
    ("BRA", "pf356", r"Workers.? Party.*(Brazil|\bPT\b)|Trabalhadores|Trabajadores \(Brazil\)", 7),
    ("CUB", "pf4892", r"Communist Party of Cuba|Cuban Communist Party", 4),
    ("RUS", "pf2256", r"United Russia", 3),
    ("VNM", "pf4898", r"Communist Party of Vietnam|\bCPV\b", 6),
]


@pytest.mark.parametrize("iso3,party_id,pattern,at_least", KNOWN_MERGES, ids=[m[1] for m in KNOWN_MERGES])
def test_known_parties_merge_across_spellings(table, archive, iso3, party_id, pattern, at_least):
    variants = sorted({org for _, orgs, _ in archive for org in orgs if re.search(pattern, org, re.IGNORECASE)})
    assert len(variants) >= at_least, variants
    resolved = {org: table.resolve([org], {iso3}) for org in variants}
    assert {org: ids for org, ids in resolved.items() if ids != [party_id]} == {}


def test_tables_are_sorted_and_shaped(table):
    with (REFERENCE / parties.PARTIES_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(parties.PARTY_COLUMNS)
    keys = [(r["iso3"], r["name_as_printed"]) for r in rows]
    assert keys == sorted(keys)
    with (REFERENCE / parties.NON_PARTY_FILE).open(encoding="utf-8", newline="") as fh:
        names = [r["name_as_printed"] for r in csv.DictReader(fh)]
    assert names == sorted(names)


def test_associations_of_parties_are_not_parties(table):
    for name in ("Socialist International", "International Conference of Asian Political Parties (ICAPP)", "African Union"):
        assert table.resolve([name], set()) == []
        assert name in table.non_party


# ---------------------------------------------------------------- validation on small synthetic tables

def write_tables(folder: Path, party_rows: list[str], non_party_rows: list[str] | None = None) -> Path:
    (folder / parties.PARTIES_FILE).write_text(
        ",".join(parties.PARTY_COLUMNS) + "\n" + "".join(r + "\n" for r in party_rows), encoding="utf-8"
    )
    (folder / parties.NON_PARTY_FILE).write_text(
        ",".join(parties.NON_PARTY_COLUMNS) + "\n" + "".join(r + "\n" for r in non_party_rows or []), encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("party_rows,non_party_rows,message", [
    (["Komeito,JPN,1515,,", "Komeito,JPN,1515,,"], [], "line 3 ('Komeito'): duplicate key (name_as_printed, iso3), first on line 2"),
    (["Komeito,JPN,1515,jpn-komeito,x"], [], "both partyfacts_id and local_key given"),
    (["Komeito,JPN,,,"], [], "neither partyfacts_id and local_key given"),
    (["Komeito,JPN,99999999,,"], [], "partyfacts_id '99999999' is not in Party Facts"),
    (["Komeito,CHN,1515,,"], [], "partyfacts_id 1515 is a JPN party in Party Facts, not CHN"),
    (["Fatah,PSE,,Fatah,liberation movement"], [], "local_key 'Fatah' is not of the form 'pse-slug'"),
    (["Fatah,PSE,,jor-fatah,liberation movement"], [], "local_key 'jor-fatah' is not of the form 'pse-slug'"),
    (["Fatah,PSE,,pse-fatah,"], [], "a local_key row needs a note"),
    (["Fatah,PSE,,pse-fatah,x", "Fatah (Jordan),JOR,,pse-fatah,x"], [], "local_key 'pse-fatah' is not of the form 'jor-slug'"),
    (["Komeito,JPN,1515,,"], ["Komeito,party_association,x"], "also in parties.csv"),
    ([], ["ICAPP,club,x"], "unknown kind 'club'"),
    ([], ["ICAPP,party_association,"], "empty note"),
])
def test_table_validation_names_file_and_problem(tmp_path, partyfacts, party_rows, non_party_rows, message):
    write_tables(tmp_path, party_rows, non_party_rows)
    with pytest.raises(parties.AliasTableError) as err:
        parties.AliasTable.load(tmp_path, partyfacts)
    text = str(err.value)
    assert message in text
    assert str(tmp_path / parties.PARTIES_FILE) in text or str(tmp_path / parties.NON_PARTY_FILE) in text


@pytest.mark.parametrize("party_rows", [
    ["Komeito,JPN,1515,,", "Komeito,KOR,1515,,"],
    ["A,JPN,,jpn-a,x", "B,KOR,,jpn-a,x"],
])
def test_one_party_id_in_two_countries_is_an_error(tmp_path, partyfacts, party_rows):
    write_tables(tmp_path, party_rows)
    with pytest.raises(parties.AliasTableError) as err:
        parties.AliasTable.load(tmp_path, partyfacts)
    assert "is used in two or more countries: JPN (line 2), KOR (line 3)" in str(err.value)


def test_wrong_header_names_file(tmp_path, partyfacts):
    write_tables(tmp_path, [])
    (tmp_path / parties.PARTIES_FILE).write_text("name,iso3,partyfacts_id,local_key,note\n", encoding="utf-8")
    with pytest.raises(parties.AliasTableError, match=re.escape(f"{tmp_path / parties.PARTIES_FILE}: header is")):
        parties.AliasTable.load(tmp_path, partyfacts)


def test_valid_small_table_loads(tmp_path, partyfacts):
    write_tables(tmp_path, ["Komeito,JPN,1515,,", "New Komeito Party,JPN,1515,,", "Fatah,PSE,,pse-fatah,not in Party Facts"],
                 ["ICAPP,party_association,an association of parties"])
    table = parties.AliasTable.load(tmp_path, partyfacts)
    assert table.resolve(["Komeito", "New Komeito Party", "Fatah", "ICAPP"], set()) == ["pf1515", "pse-fatah"]


# ---------------------------------------------------------------- resolve()

@pytest.fixture
def labour(tmp_path, partyfacts) -> parties.AliasTable:
    write_tables(tmp_path, ["Labour Party,GBR,1516,,", "Labour Party,NZL,1049,,", "Komeito,JPN,1515,,"],
                 ["Socialist International,party_association,an association of parties"])
    return parties.AliasTable.load(tmp_path, partyfacts)


def test_resolve_chooses_by_country(labour):
    assert labour.resolve(["Labour Party"], {"NZL"}) == ["pf1049"]
    assert labour.resolve(["Labour Party"], {"GBR", "FRA"}) == ["pf1516"]
    assert labour.resolve(["Labour Party", "Komeito", "Komeito"], {"GBR", "JPN"}) == ["pf1515", "pf1516"]
    assert labour.resolve_cell("Komeito; Labour Party", {"NZL"}) == ["pf1049", "pf1515"]


@pytest.mark.parametrize("countries", [set(), {"GBR", "NZL"}, {"FRA"}])
def test_resolve_refuses_to_guess_between_rows(labour, countries):
    with pytest.raises(ValueError, match="several countries"):
        labour.resolve(["Labour Party"], countries)


def test_resolve_unreviewed_party_is_an_error(labour):
    assert labour.resolve(["Socialist International", "Ministry of Foreign Affairs of Japan"], {"JPN"}) == []
    with pytest.raises(parties.UnreviewedOrgError, match="Green Party of Narnia"):
        labour.resolve(["Komeito", "Green Party of Narnia"], {"JPN"})
    assert labour.unreviewed([("Green Party of Narnia", ["GBR"]), ("Green Party of Narnia", ["NZL"]), ("Komeito", ["JPN"])]) == [
        ("Green Party of Narnia", ["GBR", "NZL"])
    ]


# ---------------------------------------------------------------- names and candidates

def test_party_like_rule():
    for name in ("Communist Party of Vietnam (CPV)", "Komeito", "Chama Cha Mapinduzi (CCM)", "African National Congress (ANC)",
                 "Partido dos Trabalhadores (PT)", "United Russia", "Partito Democratico", "Partai Kebangkitan Bangsa (PKB)"):
        assert parties.party_like(name), name
    for name in ("Ministry of Foreign Affairs of Vietnam", "EastWest Institute", "Konrad Adenauer Foundation", "Department of State"):
        assert not parties.party_like(name), name


def test_normalize_and_aliases():
    assert parties.normalize("The People’s Party") == parties.normalize("Peoples' party") == "peoples party"
    assert parties.normalize("Partido Acción Ciudadana") == "partido accion ciudadana"
    assert parties.aliases("Communist Party of Cuba (PCC)") == {"communist party of cuba pcc", "communist party of cuba", "pcc"}
    assert "cpi m" in parties.aliases("Communist Party of India (Marxist) (CPI(M))")


@pytest.mark.parametrize("name,iso3,expected", [
    ("Communist Party of Cuba (PCC)", "CUB", "4892"),
    ("Komeito (公明党)", "JPN", "1515"),
    ("Central Committee of the Workers' Party of Korea", "PRK", "4712"),
    ("Awami League", "BGD", "2299"),
    ("Partido de los Trabajadores (Brazil)", ["BRA", "PER"], "356"),
])
def test_candidates_rank_the_party_first(partyfacts, name, iso3, expected):
    found = parties.candidates(name, iso3, partyfacts)
    assert found and found[0].partyfacts_id == expected, found


def test_candidates_stay_in_the_country(partyfacts):
    assert all(c.country == "JPN" for c in parties.candidates("Liberal Democratic Party", "JPN", partyfacts, n=10))
