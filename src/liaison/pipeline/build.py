"""Build ``data/processed/`` from ``data/raw/``: validate, normalize, exclude, deduplicate, write.

Every raw record ends in ``records.csv`` as kept, duplicate or excluded; the build stops with the
full list of problems (file and field) if any record is invalid.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from liaison.codebook import LIST_SEP, MENTION_KEYS, UNNAMED
from liaison.paths import ARCHIVE, PROCESSED_DIR, RAW_DIR, REFERENCE_DIR
from liaison.pipeline import dedup
from liaison.pipeline.normalize import (
    CountryTable,
    Roster,
    date_from_url,
    parse_officials,
    person_keys,
    place_city,
    place_countries,
    title_key,
    url_key,
)
from liaison.pipeline.records import Problem, RecordError, load_records, split_keys, split_list

P = ParamSpec("P")
R = TypeVar("R")

EXCHANGE_COLUMNS: tuple[str, ...] = (
    "exchange_id",
    "event_date",
    "event_end_date",
    "date_basis",
    "event_type",
    "place",
    "place_country",
    "lead_official",
    "lead_rank",
    "officials",
    "counterpart_orgs",
    "counterpart_people",
    "countries",
    "mentions",
    "foreign_side_endorses",
    "n_sources",
    "source_kinds",
    "source_ids",
    "urls",
    "title",
    "primary_url",
    "summary",
)
RECORD_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "fate",
    "exchange_id",
    "reason",
    "source_kind",
    "date",
    "date_basis",
    "url",
    "mentions",
    "foreign_side_endorses",
    "truncated",
)
COUNTRY_COLUMNS: tuple[str, ...] = ("iso3", "name", "continent")


@dataclass
class BuildResult:
    exchanges: list[dict[str, str]]
    records: list[dict[str, str]]
    countries: list[dict[str, str]]


def raw_record_dirs(raw_dir: Path = RAW_DIR) -> list[tuple[str, Path]]:
    """The archive's records folder first, then any fetched folder (``data/raw/*/records``)."""
    dirs = [(ARCHIVE, raw_dir / ARCHIVE / "records")]
    for folder in sorted(p for p in raw_dir.iterdir() if p.is_dir() and p.name != ARCHIVE):
        if (folder / "records").is_dir():
            dirs.append((folder.name, folder / "records"))
    return dirs


def load_exclusions(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["doc_id"]: row["reason"] for row in csv.DictReader(fh)}


def load_all(raw_dir: Path) -> tuple[list[dict[str, str]], list[Problem]]:
    """Records of every raw folder; DOCIDs outside the archive are prefixed with their folder."""
    records: list[dict[str, str]] = []
    problems: list[Problem] = []
    for name, folder in raw_record_dirs(raw_dir):
        found, found_problems = load_records(folder)
        problems += found_problems
        for rec in found:
            if name != ARCHIVE:
                rec["doc_id"] = f"{name}/{rec['doc_id']}"
            records.append(rec)
    return records, problems


def to_item(rec: dict[str, str], countries: CountryTable, roster: Roster) -> tuple[dedup.Item, list[Problem]]:
    """Normalize one record for matching; unmappable countries and unknown officials are problems."""
    path = rec["doc_id"]
    problems: list[Problem] = []
    codes: list[str] = []
    places: list[str | None] = []
    for fieldname, names, found in (
        ("counterpart_countries", split_list(rec["counterpart_countries"]), codes),
        ("place", place_countries(rec["place"]), places),
    ):
        for name in names:
            code = countries.iso3(name)
            if code is None:
                problems.append(Problem(path, fieldname, f"country {name!r} cannot be mapped to ISO 3166 alpha-3"))
            if code is not None or fieldname == "place":
                found.append(code)
    if rec["event_date"]:
        start, basis = rec["event_date"], "event_date"
    elif rec["page_date"]:
        start, basis = rec["page_date"], "page_date"
    else:
        start = date_from_url(rec["url"])
        basis = "url" if start else ""
    end = rec["event_end_date"] if basis == "event_date" else ""
    officials, found = parse_officials(rec["idcpc_officials"], start, roster, path)
    problems += found
    item = dedup.Item(
        doc_id=rec["doc_id"],
        label=rec["event_type"],
        start=start,
        end=end,
        basis=basis,
        countries=frozenset(codes),
        places=frozenset(p for p in places if p),
        city=place_city(rec["place"]),
        lead=officials[0].name if officials else "",
        people=person_keys(rec["counterpart_people"]),
        url_key=url_key(rec["url"]),
        title_key=title_key(rec["title"]),
        page_date=rec["page_date"],
        event_date=rec["event_date"],
        source_kind=rec["source_kind"],
        extra={"record": rec, "officials": officials, "countries": codes, "places": places},
    )
    return item, problems


