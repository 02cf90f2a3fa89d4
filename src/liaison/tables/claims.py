"""The article's quantitative claims (data/reference/claims.csv) checked against the data.

Each claim gets the value the data gives, the number of exchanges it rests on, and a verdict:
``reproduced``, ``partly``, ``contradicted`` or ``not measurable`` (with the reason). The verdict
rules are written out below, one function per kind of claim, so a reader can see and test them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liaison.codebook import POLICY_KEYS
from liaison.paths import REFERENCE_DIR
from liaison.tables.counting import has_party_counterpart, window_exchanges
from liaison.tables.countries import ARTICLE_RANKING, article_ranking, country_counts
from liaison.tables.events import high_level_meeting, shenzhen_event
from liaison.tables.formulations import formulation_totals
from liaison.tables.frames import country_name, flag, split_cell

VERDICTS: tuple[str, ...] = ("reproduced", "partly", "contradicted", "not measurable")


@dataclass(frozen=True)
class Check:
    data_value: str
    n_exchanges: int
    verdict: str
    reason: str


def load_claims(path: Path = REFERENCE_DIR / "claims.csv") -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def party_key(name: str) -> str:
    """A party's name without acronyms in parentheses, articles, case or punctuation."""
    name = re.sub(r"\(.*?\)", " ", name).lower()
    name = re.sub(r"\bthe\b", " ", name)
    return re.sub(r"[^\w]+", "", name)


def distinct_parties(exchanges: pd.DataFrame) -> set[str]:
    """Counterpart organizations that read as political parties, one key per distinct name."""
    return {
        party_key(org)
        for cell in exchanges["counterpart_orgs"]
        for org in split_cell(cell)
        if has_party_counterpart(org) and party_key(org)
    }


def lower_bound(article: float, found: int, what: str, n: int, why: str) -> Check:
    """A total the department reports: a sample can only give a lower bound, never confirm it."""
    return Check(
        data_value=f"{found} {what} (a lower bound)",
        n_exchanges=n,
        verdict="not measurable",
        reason=f"{why} The archive is a sample, so it can show at least {found} against the article's {article:g}, not the total.",
    )


def ranking_first_two(counts: pd.DataFrame, leaders: tuple[str, ...], n: int) -> Check:
    """C12: reproduced if both countries hold the top ranks, partly if one does, else contradicted."""
    ranks = article_ranking(counts).set_index("country")["rank_in_data"]
    names = [country_name(c) for c in leaders]
    top = [name for name in names if pd.notna(ranks.get(name)) and ranks[name] <= len(leaders)]
    verdict = "reproduced" if len(top) == len(leaders) else "partly" if top else "contradicted"
    shown = ", ".join(f"{name} rank {_rank(ranks.get(name))}" for name in names)
    return Check(shown, n, verdict, "Ranks by exchanges per counterpart country in the window (main counting rule); "
                 f"{len(top)} of {len(leaders)} in the top {len(leaders)}.")


def ranking_next(counts: pd.DataFrame, followers: tuple[str, ...], n: int, within: int = 10) -> Check:
    """C13: reproduced if all three rank 3rd-5th or better, partly if some are in the top ``within``, else contradicted."""
    ranks = article_ranking(counts).set_index("country")["rank_in_data"]
    names = [country_name(c) for c in followers]
    close = [name for name in names if pd.notna(ranks.get(name)) and ranks[name] <= 5]
    near = [name for name in names if pd.notna(ranks.get(name)) and ranks[name] <= within]
    verdict = "reproduced" if len(close) == len(names) else "partly" if near else "contradicted"
    shown = ", ".join(f"{name} rank {_rank(ranks.get(name))}" for name in names)
    return Check(shown, n, verdict, f"{len(close)} of {len(names)} rank 5th or better, {len(near)} in the top {within}.")


