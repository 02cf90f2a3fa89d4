"""Code one page of the department's English website into a record, by documented rules.

The archive's records were coded by people; pages fetched later (``liaison fetch``) are coded by the
rules below, so that nobody has to read them first, and every record says so in its last line
(``coded_by: rules-<RULES_VERSION>``). The rules follow ``CODEBOOK.md`` field by field:

* **Main text**: ``trafilatura`` finds the article on the page (menus and footers dropped). The
  department's layout, as the archived copies show it, is: headline, a date line ``( 2018.06.21 )``,
  then the paragraphs.
* **title**: the line just before the date line, verbatim; else the page's own title metadata.
* **page_date**: the date line (a line holding only a date); empty when the page prints none.
* **Dateline** (the first paragraph's opening): ``Beijing, June 21st--``, ``Beijing, June 21st—``,
  ``Beijing, June 21 (Xinhua) --``, ``BEIJING, June 21 --``, ``Hanoi, 21 June--``, ``Beijing, June 21,
  2018--`` and ``Beijing--`` (a city with no day). The day takes the year printed in the dateline,
  else the year of ``page_date``, else of the URL's posting date; a day that would fall more than 30
  days after that date belongs to the previous year (a December dateline on a January page).
* **event_date / event_end_date**: the dateline's day. For visits, multilateral events and notices, a
  span in the first paragraphs (``from June 18 to 22``, ``from 17 to 20 November``) gives the first
  and last day instead. Empty when neither is printed (the build then dates the record by its page).
* **place**: the dateline's city. A city in :data:`CHINESE_CITIES` is ``City, China``; another city
  gets a country only if the text says the counterpart country was visited (``to``/``in``/``visit``
  that country); otherwise it is left empty rather than guessed. Notices: the country to be visited.
* **idcpc_officials**: every roster name (``data/reference/officials.csv``: canonical names and their
  spelling variants) found in the text, in order of first mention, as ``Name (rank)`` with the rank
  printed after the name (``Song Tao, Minister of ...``), else the roster's rank for the date.
* **counterpart_people**: ``Name (position)`` after ``met/held talks with``, ``led by`` or
  ``headed by`` when a position follows the name; department officials are never counterparts.
* **counterpart_orgs**: capitalized names ending in a word such as Party, Front, Movement, Union,
  Congress, Organization (with ``of Country`` and the acronym in brackets when printed); the Chinese
  side's own bodies are left out.
* **counterpart_countries**: countries found (by ``country_converter``, plus :data:`COUNTRY_HINTS` for
  names it misreads) in the counterpart organizations and positions, in ``China-X`` relation phrases,
  at a visited dateline, and, for multilateral events, anywhere in the text. China, Taiwan, Hong Kong
  and Macao are never counterpart countries. Names are the plain short names ``country_converter``
  gives, kept only if :class:`liaison.pipeline.normalize.CountryTable` maps them back to the same code.
* **event_type**: the first rule that holds, in the order of :func:`event_type`.
* **mentions**: the keyword patterns of :data:`MENTION_RULES`; **foreign_side_endorses**: a key whose
  pattern occurs in a sentence that opens with the foreign side (a counterpart's name or acronym, "the
  foreign side", "both sides", ...) and has a verb of support (:data:`SUPPORT_RE`).
* **truncated**: ``yes`` only if the text ends in an ellipsis (a snippet), else ``no``.
* **summary**: generated from the coded fields, never from the page's sentences.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from liaison.codebook import FIELDS, MENTION_KEYS, UNNAMED
from liaison.pipeline.normalize import CountryTable, Roster, country_converter, date_from_url, iso3_codes
from liaison.pipeline.records import docid_for

RULES_VERSION = "1"
CODED_BY = f"rules-{RULES_VERSION}"
SOURCE = "IDCPC website"
SOURCE_KIND = "idcpc"

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

#: Cities of mainland China where the department receives delegations or holds events; a dateline
#: city not listed here is not assumed to be in China.
CHINESE_CITIES: frozenset[str] = frozenset(
    c.lower()
    for c in (
        "Beijing", "Shanghai", "Tianjin", "Chongqing", "Guangzhou", "Shenzhen", "Xiamen", "Fuzhou",
        "Hangzhou", "Nanjing", "Wuhan", "Chengdu", "Xi'an", "Kunming", "Nanning", "Urumqi", "Lhasa",
        "Harbin", "Changchun", "Shenyang", "Dalian", "Qingdao", "Jinan", "Zhengzhou", "Changsha",
        "Nanchang", "Hefei", "Taiyuan", "Shijiazhuang", "Hohhot", "Yinchuan", "Xining", "Lanzhou",
        "Guiyang", "Haikou", "Sanya", "Boao", "Bo'ao", "Yan'an", "Jinggangshan", "Shaoshan", "Wuyishan",
        "Zunyi", "Suzhou", "Ningbo", "Wenzhou", "Quanzhou", "Yiwu", "Kashgar", "Zhuhai", "Xiangtan",
        "Yan'an", "Jiaxing", "Huzhou", "Lishui", "Ganzhou", "Ruijin", "Yantai", "Weihai", "Luoyang",
    )
)

#: Names ``country_converter`` maps to the wrong country (it reads any "Korea" as South Korea).
COUNTRY_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"workers'? party of korea|\bWPK\b|\bDPRK\b|democratic people'?s republic of korea", re.I), "PRK"),
    (re.compile(r"european (union|parliament|commission|council)", re.I), "EUU"),
)
_NOT_COUNTERPART = {"CHN", "TWN", "HKG", "MAC"}

#: Keyword rules for the codebook's mention keys (case-insensitive regular expressions).
MENTION_RULES: dict[str, str] = {
    "belt_and_road": r"belt and road|one belt,? one road|silk road economic belt|maritime silk road",
    "shared_future": r"shared future|community of common destiny",
    "xi_thought": r"xi jinping thought",
    "19th_congress": r"19th (?:cpc |party )?(?:national )?congress|nineteenth (?:cpc |party )?(?:national )?congress",
    "governance_experience": (
        r"experiences? (?:of|on|in) (?:party[- ]building|(?:party |state )?governance|governing|state administration"
        r"|administering)|governance experience|party[- ]building experience|(?:exchanges?|sharing) of experiences?"
        r"|experience[- ]sharing"
    ),
    "reform_opening": r"reform and opening",
    "new_party_relations": (
        r"new type of (?:party|party-to-party|political party|international) relation|new type of political party "
        r"relationship|new model of party relations"
    ),
    "high_level_meeting": r"in dialogue with world political parties|world political parties high-level meeting",
    "one_china": r"one[- ]china|taiwan|tibet|xinjiang|hong kong|core interests",
    "south_china_sea": r"south china sea",
    "korean_peninsula": r"korean peninsula|denucleari[sz]",
    "covid": r"covid|epidemic|pandemic|coronavirus",
    "global_initiatives": r"global (?:development|security|civili[sz]ation) initiative",
}
assert set(MENTION_RULES) == set(MENTION_KEYS)

SUPPORT_RE = re.compile(
    r"\b(?:supports?|supported|supporting|prais\w+|appreciat\w+|welcom\w+|agree[sd]?|endors\w+|joins?|joined"
    r"|spoke highly|speaks? highly|highly valu\w+|commend\w+|adhere[sd]? to|congratulat\w+|hail\w*|admir\w+"
    r"|stands? ready to (?:join|take part|participate)|is willing to (?:join|take part|participate))\b",
    re.I,
)
_FOREIGN_SUBJECTS = re.compile(
    r"^(?:the )?(?:foreign side|guests?|visitors?|delegation|both sides|two sides|both parties|two parties)\b", re.I
)

_ORG_HEADS = (
    "Party", "Parties", "Front", "Movement", "Union", "Congress", "League", "Alliance", "Association",
    "Organization", "Organisation", "Institute", "Foundation", "Federation", "Coalition", "Group", "Rally",
)
_CONNECTOR = r"(?:of|for|and|the|de|del|la|du|des|in|y|e|do|da|dos|das|al|el)"
_CAPWORD = r"[A-Z](?:[\w'’\-&]|\.(?=\w))*"
_ORG_RE = re.compile(
    rf"(?<![\w'’])(?:{_CAPWORD}\s+(?:{_CONNECTOR}\s+)*)*?(?:{_CAPWORD}\s+)?(?:{'|'.join(_ORG_HEADS)})\b"
    rf"(?:\s+(?:of|in)\s+(?:the\s+)?{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}})?"
    rf"(?:\s+\([A-Z][\w\-&]{{1,12}}\))?"
)
_TITLE_PREFIX = re.compile(
    r"^(?:(?:the|a|an|former|first|vice|deputy|acting|executive|honorary|chief|senior|general|permanent)[\s-]+)*"
    r"(?:president|chairman|chairwoman|chairperson|chair|secretary|secretary-general|leader|member|head|minister"
    r"|director|speaker|ambassador|prime minister|spokesperson|representative|coordinator|founder|delegation|"
    r"delegations|representatives|members|leaders|cadres?)s?\s+(?:of|from)\s+(?:the\s+)?",
    re.I,
)
_CHINESE_SIDE = re.compile(
    r"\bCPC\b|Communist Party of China|Chinese Communist Party|International Department|\bChina\b|\bChinese\b"
    r"|Belt and Road|Silk Road",
)
_PERSON = r"[A-Z][\w'’.\-]+(?:\s+(?:(?:de|da|do|dos|del|la|van|von|bin|binti|al|el|di|du|le|ben)\s+)?[A-Z][\w'’.\-]+){1,4}"
_PERSON_RES = (
    re.compile(
        rf"\b(?:met|meets|meet|held talks|holds talks|talked|received|receives)(?:\s+[a-z]+){{0,6}}?"
        rf"\s+with\s+(?P<name>{_PERSON}),\s+(?P<pos>[^;]+?)"
        rf"(?=,\s*(?:who|which|will|and\s|at\s|during\s|on\s|to\s)|\.\s|\.$|;|$)"
    ),
    re.compile(
        rf"\b(?:led|headed)\s+by\s+(?P<name>{_PERSON}),\s+(?P<pos>[^;]+?)(?=,\s*(?:who|which|will|and\s|at\s|during\s|on\s|to\s)|\.\s|\.$|;|$)"
    ),
)
_DATE_LINE = re.compile(r"^\(?\s*(\d{4})\s*[./\-年]\s*(\d{1,2})\s*[./\-月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*\)?$")
_DATELINE = re.compile(
    rf"^\s*(?P<city>[A-Z][\w'’.]*(?:[ \-](?:[A-Z][\w'’.]*|es|de|au|al|el|la)){{0,3}})"
    rf"(?:\s*,\s*(?:(?P<month>{_MONTH})\s+(?P<day>{_DAY})|(?P<day2>{_DAY})\s+(?P<month2>{_MONTH}))(?:,?\s+(?P<year>\d{{4}}))?)?"
    rf"(?:\s*\((?P<agency>[A-Za-z ]+)\))?(?P<sep>\s*(?:-{{2,}}|—+|–+)\s*)"
)
_SPAN_RES = (
    re.compile(rf"\bfrom\s+(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\s+(?:to|till|until|through)\s+(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})\b"),
    re.compile(rf"\bfrom\s+(?P<d1>{_DAY})\s+(?:(?P<m1>{_MONTH})\s+)?(?:to|till|until|through)\s+(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})"),
    re.compile(rf"\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})\b(?P<m2>)"),
)
_NOTICE_RE = re.compile(r"\bwill (?:lead|visit|pay|attend|hold|travel|co-host|host)\b|\bto be held\b", re.I)
#: A headline announcing a visit ("... Prime Minister of Samoa to Visit China"), not reporting one
#: ("Guo Yezhou Leads CPC Delegation to Visit Vietnam").
_NOTICE_TITLE_RE = re.compile(r"^(?!.*\b(?:Leads?|Led|Headed|Meets?|Met|Holds?|Held)\b).*\bto (?:[Vv]isit|[Pp]ay)\b")
_VIDEO_RE = re.compile(
    r"video ?(?:link|call|conference|meeting)|videoconference|virtual (?:meeting|talks|conference)|via video|by video"
    r"|online (?:meeting|talks|conference|dialogue)|held talks online|met online",
    re.I,
)
_MULTI_RE = re.compile(
    r"\b(?:forum|conference|dialogue|briefing session|seminar|symposium|high-level meeting|workshop|summit|round ?table)\b",
    re.I,
)
_MANY_COUNTRIES = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens of|over \d+|more than \d+) (?:foreign )?"
    r"(?:countries|nations|(?:political )?parties and|(?:political )?parties from)\b",
    re.I,
)
_VISIT_RE = re.compile(
    r"\b(?:led an? (?:CPC |Chinese |party )?delegation to|visited|paid (?:an? )?(?:official |working |goodwill )?visit to"
    r"|(?:is|was) (?:on )?(?:an? )?(?:official |working |goodwill )?visit(?:ing)? (?:to )?|visits)\b",
)
_MEET_RE = re.compile(r"\b(?:met|meets|meet|held talks|holds talks|talks with|received|receives|hosted|hosts)\b", re.I)

TYPE_PHRASES: dict[str, str] = {
    "meeting": "a meeting in China",
    "visit_abroad": "a visit abroad",
    "multilateral": "a multilateral event",
    "video_call": "talks by video link",
    "notice": "a notice of a coming visit or event",
    "other": "an item of another kind (not a meeting, visit, multilateral event, video call or notice)",
}


@dataclass(frozen=True)
class MainText:
    """What the page says, before coding: headline, printed date and paragraphs."""

    title: str
    page_date: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Dateline:
    city: str
    day: str  # YYYY-MM-DD or ''
    year_from: str  # 'dateline', 'page_date', 'url' or ''


def _clean(value: str) -> str:
    """One line, single spaces: record values never span lines."""
    return re.sub(r"\s+", " ", value).strip()


_DEPARTMENT_PAGE = re.compile(r"t\d{8}_\d+\.html?")


def doc_id(url: str) -> str:
    """The codebook's DOCID (the pipeline's one rule, ``records.docid_for``): a department news item
    (``tYYYYMMDD_N.html``) by its page name, any other page by host and SHA-1."""
    department = _DEPARTMENT_PAGE.fullmatch(urlsplit(url).path.rsplit("/", 1)[-1])
    return docid_for(url, SOURCE_KIND if department else "foreign_media")


def _iso(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _date_line(line: str) -> str:
    match = _DATE_LINE.match(line.strip())
    return _iso(*(int(g) for g in match.groups())) if match else ""


def main_text(html: bytes | str, url: str) -> MainText | None:
    """The article on a page (trafilatura), split into headline, printed date and paragraphs."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    text = trafilatura.extract(
        html, url=url, favor_recall=True, include_comments=False, include_tables=False, deduplicate=False
    )
    if not text or not text.strip():
        return None
    lines = [_clean(line) for line in text.splitlines() if line.strip()]
    title, page_date, start = "", "", 0
    for i, line in enumerate(lines[:4]):
        printed = _date_line(line)
        if printed:
            page_date = printed
            title = lines[i - 1] if i > 0 else ""
            start = i + 1
            break
    if not title:
        metadata = trafilatura.extract_metadata(html)
        title = _clean(metadata.title or "") if metadata is not None else ""
        if lines and title and lines[0] == title:
            start = max(start, 1)
    paragraphs = tuple(lines[start:])
    if not paragraphs:
        return None
    return MainText(title=title, page_date=page_date, paragraphs=paragraphs)


