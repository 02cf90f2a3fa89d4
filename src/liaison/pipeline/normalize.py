"""Normalize coded values: countries to ISO 3166 alpha-3, officials to a roster, dates, URLs.

Country names go through ``country_converter``; what it cannot map (the European Union) is in
``data/reference/country_overrides.csv``. Department officials are matched to
``data/reference/officials.csv``, which lists the spellings the archive shows and each person's
rank by period.
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from liaison.codebook import RANKS
from liaison.paths import REFERENCE_DIR
from liaison.pipeline.records import Problem, split_list

if TYPE_CHECKING:
    import country_converter as coco

# ---------------------------------------------------------------- countries

@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Every ISO3 code country_converter knows (to tell a match from a name returned unchanged)."""
    return frozenset(iso3_table())


@lru_cache(maxsize=1)
def iso3_table() -> dict[str, tuple[str, str]]:
    """ISO3 code -> (continent, short name), read from country_converter's own table.

    These are the answers of ``convert(code, src="ISO3", to="continent" / "name_short")`` (a test
    checks every code), without its cost: ``convert`` filters the whole table once per code, about
    5 ms each. (The chapters read names and continents from the build's ``countries.csv``.)
    """
    data = country_converter().data
    return {
        iso: (continent, name)
        for iso, continent, name in zip(data["ISO3"], data["continent"], data["name_short"])
        if isinstance(iso, str)
    }


@lru_cache(maxsize=1)
def country_converter() -> coco.CountryConverter:
    """The process's one ``country_converter.CountryConverter`` (building one reads and compiles its
    whole table, and importing the package imports pandas: both are paid once, on first use)."""
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)  # it logs every name it cannot match
    return coco.CountryConverter()


@dataclass
class CountryTable:
    """Maps the archive's country names to ISO3 codes and regions (country_converter + overrides)."""

    overrides: dict[str, tuple[str, str]] = field(default_factory=dict)
    _iso3: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_reference(cls, reference_dir: Path = REFERENCE_DIR) -> CountryTable:
        with open(reference_dir / "country_overrides.csv", encoding="utf-8", newline="") as fh:
            rows = {r["name"]: (r["iso3"], r["region"]) for r in csv.DictReader(fh)}
        return cls(overrides=rows)

    def resolve(self, names: set[str]) -> None:
        """Convert all names at once (country_converter is much faster on a batch).

        The converter is made once per process (:func:`country_converter`).
        """
        todo = sorted(n for n in names if n not in self._iso3 and n not in self.overrides)
        if not todo:
            return
        converter = country_converter()
        valid = iso3_codes()
        codes = converter.convert(todo, to="ISO3", not_found=None, enforce_list=True)
        for name, found in zip(todo, codes):
            # a name it cannot match comes back unchanged, an ambiguous one as several codes: only a
            # single real ISO3 code counts as a match
            self._iso3[name] = found[0] if len(found) == 1 and found[0] in valid else None

    def iso3(self, name: str) -> str | None:
        if name in self.overrides:
            return self.overrides[name][0]
        if name not in self._iso3:
            self.resolve({name})
        return self._iso3[name]

    def _override(self, code: str) -> tuple[str, str] | None:
        """(name, region) of the first override that maps to ``code``, if any."""
        for name, (iso, region) in self.overrides.items():
            if iso == code:
                return name, region
        return None

    def region(self, code: str) -> str:
        """The continent of an ISO3 code (the overrides' region for codes they define)."""
        if override := self._override(code):
            return override[1]
        continent = iso3_table().get(code, ("",))[0]
        return continent if isinstance(continent, str) and continent else "Unknown"

    def name(self, code: str) -> str:
        """Short English name of an ISO3 code (the override's name for codes they define); the code if unknown."""
        if override := self._override(code):
            return override[0]
        found = iso3_table().get(code, ("", ""))[1]
        return found if isinstance(found, str) and found else code


_PARENTHESIS = re.compile(r"\s*\(.*?\)\s*")


def place_countries(place: str) -> list[str]:
    """Country names in a ``place`` value: 'City, Country' items separated by ';'."""
    names = []
    for part in split_list(place):
        part = _PARENTHESIS.sub(" ", part).strip()
        if part:
            names.append(part.split(",")[-1].strip())
    return names


def place_city(place: str) -> str:
    """The city of a single-place value ('Beijing, China' -> 'beijing'), else ''."""
    parts = split_list(place)
    if len(parts) != 1 or "," not in parts[0]:
        return ""
    return parts[0].split(",")[0].strip().lower()


# ---------------------------------------------------------------- officials


@dataclass(frozen=True)
class RosterRow:
    name: str
    rank: str
    valid_from: str
    valid_to: str


