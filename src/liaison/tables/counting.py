"""Which exchanges count: the article's window and the counting rules the sensitivity table varies.

The window's end is one named setting, ``WINDOW_END``. The article's text counts "from the 19th Party
Congress in October 2017 to the beginning of October 2018"; its Figure 1 is titled "October
2017-October 2018". The book's figures run to the end of October (``WINDOW_END``) and show the
ranking to the beginning of October too (``WINDOW_END_EARLY``, the first week), so a reader sees
whether the choice matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison.codebook import UNNAMED

#: The first day of the window: the 19th Party Congress opened on 18 October 2017.
WINDOW_START = "2017-10-18"
#: The window's end, the one setting every window count uses: the end of October 2018 (Figure 1's title).
WINDOW_END = "2018-10-31"
#: The end the article's text gives, "the beginning of October 2018", read as its first week.
WINDOW_END_EARLY = "2018-10-07"
ARTICLE_WINDOW: tuple[str, str] = (WINDOW_START, WINDOW_END)
EARLY_WINDOW: tuple[str, str] = (WINDOW_START, WINDOW_END_EARLY)


def in_window(exchanges: pd.DataFrame, window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """Exchanges whose first day falls in the window (undated ones cannot be placed and are left out)."""
    dates = exchanges["event_date"]
    return exchanges[(dates >= window[0]) & (dates <= window[1])]


def has_party_counterpart(party_ids: str) -> bool:
    """True when the exchange has a counterpart party (``party_ids``, from data/reference/parties.csv)."""
    return party_ids != ""


def reported_by_department(source_kinds: str) -> bool:
    """True when at least one of the exchange's pages is on the department's own website."""
    return "idcpc" in source_kinds.split(";")


@dataclass(frozen=True)
class CountingRule:
    """Which exchanges count in the country figures; the default is the book's main rule.

    The default counts every exchange that took place (notices of future visits do not), whether or
    not a department official is named, and whoever the counterpart is. Each flag is one of the
    judgment calls the sensitivity table varies. ``department_only`` counts only exchanges the
    department itself reported on its website: the article's Figure 1 cites that website as its source.
    """

    label: str = "Main rule: every exchange that took place"
    require_official: bool = False
    include_notices: bool = False
    parties_only: bool = False
    department_only: bool = False

    def apply(self, exchanges: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=exchanges.index)
        if not self.include_notices:
            keep &= exchanges["event_type"] != "notice"
        if self.require_official:
            keep &= exchanges["lead_official"].ne("") & exchanges["lead_official"].ne(UNNAMED)
        if self.parties_only:
            keep &= exchanges["party_ids"].map(has_party_counterpart)
        if self.department_only:
            keep &= exchanges["source_kinds"].map(reported_by_department)
        return exchanges[keep]


MAIN_RULE = CountingRule()
#: The article's basis: exchanges the department reported on its own website.
DEPARTMENT_RULE = CountingRule("Reported on the department's own site", department_only=True)
#: Exchanges with a counterpart party (data/reference/parties.csv), the parties' share of the window.
PARTY_RULE = CountingRule("Only exchanges with a political party", parties_only=True)

ALTERNATIVE_RULES: tuple[CountingRule, ...] = (
    DEPARTMENT_RULE,
    CountingRule("Only exchanges naming a department official", require_official=True),
    CountingRule("Notices of future visits counted too", include_notices=True),
    PARTY_RULE,
    CountingRule("All three restrictions: official named, party counterpart, no notices",
                 require_official=True, parties_only=True),
)


def window_exchanges(exchanges: pd.DataFrame, rule: CountingRule = MAIN_RULE,
                     window: tuple[str, str] = ARTICLE_WINDOW) -> pd.DataFrame:
    """The exchanges a rule counts whose first day falls in the window (the base of Figure 1)."""
    return rule.apply(in_window(exchanges, window))
