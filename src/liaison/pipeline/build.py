"""Build ``data/processed/`` from ``data/raw/``: read, review, validate, normalize, exclude, deduplicate, write.

Every raw record ends in ``records.csv`` as kept, duplicate or excluded, and every row of the side
table of reported figures in ``reported-figures.csv`` with its page's fate. The build stops with the
full list of problems (file and field) if any input is invalid, and then writes nothing.
"""

from __future__ import annotations

import csv
import functools
import gc
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ParamSpec, TypeVar

from liaison.codebook import LIST_SEP, MENTION_KEYS, UNNAMED
from liaison.paths import ARCHIVE, PROCESSED_DIR, RAW_DIR, REFERENCE_DIR
from liaison.pipeline import dedup, output, reported, window_review
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
from liaison.pipeline.parties import AliasTable, AliasTableError, PartyFacts, PartyRow, UnreviewedOrgError
from liaison.pipeline.raw import Source, load_all
from liaison.pipeline.records import Problem, RecordError, split_keys, split_list
from liaison.pipeline.review import Reviews

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
    "party_ids",
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
    "rules_exchange_id",
    "raw_folder",
    "source_kind",
    "date",
    "date_basis",
    "corrected_fields",
    "url",
    "mentions",
    "foreign_side_endorses",
    "truncated",
)
COUNTRY_COLUMNS: tuple[str, ...] = ("iso3", "name", "continent")
PARTY_COLUMNS: tuple[str, ...] = (
    "party_id", "partyfacts_id", "name_english", "iso3", "names_seen", "n_exchanges", "first_date", "last_date",
)
#: An exchange whose pages' own dates lie further apart than this is two exchanges merged by mistake.
MAX_EXCHANGE_SPREAD_DAYS = 62


