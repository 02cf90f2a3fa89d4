"""Generated phrases for the chapters on Figures 1 and 2, the claims and every year of the archive.

Each returns ``prose.Plain`` (pasted by myst-nb's ``{glue:text}`` without quotes) and reads right for
zero, one, ties and equal values (``tests/test_figures.py``).
"""

from __future__ import annotations

import pandas as pd

from liaison.book.prose import Plain, names_list, rank

#: Country names that take "the" in running text.
WITH_ARTICLE: frozenset[str] = frozenset({
    "United States", "United Kingdom", "Philippines", "Netherlands", "Czech Republic", "Dominican Republic",
    "Central African Republic", "Democratic Republic of the Congo", "Republic of the Congo", "Gambia", "Bahamas",
    "Maldives", "Comoros", "Solomon Islands", "Marshall Islands", "United Arab Emirates", "European Union",
})


#: The codebook's formulations as they read inside a sentence (the labels of ``codebook.FORMULATION_LABELS``
#: are headings: capitalized, without the article).
FORMULATIONS_IN_SENTENCE: dict[str, str] = {
    "belt_and_road": "the Belt and Road Initiative",
    "shared_future": "the community with a shared future",
    "xi_thought": "Xi Jinping Thought",
    "19th_congress": "the 19th Party Congress",
    "governance_experience": "governance experience",
    "reform_opening": "reform and opening up",
    "new_party_relations": "the new type of party relations",
    "high_level_meeting": "the High-Level Meeting of the CPC and world parties",
    "one_china": "One China and China's core interests",
    "south_china_sea": "the South China Sea",
    "korean_peninsula": "the Korean Peninsula",
    "covid": "COVID-19",
    "global_initiatives": "the global initiatives on development, security and civilization",
}


def formulation(key: str) -> Plain:
    """A codebook formulation as it reads inside a sentence: 'the Belt and Road Initiative', 'governance experience'."""
    return Plain(FORMULATIONS_IN_SENTENCE.get(key, key.replace("_", " ")))


def in_sentence(country: str) -> Plain:
    """A country's name as it reads inside a sentence: 'Japan', 'the United States'."""
    return Plain(f"the {country}" if country in WITH_ARTICLE else country)


def country_rank(rank_value: object, is_tied: bool) -> Plain:
    """'first', 'joint sixth', or 'absent' for a country with no exchange in the count."""
    if rank_value is None or pd.isna(rank_value):
        return Plain("absent")
    return rank(int(rank_value), is_tied)


def rank_range(best: tuple[int, bool] | None, worst: tuple[int, bool] | None) -> Plain:
    """A country's best and worst rank over several counts: 'first every time', 'between third and joint
    eighth', 'joint third every time', 'absent every time'."""
    if best is None or worst is None:
        return Plain("absent every time")
    if best == worst:
        return Plain(f"{rank(*best)} every time")
    return Plain(f"between {rank(*best)} and {rank(*worst)}")


def names_with_article(names: list[str]) -> Plain:
    """'Japan', 'Japan and the United States', ... (the article added where a name needs it)."""
    return names_list([in_sentence(n) for n in names])


def year_list(years: list[int]) -> Plain:
    """Years as prose, runs of consecutive years as spans: '1995-1998, 2000 and 2002-2005'; 'none' if empty."""
    years = sorted(set(years))
    if not years:
        return Plain("none")
    runs: list[list[int]] = [[years[0], years[0]]]
    for y in years[1:]:
        if y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return names_list([str(a) if a == b else f"{a}–{b}" for a, b in runs])


def change(before: float, after: float, digits: int = 0) -> Plain:
    """How a share moved between two periods: 'rises from 12% to 20%', 'falls from 20% to 1%', 'stays at 14%'
    (equal when the rounded percentages are equal)."""
    a, b = round(100 * before, digits), round(100 * after, digits)
    shown = f"{{:.{digits}f}}%"
    if a == b:
        return Plain(f"stays at {shown.format(a)}")
    verb = "rises" if b > a else "falls"
    return Plain(f"{verb} from {shown.format(a)} to {shown.format(b)}")


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def quantifier(k: int, n: int) -> Plain:
    """How many of a small group, as the word before "of ...": 'none', 'one', 'two', 'both', 'all' (numbers up to
    ten in words): 'the top five include two of the article's five countries'."""
    if k == 0:
        return Plain("none")
    if k == n and n > 1:
        return Plain("both" if n == 2 else "all")
    return Plain(_WORDS[k] if k < len(_WORDS) else f"{k:,}")


def always(names: list[str]) -> Plain:
    """Who holds a place across several counts: 'always Japan', 'Japan or the United States, depending on the
    count', 'no country' (no count has one)."""
    if not names:
        return Plain("no country")
    if len(names) == 1:
        return Plain(f"always {in_sentence(names[0])}")
    return Plain(f"{names_list([in_sentence(n) for n in names], 'or')}, depending on the count")