def _reference(page_date: str, url: str) -> tuple[str, str]:
    if page_date:
        return page_date, "page_date"
    from_url = date_from_url(url)
    return (from_url, "url") if from_url else ("", "")


def _day_in_year(month: int, day: int, ref: str, year: int | None = None) -> str:
    """A day-month in the year printed, else the reference date's (the previous one if it would be
    more than 30 days after the reference)."""
    if year is not None:
        return _iso(year, month, day)
    if not ref:
        return ""
    ref_day = date.fromisoformat(ref)
    candidate = _iso(ref_day.year, month, day)
    if candidate and date.fromisoformat(candidate) > ref_day + timedelta(days=30):
        candidate = _iso(ref_day.year - 1, month, day)
    return candidate


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(value: str) -> int:
    return int(re.match(r"\d+", value).group())


def parse_dateline(paragraph: str, page_date: str, url: str) -> tuple[Dateline | None, str]:
    """The dateline at the start of a paragraph and the paragraph without it."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    city = match.group("city").strip()
    month, day = match.group("month") or match.group("month2"), match.group("day") or match.group("day2")
    if not (month and day) and not re.match(r"(?:--|—)", match.group("sep")):
        return None, paragraph  # 'Beijing--' is a dateline; 'Song Tao — the minister' is not
    if city.isupper():
        city = city.title()
    ref, basis = _reference(page_date, url)
    iso, year_from = "", ""
    if month and day:
        year = int(match.group("year")) if match.group("year") else None
        iso = _day_in_year(_month(month), _day(day), ref, year)
        year_from = "dateline" if year else (basis if iso else "")
    return Dateline(city=city, day=iso, year_from=year_from), paragraph[match.end():]


def _span(text: str, ref: str) -> tuple[str, str]:
    for pattern in _SPAN_RES:
        match = pattern.search(text)
        if not match:
            continue
        m1 = _month(match.group("m1") or match.group("m2"))
        m2 = _month(match.group("m2")) if match.group("m2") else m1
        start = _day_in_year(m1, _day(match.group("d1")), ref)
        if not start:
            return "", ""
        year = int(start[:4]) + (1 if m2 < m1 else 0)
        end = _iso(year, m2, _day(match.group("d2")))
        if end and end > start:
            return start, end
    return "", ""


# ---------------------------------------------------------------- people and organizations


def _names_in(text: str) -> list[tuple[int, str]]:
    """(position, capitalized 2-3 word sequence) pairs: the candidates for roster names."""
    found = []
    words = list(re.finditer(r"[A-Z][a-z]+(?:-[a-z]+)?", text))
    for i, first in enumerate(words):
        for n in (3, 2):
            group = words[i : i + n]
            if len(group) < n or any(text[a.end() : b.start()] not in (" ", "-") for a, b in itertools.pairwise(group)):
                continue
            found.append((first.start(), text[first.start() : group[-1].end()]))
    return found


def find_officials(text: str, roster: Roster, day: str) -> list[str]:
    """Department officials in order of first mention, as ``Name (rank)``."""
    seen: dict[str, str] = {}
    for pos, candidate in _names_in(text):
        name = roster.canonical(candidate)
        if name is None or name == UNNAMED or name in seen:
            continue
        after = text[pos + len(candidate) :]
        printed = re.match(
            r",\s*(?:the\s+)?((?:[A-Z][\w\-]*|head|minister|vice-minister|assistant-minister)(?:[\s\-][\w\-]+){0,3}?)"
            r"\s+(?:of|at)\s+(?:the\s+)?(?:International Department|IDCPC|ID of the CPC|CPC International Department)",
            after,
        )
        rank = _clean(printed.group(1)) if printed else (roster.rank_on(name, day) or "")
        seen[name] = f"{name} ({rank})" if rank else name
    return list(seen.values())


def _balanced(value: str) -> str:
    """Cut a value at an unmatched bracket, so list fields split cleanly on ';'."""
    depth = 0
    for i, ch in enumerate(value):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return value[:i].rstrip(" ,")
    if depth > 0:
        return value[: value.rfind("(")].rstrip(" ,")
    return value


def find_people(text: str, roster: Roster) -> list[str]:
    """Counterparts named with a position: ``Name (position)``."""
    people: dict[str, str] = {}
    for pattern in _PERSON_RES:
        for match in pattern.finditer(text):
            name = _clean(match.group("name"))
            position = _balanced(_clean(match.group("pos")).replace(";", ",").rstrip(".,"))
            if roster.canonical(name) is not None or _CHINESE_SIDE.search(name) or not position:
                continue
            if len(position) > 160 or not re.match(r"[A-Za-z]", position):
                continue
            people.setdefault(name.lower(), f"{name} ({position})")
    return list(people.values())


_GENERIC_ORG_WORDS = frozenset(
    [
        "political", "parties", "party", "major", "main", "ruling", "opposition", "other", "several", "leftist",
        "left-wing", "right-wing", "youth", "women's", "delegation", "delegations", "group", "groups",
    ]
)


def _org_from_match(raw: str) -> str:
    """The longest acceptable name in a matched run: the run itself, or what follows a connector in it
    ('China for the Shanghai Cooperation Organization' -> 'Shanghai Cooperation Organization')."""
    tokens = raw.split()
    starts = [0] + [
        i for i in range(1, len(tokens)) if re.fullmatch(_CONNECTOR, tokens[i - 1]) and tokens[i][:1].isupper()
    ]
    for start in starts:
        org = " ".join(tokens[start:])
        while True:
            stripped = _TITLE_PREFIX.sub("", org)
            if stripped == org:
                break
            org = stripped
        org = re.sub(r"^(?:(?:the|a|an|of|for|and|in)\s+)+", "", org, flags=re.I)
        if not org or not org[0].isupper() or _CHINESE_SIDE.search(org) or len(org.split()) < 2:
            continue
        if not re.search(_ORG_RE.pattern, org):
            continue
        words = [w.lower() for w in re.sub(r"\(.*?\)", " ", org).split() if not re.fullmatch(_CONNECTOR, w)]
        if "(" not in org and all(w in _GENERIC_ORG_WORDS for w in words):
            continue
        return org
    return ""


def find_orgs(text: str) -> list[str]:
    """Foreign parties and organizations as printed (with acronym), the Chinese side left out."""
    orgs: dict[str, str] = {}
    for match in _ORG_RE.finditer(text):
        org = _org_from_match(_clean(match.group()))
        if not org:
            continue
        key = re.sub(r"\s*\(.*?\)\s*", " ", org).strip().lower()
        if key not in orgs or ("(" in org and "(" not in orgs[key]):
            orgs[key] = org
    keys = list(orgs)
    # a name inside a longer one found too ('Group in the European Parliament') is not another body
    return [orgs[k] for k in keys if not any(k != other and k in other for other in keys)]


# ---------------------------------------------------------------- countries


def _codes_in(phrases: list[str]) -> list[str]:
    """ISO3 codes found in short phrases (a hint first, then country_converter), in order.

    country_converter returns a list when a phrase names several countries ('Vietnam and Laos') and
    the phrase itself when it finds none, so only real ISO3 codes are kept.
    """
    phrases = [p for p in phrases if p and p.strip()]
    if not phrases:
        return []
    converted = country_converter().convert(phrases, to="ISO3", not_found=None)
    converted = converted if isinstance(converted, list) and len(phrases) > 1 else [converted]
    codes: list[str] = []
    valid = iso3_codes()
    for phrase, found in zip(phrases, converted):
        hint = next((c for pattern, c in COUNTRY_HINTS if pattern.search(phrase)), None)
        candidates = [hint] if hint else (found if isinstance(found, list) else [found])
        for code in candidates:
            if code and (code in valid or code == "EUU") and code not in _NOT_COUNTERPART and code not in codes:
                codes.append(code)
    return codes


def warm_country_table(table: CountryTable) -> None:
    """Resolve every short name country_converter can give, in one batch, before coding many pages
    (one batch of conversions is much faster than one per page)."""
    table.resolve(set(country_converter().data["name_short"].dropna()))


def country_names(codes: list[str], table: CountryTable) -> list[str]:
    """Plain short names for ISO3 codes, kept only if the build's CountryTable maps them back.

    The names are resolved in one batch: the table remembers them, so a later page pays nothing.
    """
    pairs = []
    for code in codes:
        name = "European Union" if code == "EUU" else country_converter().convert(code, src="ISO3", to="name_short", not_found=None)
        if isinstance(name, str):
            pairs.append((code, name))
    table.resolve({name for _, name in pairs if name not in table.overrides})
    return [name for code, name in pairs if table.iso3(name) == code]


def _capitalized_runs(text: str) -> list[str]:
    return [m.group() for m in re.finditer(rf"{_CAPWORD}(?:\s+(?:{_CONNECTOR}\s+)*{_CAPWORD})*", text)]


def _relation_phrases(text: str) -> list[str]:
    """'X' of 'China-X relations' and 'X-China ...' phrases."""
    found = re.findall(r"\bChina[-–]([A-Z][\w']+(?:\s[A-Z][\w']+)?)", text)
    found += re.findall(r"([A-Z][\w']+(?:\s[A-Z][\w']+)?)[-–]China\b", text)
    return found


# ---------------------------------------------------------------- classification


def event_type(url: str, title: str, text: str, officials: list[str], n_countries: int, abroad: bool) -> str:
    """The codebook's type by the first rule that holds:

    1. notice: a page of the ``forenotice`` section, a headline or first sentence about the future
       (``will lead``, ``will visit``), or a headline ``... to Visit ...`` that reports no one leading,
       meeting or holding anything;
    2. video_call: talks by video link or online;
    3. multilateral: a forum, conference, dialogue, briefing session, seminar, symposium, workshop or the
       High-Level Meeting, with 2+ counterpart countries or a number of countries or parties printed;
    4. visit_abroad: a department official is named and the dateline is abroad or the text says a
       delegation went to / visited a country;
    5. meeting: a department official is named and the text says met / held talks / received;
    6. other.
    """
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if (
        "/forenotice/" in urlsplit(url).path
        or _NOTICE_RE.search(title)
        or _NOTICE_TITLE_RE.search(title)
        or _NOTICE_RE.search(first_sentence)
    ):
        return "notice"
    if _VIDEO_RE.search(title) or _VIDEO_RE.search(text):
        return "video_call"
    if (_MULTI_RE.search(title) or _MULTI_RE.search(first_sentence)) and (
        n_countries >= 2 or _MANY_COUNTRIES.search(text)
    ):
        return "multilateral"
    if officials and (abroad or _VISIT_RE.search(title) or _VISIT_RE.search(first_sentence)):
        return "visit_abroad"
    if officials and (_MEET_RE.search(title) or _MEET_RE.search(first_sentence)):
        return "meeting"
    return "other"


def find_mentions(text: str) -> list[str]:
    """Mention keys whose keyword rule matches, in the codebook's order."""
    return [key for key in MENTION_KEYS if re.search(MENTION_RULES[key], text, re.I)]


