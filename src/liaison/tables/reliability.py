"""Inter-coder reliability: the archive's coding against its blind second coding.

``data/raw/idcpc-en/reliability/second-coding/`` holds a second, independent coding of a random
sample of the department's pages, in the same format as ``records/``. Agreement is measured on
the values the pipeline actually uses, after the same normalization (countries to ISO3, officials
to the roster), so spelling differences that the build would absorb do not count as disagreement.
The reliability figures of the methods chapter come from here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liaison.book.prose import Plain
from liaison.codebook import MENTION_KEYS, formulation_label
from liaison.paths import ARCHIVE_README, REFERENCE_DIR
from liaison.paths import ARCHIVE_RECORDS as FIRST_DIR
from liaison.paths import SECOND_CODING_DIR as SECOND_DIR
from liaison.pipeline.normalize import CountryTable, Roster, parse_officials
from liaison.pipeline.records import Problem, RecordError, load_records, read_record, split_keys, split_list


class ReliabilityError(ValueError):
    """The two codings cannot be paired or normalized (message names the files)."""


@dataclass(frozen=True)
class Coding:
    """One coder's values for one page, normalized as the build normalizes them."""

    doc_id: str
    source_kind: str
    page_date: str
    event_type: str
    event_date: str
    event_end_date: str
    countries: frozenset[str]
    lead_official: str
    officials: frozenset[str]
    mentions: frozenset[str]
    endorses: frozenset[str]


@dataclass(frozen=True)
class Pair:
    first: Coding
    second: Coding

    @property
    def doc_id(self) -> str:
        return self.first.doc_id


@dataclass(frozen=True)
class Field:
    """A compared field: its label, the Coding attribute, and whether kappa applies to it."""

    label: str
    attr: str
    kappa: bool = False
    note: str = ""