def main_objective(shares: pd.DataFrame, key: str, n: int) -> Check:
    """C14: reproduced if ``key`` is the most mentioned policy formulation; partly if it is in the top
    three by mentions or by reported foreign endorsements (the article stresses sought-after
    affirmations); else contradicted."""
    table = shares.set_index("key")
    rank = int(table.loc[key, "rank"])
    endorsed_rank = int(table["endorsed"].rank(method="min", ascending=False)[key])
    leader = shares.iloc[0]
    verdict = "reproduced" if rank == 1 else "partly" if min(rank, endorsed_rank) <= 3 else "contradicted"
    return Check(
        f"rank {rank} of {len(shares)} policy formulations by mentions ({int(table.loc[key, 'mentioned'])} exchanges; "
        f"most mentioned: {leader['key']}, {int(leader['mentioned'])}), rank {endorsed_rank} by foreign endorsements "
        f"({int(table.loc[key, 'endorsed'])})",
        n,
        verdict,
        "Window exchanges whose readouts mention each policy formulation, and those recording the foreign side "
        "endorsing it (event names such as the 19th Congress left out).",
    )


def _rank(value: object) -> str:
    return "none (absent)" if value is None or pd.isna(value) else str(int(value))


def scorecard(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: claim, article value, data value, exchanges it rests on, verdict, reason."""
    claims = load_claims()
    window = window_exchanges(exchanges)
    counts = country_counts(window)
    shares = formulation_totals(window, POLICY_KEYS)
    hlm = high_level_meeting(exchanges)
    shenzhen = shenzhen_event(exchanges)
    parties = distinct_parties(exchanges)
    countries = {c for cell in exchanges["countries"] for c in split_cell(cell)} - {"EUU"}
    scs = exchanges[flag(exchanges, "south_china_sea")]
    scs_endorsed = int(flag(scs, "south_china_sea", "foreign_side_endorses").sum())
    hlm_countries = set(split_cell(hlm["countries"])) - {"EUU"}
    sz_countries = {c for cell in shenzhen["countries"] for c in split_cell(cell)} - {"EUU"}
    in_2007 = int((exchanges["event_date"].str[:4] == "2007").sum())
    no_count = "The codebook records no attendance or membership counts."
    checks = {
        "C01": lower_bound(600, len(parties), "distinct party names", len(exchanges),
                           "The department's figure counts standing relations, not exchanges."),
        "C02": lower_bound(160, len(countries), "countries named", len(exchanges),
                           "The department's figure counts standing relations, not exchanges."),
        "C03": Check(f"{len(scs)} exchanges mention the South China Sea, {scs_endorsed} with a foreign endorsement",
                     len(scs), "not measurable",
                     "The 2016 campaign predates most of the archive, and a count of parties backing a position is not coded."),
        "C04": Check("not coded", len(scs), "not measurable", "Countries of the parties backing the 2016 position are not coded."),
        "C05": Check("not coded", 0, "not measurable", "Think tanks and NGOs backing the position are not in the archive's scope."),
        "C06": Check("not coded", 1, "not measurable", no_count),
        "C07": lower_bound(120, len(hlm_countries), "countries named by the meeting's pages", 1,
                           "The meeting's pages name only some of the countries present."),
        "C08": Check("not coded", len(shenzhen), "not measurable", no_count),
        "C09": Check("not coded", len(shenzhen), "not measurable", no_count),
        "C10": lower_bound(100, len(sz_countries), "countries named by the event's pages", len(shenzhen),
                           "The event's pages name only some of the countries present."),
        "C11": lower_bound(440, len(window), "exchanges in the window", len(window),
                           "The department's total is its own count of its reported exchanges."),
        "C12": ranking_first_two(counts, ARTICLE_RANKING[:2], len(window)),
        "C13": ranking_next(counts, ARTICLE_RANKING[2:], len(window)),
        "C14": main_objective(shares, "belt_and_road", len(window)),
        "C15": Check(f"{in_2007} exchanges dated 2007 in the archive", in_2007, "not measurable",
                     "A yearly total for c. 2007 needs the department's full record; the archive holds a handful of pages from then."),
    }
    rows = []
    for claim in claims.itertuples():
        check = checks[claim.claim_id]
        article = f"{claim.value} {claim.unit}".strip() if claim.value else claim.unit
        rows.append(
            {
                "claim_id": claim.claim_id,
                "claim": claim.claim,
                "article": article,
                "data": check.data_value,
                "exchanges": check.n_exchanges,
                "verdict": check.verdict,
                "reason": check.reason,
            }
        )
    return pd.DataFrame(rows)


def article_value(claim_id: str) -> int:
    """The article's number for a claim, as listed in data/reference/claims.csv."""
    claims = load_claims().set_index("claim_id")
    return int(claims.loc[claim_id, "value"])
