"""Which counterpart organizations are political parties, and which party each printed name is.

The archive prints the same party several ways ("Komeito", "New Komeito Party of Japan", "Komeito (公明党)"),
so counting distinct printed names overcounts parties. Each printed name that is a party (or one of its
organs: central committee, international department, youth wing) is linked by hand, in the reviewed table
``data/reference/parties.csv``, to one party key: the party's Party Facts id (Döring & Regel 2019, Party
Politics 25(2): 97-109), or, for a party Party Facts does not list, a local key ``iso3-slug``.
Names that read as parties by the name rule but are not one party (parliaments, unions, associations of
parties, groups of unnamed parties) are listed in ``data/reference/non-party-orgs.csv``.

A name that reads as a party (:func:`party_like`) and is in neither table is an error, not a guess: it
must be reviewed (``tools/party_candidates.py`` drafts a worksheet of Party Facts candidates for it).
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from liaison.paths import REFERENCE_DIR
from liaison.pipeline.records import split_list

PARTIES_FILE = "parties.csv"
NON_PARTY_FILE = "non-party-orgs.csv"
PARTYFACTS_DIR = "partyfacts"
PARTY_COLUMNS: tuple[str, ...] = ("name_as_printed", "iso3", "partyfacts_id", "local_key", "note")
NON_PARTY_COLUMNS: tuple[str, ...] = ("name_as_printed", "kind", "note")
#: What a non-party row is; each kind is a reason the name must not count as one party.
NON_PARTY_KINDS: tuple[str, ...] = (
    "parliament",          # a legislature or one of its chambers, committees or friendship groups
    "parliamentary_group", # a group of members of a parliament (cross-party, or a party group in a parliament)
    "government",          # a government, ministry, agency or intergovernmental body
    "party_association",   # an association or forum of parties (Socialist International, ICAPP): many parties
    "several_parties",     # a description of several parties ("38 African political parties")
    "unidentified_party",  # a party the page does not name, or names so that it cannot be told which one it is
    "other",               # a non-party organization whose name reads like a party (say what in the note)
)

_LOCAL_KEY = re.compile(r"[a-z]{3}(-[a-z0-9]+)+")
_ISO3 = re.compile(r"[A-Z]{3}")
_PF_ID = re.compile(r"[1-9][0-9]*")


# ---------------------------------------------------------------- the name rule

#: Words that make an organization's name read as a party. Adapted from the earlier counting rule's word list:
#: the same words, plus "party" in Italian and Indonesian (partito, partai), alliance/alianza, coalition,
#: bloc and democrats, which several parties in the archive carry instead of "party". A match only means
#: "needs review": the reviewed tables decide what is a party.
_PARTY_WORDS = re.compile(
    r"part(y|ies|ido|i\b|ei|ij|ito\b|ai\b)|\bfront\b|frente|congress|league|movement|movimiento|union\b|unión|"
    r"alliance|alianza|coalition|\bbloc\b|democrats\b|"
    r"\bfatah\b|komeito|\bccm\b|chama cha|united russia|\bswapo\b|\bfrelimo\b|\bmpla\b|\bzanu|\bpsuv\b|\bpcc\b|"
    r"\banc\b|\bsnp\b|\bfln\b|\bnld\b|baath|\bamal\b|\bkmt\b|kuomintang|nation's future",
    re.IGNORECASE,
)


def party_like(name: str) -> bool:
    """True when an organization's printed name reads as a political party (the trigger for review)."""
    return bool(_PARTY_WORDS.search(name))


# ---------------------------------------------------------------- names

