"""Values pasted into prose with myst-nb's ``glue``: plain strings, dates, counts, ranks and lists as a
careful writer would put them, for every value the data can take (zero, one, ties, equal values).

Written here, not taken from a library: ``inflect`` would add a dependency for plural nouns and
ordinals, and the book's few rules (its own nouns, "joint third" for ties) would still be ours.
"""

from __future__ import annotations

import pandas as pd

_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


class Plain(str):
    """A string whose repr is itself, so myst-nb's {glue:text} pastes it without quotes."""

    def __repr__(self) -> str:
        return str(self)


def human_date(iso: str) -> Plain:
    """'2017-10-18' -> '18 October 2017'."""
    day = pd.Timestamp(iso)
    return Plain(f"{day.day} {day:%B %Y}")


def names_list(names: list[str], conjunction: str = "and") -> Plain:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    if len(names) <= 1:
        return Plain("".join(names))
    return Plain(", ".join(names[:-1]) + f" {conjunction} " + names[-1])


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """The noun for a count: 'exchange' for 1, else 'exchanges' (or ``nouns``)."""
    return noun if n == 1 else (nouns or noun + "s")


def count(n: int, noun: str, nouns: str | None = None, words: bool = False) -> Plain:
    """'no exchanges', '1 exchange', '12 exchanges' (``words``: 'one exchange' ... 'nine exchanges')."""
    if n == 0:
        return Plain(f"no {plural(0, noun, nouns)}")
    shown = _SMALL[n] if words and n < len(_SMALL) else f"{n:,}"
    return Plain(f"{shown} {plural(n, noun, nouns)}")


def ordinal(n: int) -> Plain:
    """'first' ... 'tenth', then '11th', '22nd', '103rd'."""
    if 0 < n < len(_ORDINALS):
        return Plain(_ORDINALS[n])
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return Plain(f"{n}{suffix}")


def rank(n: int, tied: bool = False) -> Plain:
    """A rank as prose: 'first', 'joint third' when another country has the same count."""
    return Plain(f"joint {ordinal(n)}" if tied else ordinal(n))


def share(x: float, digits: int = 0) -> Plain:
    """'38%' (a share of 0-1)."""
    return Plain(f"{100 * x:.{digits}f}%")


def points(a: float, b: float, digits: int = 0) -> Plain:
    """The difference of two shares in percentage points: '12 percentage points', 'the same share'."""
    diff = round(abs(100 * (a - b)), digits)
    if diff == 0:
        return Plain("the same share")
    unit = "percentage point" if diff == 1 else "percentage points"
    return Plain(f"{diff:.{digits}f} {unit}")
