"""Vocabularies of the archive's codebook and every label the book shows for them.

One module for the words: the record fields and their allowed values (``data/raw/idcpc-en/CODEBOOK.md``),
the ranks of department officials, the separator of list cells in the processed tables, and the
readable labels that charts, tables and prose use for each code. A new key or label is added here
and nowhere else.
"""

from __future__ import annotations

# ---------------------------------------------------------------- the codebook (record fields and values)

FIELDS: tuple[str, ...] = (
    "url",
    "source",
    "source_kind",
    "title",
    "page_date",
    "event_date",
    "event_end_date",
    "place",
    "event_type",
    "idcpc_officials",
    "counterpart_people",
    "counterpart_orgs",
    "counterpart_countries",
    "mentions",
    "foreign_side_endorses",
    "truncated",
    "summary",
)
#: Fields that a rule-based fetcher may add after the codebook's fields.
OPTIONAL_FIELDS: tuple[str, ...] = ("coded_by",)
REQUIRED_VALUES: tuple[str, ...] = ("url", "source", "source_kind", "event_type", "truncated", "summary")

SOURCE_KINDS: tuple[str, ...] = ("idcpc", "chinese_official", "counterpart", "foreign_media")
EVENT_TYPES: tuple[str, ...] = ("meeting", "visit_abroad", "multilateral", "video_call", "notice", "other")
MENTION_KEYS: tuple[str, ...] = (
    "belt_and_road",
    "shared_future",
    "xi_thought",
    "19th_congress",
    "governance_experience",
    "reform_opening",
    "new_party_relations",
    "high_level_meeting",
    "one_china",
    "south_china_sea",
    "korean_peninsula",
    "covid",
    "global_initiatives",
)
TRUNCATED_VALUES: tuple[str, ...] = ("yes", "no")
DATE_FIELDS: tuple[str, ...] = ("page_date", "event_date", "event_end_date")


# ---------------------------------------------------------------- the side table of reported figures (reported-figures.csv)

#: What a reported figure counts, as the archive README lists it (units follow the page).
FIGURE_QUANTITIES: tuple[str, ...] = (
    "parties",
    "parties_and_organizations",
    "countries",
    "countries_and_regions",
    "representatives",
    "leaders",
    "participants",
    "organizations",
    "think_tanks",
    "exchanges",
    "delegations",
    "people_trained",
)
#: How the page qualifies the number ("over 400", "nearly 300"); empty for a bare number.
FIGURE_QUALIFIERS: tuple[str, ...] = ("over", "nearly", "about", "exactly", "up_to")

# ---------------------------------------------------------------- normalized values (the pipeline's output)

#: Ranks of department officials, most senior first (``data/reference/officials.csv``).
RANKS: tuple[str, ...] = (
    "Minister",
    "Vice-minister",
    "Assistant-minister",
    "Director-general",
    "Deputy director-general",
    "Other official",
    "Unknown",
)
#: The roster's name for a department official the page does not name.
UNNAMED = "(unnamed)"
#: Separator of list cells in the processed tables (``countries``, ``mentions``, ...).
LIST_SEP = ";"

#: Mention keys that name a policy or idea (the others name an event or a topic of the day).
POLICY_KEYS: tuple[str, ...] = (
    "belt_and_road",
    "shared_future",
    "xi_thought",
    "governance_experience",
    "reform_opening",
    "new_party_relations",
    "one_china",
    "south_china_sea",
    "global_initiatives",
)

# ---------------------------------------------------------------- display labels

SOURCE_KIND_LABELS: dict[str, str] = {
    "idcpc": "Department's own site",
    "chinese_official": "Other Chinese official media",
    "counterpart": "Counterpart's own site",
    "foreign_media": "Foreign media",
}

EVENT_TYPE_LABELS: dict[str, str] = {
    "meeting": "Meeting in China",
    "visit_abroad": "Visit abroad",
    "multilateral": "Multilateral event",
    "video_call": "Video call",
    "notice": "Notice of a visit",
    "other": "Other (message, briefing...)",
}

#: Readable names of the codebook's ``mentions`` keys, in codebook order.
FORMULATION_LABELS: dict[str, str] = {
    "belt_and_road": "Belt and Road Initiative",
    "shared_future": "Community with a shared future",
    "xi_thought": "Xi Jinping Thought",
    "19th_congress": "19th Party Congress",
    "governance_experience": "Governance experience",
    "reform_opening": "Reform and opening up",
    "new_party_relations": "New type of party relations",
    "high_level_meeting": "High-Level Meeting (CPC and world parties)",
    "one_china": "One China",
    "south_china_sea": "South China Sea",
    "korean_peninsula": "Korean Peninsula",
    "covid": "COVID-19",
    "global_initiatives": "Global initiatives (GDI, GSI, GCI)",
}


def formulation_label(key: str) -> str:
    """Readable name of a codebook key (the key itself if the codebook grows)."""
    return FORMULATION_LABELS.get(key, key)


#: Figure 2's row for multi-party events: their endorsements are not credited to any attending country.
MULTI_PARTY = "Multi-party events"
#: Figure 2's categories of a mark.
ENDORSED = "Foreign side endorses it"
ENDORSED_AT_EVENT = "Endorsed by some participants"
NOT_ENDORSED = "Mentioned, no endorsement reported"

#: country_converter's continent names, as the book shows them.
REGION_NAMES: dict[str, str] = {"America": "Americas"}
#: The row for exchanges whose pages name no counterpart country.
NO_COUNTRY = "No country named"
#: Exchanges grouped by how many counterpart countries they name.
COUNTRY_GROUPS: tuple[str, ...] = ("1 country", "2 countries", "3 or more countries", NO_COUNTRY)
#: The row for exchanges whose pages name no department official.
NO_OFFICIAL = "No department official named"
#: Lead officials grouped by rank (directors-general and below as one group).
RANK_GROUPS: tuple[str, ...] = ("Minister", "Vice-minister", "Assistant-minister", "Other official", NO_OFFICIAL)
RANK_GROUP_OF: dict[str, str] = {
    "Minister": "Minister",
    "Vice-minister": "Vice-minister",
    "Assistant-minister": "Assistant-minister",
    "Director-general": "Other official",
    "Deputy director-general": "Other official",
    "Other official": "Other official",
    "Unknown": "Other official",
    "": NO_OFFICIAL,
}
THE_MINISTER = "The minister"

#: Collection rounds of the archive as its README describes them (harvest-log file names).
HARVEST_ROUNDS: dict[int, str] = {
    1: "1: the department's own pages",
    2: "2: other outlets",
    3: "3: counterparts' own languages",
    4: "4: the window's thinnest months and the department's forums",
}