def _join(values: Iterable[str]) -> str:
    return LIST_SEP.join(values)


def exchange_row(members: list[dedup.Item]) -> dict[str, str]:
    """One exchange from the records that report it (the primary record leads)."""
    lead = dedup.primary(members)
    ordered = [lead, *sorted((m for m in members if m is not lead), key=lambda m: m.doc_id)]
    dated = [m for m in ordered if m.basis == "event_date"] or [m for m in ordered if m.start]
    starts = sorted(m.start for m in dated)
    ends = sorted((m.end or m.start) for m in dated)
    officials = [o for m in ordered for o in m.extra["officials"]]
    named = [o for o in officials if o.name != UNNAMED]
    lead_official = named[0] if named else (officials[0] if officials else None)
    recs = [m.extra["record"] for m in ordered]
    titled = sorted(ordered, key=lambda m: (dedup.SOURCE_PRIORITY.get(m.source_kind, 9), m.doc_id))
    title = next((m.extra["record"]["title"] for m in titled if m.extra["record"]["title"]), "")
    mentions = {k for r in recs for k in split_keys(r["mentions"])}
    endorses = {k for r in recs for k in split_keys(r["foreign_side_endorses"])}
    places = [p for m in ordered for p in m.extra["places"] if p]
    end = ends[-1] if ends else ""
    first = starts[0] if starts else ""
    return {
        "exchange_id": dedup.exchange_id(members, first),
        "event_date": first,
        "event_end_date": end if end and starts and end != starts[0] else "",
        "date_basis": dated[0].basis if dated else "",
        "event_type": dedup.exchange_type(members),
        "place": next((r["place"] for r in recs if r["place"]), ""),
        "place_country": places[0] if places else "",
        "lead_official": lead_official.name if lead_official else "",
        "lead_rank": lead_official.rank if lead_official else "",
        "officials": _join(dedup.first_key([o.name for o in officials])),
        "counterpart_orgs": _join(dedup.first_key([o for r in recs for o in split_list(r["counterpart_orgs"])])),
        "counterpart_people": _join(
            dedup.first_key([p for r in recs for p in split_list(r["counterpart_people"])])
        ),
        "countries": _join(sorted({c for m in ordered for c in m.extra["countries"]})),
        "mentions": _join(k for k in MENTION_KEYS if k in mentions),
        "foreign_side_endorses": _join(k for k in MENTION_KEYS if k in endorses),
        "n_sources": str(len(members)),
        "source_kinds": _join(sorted({m.source_kind for m in ordered}, key=dedup.SOURCE_PRIORITY.get)),
        "source_ids": _join(m.doc_id for m in ordered),
        "urls": _join(r["url"] for r in recs),
        "title": title,
        "primary_url": lead.extra["record"]["url"],
        "summary": lead.extra["record"]["summary"],
    }


def _without_cyclic_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with Python's cycle collector paused (reference counting still frees memory).

    The build creates hundreds of thousands of small objects and no reference cycles; the collector
    would otherwise walk every live object again and again, a fifth of the time on a large archive.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@_without_cyclic_gc
