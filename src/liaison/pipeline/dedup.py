"""Records -> exchanges: decide which source pages report the same exchange.

An *exchange* is one meeting or event with one counterpart as the department would report it in one
news item: a multi-day council, conference or visit leg is one exchange, and pages about its arrival,
opening, sessions or close join it; separate meetings on one trip (a council, then a call on the prime
minister) stay separate. Records are joined in five passes (union-find), each documented in
``data/processed/README.md``; a reviewed list of decisions on the article's window
(``data/reference/window-review.csv``, ``liaison.pipeline.window_review``) is applied after them.

0. **Same article.** Same page URL (ignoring scheme, ``www.``, a trailing dot in the host, and the
   department's two hosts), or the same headline (20+ characters) with no conflicting page or event
   date (equal, or missing on one side): mirrors,
   reposts and the department's re-hosted ``english2023`` copies.
1. **Same exchange, dated records** (records with an ``event_date``). Two records match when their
   lead officials agree (the same person, or one names none), their places agree (the same country
   or one gives none), and either
   - *bilateral rule*: neither names 3+ counterpart countries, they start on the same day, and they
     share a counterpart country (so a notice dated on the visit's first day joins the visit, and
     each day's meeting of a trip stays separate); when only one of the two is coded
     ``multilateral`` (coders differ on bilateral dialogue mechanisms), both must name the same
     lead official, so a delegation's page on a conference does not absorb a side meeting; or
   - *multilateral rule*: both are coded ``multilateral`` (or one is a notice of it), their date
     spans overlap, and they share a country, or one names no country, or both give the same city
     (a conference, its notices, and the pages on one delegation's part in it).
1b. **Inside a multi-day exchange's span.** A record dated inside the span of a dated record that lasts
   several days (its first to last day) joins it when neither names 3+ counterpart countries, they
   share a counterpart country, their lead officials and places agree (if either is coded
   ``multilateral``, both must name the same lead), they do not give different cities (another leg
   of the trip), and the record names no counterpart person the span's record does not name (a call
   on someone else during the visit is a separate exchange; an arrival page naming no one joins).
2. **Records dated only by page or URL.** Such a record joins the matching dated exchange nearest
   in time within a window: the 14 days after a notice's page date, or the 3 days up to any other
   page's date (pages appear on or after the day). Unmatched ones are matched with each other as in 1.
3. **Undated records.** An undated record joins a dated exchange only when exactly one exchange
   has the same named lead official, a shared counterpart country and a shared counterpart person;
   otherwise it stays an exchange of its own, with no date. Messages and letters (``other``) never
   join this way: sharing people does not place a letter at an event.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from liaison.codebook import UNNAMED
from liaison.pipeline.normalize import title_key, url_key

MULTI_COUNTRIES = 3  # a record naming this many counterpart countries is multilateral in scale
NOTICE_WINDOW_DAYS = 14
PAGE_LAG_DAYS = 3
MAX_SPAN_DAYS = 31  # longer spans are indexed by their first 31 days only

#: Date bases that date the event itself: the coded event date, or one established by review (dates.csv).
EVENT_BASES = frozenset({"event_date", "reviewed"})
SOURCE_PRIORITY = {"idcpc": 0, "chinese_official": 1, "counterpart": 2, "foreign_media": 3}
TYPE_PRIORITY = ("multilateral", "visit_abroad", "meeting", "video_call", "other", "notice")


@dataclass
class Item:
    """One kept record with the normalized values matching needs."""

    doc_id: str
    label: str  # event_type as coded
    start: str  # ISO date or ''
    end: str
    basis: str  # 'event_date', 'reviewed' (dates.csv), 'page_date', 'url' or ''
    countries: frozenset[str]
    places: frozenset[str]
    city: str
    lead: str  # canonical lead official, '' if none named
    people: frozenset[str]
    url_key: str
    title_key: str
    page_date: str
    event_date: str
    source_kind: str
    extra: dict = field(default_factory=dict, repr=False)

    @property
    def known_lead(self) -> str:
        return "" if self.lead == UNNAMED else self.lead

    @property
    def multi_scale(self) -> bool:
        return len(self.countries) >= MULTI_COUNTRIES


class UnionFind:
    def __init__(self, keys: list[str]):
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


def _days(start: str, end: str) -> list[str]:
    first = date.fromisoformat(start)
    last = date.fromisoformat(end or start)
    n = min(max((last - first).days, 0), MAX_SPAN_DAYS - 1)
    return [(first + timedelta(days=i)).isoformat() for i in range(n + 1)]


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def same_actors(a: Item, b: Item) -> bool:
    """Lead officials and places do not contradict each other."""
    if a.known_lead and b.known_lead and a.known_lead != b.known_lead:
        return False
    return not (a.places and b.places and not a.places & b.places)


def same_exchange(a: Item, b: Item, check_dates: bool = True) -> bool:
    """The matching rule of passes 1-2 (see the module docstring)."""
    if not same_actors(a, b):
        return False
    labels = {a.label, b.label}
    if labels <= {"multilateral", "notice"} and "multilateral" in labels:
        if check_dates and not (a.start <= (b.end or b.start) and b.start <= (a.end or a.start)):
            return False
        return bool(a.countries & b.countries) or not a.countries or not b.countries or (a.city and a.city == b.city)
    if a.multi_scale or b.multi_scale:
        return False
    if "multilateral" in labels and not (a.known_lead and a.known_lead == b.known_lead):
        return False  # a delegation's page on a conference is not a side meeting held that day
    if check_dates and a.start != b.start:
        return False
    return bool(a.countries & b.countries)


def inside_span(page: Item, span: Item) -> bool:
    """Pass 1b: ``page`` is dated inside ``span``'s days and reports the same exchange (see the module docstring)."""
    if page is span or not span.end or not (span.start <= page.start <= span.end):
        return False
    if page.multi_scale or span.multi_scale or not (page.countries & span.countries) or not same_actors(page, span):
        return False
    if "multilateral" in {page.label, span.label} and not (page.known_lead and page.known_lead == span.known_lead):
        return False
    if page.city and span.city and page.city != span.city:
        return False  # another leg of the trip
    return not (page.people - span.people)  # a page naming someone the span's page does not: a separate meeting