@dataclass
class BuildResult:
    exchanges: list[dict[str, str]]
    records: list[dict[str, str]]
    countries: list[dict[str, str]]
    parties: list[dict[str, str]] = field(default_factory=list)
    figures: list[dict[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def load_exclusions(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """``doc_id -> reason``; a row without a reason, or a DOCID twice, is a problem."""
    exclusions: dict[str, str] = {}
    problems: list[Problem] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            if not row["reason"].strip():
                problems.append(Problem(str(path), f"row {lineno} ({row['doc_id']})", "no reason given"))
            elif row["doc_id"] in exclusions:
                problems.append(Problem(str(path), f"row {lineno} ({row['doc_id']})", "the record is excluded twice"))
            exclusions[row["doc_id"]] = row["reason"]
    return exclusions, problems


def to_item(rec: dict[str, str], countries: CountryTable, roster: Roster,
            reviewed: bool = False) -> tuple[dedup.Item, list[Problem]]:
    """Normalize one record for matching; unmappable countries and unknown officials are problems.

    ``reviewed``: the record's event date comes from ``data/reference/dates.csv`` (basis ``reviewed``).
    """
    path = rec.get("path", rec["doc_id"])
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
                problems.append(Problem(path, fieldname, countries.problem(name)))
            if code is not None or fieldname == "place":
                found.append(code)
    if rec["event_date"]:
        start, basis = rec["event_date"], "reviewed" if reviewed else "event_date"
    elif rec["page_date"]:
        start, basis = rec["page_date"], "page_date"
    else:
        start = date_from_url(rec["url"])
        basis = "url" if start else ""
    end = rec["event_end_date"] if basis in dedup.EVENT_BASES else ""
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
    dated = dedup.dated_members(ordered)
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
        "party_ids": _join(sorted({p for m in ordered for p in m.extra["party_ids"]})),
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


def _spread_problems(clustering: dedup.Clustering) -> list[Problem]:
    """Exchanges whose pages' own dates lie months apart: two unrelated records merged (a bug, or bad input)."""
    problems = []
    for members in clustering.groups.values():
        days = sorted(date.fromisoformat(m.start) for m in members if m.start)
        if days and (days[-1] - days[0]).days > MAX_EXCHANGE_SPREAD_DAYS:
            first, last = min(members, key=lambda m: m.start or "9999"), max(members, key=lambda m: m.start)
            problems.append(Problem(first.extra["record"]["path"], "exchange",
                                    f"merged with {last.extra['record']['path']} into one exchange although their dates "
                                    f"({first.start}, {last.start}) are {(days[-1] - days[0]).days} days apart"))
    return problems


def _party_ids(rec: dict[str, str], codes: list[str], alias: AliasTable) -> tuple[list[str], list[Problem]]:
    try:
        return alias.resolve(split_list(rec["counterpart_orgs"]), set(codes)), []
    except UnreviewedOrgError as exc:
        return [], [Problem(rec["path"], "counterpart_orgs",
                            f"{name!r} reads as a party but is in neither parties.csv nor non-party-orgs.csv "
                            "(review it: tools/party_candidates.py)") for name in exc.names]
    except ValueError as exc:
        return [], [Problem(rec["path"], "counterpart_orgs", str(exc))]


def parties_table(exchanges: list[dict[str, str]], printed_names: set[str], alias: AliasTable,
                  partyfacts: PartyFacts) -> list[dict[str, str]]:
    """One row per counterpart party of the exchanges: its ids, the names printed for it, how often and when.

    ``printed_names`` are the counterpart organizations as the exchanges' pages print them.
    """
    seen: dict[str, dict] = {}
    for row in exchanges:
        for party_id in row["party_ids"].split(LIST_SEP) if row["party_ids"] else []:
            entry = seen.setdefault(party_id, {"exchanges": 0, "dates": []})
            entry["exchanges"] += 1
            if row["event_date"]:
                entry["dates"].append(row["event_date"])
    printed: dict[str, list[str]] = {}
    first: dict[str, PartyRow] = {}  # party_id -> its first alias row (the one that carries its ids)
    for party_row in alias.rows():
        printed.setdefault(party_row.party_id, []).append(party_row.name_as_printed)
        first.setdefault(party_row.party_id, party_row)
    rows = []
    for party_id in sorted(seen):
        first_row = first[party_id]
        pf = partyfacts.parties.get(first_row.partyfacts_id) if first_row.partyfacts_id else None
        names = sorted(n for n in printed[party_id] if n in printed_names)
        rows.append({
            "party_id": party_id,
            "partyfacts_id": first_row.partyfacts_id,
            "name_english": (pf.name_english or pf.name) if pf else _local_name(names),
            "iso3": first_row.iso3,
            "names_seen": LIST_SEP.join(names),
            "n_exchanges": str(seen[party_id]["exchanges"]),
            "first_date": min(seen[party_id]["dates"], default=""),
            "last_date": max(seen[party_id]["dates"], default=""),
        })
    return rows


def _local_name(names: list[str]) -> str:
    """A party Party Facts lacks is named by its longest printed name without the acronym in parentheses."""
    bare = [n.split(" (")[0].strip() for n in names]
    return max(bare, key=lambda n: (len(n), n)) if bare else ""


@_without_cyclic_gc
def build(raw_dir: Path = RAW_DIR, reference_dir: Path = REFERENCE_DIR, today: date | None = None) -> BuildResult:
    """Run the whole pipeline in memory; raise RecordError listing every problem."""
    reviews, problems = Reviews.load(reference_dir, today)
    records, found, sources = load_all(raw_dir, today, reviews.amend)
    problems += found
    known = {r["doc_id"] for r in records}
    problems += reviews.unknown(known, reference_dir)
    exclusions, found = load_exclusions(reference_dir / "exclusions.csv")
    problems += found
    for doc_id in sorted(set(exclusions) - known):
        problems.append(Problem(str(reference_dir / "exclusions.csv"), doc_id, "excluded DOCID is not a raw record"))
    countries = CountryTable.from_reference(reference_dir)
    countries.resolve(  # each distinct value split once: many records name the same countries
        {n for value in {r.get("counterpart_countries", "") for r in records} for n in split_list(value)}
        | {n for value in {r.get("place", "") for r in records} for n in place_countries(value)}
    )
    roster = Roster.from_csv(reference_dir / "officials.csv")
    try:
        partyfacts = PartyFacts.load(reference_dir)
        alias = AliasTable.load(reference_dir, partyfacts)
    except AliasTableError as exc:
        raise RecordError([Problem(str(reference_dir), "parties", p) for p in exc.problems]) from None
    claim_ids = _claim_ids(reference_dir / "claims.csv")
    figure_rows, found = reported.load(raw_dir / ARCHIVE / reported.FIGURES_FILE, known, claim_ids, today)
    problems += found
    decisions, found = window_review.load(reference_dir)
    problems += found
    invalid = {p.path for p in problems}
    items: list[dedup.Item] = []
    all_items: list[dedup.Item] = []
    for rec in records:
        if rec["path"] in invalid:
            continue
        item, found = to_item(rec, countries, roster, rec["doc_id"] in reviews.dated)
        ids, party_problems = _party_ids(rec, item.extra["countries"], alias)
        item.extra["party_ids"] = ids
        problems += found + party_problems
        all_items.append(item)
        if rec["doc_id"] not in exclusions:
            items.append(item)
    if problems:
        raise RecordError(problems)
    clustering = dedup.cluster(items)
    ids = {root: dedup.exchange_id(members, dedup.first_day(members)) for root, members in clustering.groups.items()}
    rules_ids = {m.doc_id: ids[root] for root, members in clustering.groups.items() for m in members}
    groups, reviewed_how, review_excluded, found = window_review.apply(
        clustering.groups, ids, decisions, reference_dir / window_review.REVIEW_FILE)
    clustering = dedup.Clustering(groups, {**clustering.how, **reviewed_how})
    problems = found + _spread_problems(clustering)
    if problems:
        raise RecordError(problems)
    exchanges: list[dict[str, str]] = []
    fates: dict[str, dict[str, str]] = {
        doc: {"doc_id": doc, "fate": "excluded", "exchange_id": "", "reason": reason}
        for doc, reason in {**exclusions, **review_excluded}.items()
    }
    details = {
        i.doc_id: {
            "rules_exchange_id": rules_ids.get(i.doc_id, ""),
            "raw_folder": i.extra["record"]["raw_folder"],
            "source_kind": i.source_kind,
            "date": i.start,
            "date_basis": i.basis,
            "corrected_fields": _join(reviews.corrected.get(i.doc_id, [])),
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
        parties=parties_table(exchanges, {o for i in items for o in split_list(i.extra["record"]["counterpart_orgs"])},
                              alias, partyfacts),
        figures=reported.processed(figure_rows, fates),
        sources=sources,
    )


def _claim_ids(path: Path) -> set[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["claim_id"] for row in csv.DictReader(fh)}


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


def _resource(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "encoding": "utf-8", "description": description, "schema": schema}


def datapackage(result: BuildResult) -> dict:
    """A Frictionless descriptor of the tables, with each raw folder's verified manifest as provenance."""
    from liaison.pipeline.schema import (
        COUNTRIES_SCHEMA,
        EXCHANGES_SCHEMA,
        FIGURES_SCHEMA,
        PARTIES_SCHEMA,
        RECORDS_SCHEMA,
    )

    return {
        "name": "liaison-idcpc-exchanges",
        "title": "Exchanges of the CPC International Department, deduplicated from an archive of source pages",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": [
            {
                "title": "Coded archive of public pages on IDCPC exchanges" if s.name == ARCHIVE
                else f"Records fetched by liaison fetch ({s.name})",
                "path": f"data/raw/{s.name}",
                "sha256_of_manifest": s.manifest_sha256,
            }
            for s in result.sources
        ] + [
            {
                "title": "Party Facts core parties (Döring and Regel 2019), data/reference/partyfacts",
                "path": "https://partyfacts.herokuapp.com/",
            }
        ],
        "resources": [
            _resource("exchanges", "One row per exchange; list cells are ';'-separated.", EXCHANGES_SCHEMA),
            _resource("records", "One row per raw record with its fate (kept, duplicate, excluded).", RECORDS_SCHEMA),
            _resource("countries", "Every country code of exchanges.csv with its short name and continent "
                      "(country_converter, with data/reference/country_overrides.csv for EUU).", COUNTRIES_SCHEMA),
            _resource("parties", "Every counterpart party of the exchanges (data/reference/parties.csv), with its "
                      "Party Facts id where it has one.", PARTIES_SCHEMA),
            _resource("reported-figures", "The figures archived pages report about the department's reach or an "
                      "event's attendance, with the exchange and fate of the page.", FIGURES_SCHEMA),
        ],
    }


def outputs(result: BuildResult) -> dict[str, str]:
    """The processed files' names and texts; byte-identical for identical input."""
    return {
        "exchanges.csv": to_csv(result.exchanges, EXCHANGE_COLUMNS),
        "records.csv": to_csv(result.records, RECORD_COLUMNS),
        "countries.csv": to_csv(result.countries, COUNTRY_COLUMNS),
        "parties.csv": to_csv(result.parties, PARTY_COLUMNS),
        "reported-figures.csv": to_csv(result.figures, reported.PROCESSED_COLUMNS),
        "datapackage.json": json.dumps(datapackage(result), indent=2, ensure_ascii=False) + "\n",
    }


def write(result: BuildResult, out_dir: Path = PROCESSED_DIR) -> list[Path]:
    """Write the processed files all at once (``liaison.pipeline.output``): complete, or not at all."""
    return output.write_folder(out_dir, outputs(result))


def summary(result: BuildResult) -> str:
    fates = Counter(r["fate"] for r in result.records)
    return (
        f"{len(result.records)} records: {fates['kept']} kept, {fates['duplicate']} duplicate, "
        f"{fates['excluded']} excluded -> {len(result.exchanges)} exchanges"
    )
