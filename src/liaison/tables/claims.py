"""The article's quantitative claims (data/reference/claims.csv) checked against the sources and the data.

Two kinds of check, with their verdict rules written out here so a reader can see and test them:

**Against the figures the archived pages themselves report** (C01, C02, C06-C10: the department's
reach, the attendance of the Dec 2017 High-Level Meeting and the May 2018 Shenzhen event). The rows of
``data/processed/reported-figures.csv`` are counted once per *report*: the exchange the page belongs
to (so one wire story reposted on five sites counts once), or, for a page excluded from the exchanges
(a press conference), the subject and day it reports on. For the department's standing relations
(C01, C02) only figures dated in the claim's year or the year before count (the article, written in
2018, cites the department's self-description then); for an event (C06-C10) the verdict rests on its
own coverage, the reports dated within a month of the first of them: a figure recalled in passing in
the coverage of a later exchange is listed in the reason, not counted.
A report *gives the article's figure* when one of its rows has the article's value in the article's
unit (``UNITS``); it gives it *in another unit* when a row has the value in a related unit (``RELATED``:
"leaders of nearly 300 parties" is 300 parties, not 300 leaders).

- ``corroborated``: at least one report gives the article's figure (the reason says how many of how many);
- ``unit differs``: none does, but at least one gives its value in a related unit;
- ``differs``: the reports give other values only;
- ``not measurable``: no archived page reports a figure for it.

**Against the archive's exchanges** (C11-C15): the window's count is a floor (``lower bound``); the
ranking and the Belt and Road claims are ``reproduced``, ``partly`` or ``contradicted`` by the rules of
their functions below; C15 (the article's "unprecedented", set against Shambaugh's ~300 a year) is
``not measurable`` from a sample, with what the archive does show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liaison.book.figure_prose import country_rank, formulation, in_sentence, names_with_article
from liaison.book.prose import names_list
from liaison.paths import REFERENCE_DIR
from liaison.tables.counting import MAIN_RULE, window_exchanges
from liaison.tables.countries import ARTICLE_RANKING, article_ranking, country_counts, tied
from liaison.tables.formulations import formulation_totals
from liaison.tables.frames import country_name, flag

VERDICTS: tuple[str, ...] = (
    "corroborated", "unit differs", "differs", "reproduced", "partly", "contradicted", "lower bound", "not measurable",
)
#: What each verdict says, for a reader of the tally.
VERDICT_MEANINGS: dict[str, str] = {
    "corroborated": "a report gives the article's figure",
    "unit differs": "a report gives the number, but in a related unit",
    "differs": "the reports give other numbers",
    "reproduced": "the archive shows the same",
    "partly": "the archive shows part of it",
    "contradicted": "the archive shows otherwise",
    "lower bound": "the archive holds part of the total",
    "not measurable": "no source gives a figure, or a sample cannot measure it",
}
#: The claims checked against the figures the pages report.
SOURCE_CLAIMS: tuple[str, ...] = ("C01", "C02", "C06", "C07", "C08", "C09", "C10")
#: The side table's quantities that are the article's unit, by the unit of claims.csv.
UNITS: dict[str, frozenset[str]] = {
    "parties": frozenset({"parties"}),
    "countries": frozenset({"countries"}),
    "leaders": frozenset({"leaders"}),
    "representatives": frozenset({"representatives", "participants"}),
}
#: Quantities that count something else under a similar word (the same number means something else).
RELATED: dict[str, frozenset[str]] = {
    "parties": frozenset({"parties_and_organizations"}),
    "countries": frozenset({"countries_and_regions"}),
    "leaders": frozenset({"parties", "parties_and_organizations", "representatives", "participants"}),
    "representatives": frozenset({"leaders"}),
}
#: The foreign-policy objectives among the formulations (C14 ranks the Belt and Road among these; party
#: building, the 19th Congress and Xi Jinping Thought are what the readouts explain, not objectives).
FOREIGN_POLICY_KEYS: tuple[str, ...] = (
    "belt_and_road", "shared_future", "new_party_relations", "one_china", "south_china_sea", "korean_peninsula",
    "global_initiatives",
)


@dataclass(frozen=True)
class Check:
    data_value: str
    n_exchanges: int
    verdict: str
    reason: str


def load_claims(path: Path = REFERENCE_DIR / "claims.csv") -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def article_value(claim_id: str) -> int:
    """The article's number for a claim, as listed in data/reference/claims.csv."""
    claims = load_claims().set_index("claim_id")
    return int(claims.loc[claim_id, "value"])


