"""Which exchanges count: the article's window and the counting rules the sensitivity table varies."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from liaison.codebook import UNNAMED
from liaison.tables.frames import split_cell

#: From the close of the 19th Party Congress's opening day (18 Oct 2017) to the end of October 2018.
ARTICLE_WINDOW: tuple[str, str] = ("2017-10-18", "2018-10-31")

_PARTY_WORDS = re.compile(
    r"part(y|ies|ido|i\b|ei|ij)|\bfront\b|frente|congress|league|movement|movimiento|union\b|unión|"
    r"\bfatah\b|komeito|\bccm\b|chama cha|united russia|\bswapo\b|\bfrelimo\b|\bmpla\b|\bzanu|\bpsuv\b|\bpcc\b|"
    r"\banc\b|\bsnp\b|\bfln\b|\bnld\b|baath|\bamal\b|\bkmt\b|kuomintang|nation's future",
    re.IGNORECASE,
)


def in_window(exchanges: pd.DataFrame, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Exchanges whose first day falls in the window (undated ones cannot be placed and are left out)."""
    dates = exchanges["event_date"]
    return exchanges[(dates >= window[0]) & (dates <= window[1])]


def has_party_counterpart(orgs: str) -> bool:
    """True when any counterpart organization reads as a political party (name-based rule)."""
    return any(_PARTY_WORDS.search(org) for org in split_cell(orgs))


@dataclass(frozen=True)
class CountingRule:
    """Which exchanges count in the country figures; the default is the book's main rule.

    The default counts every exchange that took place (notices of future visits do not), whether or
    not a department official is named, and whoever the counterpart is. Each flag is one of the
    judgment calls the sensitivity table varies.
    """

    label: str = "Main rule: every exchange that took place"
    require_official: bool = False
    include_notices: bool = False
    parties_only: bool = False

    def apply(self, exchanges: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=exchanges.index)
        if not self.include_notices:
            keep &= exchanges["event_type"] != "notice"
        if self.require_official:
            keep &= exchanges["lead_official"].ne("") & exchanges["lead_official"].ne(UNNAMED)
        if self.parties_only:
            keep &= exchanges["counterpart_orgs"].map(has_party_counterpart)
        return exchanges[keep]


MAIN_RULE = CountingRule()
ALTERNATIVE_RULES: tuple[CountingRule, ...] = (
    CountingRule("Only exchanges naming a department official", require_official=True),
    CountingRule("Notices of future visits counted too", include_notices=True),
    CountingRule("Only exchanges with a political party", parties_only=True),
    CountingRule("All three restrictions: official named, party counterpart, no notices",
                 require_official=True, parties_only=True),
)


def window_exchanges(exchanges: pd.DataFrame, rule: CountingRule = MAIN_RULE,
                     window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """The exchanges a rule counts whose first day falls in the article's window (the base of Figure 1)."""
    return rule.apply(in_window(exchanges, window))
