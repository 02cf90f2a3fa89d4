"""Altair specs for Figures 1 and 2 rebuilt and for the parties of every year (composed here, beside the
shared chart modules ``charts`` and ``trend_charts``, whose palette and conventions they follow).

Per-exchange marks carry the date (as a date), the counterpart, the headline and the source page, and
link to it; legends list only the categories present; every axis says its unit.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from liaison.book.charts import OKABE_ITO, month_tooltip
from liaison.book.prose import human_date
from liaison.codebook import ENDORSED, ENDORSED_AT_EVENT, EVENT_TYPE_LABELS, MULTI_PARTY, NOT_ENDORSED

#: Figure 1's two kinds of mark: the department-only rule counts the first.
DEPARTMENT = "Reported on the department's site"
OTHERS_ONLY = "Other sources only"
#: Figure 2's categories, in stacking order, with their colours (endorsements in the warm colours).
ENDORSEMENT_COLOURS: dict[str, str] = {ENDORSED: OKABE_ITO[5], ENDORSED_AT_EVENT: OKABE_ITO[1], NOT_ENDORSED: OKABE_ITO[4]}
NO_HEADLINE = "(no headline on the archived page)"


def _marks(rows: pd.DataFrame) -> pd.DataFrame:
    """The per-exchange columns every tooltip shows: date as a date, type as its label, headline or a note."""
    return pd.DataFrame({
        "country": rows["country"],
        "date": rows["event_date"].map(lambda d: str(human_date(d)) if d else "undated"),
        "event_date": rows["event_date"],
        "type": rows["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)),
        "counterpart_orgs": rows["counterpart_orgs"].where(rows["counterpart_orgs"] != "", "not named"),
        "title": rows["title"].where(rows["title"] != "", NO_HEADLINE),
        "primary_url": rows["primary_url"],
    }, index=rows.index)


def _tooltip(*first: alt.Tooltip) -> list[alt.Tooltip]:
    return [
        *first,
        alt.Tooltip("date:N", title="Date"),
        alt.Tooltip("type:N", title="Type"),
        alt.Tooltip("counterpart_orgs:N", title="Counterpart"),
        alt.Tooltip("title:N", title="Headline"),
        alt.Tooltip("primary_url:N", title="Source page (click the mark)"),
    ]


def country_order(rows: pd.DataFrame, then: str | None = None, last: str | None = None) -> list[str]:
    """Countries of one-row-per-mark data, most marks first, then most ``then`` marks (a boolean column),
    then by name; ``last`` (a row of its own, such as the multi-party events) at the end."""
    grouped = rows.groupby("country")
    totals = grouped.size()
    second = grouped[then].sum() if then else totals * 0
    names = [c for c in totals.index if c != last]
    order = sorted(names, key=lambda c: (-int(totals[c]), -int(second[c]), c))
    return order + ([last] if last in totals.index else [])


def figure1_bars(rows: pd.DataFrame) -> alt.Chart:
    """Figure 1: one bar per counterpart country, one segment per exchange; segments the department reported
    on its own site first and dark, so the dark part of a bar is the country's count under the department-only rule.

    ``rows``: ``liaison.tables.countries.country_rows`` (one row per exchange and country, with ``department``).
    """
    data = _marks(rows).assign(
        source=rows["department"].map({True: DEPARTMENT, False: OTHERS_ONLY}),
        stack=(~rows["department"]).astype(int),
    )
    domain = [k for k in (DEPARTMENT, OTHERS_ONLY) if k in set(data["source"])]
    colours = {DEPARTMENT: OKABE_ITO[0], OTHERS_ONLY: OKABE_ITO[4]}
    order = country_order(rows, then="department")
    return (
        alt.Chart(data, description="Exchanges per counterpart country; each segment is one exchange, "
                                    "dark if the department reported it on its own site")
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("country:N", sort=order, title="Counterpart country", axis=alt.Axis(labelLimit=160)),
            x=alt.X("count():Q", title="Exchanges (one segment each)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("source:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[colours[k] for k in domain]),
                            legend=alt.Legend(orient="top", direction="vertical", labelLimit=320)),
            order=alt.Order("stack:Q"),
            href="primary_url:N",
            tooltip=_tooltip(alt.Tooltip("country:N", title="Country"), alt.Tooltip("source:N", title="Reported")),
        )
        .properties(width="container", height=alt.Step(14))
    )


def key_by_country_bars(rows: pd.DataFrame, key_label: str) -> alt.Chart:
    """Figure 2: one segment per exchange mentioning a formulation, under its country for a single-country
    exchange and under ``MULTI_PARTY`` (the last row) for a multi-party event, never under each attending country;
    coloured by the reported endorsement.

    ``rows``: ``liaison.tables.formulations.key_rows``.
    """
    stack = {name: i for i, name in enumerate(ENDORSEMENT_COLOURS)}
    data = _marks(rows).assign(endorsement=rows["endorsement"], stack=rows["endorsement"].map(stack))
    domain = [k for k in ENDORSEMENT_COLOURS if k in set(data["endorsement"])]
    order = country_order(rows.assign(endorsed=rows["endorsement"] != NOT_ENDORSED), then="endorsed", last=MULTI_PARTY)
    return (
        alt.Chart(data, description=f"Exchanges mentioning the {key_label} per counterpart country, multi-party "
                                    "events in a row of their own; each segment is one exchange or event")
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("country:N", sort=order, title="Counterpart country", axis=alt.Axis(labelLimit=160)),
            x=alt.X("count():Q", title="Exchanges or events (one segment each)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("endorsement:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[ENDORSEMENT_COLOURS[k] for k in domain]),
                            legend=alt.Legend(orient="top", direction="vertical", labelLimit=320)),
            order=alt.Order("stack:Q"),
            href="primary_url:N",
            tooltip=_tooltip(alt.Tooltip("country:N", title="Country or event"),
                             alt.Tooltip("endorsement:N", title="Endorsement")),
        )
        .properties(width="container", height=alt.Step(18))
    )


def key_by_month_lines(table: pd.DataFrame, key_label: str) -> alt.Chart:
    """Figure 2 by month: all exchanges, those mentioning the formulation, those with a reported foreign
    endorsement of it (in Figure 2's colours); every month of the window on the axis, empty ones at zero.

    ``table``: ``liaison.tables.formulations.key_by_month``.
    """
    labels = {"exchanges": "All exchanges", "mentioned": f"{key_label} mentioned",
              "endorsed": "Foreign side reported endorsing it"}
    colours = [OKABE_ITO[7], OKABE_ITO[4], OKABE_ITO[5]]
    data = table.assign(label=pd.to_datetime(table["month"]).dt.strftime("%b %Y"))
    long = data.melt(id_vars=["month", "label"], value_vars=list(labels), var_name="measure", value_name="n")
    long["measure"] = long["measure"].map(labels)
    months = list(data["label"])
    return (
        alt.Chart(long, description=f"Exchanges per month mentioning the {key_label}")
        .mark_line(point=True)
        .encode(
            x=alt.X("label:O", sort=months, title="Month", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("n:Q", title="Exchanges", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("measure:N", title=None, sort=list(labels.values()),
                            scale=alt.Scale(domain=list(labels.values()), range=colours),
                            legend=alt.Legend(orient="top", direction="vertical", labelLimit=320)),
            tooltip=[month_tooltip("month"), alt.Tooltip("measure:N", title="Measure"),
                     alt.Tooltip("n:Q", title="Exchanges")],
        )
        .properties(width="container", height=260)
    )


def parties_by_year_bars(table: pd.DataFrame) -> alt.Chart:
    """Distinct counterpart parties met each year, and those met for the first time in the archive; the year's
    exchanges and pages (the N) in the tooltip. Years without a dated exchange keep their place on the axis, empty.

    ``table``: ``liaison.tables.partners.parties_by_year``.
    """
    labels = {"parties": "Parties met", "new_parties": "Met for the first time in the archive"}
    if len(table):
        every = pd.DataFrame({"year": range(int(table["year"].min()), int(table["year"].max()) + 1)})
        table = every.merge(table, on="year", how="left").fillna(0)
    long = table.melt(id_vars=["year", "exchanges", "pages"], value_vars=list(labels), var_name="measure", value_name="count")
    long["measure"] = long["measure"].map(labels)
    domain = list(labels.values())
    return (
        alt.Chart(long, description="Distinct counterpart parties per year, and parties new to the archive")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year of the exchange"),
            xOffset=alt.XOffset("measure:N", sort=domain),
            y=alt.Y("count:Q", title="Parties (each counted once a year)"),
            color=alt.Color("measure:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], OKABE_ITO[1]]),
                            legend=alt.Legend(orient="top", direction="vertical", labelLimit=320)),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("measure:N", title="Measure"),
                     alt.Tooltip("count:Q", title="Parties"),
                     alt.Tooltip("exchanges:Q", title="Exchanges that year (N)"),
                     alt.Tooltip("pages:Q", title="Source pages that year")],
        )
        .properties(width="container", height=280)
    )
