"""Normalize coded values: countries to ISO 3166 alpha-3, officials to a roster, dates, URLs.

Country names go through ``country_converter``; what it cannot map (the European Union) is in
``data/reference/country_overrides.csv``. Department officials are matched to
``data/reference/officials.csv``, which lists the spellings the archive shows and each person's
rank by period.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.codebook import RANKS
from liaison.paths import CACHE_DIR, REFERENCE_DIR
from liaison.pipeline.records import Problem, split_list, split_url

if TYPE_CHECKING:
    import country_converter as coco

# ---------------------------------------------------------------- countries

OVERRIDES_FILE = "country_overrides.csv"
#: country_converter's answers, kept between runs (ConverterMemo).
MEMO_FILE = "country-converter-memo.json"
AMBIGUOUS_FILE = "ambiguous_country_names.csv"


def _override_rows(reference_dir: Path = REFERENCE_DIR) -> tuple[tuple[str, str, str, str], ...]:
    """(name, iso3, iso2, region) of each row of ``country_overrides.csv``: the names country_converter lacks."""
    with open(reference_dir / OVERRIDES_FILE, encoding="utf-8", newline="") as fh:
        return tuple((r["name"], r["iso3"], r["iso2"], r["region"]) for r in csv.DictReader(fh))


@lru_cache(maxsize=4)
def country_converter(overrides: tuple[tuple[str, str, str, str], ...] | None = None) -> coco.CountryConverter:
    """The process's ``country_converter.CountryConverter``, with the overrides as its ``additional_data``.

    Building one reads and compiles its whole table (and importing the package imports pandas): both
    are paid once per set of overrides, on first use. ``None`` means the checkout's overrides.
    """
    import country_converter as coco
    import pandas as pd

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)  # it logs every name it cannot match
    rows = _override_rows() if overrides is None else overrides
    extra = pd.DataFrame(
        [{"name_short": name, "name_official": name, "regex": f"^{re.escape(name.lower())}$",
          "ISO3": iso3, "ISO2": iso2, "continent": region} for name, iso3, iso2, region in rows],
        columns=["name_short", "name_official", "regex", "ISO3", "ISO2", "continent"],
    )
    return coco.CountryConverter(additional_data=extra) if rows else coco.CountryConverter()


@lru_cache(maxsize=4)
def iso3_table(overrides: tuple[tuple[str, str, str, str], ...] | None = None) -> dict[str, tuple[str, str]]:
    """ISO3 code -> (continent, short name), read from country_converter's own table (overrides included).

    These are the answers of ``convert(code, src="ISO3", to="continent" / "name_short")`` (a test
    checks every code), without its cost: ``convert`` filters the whole table once per code, about
    5 ms each. (The chapters read names and continents from the build's ``countries.csv``.)
    """
    data = country_converter(overrides).data
    return {
        iso: (continent, name)
        for iso, continent, name in zip(data["ISO3"], data["continent"], data["name_short"])
        if isinstance(iso, str)
    }


@lru_cache(maxsize=4)
def iso3_codes(overrides: tuple[tuple[str, str, str, str], ...] | None = None) -> frozenset[str]:
    """Every ISO3 code the converter knows (to tell a match from a name returned unchanged)."""
    return frozenset(iso3_table(overrides))


class ConverterMemo:
    """country_converter's answers kept in ``.cache/`` between runs: the build then neither imports it nor
    pandas (three quarters of a build's time on the archive), and gives the same answers.

    The memo holds the converter's raw answer for each name asked (before the ambiguity rule, which is
    applied every time) and its whole code table (continent, short name). It is keyed by the
    converter's version and the overrides, so a new version or a new override starts it afresh. Written
    by hand: ``functools.cache`` lasts one process, ``requests-cache`` caches HTTP, and ``diskcache``
    would be a dependency for one small JSON file. A cache that cannot be written is only not kept.
    """

    def __init__(self, overrides: tuple[tuple[str, str, str, str], ...], path: Path | None) -> None:
        from importlib.metadata import version

        self.path = path
        self.key = json.dumps([version("country_converter"), [list(r) for r in overrides]])
        self.names: dict[str, list[str]] = {}
        self.table: dict[str, tuple[str, str]] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("key") == self.key:
                self.names = data.get("names", {})
                self.table = {k: tuple(v) for k, v in data.get("table", {}).items()}

    def save(self) -> None:
        if self.path is None:
            return
        text = json.dumps({"key": self.key, "names": self.names, "table": self.table}, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self.path)
        except OSError:
            pass


@dataclass
class CountryTable:
    """Maps the archive's country names to ISO3 codes, names and continents (country_converter).

    ``overrides`` (``data/reference/country_overrides.csv``) reach country_converter as its additional
    data; ``ambiguous`` (``data/reference/ambiguous_country_names.csv``) lists bare names such as
    "Korea" or "Congo" that country_converter would map to one country although they fit two: the
    codebook forbids guessing, so they are refused with what they could be.
    """

    overrides: tuple[tuple[str, str, str, str], ...] = ()
    ambiguous: dict[str, str] = field(default_factory=dict)
    memo_path: Path | None = None  # ConverterMemo's file; None: no memo
    _iso3: dict[str, str | None] = field(default_factory=dict)
    _memo: ConverterMemo | None = field(default=None, repr=False)

    @property
    def memo(self) -> ConverterMemo:
        if self._memo is None:
            self._memo = ConverterMemo(self.overrides, self.memo_path)
        return self._memo

    def _table(self, save: bool = True) -> dict[str, tuple[str, str]]:
        """ISO3 -> (continent, short name): from the memo, or from country_converter (then memorized,
        unless the caller saves the memo itself)."""
        if not self.memo.table:
            self.memo.table = dict(iso3_table(self.overrides))
            if save:
                self.memo.save()
        return self.memo.table

    @classmethod
    def from_reference(cls, reference_dir: Path = REFERENCE_DIR) -> CountryTable:
        ambiguous: dict[str, str] = {}
        if (reference_dir / AMBIGUOUS_FILE).exists():
            with open(reference_dir / AMBIGUOUS_FILE, encoding="utf-8", newline="") as fh:
                ambiguous = {r["name"].casefold(): r["could_be"] for r in csv.DictReader(fh)}
        return cls(overrides=_override_rows(reference_dir), ambiguous=ambiguous, memo_path=CACHE_DIR / MEMO_FILE)

    def resolve(self, names: set[str]) -> None:
        """Convert all names at once (country_converter is much faster on a batch).

        The converter is made once per process and set of overrides (:func:`country_converter`).
        """
        todo = sorted(n for n in names if n not in self._iso3)
        if not todo:
            return
        unknown = [n for n in todo if n not in self.memo.names]
        if unknown:
            answers = country_converter(self.overrides).convert(unknown, to="ISO3", not_found=None, enforce_list=True)
            self.memo.names.update({n: [str(c) for c in found] for n, found in zip(unknown, answers)})
            self._table(save=False)
            self.memo.save()  # the new names and, on a cold memo, the table: one write
        valid = self._table()
        for name in todo:
            found = self.memo.names[name]
            # a name it cannot match comes back unchanged, an ambiguous one as several codes: only a
            # single real ISO3 code counts as a match, and never for a name listed as ambiguous
            ok = len(found) == 1 and found[0] in valid and name.casefold() not in self.ambiguous
            self._iso3[name] = found[0] if ok else None

    def iso3(self, name: str) -> str | None:
        if name not in self._iso3:
            self.resolve({name})
        return self._iso3[name]

    def problem(self, name: str) -> str:
        """Why ``name`` has no code, for the build's message."""
        if name.casefold() in self.ambiguous:
            return (f"country {name!r} is ambiguous (it could be {self.ambiguous[name.casefold()]}); "
                    "the codebook forbids guessing: name the country")
        return f"country {name!r} cannot be mapped to ISO 3166 alpha-3"

    def region(self, code: str) -> str:
        """The continent of an ISO3 code ('Unknown' for a code the table lacks)."""
        continent = self._table().get(code, ("",))[0]
        return continent if isinstance(continent, str) and continent else "Unknown"

    def name(self, code: str) -> str:
        """Short English name of an ISO3 code; the code itself if unknown."""
        found = self._table().get(code, ("", ""))[1]
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
    path = split_url(url).path
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
    parts = split_url(url.strip())
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