# Articles only (English, Romance, German): they vary between printings of one name and carry nothing.
_ARTICLES = frozenset(["the", "a", "an", "la", "le", "les", "el", "los", "las", "il", "lo", "gli", "i", "der", "die", "das"])
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalize(name: str) -> str:
    """A comparable form of a name: no accents, case, punctuation or articles ("People’s" -> "peoples")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_APOSTROPHES).casefold()
    text = re.sub(r"'", "", text)  # possessives and elisions: "people's" -> "peoples", "l'union" -> "lunion"
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(tok for tok in text.split() if tok not in _ARTICLES)


def _top_level_parentheses(name: str) -> tuple[str, list[str]]:
    """The name with its top-level parentheses removed, and their contents (nested ones kept inside)."""
    outside: list[str] = []
    inside: list[str] = []
    depth, current = 0, []
    for ch in name:
        if ch == "(":
            if depth == 0:
                outside.append("".join(current))
                current = []
            else:
                current.append(ch)
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                inside.append("".join(current))
                current = []
            else:
                current.append(ch)
        else:
            current.append(ch)
    (inside if depth else outside).append("".join(current))
    return " ".join(outside), inside


def aliases(name: str) -> set[str]:
    """Normalized forms of a printed name: whole, without its parentheses, and each parenthesized part.

    "Communist Party of Cuba (PCC)" gives "communist party of cuba pcc", "communist party of cuba" and
    "pcc": the acronym is a separate alias, so it can match a Party Facts short name on its own.
    """
    bare, parts = _top_level_parentheses(name)
    forms = {normalize(name), normalize(bare)}
    for part in parts:
        forms.add(normalize(part))
        forms.update(normalize(piece) for piece in part.split(","))
    return {form for form in forms if form}


# ---------------------------------------------------------------- Party Facts

@dataclass
class PartyFactsParty:
    """One Party Facts party with every name the two vendored files give it."""

    partyfacts_id: str
    country: str
    name_short: str = ""
    name: str = ""
    name_english: str = ""
    years: str = ""
    packed: list[str] = field(default_factory=list)  # the name cells as the files give them

    @property
    def names(self) -> set[str]:
        """Every name (English, native, short, other, Wikidata), unpacked on use: the build needs none."""
        return {n for cell in self.packed for n in _split_names(cell)}

    def label(self) -> str:
        shown = " / ".join(dict.fromkeys(n for n in (self.name_short, self.name_english, self.name) if n))
        return f"{shown} [{self.years}]" if self.years else shown


def _split_names(value: str) -> list[str]:
    """Party Facts packs alternatives as "a / b" and prefixes languages ("Pashto: ...")."""
    names = []
    for piece in re.split(r"\s/\s|;|\n", value):
        piece = re.sub(r"^\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?:\s*", "", piece).strip()
        if piece:
            names.append(piece)
    return names


@dataclass
class PartyFacts:
    """The Party Facts core list (technical rows skipped) plus the names of its Wikidata link file.

    A party that is only in the Wikidata file still has a Party Facts id; it is kept (with its country).
    """

    parties: dict[str, PartyFactsParty]
    by_country: dict[str, list[str]]
    _normalized: dict[str, set[str]] = field(default_factory=dict)

    @property
    def normalized(self) -> dict[str, set[str]]:
        """id -> set of normalized names, for :func:`candidates`; computed on first use (the build needs
        only ids and countries, and normalizing 20,000 names took most of its time)."""
        if not self._normalized:
            self._normalized.update({pid: {form for n in party.names for form in aliases(n)}
                                     for pid, party in self.parties.items()})
        return self._normalized

    @classmethod
    def load(cls, reference_dir: Path | None = None) -> PartyFacts:
        folder = (reference_dir or REFERENCE_DIR) / PARTYFACTS_DIR
        parties: dict[str, PartyFactsParty] = {}
        with (folder / "partyfacts-core-parties.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["technical"].strip():
                    continue
                party = PartyFactsParty(
                    row["partyfacts_id"], row["country"], row["name_short"], row["name"], row["name_english"],
                    "-".join(y for y in (row["year_first"], row["year_last"]) if y) if row["year_first"] else "",
                )
                party.packed += [row[col] for col in ("name_short", "name", "name_english", "name_other") if row[col]]
                parties[party.partyfacts_id] = party
        with (folder / "partyfacts-wikidata.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                party = parties.setdefault(
                    row["partyfacts_id"],
                    PartyFactsParty(row["partyfacts_id"], row["country"], row["name_short"], row["name_native"], row["name"]),
                )
                party.packed += [row[col] for col in ("name", "name_short", "name_native") if row[col]]
        by_country: dict[str, list[str]] = defaultdict(list)
        for pid, party in parties.items():
            by_country[party.country].append(pid)
        return cls(parties, dict(by_country))


@dataclass(frozen=True)
class Candidate:
    partyfacts_id: str
    country: str
    label: str
    score: float


def similarity(a: str, b: str) -> float:
    """How alike two normalized names are, 0..1: the best of character ratio, token overlap and containment.

    Containment catches a party's organ (all of the Party Facts name's words inside the printed name:
    "central committee of the workers party of korea") and a shortened printing (all of the printed
    name's words inside the Party Facts name: "awami league" in "bangladesh awami league"). Short
    one-word forms (acronyms) only count when equal: "pc" and "pcc" are different parties.
    """
    if a == b:
        return 1.0
    if (" " not in a and len(a) <= 6) or (" " not in b and len(b) <= 6):
        return 0.0
    ta, tb = set(a.split()), set(b.split())
    overlap = len(ta & tb) / len(ta | tb)
    contained = 0.0
    if len(tb) >= 2 and tb <= ta:
        contained = 0.8 + 0.15 * len(tb) / len(ta)  # the closer the sizes, the likelier the same party
    elif len(ta) >= 2 and ta <= tb:
        contained = 0.75 + 0.15 * len(ta) / len(tb)
    return max(difflib.SequenceMatcher(None, a, b).ratio(), overlap, contained)


def candidates(name: str, iso3: str | Iterable[str] | None, partyfacts: PartyFacts, n: int = 3) -> list[Candidate]:
    """Party Facts parties ranked by how alike their names are to a printed name, within the given countries.

    The country filter leaves tens to a few hundred names per country, so stdlib ``difflib`` and token
    overlap are fast enough; a fuzzy-matching library (rapidfuzz) would add a dependency for a ranking
    that only drafts a worksheet a person reviews. ``iso3=None`` searches every country (slower).
    """
    if iso3 is None:
        pool = list(partyfacts.parties)
    else:
        codes = [iso3] if isinstance(iso3, str) else list(iso3)
        pool = [pid for code in codes for pid in partyfacts.by_country.get(code, [])]
    forms = aliases(name)
    scored = []
    for pid in pool:
        score = max((similarity(a, b) for a in forms for b in partyfacts.normalized[pid]), default=0.0)
        if score > 0:
            party = partyfacts.parties[pid]
            scored.append(Candidate(pid, party.country, party.label(), round(score, 3)))
    scored.sort(key=lambda c: (-c.score, int(c.partyfacts_id)))
    return scored[:n]


# ---------------------------------------------------------------- the reviewed tables

class AliasTableError(ValueError):
    """A reviewed table is malformed; the message names each file, row and problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the party tables:\n{lines}")


class UnreviewedOrgError(ValueError):
    """A counterpart organization reads as a party but is in neither reviewed table."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(
            f"{len(names)} counterpart organization(s) read as parties but are in neither {PARTIES_FILE} nor "
            f"{NON_PARTY_FILE} (review them with tools/party_candidates.py): " + "; ".join(repr(n) for n in names)
        )


@dataclass(frozen=True)
class PartyRow:
    name_as_printed: str
    iso3: str
    partyfacts_id: str
    local_key: str
    note: str

    @property
    def party_id(self) -> str:
        """``pf<partyfacts_id>`` for a Party Facts party, else the local key."""
        return f"pf{self.partyfacts_id}" if self.partyfacts_id else self.local_key


def _read_table(path: Path, columns: tuple[str, ...], problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers in the file (header is line 1); wrong headers are a problem."""
    if not path.is_file():
        problems.append(f"{path}: file missing")
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            problems.append(f"{path}: header is {','.join(reader.fieldnames or ())!r}, expected {','.join(columns)!r}")
            return []
        rows = []
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                problems.append(f"{path}: line {reader.line_num}: wrong number of fields")
                continue
            rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
        return rows


@dataclass
class AliasTable:
    """The reviewed party aliases and non-party names, validated against Party Facts."""

    by_name: dict[str, list[PartyRow]]
    non_party: dict[str, str]  # name as printed -> kind

    @classmethod
    def load(cls, reference_dir: Path | None = None, partyfacts: PartyFacts | None = None) -> AliasTable:
        """Read and check both tables; every problem is reported at once (file, line, what is wrong).

        ``partyfacts`` defaults to the Party Facts files under ``reference_dir`` (or the checkout's).
        """
        folder = reference_dir or REFERENCE_DIR
        if partyfacts is None:
            partyfacts = PartyFacts.load(folder if (folder / PARTYFACTS_DIR).is_dir() else None)
        problems: list[str] = []
        parties_path, non_party_path = folder / PARTIES_FILE, folder / NON_PARTY_FILE
        by_name: dict[str, list[PartyRow]] = defaultdict(list)
        seen: dict[tuple[str, str], int] = {}
        countries_of: dict[str, dict[str, int]] = defaultdict(dict)  # party_id -> iso3 -> first line
        for line, raw in _read_table(parties_path, PARTY_COLUMNS, problems):
            row = PartyRow(**raw)
            where = f"{parties_path}: line {line} ({row.name_as_printed!r})"
            bad = len(problems)
            if not row.name_as_printed:
                problems.append(f"{where}: empty name_as_printed")
            if not _ISO3.fullmatch(row.iso3):
                problems.append(f"{where}: iso3 {row.iso3!r} is not three capital letters")
            key = (row.name_as_printed, row.iso3)
            if key in seen:
                problems.append(f"{where}: duplicate key (name_as_printed, iso3), first on line {seen[key]}")
            seen.setdefault(key, line)
            if bool(row.partyfacts_id) == bool(row.local_key):
                which = "both" if row.partyfacts_id else "neither"
                problems.append(f"{where}: {which} partyfacts_id and local_key given (exactly one is required)")
            elif row.partyfacts_id:
                party = partyfacts.parties.get(row.partyfacts_id)
                if not _PF_ID.fullmatch(row.partyfacts_id) or party is None:
                    problems.append(f"{where}: partyfacts_id {row.partyfacts_id!r} is not in Party Facts")
                elif party.country != row.iso3:
                    problems.append(
                        f"{where}: partyfacts_id {row.partyfacts_id} is a {party.country} party in Party Facts, "
                        f"not {row.iso3}"
                    )
            else:
                if not _LOCAL_KEY.fullmatch(row.local_key) or not row.local_key.startswith(row.iso3.lower() + "-"):
                    problems.append(
                        f"{where}: local_key {row.local_key!r} is not of the form '{row.iso3.lower()}-slug' "
                        "(lowercase letters, digits, hyphens)"
                    )
                elif row.local_key.startswith("pf"):
                    problems.append(f"{where}: local_key {row.local_key!r} could be taken for a Party Facts id")
                if not row.note:
                    problems.append(f"{where}: a local_key row needs a note saying why it is not linked to Party Facts")
            if bool(row.partyfacts_id) != bool(row.local_key):  # checked even when the row has other problems
                countries_of[row.party_id].setdefault(row.iso3, line)
            if len(problems) == bad:
                by_name[row.name_as_printed].append(row)
        for pid, lines in countries_of.items():
            if len(lines) > 1:
                shown = ", ".join(f"{c} (line {n})" for c, n in sorted(lines.items()))
                problems.append(f"{parties_path}: party_id {pid} is used in two or more countries: {shown}")
        non_party: dict[str, str] = {}
        for line, raw in _read_table(non_party_path, NON_PARTY_COLUMNS, problems):
            name, kind = raw["name_as_printed"], raw["kind"]
            where = f"{non_party_path}: line {line} ({name!r})"
            if not name:
                problems.append(f"{where}: empty name_as_printed")
            if kind not in NON_PARTY_KINDS:
                problems.append(f"{where}: unknown kind {kind!r} (allowed: {', '.join(NON_PARTY_KINDS)})")
            if not raw["note"]:
                problems.append(f"{where}: empty note")
            if name in non_party:
                problems.append(f"{where}: duplicate name")
            if name in by_name:
                problems.append(f"{where}: also in {PARTIES_FILE} (a name is either a party or not)")
            non_party[name] = kind
        if problems:
            raise AliasTableError(problems)
        return cls(dict(by_name), non_party)

    def rows(self) -> list[PartyRow]:
        return [row for rows in self.by_name.values() for row in rows]

    def reviewed(self, name: str) -> bool:
        return name in self.by_name or name in self.non_party

    def party_of(self, name: str, countries: set[str]) -> PartyRow | None:
        """The row of one printed name, chosen by the record's countries when the name has several rows.

        None when the name is not in the party table. A name with several rows must match exactly one of
        them by country; otherwise it is ambiguous and an error (never a guess).
        """
        rows = self.by_name.get(name)
        if not rows:
            return None
        if len(rows) == 1:
            return rows[0]
        matching = [row for row in rows if row.iso3 in countries]
        if len(matching) != 1:
            options = ", ".join(row.iso3 for row in rows)
            raise ValueError(
                f"counterpart {name!r} is a party in several countries ({options}) and the countries given "
                f"({', '.join(sorted(countries)) or 'none'}) do not pick exactly one"
            )
        return matching[0]

    def resolve(self, orgs: list[str], countries: set[str]) -> list[str]:
        """The party_ids of a record's (or exchange's) counterpart organizations, sorted and unique.

        ``countries`` are the record's ISO3 codes. Non-parties and names that do not read as parties
        give nothing; a party-like name in neither table raises :class:`UnreviewedOrgError`.
        """
        ids: set[str] = set()
        missing = []
        for org in orgs:
            row = self.party_of(org, countries)
            if row is not None:
                ids.add(row.party_id)
            elif org not in self.non_party and party_like(org):
                missing.append(org)
        if missing:
            raise UnreviewedOrgError(sorted(set(missing)))
        return sorted(ids)

    def resolve_cell(self, orgs: str, countries: set[str]) -> list[str]:
        """:meth:`resolve` for a record's raw ``counterpart_orgs`` value (``;``-separated)."""
        return self.resolve(split_list(orgs), countries)

    def unreviewed(self, orgs_with_countries: Iterable[tuple[str, Iterable[str]]]) -> list[tuple[str, list[str]]]:
        """Party-like names in neither table, each with the countries seen with it (sorted by name)."""
        found: dict[str, set[str]] = defaultdict(set)
        for name, countries in orgs_with_countries:
            if party_like(name) and not self.reviewed(name):
                found[name].update(countries)
        return [(name, sorted(found[name])) for name in sorted(found)]
