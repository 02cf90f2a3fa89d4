"""The window audit: a reviewed decision on every exchange the rules make in the article's window, applied in code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from liaison.pipeline import window_review
from liaison.tables import counting

REVIEW = ROOT / "data" / "reference" / window_review.REVIEW_FILE


def _day(exchange_id: str) -> str:
    stamp = exchange_id[1:].split("-")[0]
    return "" if stamp == "undated" else f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"


def test_every_exchange_the_rules_make_in_the_window_is_reviewed_once(result):
    decisions, problems = window_review.load(ROOT / "data" / "reference")
    assert problems == []
    start, end = counting.ARTICLE_WINDOW
    in_window = {r["rules_exchange_id"] for r in result.records
                 if r["rules_exchange_id"] and start <= _day(r["rules_exchange_id"]) <= end}
    assert len(in_window) > 50
    missing = sorted(in_window - set(decisions))
    assert missing == [], f"window exchanges with no row in {REVIEW.name}: {missing[:10]}"


def test_the_review_is_applied(result):
    """Each decision shows in the build: merged pages carry the review's reason, excluded ones its text."""
    decisions, _ = window_review.load(ROOT / "data" / "reference")
    by_rules = {}
    for r in result.records:
        by_rules.setdefault(r["rules_exchange_id"], []).append(r)
    kinds = {d.kind for d in decisions.values()}
    assert "keep" in kinds and "merge" in kinds
    for d in decisions.values():
        pages = by_rules[d.exchange_id]
        if d.kind == "merge":
            target = {r["exchange_id"] for r in by_rules[d.target] if r["fate"] != "excluded"}
            assert {r["exchange_id"] for r in pages} <= target, d
        elif d.kind == "not_an_exchange":
            assert all(r["fate"] == "excluded" and d.reason in r["reason"] for r in pages), d
        elif d.kind == "split":
            moved = {r["exchange_id"] for r in pages if r["doc_id"] in d.pages}
            stayed = {r["exchange_id"] for r in pages if r["doc_id"] not in d.pages}
            assert len(moved) == 1 and moved.isdisjoint(stayed), d


# ---------------------------------------------------------------- the decisions on synthetic groups


@dataclass(frozen=True)
class Page:
    doc_id: str


def _groups():
    groups = {"a": [Page("a1"), Page("a2")], "b": [Page("b1")], "c": [Page("c1"), Page("c2"), Page("c3")], "d": [Page("d1")]}
    ids = {"a": "X20180101-aaaaaa", "b": "X20180102-bbbbbb", "c": "X20180103-cccccc", "d": "X20180104-dddddd"}
    return groups, ids


def _decisions(rows: str, tmp_path: Path):
    (tmp_path / window_review.REVIEW_FILE).write_text("exchange_id,decision,reason\n" + rows, encoding="utf-8")
    return window_review.load(tmp_path)


def test_merge_split_and_not_an_exchange_on_synthetic_groups(tmp_path):
    decisions, problems = _decisions(
        "X20180101-aaaaaa,keep,fine\n"
        "X20180102-bbbbbb,merge:X20180101-aaaaaa,the close of the same council\n"
        "X20180103-cccccc,split:c2;c3,a call on the prime minister\n"
        "X20180104-dddddd,not_an_exchange,a page about something else\n", tmp_path)
    assert problems == []
    groups, ids = _groups()
    out, how, excluded, problems = window_review.apply(groups, ids, decisions, tmp_path)
    assert problems == []
    members = sorted(sorted(p.doc_id for p in m) for m in out.values())
    assert members == [["a1", "a2", "b1"], ["c1"], ["c2", "c3"]]
    assert how == {"b1": "window review (merged)", "c2": "window review (split)", "c3": "window review (split)"}
    assert excluded == {"d1": "window review: not an exchange: a page about something else"}


@pytest.mark.parametrize("rows,message", [
    ("X20180109-999999,keep,x\n", "no such exchange"),
    ("X20180101-aaaaaa,merge:X20180109-999999,x\n", "which the build does not make"),
    ("X20180101-aaaaaa,merge:X20180102-bbbbbb,x\nX20180102-bbbbbb,merge:X20180103-cccccc,x\n", "itself merged"),
    ("X20180103-cccccc,split:c9,x\n", "split of c9"),
    ("X20180103-cccccc,split:c1;c2;c3,x\n", "split of every page"),
], ids=["unknown exchange", "unknown target", "merge chain", "page not in it", "all pages"])
def test_stale_or_inconsistent_decisions_are_refused(tmp_path, rows, message):
    decisions, problems = _decisions(rows, tmp_path)
    assert problems == []
    groups, ids = _groups()
    _, _, _, problems = window_review.apply(groups, ids, decisions, tmp_path)
    assert any(message in p.message for p in problems), problems


@pytest.mark.parametrize("rows,message", [
    ("X20180101-aaaaaa,delete,x\n", "is not keep, merge"),
    ("X20180101-aaaaaa,keep,\n", "no reason given"),
    ("X20180101-aaaaaa,keep,x\nX20180101-aaaaaa,keep,y\n", "a second row"),
], ids=["unknown decision", "no reason", "twice"])
def test_malformed_rows_are_problems_naming_the_row(tmp_path, rows, message):
    _, problems = _decisions(rows, tmp_path)
    assert any(message in p.message and p.field.startswith("row ") for p in problems), problems