def find_endorsements(text: str, people: list[str], orgs: list[str], officials: list[str]) -> list[str]:
    """Mention keys in sentences whose subject is the foreign side and whose verb is one of support."""
    markers: set[str] = set()
    for person in people:
        name = person.partition("(")[0]
        markers.update(w.lower() for w in re.findall(r"[\w'’\-]{3,}", name))
    for org in orgs:
        markers.update(a.lower() for a in re.findall(r"\(([^)]+)\)", org))
    chinese = {w.lower() for o in officials for w in re.findall(r"[\w\-]{2,}", o.partition("(")[0])}
    markers -= chinese
    keys: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        opening = sentence.strip()
        head_words = [w.lower() for w in re.findall(r"[\w'’\-]+", opening)[:6]]
        foreign = bool(_FOREIGN_SUBJECTS.match(opening)) or bool(set(head_words[:3]) & markers)
        side = re.match(r"^(?:[Tt]he )?([A-Z][a-z]+) side\b", opening)
        foreign = foreign or bool(side and side.group(1) not in ("Chinese", "CPC"))
        if head_words and head_words[0] in chinese:
            foreign = False
        if foreign and SUPPORT_RE.search(sentence):
            keys.update(find_mentions(sentence))
    return [k for k in MENTION_KEYS if k in keys]