# ---------------------------------------------------------------- against the reported figures


def reports(figures: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """The side table with ``report`` (the exchange of the page, or the subject and day of an excluded page)
    and ``date`` (the exchange's first day, else the figure's own date)."""
    unit = figures["exchange_id"].where(figures["exchange_id"] != "",
                                        "page:" + figures["subject"] + "@" + figures["subject_date"])
    first_day = figures["exchange_id"].map(exchanges.set_index("exchange_id")["event_date"]).fillna("")
    own = figures["subject_date"].where(figures["subject_date"].str.len() == 10, "")
    return figures.assign(report=unit, value=figures["value"].astype(int), date=first_day.where(first_day != "", own))


#: An event's own coverage: reports dated within this many days of its first day.
OWN_COVERAGE_DAYS = 31


def own_coverage(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of an event's own coverage: reports dated within ``OWN_COVERAGE_DAYS`` of the first; ``rows``
    carry ``date`` as :func:`reports` gives it. Undated reports cannot be placed and are left out."""
    dates = pd.to_datetime(rows["date"].replace("", None), format="%Y-%m-%d")
    if dates.isna().all():
        return rows.iloc[0:0]
    return rows[(dates - dates.min()).dt.days <= OWN_COVERAGE_DAYS]


def _in_period(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """The reports a verdict rests on (see the module docstring); ``figures`` carries each report's ``date``."""
    if len(period) == 4 and period.isdigit():  # a year: the department's standing relations
        return figures[figures["subject_date"].str[:4].isin({str(int(period) - 1), period})]
    return own_coverage(figures)


def _how_many(k: int, n: int, what: str, of: bool = True) -> str:
    """'1 of 4 reports gives 300 leaders', 'none of the 2 reports gives ...', '3 give ...'."""
    if k == 0:
        if not of:
            return f"none gives {what}"
        return {1: f"the one report does not give {what}", 2: f"neither report gives {what}"}.get(
            n, f"none of the {n} reports gives {what}")
    if of and k == n:
        return {1: f"the one report gives {what}", 2: f"both reports give {what}"}.get(n, f"all {n} reports give {what}")
    verb = "gives" if k == 1 else "give"
    return f"{k} of {n} reports {verb} {what}" if of else f"{k} {verb} {what}"


def figure_range(rows: pd.DataFrame) -> str:
    """'400–600 (nearly, over)': the values and qualifiers the rows give."""
    if rows.empty:
        return "no figure"
    low, high = rows["value"].min(), rows["value"].max()
    span = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    qualifiers = sorted(q for q in set(rows["qualifier"]) if q)
    return span + (f" ({', '.join(q.replace('_', ' ') for q in qualifiers)})" if qualifiers else "")


def against_sources(claim: pd.Series, figures: pd.DataFrame, exchanges: pd.DataFrame) -> Check:
    """The verdict for one claim against the reported figures (the rules in the module docstring)."""
    value, unit = int(claim["value"]), claim["unit"]
    mine = figures[figures["claim_id"] == claim["claim_id"]]
    if mine.empty:
        return Check("no archived page reports a figure", 0, "not measurable", "No record's page gives a number for it.")
    every = reports(mine, exchanges)
    rows = _in_period(every, claim["period"])
    later = every[~every.index.isin(rows.index)]
    n = rows["report"].nunique()
    if n == 0:
        return Check("no archived page reports a figure", 0, "not measurable", "No record's page gives a number for it.")
    same = rows[rows["quantity"].isin(UNITS[unit])]
    related = rows[rows["quantity"].isin(RELATED[unit])]
    giving = rows.loc[(rows["value"] == value) & rows["quantity"].isin(UNITS[unit]), "report"].nunique()
    other_unit = rows.loc[(rows["value"] == value) & rows["quantity"].isin(RELATED[unit]), "report"].nunique()
    verdict = "corroborated" if giving else "unit differs" if other_unit else "differs"
    shown = [f"{unit}: {figure_range(same)}"] if len(same) else []
    if len(related):
        kinds = ", ".join(sorted({q.replace("_", " ") for q in related["quantity"]}))
        shown.append(f"{kinds}: {figure_range(related)}")
    carrying = rows.loc[(rows["value"] == value) & rows["quantity"].isin(RELATED[unit]), "quantity"]
    reason = _how_many(giving, n, f"{value:,} {unit}")
    if other_unit:
        kinds = " or ".join(sorted({q.replace("_", " ") for q in carrying}))
        reason += f"; {_how_many(other_unit, n, f'{value:,} {kinds}', of=False)}"
    reason = reason[0].upper() + reason[1:] + "."
    if len(later):
        more = later["report"].nunique()
        reason += f" Not counted, outside the period: {figure_range(later)}, in {more} more {'report' if more == 1 else 'reports'}."
    return Check("; ".join(shown) or figure_range(rows), n, verdict, reason)


# ---------------------------------------------------------------- against the archive's exchanges


def _rank_text(counts: pd.DataFrame, iso3: str) -> str:
    """'fifth', 'joint sixth' or 'absent': a country's rank in a country count, as prose."""
    table = counts.assign(tied=tied(counts)).set_index("iso3")
    if iso3 not in table.index:
        return country_rank(None, False)
    return country_rank(table.loc[iso3, "rank"], bool(table.loc[iso3, "tied"]))


def _ranks_shown(counts: pd.DataFrame, isos: tuple[str, ...]) -> str:
    """'Vietnam fifth, Japan first', 'Russia joint 18th, the United States joint sixth, ...'."""
    return ", ".join(f"{in_sentence(country_name(iso3))} {_rank_text(counts, iso3)}" for iso3 in isos)


def in_or_out(inside: list[str], outside: list[str], where: str) -> str:
    """'Both are in the top two.', 'Japan is in the top two; Vietnam is not.', 'None is ...' (country names)."""
    def be(names: list[str]) -> str:
        return "is" if len(names) == 1 else "are"

    n = len(inside) + len(outside)
    if not outside:
        return f"{'Both' if n == 2 else 'All ' + str(n) if n > 2 else 'It'} {be(inside) if n == 1 else 'are'} {where}."
    if not inside:
        return f"{'Neither' if n == 2 else 'None'} is {where}." if n > 1 else f"It is not {where}."
    first = names_with_article(inside)
    return f"{first[0].upper()}{first[1:]} {be(inside)} {where}; {names_with_article(outside)} {be(outside)} not."


def ranking_first_two(counts: pd.DataFrame, leaders: tuple[str, ...], n: int) -> Check:
    """C12: reproduced if both countries hold the top ranks, partly if one does, else contradicted."""
    ranks = article_ranking(counts).set_index("country")["rank_in_data"]
    names = [country_name(c) for c in leaders]
    top = [name for name in names if pd.notna(ranks.get(name)) and ranks[name] <= len(leaders)]
    verdict = "reproduced" if len(top) == len(leaders) else "partly" if top else "contradicted"
    where = f"in the top {'two' if len(leaders) == 2 else len(leaders)}"
    reason = ("Ranked by exchanges per counterpart country in the window (main counting rule). "
              + in_or_out(top, [name for name in names if name not in top], where))
    return Check(_ranks_shown(counts, leaders), n, verdict, reason)


def top_quarter(n_countries: int) -> int:
    """How many countries make the top quarter of a count of ``n_countries`` (rounded up, at least one)."""
    return max(1, -(-n_countries // 4))


def much_attention(counts: pd.DataFrame, countries: tuple[str, ...], n: int) -> Check:
    """C13 says Russia, the US and India also got much attention, not a rank order: reproduced if each is among
    the top quarter of counterpart countries by exchanges, partly if some are, else contradicted."""
    ranks = article_ranking(counts).set_index("country")["rank_in_data"]
    cut = top_quarter(len(counts))
    names = [country_name(c) for c in countries]
    within = [name for name in names if pd.notna(ranks.get(name)) and ranks[name] <= cut]
    verdict = "reproduced" if len(within) == len(names) else "partly" if within else "contradicted"
    where = f"in the top quarter (the first {cut} of {len(counts)} counterpart countries by exchanges in the window)"
    return Check(_ranks_shown(counts, countries), n, verdict,
                 in_or_out(within, [name for name in names if name not in within], where))


def main_objective(shares: pd.DataFrame, key: str, n: int) -> Check:
    """C14 ranks the Belt and Road first among the foreign-policy objectives the exchanges promote: reproduced
    if it is the most mentioned of them in the window, partly if it is second or first by reported foreign
    endorsements (the article stresses the affirmations sought), else contradicted."""
    table = shares.set_index("key")
    rank = int(table.loc[key, "rank"])
    endorsed_ranks = table["endorsed"].rank(method="min", ascending=False)
    endorsed_rank = int(endorsed_ranks[key])
    verdict = "reproduced" if rank == 1 else "partly" if rank == 2 or endorsed_rank == 1 else "contradicted"
    mentioned, endorsed = int(table.loc[key, "mentioned"]), int(table.loc[key, "endorsed"])
    by_mentions = country_rank(rank, int((table["mentioned"] == mentioned).sum()) > 1)
    by_endorsements = country_rank(endorsed_rank, int((table["endorsed"] == endorsed).sum()) > 1)
    leaders = [formulation(k) for k in table.index[table["mentioned"] == table["mentioned"].max()] if k != key]
    behind = f"; the most mentioned: {names_list(leaders)}, {int(table['mentioned'].max())}" if rank > 1 else ""
    return Check(
        f"{by_mentions} of {len(shares)} foreign-policy objectives by mentions ({mentioned} exchanges{behind}); "
        f"{by_endorsements} by reported foreign endorsements ({endorsed} exchanges)",
        n, verdict,
        "Window exchanges whose pages mention each foreign-policy objective, and those reporting the foreign side "
        "endorsing it (party building, the 19th Congress and Xi Jinping Thought are not objectives and are left out).",
    )


def scorecard(exchanges: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: claim, article value, what the sources or the data give, what it rests on, verdict, reason."""
    claims = load_claims()
    window = window_exchanges(exchanges)
    counts = country_counts(window)
    shares = formulation_totals(window, FOREIGN_POLICY_KEYS)
    took_place = MAIN_RULE.apply(exchanges)
    scs = int(flag(took_place, "south_china_sea").sum())
    dated = took_place[took_place["event_date"] != ""]
    by_year = dated.groupby(dated["event_date"].str[:4]).size()
    in_2007 = int(by_year.get("2007", 0))
    no_pages = "No archived page reports a figure for it; the 2016 campaign predates most of the archive."
    checks = {
        "C03": Check(f"{scs} exchanges mention the South China Sea", scs, "not measurable", no_pages),
        "C04": Check("no figure", 0, "not measurable", no_pages),
        "C05": Check("no figure", 0, "not measurable", no_pages + " Think tanks and NGOs are outside its scope."),
        "C11": Check(f"{len(window)} exchanges in the window (a lower bound)", len(window), "lower bound",
                     f"The department's total is its own count; the archive, a sample, holds {len(window)} of them."),
        "C12": ranking_first_two(counts, ARTICLE_RANKING[:2], len(window)),
        "C13": much_attention(counts, ARTICLE_RANKING[2:], len(window)),
        "C14": main_objective(shares, "belt_and_road", len(window)),
        "C15": Check(f"{in_2007} exchanges in 2007; at most {int(by_year.max())} in any year of the archive",
                     in_2007, "not measurable",
                     "'Unprecedented' sets the department's ~440 reported in a year against Shambaugh's ~300 a year "
                     "(2007): both are the department's own totals. A sample can give floors for single years, "
                     "not totals, so it can neither confirm nor refute the rise."),
    }
    rows = []
    for claim in claims.itertuples():
        series = pd.Series(claim._asdict())
        check = against_sources(series, figures, exchanges) if claim.claim_id in SOURCE_CLAIMS else checks[claim.claim_id]
        article = f"{claim.value} {claim.unit}".strip() if claim.value else claim.unit
        rows.append({
            "claim_id": claim.claim_id,
            "claim": claim.claim,
            "article": article,
            "data": check.data_value,
            "basis": "pages' own figures" if claim.claim_id in SOURCE_CLAIMS else "the archive's exchanges",
            "exchanges": check.n_exchanges,
            "verdict": check.verdict,
            "reason": check.reason,
        })
    return pd.DataFrame(rows)


def verdict_tally(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard's verdicts for readers: one row per verdict some claim received (in ``VERDICTS`` order),
    with what it says, how many claims and which."""
    rows = []
    for verdict in VERDICTS:
        ids = list(card.loc[card["verdict"] == verdict, "claim_id"])
        if ids:
            rows.append({"Verdict": verdict, "Meaning": VERDICT_MEANINGS[verdict], "Claims": len(ids), "Which": ", ".join(ids)})
    return pd.DataFrame(rows, columns=["Verdict", "Meaning", "Claims", "Which"])