def same_article(a: Item, b: Item) -> bool:
    """Pass 0: the same page URL, or the same headline with no conflicting date."""
    if a.url_key == b.url_key:
        return True
    if len(a.title_key) < 20 or a.title_key != b.title_key:
        return False

    def agree(x: str, y: str) -> bool:
        return not x or not y or x == y

    return agree(a.page_date, b.page_date) and agree(a.event_date, b.event_date)


_MULTILATERAL_LABELS = frozenset({"multilateral", "notice"})  # the labels the multilateral rule covers


class _Index:
    """The items of one bucket (a day, or a start date), indexed by what a match needs.

    Two items can only match (``same_exchange``) if they share a counterpart country, or if both
    carry a label of the multilateral rule and one names no country or both give the same city. The
    index yields every pair that meets this necessary condition (a superset of the matches), so the
    rule itself is still applied to each candidate, but items with nothing in common are never
    compared: a crowded day costs in proportion to what its items share, not to its size squared.
    """

    __slots__ = ("bare", "by_city", "by_country", "multi")

    def __init__(self, members: Iterable[Item] = ()):
        self.by_country: dict[str, list[Item]] = defaultdict(list)
        self.bare: list[Item] = []  # multilateral-rule items that name no country
        self.by_city: dict[str, list[Item]] = defaultdict(list)  # multilateral-rule items by city
        self.multi: list[Item] = []  # all multilateral-rule items
        for item in members:
            self.add(item)

    def add(self, item: Item) -> None:
        for country in item.countries:
            self.by_country[country].append(item)
        if item.label in _MULTILATERAL_LABELS:
            self.multi.append(item)
            if not item.countries:
                self.bare.append(item)
            if item.city:
                self.by_city[item.city].append(item)

    def candidates(self, item: Item) -> dict[str, Item]:
        """Every indexed item that might match ``item`` (by DOCID; may include ``item`` itself)."""
        found: dict[str, Item] = {}
        for country in item.countries:
            for other in self.by_country.get(country, ()):
                found[other.doc_id] = other
        if item.label in _MULTILATERAL_LABELS:
            for other in self.multi if not item.countries else self.bare:
                found[other.doc_id] = other
            if item.city:
                for other in self.by_city.get(item.city, ()):
                    found[other.doc_id] = other
        return found


def _match_within(
    members: list[Item], uf: UnionFind, join: Callable[[Item, Item, str], None], reason: str, index: _Index | None = None
) -> None:
    """Join every pair of ``members`` that ``same_exchange`` matches, as comparing all pairs would.

    The groups come out the same whatever the order of the joins, and so does the pass that first
    joined each record (``Clustering.how``): only which pairs are compared changes.
    """
    if len(members) < 2:
        return
    index = index or _Index(members)
    for a in members:
        for b in index.candidates(a).values():
            if a.doc_id < b.doc_id and uf.find(a.doc_id) != uf.find(b.doc_id) and same_exchange(a, b):
                join(a, b, reason)


@dataclass
class Clustering:
    groups: dict[str, list[Item]]  # root doc_id -> items
    how: dict[str, str]  # doc_id -> pass that joined it to its group


