"""Frictionless table schemas of the processed files (types, enumerations, list patterns)."""

from __future__ import annotations

from liaison.codebook import EVENT_TYPES, FIGURE_QUALIFIERS, FIGURE_QUANTITIES, MENTION_KEYS, RANKS, SOURCE_KINDS

_DATE_OR_EMPTY = {"type": "date", "format": "%Y-%m-%d"}
_PARTY_ID = r"(pf[1-9][0-9]*|[a-z]{3}(-[a-z0-9]+)+)"
_PARTY_IDS = f"^$|^{_PARTY_ID}(;{_PARTY_ID})*$"


def _list_pattern(items: tuple[str, ...]) -> str:
    alt = "|".join(items)
    return f"^$|^({alt})(;({alt}))*$"


EXCHANGES_SCHEMA: dict = {
    "primaryKey": ["exchange_id"],
    "missingValues": [""],
    "fields": [
        {"name": "exchange_id", "type": "string", "constraints": {"required": True, "unique": True,
                                                                 "pattern": r"^X(\d{8}|undated)-[0-9a-f]{6}$"}},
        {"name": "event_date", **_DATE_OR_EMPTY, "description": "First day; empty when no source dates it"},
        {"name": "event_end_date", **_DATE_OR_EMPTY, "description": "Last day of a multi-day event"},
        {"name": "date_basis", "type": "string",
         "constraints": {"enum": ["event_date", "reviewed", "page_date", "url"]},
         "description": "What the date rests on: the coded event date, a date established by review "
                        "(data/reference/dates.csv), the page's date line, or a date in its URL"},
        {"name": "event_type", "type": "string", "constraints": {"required": True, "enum": list(EVENT_TYPES)}},
        {"name": "place", "type": "string", "description": "Where, as printed on the first page that says"},
        {"name": "place_country", "type": "string", "constraints": {"pattern": "^[A-Z]{3}$"}},
        {"name": "lead_official", "type": "string", "description": "Canonical name (data/reference/officials.csv)"},
        {"name": "lead_rank", "type": "string", "constraints": {"enum": list(RANKS)}},
        {"name": "officials", "type": "string", "description": "';'-separated canonical names"},
        {"name": "counterpart_orgs", "type": "string", "description": "';'-separated, as printed"},
        {"name": "counterpart_people", "type": "string", "description": "';'-separated, as printed"},
        {"name": "countries", "type": "string", "constraints": {"pattern": "^$|^[A-Z]{3}(;[A-Z]{3})*$"},
         "description": "';'-separated ISO 3166 alpha-3 codes (EUU: European Union)"},
        {"name": "party_ids", "type": "string", "constraints": {"pattern": _PARTY_IDS},
         "description": "';'-separated party_id of parties.csv: the counterpart parties"},
        {"name": "mentions", "type": "string", "constraints": {"pattern": _list_pattern(MENTION_KEYS)}},
        {"name": "foreign_side_endorses", "type": "string", "constraints": {"pattern": _list_pattern(MENTION_KEYS)}},
        {"name": "n_sources", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "source_kinds", "type": "string", "constraints": {"pattern": _list_pattern(SOURCE_KINDS)}},
        {"name": "source_ids", "type": "string", "constraints": {"required": True}},
        {"name": "urls", "type": "string", "constraints": {"required": True}},
        {"name": "title", "type": "string"},
        {"name": "primary_url", "type": "string", "format": "uri", "constraints": {"required": True}},
        {"name": "summary", "type": "string"},
    ],
}

RECORDS_SCHEMA: dict = {
    "primaryKey": ["doc_id"],
    "missingValues": [""],
    "fields": [
        {"name": "doc_id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "fate", "type": "string", "constraints": {"required": True,
                                                          "enum": ["kept", "duplicate", "excluded"]}},
        {"name": "exchange_id", "type": "string"},
        {"name": "reason", "type": "string"},
        {"name": "rules_exchange_id", "type": "string",
         "description": "The exchange the matching rules gave the record, before the window review "
                        "(data/reference/window-review.csv refers to these ids)"},
        {"name": "raw_folder", "type": "string", "constraints": {"required": True},
         "description": "The folder of data/raw the record was read from"},
        {"name": "source_kind", "type": "string", "constraints": {"required": True, "enum": list(SOURCE_KINDS)}},
        {"name": "date", **_DATE_OR_EMPTY, "description": "The record's own date (event, review, page or URL)"},
        {"name": "date_basis", "type": "string", "constraints": {"enum": ["event_date", "reviewed", "page_date", "url"]}},
        {"name": "corrected_fields", "type": "string",
         "description": "Fields corrected by data/reference/corrections.csv (';'-separated)"},
        {"name": "url", "type": "string", "format": "uri", "constraints": {"required": True}},
        {"name": "mentions", "type": "string", "constraints": {"pattern": _list_pattern(MENTION_KEYS)}},
        {"name": "foreign_side_endorses", "type": "string", "constraints": {"pattern": _list_pattern(MENTION_KEYS)}},
        {"name": "truncated", "type": "string", "constraints": {"enum": ["yes", "no"]}},
    ],
}

COUNTRIES_SCHEMA: dict = {
    "primaryKey": ["iso3"],
    "missingValues": [""],
    "fields": [
        {"name": "iso3", "type": "string", "constraints": {"required": True, "unique": True, "pattern": "^[A-Z]{3}$"}},
        {"name": "name", "type": "string", "constraints": {"required": True}, "description": "Short English name"},
        {"name": "continent", "type": "string", "constraints": {"required": True},
         "description": "country_converter's continent (America covers North and South America)"},
    ],
}

PARTIES_SCHEMA: dict = {
    "primaryKey": ["party_id"],
    "missingValues": [""],
    "fields": [
        {"name": "party_id", "type": "string", "constraints": {"required": True, "unique": True, "pattern": f"^{_PARTY_ID}$"},
         "description": "pf + the Party Facts id, or a local key iso3-slug for a party Party Facts does not list"},
        {"name": "partyfacts_id", "type": "integer", "description": "Party Facts id (Döring and Regel 2019), if listed"},
        {"name": "name_english", "type": "string", "constraints": {"required": True}},
        {"name": "iso3", "type": "string", "constraints": {"required": True, "pattern": "^[A-Z]{3}$"}},
        {"name": "names_seen", "type": "string", "description": "';'-separated names as the archive's pages print them"},
        {"name": "n_exchanges", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "first_date", **_DATE_OR_EMPTY},
        {"name": "last_date", **_DATE_OR_EMPTY},
    ],
}

FIGURES_SCHEMA: dict = {
    "missingValues": [""],
    "fields": [
        {"name": "doc_id", "type": "string", "constraints": {"required": True}},
        {"name": "exchange_id", "type": "string", "description": "The exchange of the page (empty if it was excluded)"},
        {"name": "page_fate", "type": "string", "constraints": {"required": True, "enum": ["kept", "duplicate", "excluded"]}},
        {"name": "subject", "type": "string", "constraints": {"required": True}},
        {"name": "subject_date", "type": "string", "constraints": {"pattern": r"^$|^\d{4}(-\d{2}(-\d{2})?)?$"}},
        {"name": "quantity", "type": "string", "constraints": {"required": True, "enum": list(FIGURE_QUANTITIES)}},
        {"name": "value", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "qualifier", "type": "string", "constraints": {"enum": list(FIGURE_QUALIFIERS)}},
        {"name": "claim_id", "type": "string", "constraints": {"pattern": "^$|^C[0-9]{2}$"}},
        {"name": "note", "type": "string"},
    ],
}