#: The fields compared, in the order the chapter shows them. Kappa applies where the codebook fixes
#: the categories (event type); dates, countries and officials are open sets of values.
FIELDS: tuple[Field, ...] = (
    Field("event type", "event_type", kappa=True, note="one of the codebook's types"),
    Field("event date", "event_date", note="first day, as coded"),
    Field("event end date", "event_end_date", note="multi-day events only"),
    Field("counterpart countries", "countries", note="as sets of ISO3 codes"),
    Field("lead official", "lead_official", note="first official named, canonical name"),
    Field("all officials named", "officials", note="as sets of canonical names"),
    Field("mentions", "mentions", note="the whole list of keys, order ignored"),
    Field("foreign side endorses", "endorses", note="the whole list of keys, order ignored"),
)


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa for two coders' labels of the same items.

    Percent agreement corrected for the agreement expected by chance from each coder's own label
    frequencies. NaN when chance agreement is 1 (both coders used one and the same label for every
    item): kappa is undefined there, and percent agreement is the only measure.
    """
    if len(first) != len(second):
        raise ValueError(f"the codings have {len(first)} and {len(second)} items")
    if not first:
        raise ValueError("no items to compare")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / n**2
    if expected == 1:
        return float("nan")
    return (observed - expected) / (1 - expected)


def code_record(record: dict[str, str], countries: CountryTable, roster: Roster, path: str) -> Coding:
    """Normalize one parsed record; an unmappable country or unknown official is an error."""
    codes: set[str] = set()
    for name in split_list(record["counterpart_countries"]):
        code = countries.iso3(name)
        if code is None:
            raise ReliabilityError(f"{path}: counterpart_countries: {name!r} cannot be mapped to ISO3")
        codes.add(code)
    day = record["event_date"] or record["page_date"]
    officials, problems = parse_officials(record["idcpc_officials"], day, roster, path)
    if problems:
        raise ReliabilityError("; ".join(str(p) for p in problems))
    return Coding(
        doc_id=record["doc_id"],
        source_kind=record["source_kind"],
        page_date=record["page_date"],
        event_type=record["event_type"],
        event_date=record["event_date"],
        event_end_date=record["event_end_date"],
        countries=frozenset(codes),
        lead_official=officials[0].name if officials else "",
        officials=frozenset(o.name for o in officials),
        mentions=frozenset(split_keys(record["mentions"])),
        endorses=frozenset(split_keys(record["foreign_side_endorses"])),
    )


def load_pairs(
    first_dir: Path = FIRST_DIR, second_dir: Path = SECOND_DIR, reference_dir: Path = REFERENCE_DIR
) -> list[Pair]:
    """Pair every second-coding file with its first coding (same DOCID), sorted by DOCID.

    Both codings are validated against the codebook; a second coding with no first coding is an
    error, since it cannot be compared.
    """
    second, problems = load_records(second_dir)
    if problems:
        raise RecordError(problems)
    wanted = sorted({r["doc_id"] for r in second})
    if not Path(first_dir).is_dir():
        raise RecordError([Problem(str(first_dir), "folder", "records folder not found")])
    # Only the first codings of the sampled pages are read (not the whole archive).
    by_id, first_problems = {}, []
    for doc in wanted:
        path = Path(first_dir) / f"{doc}.txt"
        if path.exists():
            values, found = read_record(path)
            first_problems += found
            if values:
                by_id[doc] = values
    if first_problems:
        raise RecordError(first_problems)
    missing = sorted(set(wanted) - set(by_id))
    if missing:
        raise ReliabilityError(
            f"{len(missing)} second-coding file(s) have no first coding in {first_dir}: {', '.join(missing)}"
        )
    countries = CountryTable.from_reference(reference_dir)
    # one batch: country_converter matches a list much faster than the same names one at a time
    codings = [rec for r in second for rec in (r, by_id[r["doc_id"]])]
    countries.resolve({n for rec in codings for n in split_list(rec["counterpart_countries"])})
    roster = Roster.from_csv(reference_dir / "officials.csv")
    pairs = []
    for rec in sorted(second, key=lambda r: r["doc_id"]):
        doc = rec["doc_id"]
        pairs.append(
            Pair(
                first=code_record(by_id[doc], countries, roster, str(first_dir / f"{doc}.txt")),
                second=code_record(rec, countries, roster, str(second_dir / f"{doc}.txt")),
            )
        )
    return pairs


def _shown(value: str | frozenset[str], labels: bool = False) -> str:
    """A coded value as text for the disagreement list (sets sorted, empty shown as such).

    ``labels``: codebook keys as their readable labels, separated by semicolons (a label may hold a comma).
    """
    if isinstance(value, frozenset):
        order = {k: i for i, k in enumerate(MENTION_KEYS)}
        ordered = sorted(value, key=lambda k: (order.get(k, len(order)), k))
        value = "; ".join(formulation_label(k) for k in ordered) if labels else ", ".join(ordered)
    return value or "(empty)"


def field_agreement(pairs: list[Pair]) -> pd.DataFrame:
    """One row per compared field: pages, identical codings, percent agreement, kappa where it applies."""
    if not pairs:
        raise ValueError("no pairs to compare")
    rows = []
    for f in FIELDS:
        a = [getattr(p.first, f.attr) for p in pairs]
        b = [getattr(p.second, f.attr) for p in pairs]
        agree = sum(x == y for x, y in zip(a, b))
        rows.append(
            {
                "field": f.label,
                "pages": len(pairs),
                "identical": agree,
                "agreement_pct": round(100 * agree / len(pairs), 1),
                "kappa": round(cohen_kappa(a, b), 3) if f.kappa else float("nan"),
                "compared": f.note,
            }
        )
    return pd.DataFrame(rows).set_index("field")


def key_agreement(pairs: list[Pair], attr: str = "mentions") -> pd.DataFrame:
    """Per codebook key: how often each coder marked it, percent agreement and Cohen's kappa.

    Each key is a yes/no judgment per page, so kappa applies key by key; ``attr`` is ``mentions``
    or ``endorses`` (the foreign side's endorsements).
    """
    if attr not in ("mentions", "endorses"):
        raise ValueError(f"attr must be 'mentions' or 'endorses', not {attr!r}")
    if not pairs:
        raise ValueError("no pairs to compare")
    rows = []
    for key in MENTION_KEYS:
        a = [key in getattr(p.first, attr) for p in pairs]
        b = [key in getattr(p.second, attr) for p in pairs]
        agree = sum(x == y for x, y in zip(a, b))
        rows.append(
            {
                "key": key,
                "both": sum(x and y for x, y in zip(a, b)),
                "first_only": sum(x and not y for x, y in zip(a, b)),
                "second_only": sum(y and not x for x, y in zip(a, b)),
                "neither": sum(not x and not y for x, y in zip(a, b)),
                "agreement_pct": round(100 * agree / len(pairs), 1),
                "kappa": round(cohen_kappa(a, b), 3),
            }
        )
    return pd.DataFrame(rows).set_index("key")


def disagreements(pairs: list[Pair], labels: bool = False) -> pd.DataFrame:
    """Every field on which the two codings differ: doc_id, field, first coding, second coding.

    ``labels``: mention keys shown as their readable labels (for the page) rather than as codes.
    """
    rows = []
    for p in pairs:
        for f in FIELDS:
            x, y = getattr(p.first, f.attr), getattr(p.second, f.attr)
            if x != y:
                rows.append({"doc_id": p.doc_id, "field": f.label, "first coding": _shown(x, labels),
                             "second coding": _shown(y, labels)})
    return pd.DataFrame(rows, columns=["doc_id", "field", "first coding", "second coding"])


def formatted(table: pd.DataFrame, na: str) -> pd.DataFrame:
    """A copy for the page: percentages and kappa as text; ``na`` where kappa is NaN.

    Pass ``na="n/a"`` for the field table (kappa is computed for event type only) and
    ``na="undefined"`` for the key tables (one label used for every page).
    """
    out = table.copy()
    out["agreement_pct"] = out["agreement_pct"].map(lambda v: f"{v:.1f}%")
    out["kappa"] = out["kappa"].map(lambda k: na if pd.isna(k) else f"{k:.2f}")
    return out.rename(columns={"agreement_pct": "agreement", "first_only": "first only", "second_only": "second only"})


def key_table(table: pd.DataFrame, na: str = "undefined") -> pd.DataFrame:
    """A key table of :func:`key_agreement` for the page: the idea's readable label as the first
    column (no index, no code keys), percentages and kappa as text (:func:`formatted`)."""
    out = formatted(table, na).reset_index()
    out["key"] = out["key"].map(formulation_label)
    return out.rename(columns={"key": "idea"})


def sample_years(pairs: list[Pair]) -> tuple[int, int]:
    """First and last year of the sampled pages (page date, else event date, of the first coding)."""
    years = sorted(int(d[:4]) for p in pairs if (d := p.first.page_date or p.first.event_date))
    if not years:
        raise ValueError("no sampled page carries a date")
    return years[0], years[-1]


def lowest_kappa(mentions: pd.DataFrame, endorses: pd.DataFrame) -> pd.Series:
    """The key with the lowest defined kappa over the two key tables of :func:`key_agreement`.

    A Series with ``key``, ``list`` ("mentions" or "endorsements"), ``kappa`` and ``agreement_pct``;
    ties go to the mentions list, then to the codebook's order of keys. No defined kappa is an error.
    """
    both = pd.concat([mentions.assign(list="mentions"), endorses.assign(list="endorsements")]).reset_index()
    both["order"] = range(len(both))
    defined = both.dropna(subset=["kappa"])
    if defined.empty:
        raise ValueError("no key has a defined kappa")
    return defined.sort_values(["kappa", "order"]).iloc[0][["key", "list", "kappa", "agreement_pct"]]


def lowest_kappa_phrase(row: pd.Series) -> Plain:
    """'the key Governance experience in the endorsements' (the key's label, never its code)."""
    return Plain(f"{formulation_label(row['key'])} in the {row['list']}")


#: The archive README's names for the fields whose agreement it states, and ours.
README_FIELDS: dict[str, str] = {
    "event type": "event type",
    "countries": "counterpart countries",
    "lead official": "lead official",
    "event date": "event date",
    "mentions": "mentions",
}


def stated_agreement(readme: Path = ARCHIVE_README) -> dict[str, tuple[int, int]]:
    """The agreement the archive's README states ("Measured on this archive: event type 40/40, ...").

    Read from the file, so the chapter compares our figures with what the archive claims rather
    than with a copy typed by hand.
    """
    text = " ".join(Path(readme).read_text(encoding="utf-8").split())
    match = re.search(r"Measured on this archive:(.*?)identical", text)
    if not match:
        raise ValueError(f"{readme}: no 'Measured on this archive: ... identical' sentence")
    stated = {name.strip(): (int(a), int(b)) for name, a, b in re.findall(r"([a-z][a-z ]*?) (\d+)/(\d+)", match.group(1))}
    if not stated:
        raise ValueError(f"{readme}: no 'field N/M' figures in {match.group(0)!r}")
    return stated


def compare_with_stated(fields: pd.DataFrame, stated: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Our identical/pages per field beside the README's figure, with whether they match."""
    rows = []
    for name, (agree, pages) in stated.items():
        if name not in README_FIELDS:
            raise ValueError(f"the README states agreement for {name!r}, which is not a compared field")
        ours = fields.loc[README_FIELDS[name]]
        rows.append(
            {
                "field": README_FIELDS[name],
                "archive README": f"{agree}/{pages}",
                "computed here": f"{int(ours['identical'])}/{int(ours['pages'])}",
                "same": "yes" if (agree, pages) == (int(ours["identical"]), int(ours["pages"])) else "no",
            }
        )
    return pd.DataFrame(rows).set_index("field")


__all__ = [
    "FIELDS",
    "FIRST_DIR",
    "SECOND_DIR",
    "Coding",
    "Field",
    "Pair",
    "ReliabilityError",
    "code_record",
    "cohen_kappa",
    "compare_with_stated",
    "disagreements",
    "field_agreement",
    "formatted",
    "key_agreement",
    "key_table",
    "load_pairs",
    "lowest_kappa",
    "lowest_kappa_phrase",
    "sample_years",
    "stated_agreement",
]
