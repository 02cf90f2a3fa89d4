"""Values pasted into prose with myst-nb's ``glue``: plain strings, dates and lists as a writer would put them."""

from __future__ import annotations

import pandas as pd


class Plain(str):
    """A string whose repr is itself, so myst-nb's {glue:text} pastes it without quotes."""

    def __repr__(self) -> str:
        return str(self)


def human_date(iso: str) -> Plain:
    """'2017-10-18' -> '18 October 2017'."""
    day = pd.Timestamp(iso)
    return Plain(f"{day.day} {day:%B %Y}")


def names_list(names: list[str]) -> Plain:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    if len(names) <= 1:
        return Plain("".join(names))
    return Plain(", ".join(names[:-1]) + " and " + names[-1])
