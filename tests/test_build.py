"""Outputs: determinism, the committed files, every record accounted for, the Frictionless descriptor."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import ARCHIVE_RECORDS, ROOT

from liaison.pipeline import build


def _run_build(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "liaison", "build", "--out", str(out)], check=True, capture_output=True)


def test_build_is_deterministic_and_matches_committed_files(tmp_path):
    _run_build(tmp_path / "a")
    _run_build(tmp_path / "b")
    for name in sorted(os.listdir(ROOT / "data" / "processed")):
        if name == "README.md":
            continue
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes(), name
        assert a == (ROOT / "data" / "processed" / name).read_bytes(), f"data/processed/{name} is stale: run make data"


def test_build_imports_neither_requests_nor_pandas(tmp_path):
    """The build's start-up stays light: the fetch command's help must not pull in requests, and with
    the country memo warm (the first run fills it) pandas and country_converter are not needed."""
    code = ("import sys, runpy; sys.argv = ['liaison', 'build', '--out', sys.argv[1]];\n"
            "try:\n    runpy.run_module('liaison', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('requests', 'pandas', 'country_converter') if m in sys.modules))")
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / f"out{i}")], check=True,
                           capture_output=True, text=True) for i in (1, 2)]
    assert runs[1].stdout.strip().splitlines()[-1] == "[]", runs[1].stdout


def test_fetch_summary_is_the_fetch_modules_first_line():
    from liaison.refresh import FETCH_SUMMARY, fetch

    assert fetch.__doc__.splitlines()[0] == FETCH_SUMMARY


def test_every_raw_record_has_a_fate(result):
    """Listed with os.listdir, not the build's own listing: every entry of the folder must have a fate."""
    raw = {name.removesuffix(".txt") for name in os.listdir(ARCHIVE_RECORDS)}
    assert len(raw) == len(os.listdir(ARCHIVE_RECORDS)) > 1000
    fates = {r["doc_id"]: r for r in result.records}
    assert set(fates) == raw
    assert set(Counter(r["fate"] for r in result.records)) == {"kept", "duplicate", "excluded"}
    for r in result.records:
        assert (r["fate"] == "excluded") == (r["exchange_id"] == "")
        assert (r["fate"] == "kept") == (r["reason"] == "")


def test_each_exchange_has_exactly_one_kept_record_and_lists_all_its_sources(result):
    kept = Counter(r["exchange_id"] for r in result.records if r["fate"] == "kept")
    assert all(kept[e["exchange_id"]] == 1 for e in result.exchanges)
    members = Counter(r["exchange_id"] for r in result.records if r["fate"] != "excluded")
    for e in result.exchanges:
        assert int(e["n_sources"]) == members[e["exchange_id"]] == len(e["source_ids"].split(";"))
        assert len(e["urls"].split(";")) == int(e["n_sources"])


def test_exchange_ids_are_unique_and_dated_like_their_exchange(result):
    ids = [e["exchange_id"] for e in result.exchanges]
    assert len(ids) == len(set(ids))
    for e in result.exchanges:
        assert e["exchange_id"][1:].split("-")[0] == (e["event_date"].replace("-", "") or "undated")


def test_excluded_records_carry_their_stated_reason(result):
    excluded = {r["doc_id"]: r["reason"] for r in result.records if r["fate"] == "excluded"}
    assert excluded["t20190322_99885"] == "not an exchange: announcement of a WeChat account of the department"
    assert all(reason for reason in excluded.values())


def test_country_table_covers_every_code_with_the_converters_name_and_continent(result):
    from liaison.pipeline.normalize import CountryTable

    table = {row["iso3"]: row for row in result.countries}
    used = {c for e in result.exchanges for c in e["countries"].split(";") if c}
    used |= {e["place_country"] for e in result.exchanges if e["place_country"]}
    assert set(table) == used
    countries = CountryTable.from_reference()
    for code, row in table.items():
        assert (row["name"], row["continent"]) == (countries.name(code), countries.region(code)), code
    assert table["EUU"]["name"] == "European Union"
    assert table["VNM"] == {"iso3": "VNM", "name": "Vietnam", "continent": "Asia"}


def test_datapackage_validates_with_frictionless():
    from frictionless import Package

    report = Package(str(ROOT / "data" / "processed" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_frictionless_catches_a_broken_table(tmp_path):
    _run_build(tmp_path)
    text = (tmp_path / "exchanges.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",meeting,", ",banquet,", 1).replace(",multilateral,", ",banquet,", 1)
    text[1] = text[1].replace(",visit_abroad,", ",banquet,", 1).replace(",notice,", ",banquet,", 1)
    (tmp_path / "exchanges.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    from frictionless import Package

    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_raw_archive_matches_its_manifest():
    manifest = ROOT / "data" / "raw" / "idcpc-en" / "SHA256SUMS"
    listed = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.removeprefix("./")] = digest
    base = manifest.parent
    actual = {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    assert actual == set(listed), "files added to or removed from data/raw/idcpc-en"
    changed = [n for n, d in listed.items() if hashlib.sha256((base / n).read_bytes()).hexdigest() != d]
    assert changed == [], f"raw files differ from SHA256SUMS: {changed[:5]}"


def test_vendored_archive_is_an_unchanged_copy_of_shared():
    shared = ROOT.parent / "shared" / "data" / "idcpc-en"
    if not shared.is_dir():
        import pytest

        pytest.skip("../shared is not beside this checkout")
    ours = ROOT / "data" / "raw" / "idcpc-en"
    for path in shared.rglob("*"):
        if path.is_file():
            assert (ours / path.relative_to(shared)).read_bytes() == path.read_bytes(), path


def test_provenance_hash_is_the_manifest_that_was_read(result):
    source = next(s for s in build.datapackage(result)["sources"] if s["path"] == "data/raw/idcpc-en")
    manifest = ROOT / "data" / "raw" / "idcpc-en" / "SHA256SUMS"
    assert source["sha256_of_manifest"] == hashlib.sha256(manifest.read_bytes()).hexdigest()


def test_every_reported_figure_has_its_page_and_fate(result):
    """One processed row per row of the side table, each tied to its page's exchange unless the page was excluded."""
    with open(ROOT / "data" / "raw" / "idcpc-en" / "reported-figures.csv", encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh))
    assert len(result.figures) == len(raw) > 300
    fates = {r["doc_id"]: r for r in result.records}
    for row, given in zip(result.figures, raw):
        assert row["doc_id"] == given["doc_id"] and row["value"] == given["value"]
        assert row["page_fate"] == fates[row["doc_id"]]["fate"]
        assert (row["exchange_id"] == "") == (row["page_fate"] == "excluded")


def test_party_ids_of_exchanges_are_the_parties_table(result):
    ids = Counter(p for e in result.exchanges for p in e["party_ids"].split(";") if p)
    table = {p["party_id"]: p for p in result.parties}
    assert set(ids) == set(table) and len(table) > 150
    assert all(int(table[p]["n_exchanges"]) == n for p, n in ids.items())
    assert all(table[p]["names_seen"] for p in table)
