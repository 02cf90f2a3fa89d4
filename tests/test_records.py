"""Parsing and validation against the codebook: every bad-input kind is reported by file and field."""

from __future__ import annotations

import os
import random
import re

from conftest import ARCHIVE_RECORDS, archive_records

from liaison.codebook import FIELDS, OPTIONAL_FIELDS
from liaison.pipeline.records import parse_text, split_keys, split_list


def test_every_archive_record_parses_cleanly():
    """With the reviewed corrections and dates applied, as the build reads them; counted apart from the code's listing."""
    records, problems = archive_records()
    assert problems == []
    assert len(records) == len([n for n in os.listdir(ARCHIVE_RECORDS) if n.endswith(".txt")]) > 1000
    assert all(set(FIELDS) <= set(r) for r in records)


def test_split_list_keeps_semicolons_inside_parentheses():
    value = "Song Tao (head of the department; special envoy of Xi Jinping); Li Jun (Vice-minister)"
    assert split_list(value) == ["Song Tao (head of the department; special envoy of Xi Jinping)", "Li Jun (Vice-minister)"]
    assert split_keys("belt_and_road, one_china") == ["belt_and_road", "one_china"]


def _split_list_reference(value: str) -> list[str]:
    """The rule walked one character at a time: ';' splits only outside parentheses."""
    parts, current, depth = [], "", 0
    for char in value:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def test_split_list_agrees_with_the_character_by_character_rule():
    rng = random.Random(6)
    for _ in range(20_000):
        value = "".join(rng.choice("ab ;(),\t") for _ in range(rng.randrange(0, 14)))
        assert split_list(value) == _split_list_reference(value), repr(value)


def test_parse_text_reads_key_value_lines():
    text = "\n".join(f"{k}: " for k in FIELDS).replace("url: ", "url: https://example.org/a")
    values, problems = parse_text(text, "x.txt")
    assert problems == []
    assert values["url"] == "https://example.org/a"


def test_parse_text_tells_a_malformed_line_from_an_unknown_field():
    text = "\n".join(f"{k}: x" for k in FIELDS)
    _, problems = parse_text(text + "\nNot A Key: x\nno colon here\nbanquet_size: 12\ncoded_by: rules-1", "x.txt")
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [
        (f"line {len(FIELDS) + 1}", "not a 'key"),
        (f"line {len(FIELDS) + 2}", "not a 'key"),
        ("banquet_size", "unknown field (not in the codebook)"),
    ]
    assert all(re.fullmatch(r"[a-z_]+", k) for k in (*FIELDS, *OPTIONAL_FIELDS))  # what parse_text assumes
