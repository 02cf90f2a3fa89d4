"""references.bib reads well in the book: names keep their capitals, dates read as dates, the list is in
alphabetical order, and every work a chapter cites is in it."""

from __future__ import annotations

import calendar
import re

import pytest
from conftest import ROOT
from pybtex.database import parse_file

BIB = parse_file(ROOT / "references.bib")
MONTHS = [m for m in calendar.month_name if m]
#: Proper nouns that the style's sentence case would lower-case unless braced in a title.
PROPER = ("China", "Chinese", "Beijing", "Guangdong", "Xi Jinping", "Communist Party", "CPC", "CCP", "Party Watch",
          "South China Sea", "Party Facts", "Central Foreign Affairs", "New Era", "Party Congress", "United Front")


def _unbraced(text: str) -> str:
    """The parts of a field outside braces (what the style may change)."""
    depth, out = 0, []
    for char in text:
        depth += char == "{"
        if depth == 0:
            out.append(char)
        depth -= char == "}"
    return "".join(out)


def _sort_name(entry) -> str:
    person = (entry.persons.get("author") or entry.persons.get("editor"))[0]
    return re.sub(r"[{}]", "", " ".join(person.prelast_names + person.last_names)).lower()


@pytest.mark.parametrize("key", list(BIB.entries))
def test_proper_nouns_in_titles_are_protected(key):
    for name in ("title", "booktitle", "journal"):
        free = _unbraced(BIB.entries[key].fields.get(name, ""))
        assert not [p for p in PROPER if re.search(rf"\b{p}\b", free)], f"{key}: brace the proper nouns in its {name}"


@pytest.mark.parametrize("key", list(BIB.entries))
def test_dates_read_as_dates(key):
    entry = BIB.entries[key]
    month = entry.fields.get("month", "")
    assert re.fullmatch(rf"(([1-9]|[12][0-9]|3[01]) )?({'|'.join(MONTHS)})", month) or not month, f"{key}: month {month!r}"
    assert "day" not in entry.fields, f"{key}: the style ignores day; write month = {{15 May}}"
    assert re.fullmatch(r"\d{4}", entry.fields.get("year", "")) or "Undated" in entry.fields.get("note", ""), key


def test_the_list_is_alphabetical_by_the_name_cited_then_by_date():
    """The style sorts by the name as written: a name in braces would go after Z. The file keeps that order too."""
    from pybtex.plugin import find_plugin

    shown = find_plugin("pybtex.style.sorting", "author_year_title")().sort(list(BIB.entries.values()))
    names = [_sort_name(e) for e in shown]
    assert names == sorted(names), names
    assert [e.key for e in shown] == list(BIB.entries), "keep references.bib in the order the bibliography shows"


def test_every_work_a_chapter_cites_is_in_the_bibliography():
    cited = {key.strip() for path in (ROOT / "chapters" / "src").glob("*.md")
             for keys in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", path.read_text(encoding="utf-8"))
             for key in keys.split(",")}
    assert cited and cited <= set(BIB.entries)


def test_articles_give_their_journal_and_a_date():
    for key, entry in BIB.entries.items():
        if entry.type == "article":
            assert entry.fields.get("journal") and entry.fields.get("year"), key