# ---------------------------------------------------------------- the record


def _place(dateline: Dateline | None, kind: str, countries: list[str], text: str) -> str:
    """Where it happened, by the rules in the module docstring; empty rather than guessed."""
    if kind == "notice":
        visited = [c for c in countries if re.search(rf"\b(?:visit|to)\s+(?:the\s+)?{re.escape(c)}\b", text)]
        if re.search(r"\b(?:visit|to)\s+China\b", text) and not visited:
            return "China"
        return "; ".join(visited)
    if dateline is None:
        return ""
    if dateline.city.lower() in CHINESE_CITIES:
        return f"{dateline.city}, China"
    visited = [c for c in countries if re.search(rf"\b(?:visit(?:ed|ing)?|to|in)\s+(?:the\s+)?{re.escape(c)}\b", text)]
    return f"{dateline.city}, {visited[0]}" if len(visited) == 1 else ""


def _summary(kind: str, officials: list[str], orgs: list[str], people: list[str], countries: list[str],
             start: str, end: str, place: str, year_note: str) -> str:
    """A summary made only from the coded values (the page's sentences are never reused)."""
    parts = [f"Rule-extracted from the department's page: {TYPE_PHRASES[kind]}"]
    if officials:
        parts.append(f" led by {officials[0].partition(' (')[0]}")
    if orgs:
        parts.append(" with " + ", ".join(re.sub(r"\s*\(.*?\)", "", o) for o in orgs[:4]))
    elif people:
        parts.append(" with " + ", ".join(p.partition(" (")[0] for p in people[:4]))
    elif countries:
        parts.append(" with counterparts from " + ", ".join(countries[:6]))
    if place:
        parts.append(f" in {place}")
    if start and end:
        parts.append(f" from {start} to {end}")
    elif start:
        parts.append(f" on {start}")
    sentences = ["".join(parts) + "."]
    if not officials:
        sentences.append("No department official is named.")
    if not start:
        sentences.append("The page states no event date; the record is dated by its page.")
    elif year_note:
        sentences.append(year_note)
    return " ".join(sentences)