def cluster(items: list[Item]) -> Clustering:
    """Group items into exchanges by passes 0-3."""
    items = sorted(items, key=lambda i: i.doc_id)
    by_id = {i.doc_id: i for i in items}
    uf = UnionFind([i.doc_id for i in items])
    how: dict[str, str] = {}

    def join(a: Item, b: Item, reason: str) -> None:
        if uf.union(a.doc_id, b.doc_id):
            for doc in (a.doc_id, b.doc_id):
                how.setdefault(doc, reason)

    # pass 0: the same article
    buckets: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        buckets["u:" + item.url_key].append(item)
        if len(item.title_key) >= 20:
            buckets["t:" + item.title_key].append(item)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if same_article(a, b):
                    join(a, b, "same article")

    # pass 1: dated records
    dated = [i for i in items if i.basis in EVENT_BASES]
    by_day: dict[str, list[Item]] = defaultdict(list)
    for item in dated:
        for day in _days(item.start, item.end) if item.label == "multilateral" else [item.start]:
            by_day[day].append(item)
    day_index = {day: _Index(members) for day, members in by_day.items()}
    for day, members in by_day.items():
        _match_within(members, uf, join, "same exchange", day_index[day])

    # pass 1b: pages dated inside a multi-day exchange's span (arrival, opening, sessions, close)
    by_start: dict[str, list[Item]] = defaultdict(list)
    for item in dated:
        by_start[item.start].append(item)
    for span in dated:
        if span.end and span.end > span.start and span.label != "notice":
            for day in _days(span.start, span.end):
                for page in by_start.get(day, ()):
                    if uf.find(page.doc_id) != uf.find(span.doc_id) and inside_span(page, span):
                        join(page, span, "same exchange (inside its span)")

    # pass 2: dated by page or URL only
    dated_roots = {uf.find(i.doc_id) for i in dated}
    loose = [i for i in items if i.basis in ("page_date", "url") and uf.find(i.doc_id) not in dated_roots]
    leftover: list[Item] = []
    for item in loose:
        if item.label == "notice":
            window = [_shift(item.start, d) for d in range(NOTICE_WINDOW_DAYS + 1)]
        else:
            window = [_shift(item.start, -d) for d in range(PAGE_LAG_DAYS + 1)]
        candidates: dict[str, Item] = {}  # a multi-day item is listed on each of its days: test it once
        for day in window:
            index = day_index.get(day)
            if index is not None:
                candidates.update(index.candidates(item))
        best: tuple[int, str, Item] | None = None
        first = date.fromisoformat(item.start)
        for cand in candidates.values():
            if same_exchange(item, cand, check_dates=False):
                gap = abs((date.fromisoformat(cand.start) - first).days)
                key = (gap, cand.doc_id, cand)
                if best is None or key[:2] < best[:2]:
                    best = key
        if best is not None:
            join(item, best[2], "same exchange (dated by page)")
        else:
            leftover.append(item)
    by_page_day: dict[str, list[Item]] = defaultdict(list)
    for item in leftover:
        by_page_day[item.start].append(item)
    for members in by_page_day.values():
        _match_within(members, uf, join, "same exchange (dated by page)")

    # pass 3: undated records
    dated_roots = {uf.find(i.doc_id) for i in items if i.start}
    # candidates must share the lead and a person: index dated items by (lead, person)
    by_lead_person: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        if item.start and item.known_lead:
            for person in item.people:
                by_lead_person[(item.known_lead, person)].append(item)
    for item in items:
        if item.start or not item.known_lead or item.label == "other" or uf.find(item.doc_id) in dated_roots:
            continue
        roots = {
            uf.find(c.doc_id)
            for person in item.people
            for c in by_lead_person.get((item.known_lead, person), ())
            if c.countries & item.countries and same_actors(item, c)
        }
        if len(roots) == 1:
            join(item, by_id[roots.pop()], "same exchange (undated, same people)")

    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[uf.find(item.doc_id)].append(item)
    return Clustering(dict(groups), how)


def primary(members: list[Item]) -> Item:
    """The record that stands for an exchange: the department's own page first, then dated ones."""
    return min(
        members,
        key=lambda i: (SOURCE_PRIORITY.get(i.source_kind, 9), i.basis not in EVENT_BASES, i.label == "notice", i.doc_id),
    )


def dated_members(members: list[Item]) -> list[Item]:
    """The members that date the exchange: those with an event date (coded or reviewed), else any date."""
    return [m for m in members if m.basis in EVENT_BASES] or [m for m in members if m.start]


def first_day(members: list[Item]) -> str:
    """The exchange's first day ('' if no member is dated)."""
    return min((m.start for m in dated_members(members)), default="")


def exchange_id(members: list[Item], first_day: str) -> str:
    """Stable id: the exchange's first day (or 'undated') and a hash of its smallest DOCID."""
    first = first_day.replace("-", "") or "undated"
    digest = hashlib.sha1(min(i.doc_id for i in members).encode("utf-8")).hexdigest()[:6]
    return f"X{first}-{digest}"


def exchange_type(members: list[Item]) -> str:
    """Most frequent coded type, notices last; ties broken by TYPE_PRIORITY."""
    counts: dict[str, int] = defaultdict(int)
    for item in members:
        counts[item.label] += 1
    real = {k: v for k, v in counts.items() if k != "notice"} or counts
    return min(real, key=lambda k: (-real[k], TYPE_PRIORITY.index(k)))


def first_key(values: list[str]) -> list[str]:
    """Unique values in first-seen order."""
    seen: dict[str, None] = {}
    for v in values:
        if v and v not in seen:
            seen[v] = None
    return list(seen)


__all__ = [
    "Clustering",
    "Item",
    "cluster",
    "exchange_id",
    "exchange_type",
    "first_key",
    "primary",
    "same_article",
    "same_exchange",
    "title_key",
    "url_key",
]
