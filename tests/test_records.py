"""Parsing and validation against the codebook: every bad-input kind is reported by file and field."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARCHIVE_RECORDS

from liaison.codebook import FIELDS, OPTIONAL_FIELDS
from liaison.pipeline import build
from liaison.pipeline.records import RecordError, load_records, parse_text, split_keys, split_list


def test_every_archive_record_parses_cleanly():
    records, problems = load_records(ARCHIVE_RECORDS)
    assert problems == []
    assert len(records) == len(list(ARCHIVE_RECORDS.glob("*.txt")))
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


def _edit(path: Path, field: str, value: str | None) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        if line.startswith(f"{field}:"):
            if value is None:
                continue
            line = f"{field}: {value}"
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


BAD_INPUTS = [
    ("missing field", "page_date", None, "missing field"),
    ("malformed date", "event_date", "21/06/2018", "malformed date"),
    ("impossible date", "event_date", "2018-02-30", "impossible date"),
    ("unknown event type", "event_type", "banquet", "unknown value 'banquet'"),
    ("unknown source kind", "source_kind", "blog", "unknown value 'blog'"),
    ("unknown mention key", "mentions", "belt_and_road, world_peace", "unknown mention key 'world_peace'"),
    ("endorsement not mentioned", "foreign_side_endorses", "xi_thought", "keys not in mentions"),
    ("unmappable country", "counterpart_countries", "Atlantis", "cannot be mapped"),
    ("unknown official", "idcpc_officials", "Zhang Nobody (Vice-minister)", "not in data/reference/officials.csv"),
    ("empty required value", "url", "", "empty value"),
]


@pytest.mark.parametrize("label,field,value,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_with_file_and_field(small_raw, empty_reference, label, field, value, message):
    target = small_raw / "idcpc-en" / "records" / "t20170821_91410.txt"
    _edit(target, field, value)
    with pytest.raises(RecordError) as err:
        build.build(raw_dir=small_raw, reference_dir=empty_reference)
    problems = err.value.problems
    assert any("t20170821_91410" in p.path and p.field == field and message in p.message for p in problems), problems


def test_unreadable_file_is_reported(small_raw, empty_reference):
    bad = small_raw / "idcpc-en" / "records" / "broken_000000000000.txt"
    bad.write_bytes(b"url: \xff\xfe not utf-8\n")
    with pytest.raises(RecordError) as err:
        build.build(raw_dir=small_raw, reference_dir=empty_reference)
    assert any(p.path.endswith("broken_000000000000.txt") and "not UTF-8" in p.message for p in err.value.problems)


def test_non_key_value_line_and_unknown_field_are_reported(small_raw, empty_reference):
    target = small_raw / "idcpc-en" / "records" / "t20211224_148133.txt"
    target.write_text(target.read_text(encoding="utf-8") + "just some prose\ncolour: red\n", encoding="utf-8")
    with pytest.raises(RecordError) as err:
        build.build(raw_dir=small_raw, reference_dir=empty_reference)
    messages = [str(p) for p in err.value.problems]
    assert any("not a 'key: value' line" in m for m in messages)
    assert any("colour: unknown field" in m for m in messages)


def test_all_problems_are_listed_not_just_the_first(small_raw, empty_reference):
    records = small_raw / "idcpc-en" / "records"
    _edit(records / "t20170821_91410.txt", "event_type", "banquet")
    _edit(records / "t20211224_148133.txt", "page_date", "yesterday")
    with pytest.raises(RecordError) as err:
        build.build(raw_dir=small_raw, reference_dir=empty_reference)
    paths = {Path(p.path).stem for p in err.value.problems}
    assert {"t20170821_91410", "t20211224_148133"} <= paths


def test_cli_exits_non_zero_and_names_the_problem(small_raw, tmp_path):
    _edit(small_raw / "idcpc-en" / "records" / "t20170821_91410.txt", "event_date", "June 2018")
    proc = subprocess.run(
        [sys.executable, "-m", "liaison", "build", "--raw", str(small_raw), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "t20170821_91410.txt: event_date: malformed date 'June 2018'" in proc.stderr
    assert not (tmp_path / "out").exists()