def code_text(url: str, page: MainText, roster: Roster, table: CountryTable) -> dict[str, str]:
    """All codebook fields (plus ``coded_by``) from a page's headline, printed date and paragraphs."""
    paragraphs = list(page.paragraphs)
    dateline, first = parse_dateline(paragraphs[0], page.page_date, url)
    body_paragraphs = [first, *paragraphs[1:]]
    body = " ".join(body_paragraphs)
    ref, basis = _reference(page.page_date, url)
    day_for_rank = (dateline.day if dateline else "") or ref
    officials = find_officials(body, roster, day_for_rank)
    people = find_people(body, roster)
    orgs = find_orgs(body)
    abroad_city = dateline is not None and dateline.city.lower() not in CHINESE_CITIES

    phrases = list(orgs) + [p.partition("(")[2].rstrip(")") for p in people] + _relation_phrases(body)
    codes = _codes_in(phrases)
    provisional = event_type(url, page.title, body, officials, len(codes), abroad_city)
    if provisional in ("multilateral", "other") or _MULTI_RE.search(page.title) or _MULTI_RE.search(body_paragraphs[0]):
        codes += [c for c in _codes_in(_capitalized_runs(body)) if c not in codes]
    if abroad_city:
        codes += [c for c in _codes_in([dateline.city]) if c not in codes]
    countries = country_names(codes, table)
    kind = event_type(url, page.title, body, officials, len(countries), abroad_city)

    start = dateline.day if dateline else ""
    end = ""
    year_note = ""
    if kind in ("visit_abroad", "multilateral", "notice"):
        span_start, span_end = _span(" ".join(body_paragraphs[:2]), (dateline.day if dateline else "") or ref)
        if span_start:
            start, end = span_start, span_end
            year_note = "Dates from the span the text gives"
    if start and not year_note and dateline is not None:
        year_note = "Event date from the dateline"
    if year_note:
        source = {"dateline": "the dateline", "page_date": "the page date", "url": "the URL's posting date"}
        year_from = dateline.year_from if dateline and dateline.year_from else basis
        year_note += f"; year from {source.get(year_from, 'the page date')}."
    place = _place(dateline, kind, countries, body)
    mentions = find_mentions(" ".join([page.title, body]))
    endorses = [k for k in find_endorsements(body, people, orgs, officials) if k in mentions]
    values = {
        "url": url,
        "source": SOURCE,
        "source_kind": SOURCE_KIND,
        "title": _clean(page.title),
        "page_date": page.page_date,
        "event_date": start,
        "event_end_date": end,
        "place": place,
        "event_type": kind,
        "idcpc_officials": "; ".join(officials),
        "counterpart_people": "; ".join(people),
        "counterpart_orgs": "; ".join(orgs),
        "counterpart_countries": "; ".join(countries),
        "mentions": ", ".join(mentions),
        "foreign_side_endorses": ", ".join(endorses),
        "truncated": "yes" if re.search(r"(\.\.\.|…)$", body.strip()) else "no",
        "summary": _summary(kind, officials, orgs, people, countries, start, end, place, year_note),
        "coded_by": CODED_BY,
    }
    return {k: _clean(v) for k, v in values.items()}


def code_page(url: str, html: bytes | str, roster: Roster, table: CountryTable) -> dict[str, str] | None:
    """A record for a fetched page, or None when the page holds no article text."""
    page = main_text(html, url)
    if page is None:
        return None
    return code_text(url, page, roster, table)


def format_record(values: dict[str, str]) -> str:
    """The record file's text: every codebook field in order, then ``coded_by``."""
    lines = [f"{key}: {_clean(values.get(key, ''))}" for key in FIELDS]
    lines.append(f"coded_by: {values.get('coded_by', CODED_BY)}")
    return "\n".join(lines) + "\n"
