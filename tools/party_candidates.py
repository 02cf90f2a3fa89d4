"""Draft a review worksheet for counterpart organizations that read as parties but are not yet reviewed.

    python tools/party_candidates.py WORKSHEET.csv [--all]

For every party-like organization name in the archive that is in neither data/reference/parties.csv nor
data/reference/non-party-orgs.csv (with --all: every party-like name, reviewed or not), one row: the name,
the countries its records give (ISO3 with record counts), a few of its records, and the top three
Party Facts candidates by country and name similarity. The worksheet is a draft: every link that goes
into parties.csv is checked by hand (same country, clearly the same party), never copied blindly.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from liaison.paths import ARCHIVE_RECORDS, REFERENCE_DIR
from liaison.pipeline import parties
from liaison.pipeline.normalize import CountryTable
from liaison.pipeline.records import load_records, split_list

TOP = 3


def archive_orgs(records_dir: Path = ARCHIVE_RECORDS) -> dict[str, tuple[Counter, list[str]]]:
    """Each printed counterpart organization -> (ISO3 codes of its records' countries, its DOCIDs)."""
    records, problems = load_records(records_dir)
    if problems:
        sys.exit("\n".join(str(p) for p in problems))
    countries = CountryTable.from_reference(REFERENCE_DIR)
    countries.resolve({c for r in records for c in split_list(r["counterpart_countries"])})
    found: dict[str, tuple[Counter, list[str]]] = defaultdict(lambda: (Counter(), []))
    for record in records:
        codes = [countries.iso3(c) or f"?{c}" for c in split_list(record["counterpart_countries"])]
        for org in split_list(record["counterpart_orgs"]):
            found[org][0].update(codes)
            found[org][1].append(record["doc_id"])
    return dict(found)


def load_tables() -> parties.AliasTable:
    """The reviewed tables, or empty ones while they are first drafted."""
    ref = REFERENCE_DIR
    if (ref / parties.PARTIES_FILE).exists() and (ref / parties.NON_PARTY_FILE).exists():
        return parties.AliasTable.load(ref)
    return parties.AliasTable({}, {})


def worksheet(include_reviewed: bool = False) -> pd.DataFrame:
    orgs = archive_orgs()
    table = load_tables()
    pf = parties.PartyFacts.load()
    rows = []
    for name in sorted(orgs):
        if not parties.party_like(name) or (table.reviewed(name) and not include_reviewed):
            continue
        codes, docs = orgs[name]
        row = {
            "name_as_printed": name,
            "reviewed": "yes" if table.reviewed(name) else "",
            "countries": "; ".join(f"{c}:{n}" for c, n in codes.most_common()),
            "n_records": len(docs),
            "doc_ids": "; ".join(docs[:3]),
        }
        # candidates from every country the records give (a multilateral record gives many)
        found = parties.candidates(name, [c for c in codes if not c.startswith("?")], pf, n=TOP)
        for i in range(TOP):
            cand = found[i] if i < len(found) else None
            row[f"cand{i + 1}_id"] = cand.partyfacts_id if cand else ""
            row[f"cand{i + 1}_country"] = cand.country if cand else ""
            row[f"cand{i + 1}_names"] = cand.label if cand else ""
            row[f"cand{i + 1}_score"] = cand.score if cand else ""
        rows.append(row)
    columns = ["name_as_printed", "reviewed", "countries", "n_records", "doc_ids"] + [
        f"cand{i}_{part}" for i in range(1, TOP + 1) for part in ("id", "country", "names", "score")
    ]
    return pd.DataFrame(rows, columns=columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the worksheet (CSV)")
    parser.add_argument("--all", action="store_true", help="include names already reviewed")
    args = parser.parse_args()
    sheet = worksheet(include_reviewed=args.all)
    sheet.to_csv(args.out, index=False)
    print(f"{len(sheet)} party-like name(s) {'in the archive' if args.all else 'to review'}; wrote {args.out}")


if __name__ == "__main__":
    main()
