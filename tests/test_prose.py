"""Prose helpers give a natural phrase for zero, one, many, ties and equal values."""

from __future__ import annotations

import pytest

from liaison.book import prose


@pytest.mark.parametrize("n,words,expected", [
    (0, False, "no exchanges"), (1, False, "1 exchange"), (2, False, "2 exchanges"), (1234, False, "1,234 exchanges"),
    (1, True, "one exchange"), (9, True, "nine exchanges"), (10, True, "10 exchanges"),
])
def test_count(n, words, expected):
    assert prose.count(n, "exchange", words=words) == expected


def test_count_with_an_irregular_plural():
    assert prose.count(2, "party", "parties") == "2 parties" and prose.count(1, "party", "parties") == "1 party"


@pytest.mark.parametrize("n,expected", [(1, "first"), (3, "third"), (10, "tenth"), (11, "11th"), (12, "12th"),
                                         (13, "13th"), (21, "21st"), (22, "22nd"), (103, "103rd"), (111, "111th")])
def test_ordinal(n, expected):
    assert prose.ordinal(n) == expected


def test_rank_says_joint_for_a_tie():
    assert prose.rank(4) == "fourth" and prose.rank(4, tied=True) == "joint fourth"


@pytest.mark.parametrize("a,b,expected", [(0.5, 0.38, "12 percentage points"), (0.38, 0.5, "12 percentage points"),
                                          (0.5, 0.49, "1 percentage point"), (0.5, 0.5, "the same share")])
def test_points(a, b, expected):
    assert prose.points(a, b) == expected


def test_lists_and_dates():
    assert prose.names_list([]) == "" and prose.names_list(["a"]) == "a"
    assert prose.names_list(["a", "b"]) == "a and b" and prose.names_list(["a", "b", "c"], "or") == "a, b or c"
    assert prose.human_date("2017-10-18") == "18 October 2017" and repr(prose.share(0.384)) == "38%"