@dataclass
class Roster:
    """Canonical department officials: spelling variants and rank by period."""

    rows: list[RosterRow]
    lookup: dict[str, str]

    @classmethod
    def from_csv(cls, path: Path = REFERENCE_DIR / "officials.csv") -> Roster:
        rows: list[RosterRow] = []
        lookup: dict[str, str] = {}
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                name = r["name"].strip()
                for spelling in [name, *r["variants"].split("|")]:
                    if spelling.strip():
                        lookup[_name_key(spelling)] = name
                if r["rank"] and r["rank"] not in RANKS:
                    raise ValueError(f"{path}: rank {r['rank']!r} of {name} is not one of {RANKS}")
                rows.append(RosterRow(name, r["rank"], r["valid_from"], r["valid_to"]))
        return cls(rows, lookup)

    def canonical(self, printed_name: str) -> str | None:
        return self.lookup.get(_name_key(printed_name))

    def rank_on(self, name: str, day: str) -> str | None:
        """The roster's rank for ``name`` on ``day`` (ISO date), or None if it does not say."""
        for row in self.rows:
            if row.name != name or not row.rank:
                continue
            undated = not row.valid_from and not row.valid_to
            if undated or (day and (row.valid_from or "0000") <= day <= (row.valid_to or "9999")):
                return row.rank
        return None


_NAME_NOISE = re.compile(r"[\s\-\"'.]")


def _name_key(name: str) -> str:
    return _NAME_NOISE.sub("", name).lower()


_RANK_RULES: tuple[tuple[str, str], ...] = (
    (r"assistant[- ]?minister|assistant to the head", "Assistant-minister"),
    (r"(vice|deputy)[- ]?(minister|head|ministro)|vice[- ]head|deputy chairman of .*department|副部长|副部長", "Vice-minister"),
    (r"(deputy|vice)[- ]director|deputy secretary", "Deputy director-general"),
    (r"director[- ]?general|director general", "Director-general"),
    (r"division|section|secretary|spokes|research|inspector|cent(er|re)\b|bureau|official", "Other official"),
    (r"minister|head|chief|director|部长|部長|ministro|jefe|chefe|trưởng|puno", "Minister"),
)


_RANK_PATTERNS = tuple((re.compile(pattern), rank) for pattern, rank in _RANK_RULES)


def rank_from_title(title: str) -> str:
    """Canonical rank from a printed title, by the first matching rule (order matters)."""
    text = title.lower()
    for pattern, rank in _RANK_PATTERNS:
        if pattern.search(text):
            return rank
    return "Unknown"


@dataclass(frozen=True)
class Official:
    name: str
    rank: str
    printed: str


_OFFICIAL = re.compile(r"^(\([^)]*\)|[^(]*)(.*)$")


def parse_officials(value: str, day: str, roster: Roster, path: str) -> tuple[list[Official], list[Problem]]:
    """Split ``idcpc_officials`` into canonical officials; unknown names are problems."""
    officials: list[Official] = []
    problems: list[Problem] = []
    for item in split_list(value):
        match = _OFFICIAL.match(item)
        printed_name, title = match.group(1).strip(), match.group(2)
        name = roster.canonical(printed_name)
        if name is None:
            problems.append(
                Problem(path, "idcpc_officials", f"official {printed_name!r} is not in data/reference/officials.csv")
            )
            continue
        rank = roster.rank_on(name, day) or rank_from_title(title)
        officials.append(Official(name, rank, item))
    return officials, problems


# ---------------------------------------------------------------- dates and urls

_URL_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(20\d{2})/(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"),
)


def date_from_url(url: str) -> str:
    """A YYYY-MM-DD date printed in a URL path (e.g. /2018/0417/ or t20180417_), else ''."""
    path = urlsplit(url).path
    for pattern in _URL_DATE_PATTERNS:
        match = pattern.search(path)
        if match:
            return "-".join(match.groups())
    return ""


_IDCPC_HOSTS = {"idcpc.org.cn", "idcpc.gov.cn"}


def url_key(url: str) -> str:
    """A URL reduced to what identifies the page: no scheme, 'www.', trailing dot or slash.

    The department's two hosts (idcpc.org.cn / idcpc.gov.cn) serve the same pages.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").lower()
    host = host[4:] if host.startswith("www.") else host
    if host in _IDCPC_HOSTS:
        host = "idcpc.org.cn"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


_NON_WORD = re.compile(r"\W+")
_NON_WORD_CHAR = re.compile(r"[^\w]")


@cache
def title_key(title: str) -> str:
    """Headline reduced to letters and digits, for spotting the same article on several sites."""
    return _NON_WORD.sub("", title).lower()


def person_keys(value: str) -> frozenset[str]:
    """Counterpart names reduced to letters ('Choe Ryong-hae' == 'Choe Ryong Hae')."""
    keys = set()
    for item in split_list(value):
        name = item.partition("(")[0]
        key = _NON_WORD_CHAR.sub("", name).lower()
        if len(key) >= 4:
            keys.add(key)
    return frozenset(keys)
