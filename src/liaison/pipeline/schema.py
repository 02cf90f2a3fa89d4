"""Frictionless table schemas of the processed files (types, enumerations, list patterns)."""

from __future__ import annotations

from liaison.codebook import EVENT_TYPES, MENTION_KEYS, RANKS, SOURCE_KINDS

_DATE_OR_EMPTY = {"type": "date", "format": "%Y-%m-%d"}


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
         "constraints": {"enum": ["event_date", "page_date", "url"]},
         "description": "What the date rests on: the coded event date, the page's date line, or a date in its URL"},
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
        {"name": "source_kind", "type": "string", "constraints": {"required": True, "enum": list(SOURCE_KINDS)}},
        {"name": "date", **_DATE_OR_EMPTY, "description": "The record's own date (event, page or URL)"},
        {"name": "date_basis", "type": "string", "constraints": {"enum": ["event_date", "page_date", "url"]}},
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