def build(raw_dir: Path = RAW_DIR, reference_dir: Path = REFERENCE_DIR) -> BuildResult:
    """Run the whole pipeline in memory; raise RecordError listing every problem."""
    records, problems = load_all(raw_dir)
    exclusions = load_exclusions(reference_dir / "exclusions.csv")
    known = {r["doc_id"] for r in records}
    for doc_id in sorted(set(exclusions) - known):
        problems.append(Problem("data/reference/exclusions.csv", doc_id, "excluded DOCID is not a raw record"))
    countries = CountryTable.from_reference(reference_dir)
    countries.resolve(  # each distinct value split once: many records name the same countries
        {n for value in {r.get("counterpart_countries", "") for r in records} for n in split_list(value)}
        | {n for value in {r.get("place", "") for r in records} for n in place_countries(value)}
    )
    roster = Roster.from_csv(reference_dir / "officials.csv")
    invalid = {Path(p.path).stem for p in problems}
    items: list[dedup.Item] = []
    all_items: list[dedup.Item] = []
    for rec in records:
        if rec["doc_id"].split("/")[-1] in invalid:
            continue
        item, found = to_item(rec, countries, roster)
        problems += found
        all_items.append(item)
        if rec["doc_id"] not in exclusions:
            items.append(item)
    if problems:
        raise RecordError(problems)
    clustering = dedup.cluster(items)
    exchanges: list[dict[str, str]] = []
    fates: dict[str, dict[str, str]] = {
        doc: {"doc_id": doc, "fate": "excluded", "exchange_id": "", "reason": reason}
        for doc, reason in exclusions.items()
    }
    details = {
        i.doc_id: {
            "source_kind": i.source_kind,
            "date": i.start,
            "date_basis": i.basis,
            "url": i.extra["record"]["url"],
            "mentions": _join(split_keys(i.extra["record"]["mentions"])),
            "foreign_side_endorses": _join(split_keys(i.extra["record"]["foreign_side_endorses"])),
            "truncated": i.extra["record"]["truncated"],
        }
        for i in all_items
    }
    for members in clustering.groups.values():
        row = exchange_row(members)
        exchanges.append(row)
        lead = dedup.primary(members)
        for m in members:
            if m is lead:
                fates[m.doc_id] = {"doc_id": m.doc_id, "fate": "kept", "exchange_id": row["exchange_id"], "reason": ""}
            else:
                how = clustering.how.get(m.doc_id, "same exchange")
                fates[m.doc_id] = {
                    "doc_id": m.doc_id,
                    "fate": "duplicate",
                    "exchange_id": row["exchange_id"],
                    "reason": f"{how} as {lead.doc_id}",
                }
    exchanges.sort(key=lambda r: (r["event_date"] or "9999", r["exchange_id"]))
    return BuildResult(
        exchanges=exchanges,
        records=[{**fates[d], **details[d]} for d in sorted(fates)],
        countries=countries_used(exchanges, countries),
    )


def countries_used(exchanges: list[dict[str, str]], countries: CountryTable) -> list[dict[str, str]]:
    """Name and continent of every country code the exchanges use (counterparts and places).

    The chapters read them from here: looking codes up needs country_converter's table, which
    takes longer to load than the chapter's own work.
    """
    codes = {c for row in exchanges for c in row["countries"].split(LIST_SEP) if c}
    codes |= {row["place_country"] for row in exchanges if row["place_country"]}
    return [{"iso3": c, "name": countries.name(c), "continent": countries.region(c)} for c in sorted(codes)]


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """CSV text of ``rows`` in ``columns`` order (the same bytes as ``csv.DictWriter``, which checks
    every row for extra keys against a list of the columns and took a third of the writing time)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in rows)
    return buf.getvalue()


def datapackage(result: BuildResult, raw_dir: Path) -> dict:
    """A Frictionless descriptor of the tables, with the raw archive's checksum as provenance."""
    from liaison.pipeline.schema import COUNTRIES_SCHEMA, EXCHANGES_SCHEMA, RECORDS_SCHEMA

    manifest = raw_dir / ARCHIVE / "SHA256SUMS"
    return {
        "name": "liaison-idcpc-exchanges",
        "title": "Exchanges of the CPC International Department, deduplicated from an archive of source pages",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": [
            {
                "title": "Coded archive of public pages on IDCPC exchanges (data/raw/idcpc-en)",
                "path": "data/raw/idcpc-en",
                "sha256_of_manifest": hashlib.sha256(manifest.read_bytes()).hexdigest(),
            }
        ],
        "resources": [
            {
                "name": "exchanges",
                "path": "exchanges.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "description": "One row per exchange; list cells are ';'-separated.",
                "schema": EXCHANGES_SCHEMA,
            },
            {
                "name": "records",
                "path": "records.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "description": "One row per raw record with its fate (kept, duplicate, excluded).",
                "schema": RECORDS_SCHEMA,
            },
            {
                "name": "countries",
                "path": "countries.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "description": "Every country code of exchanges.csv with its short name and continent "
                "(country_converter, data/reference/country_overrides.csv for EUU).",
                "schema": COUNTRIES_SCHEMA,
            },
        ],
    }


def write(result: BuildResult, out_dir: Path = PROCESSED_DIR, raw_dir: Path = RAW_DIR) -> list[Path]:
    """Write the processed files; byte-identical for identical input."""
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "exchanges.csv": to_csv(result.exchanges, EXCHANGE_COLUMNS),
        "records.csv": to_csv(result.records, RECORD_COLUMNS),
        "countries.csv": to_csv(result.countries, COUNTRY_COLUMNS),
        "datapackage.json": json.dumps(datapackage(result, raw_dir), indent=2, ensure_ascii=False) + "\n",
    }
    paths = []
    for name, text in outputs.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def summary(result: BuildResult) -> str:
    fates = Counter(r["fate"] for r in result.records)
    return (
        f"{len(result.records)} records: {fates['kept']} kept, {fates['duplicate']} duplicate, "
        f"{fates['excluded']} excluded -> {len(result.exchanges)} exchanges"
    )
