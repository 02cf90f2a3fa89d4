"""Altair chart specs for the book's figures (``liaison.book.figures`` puts them on the page)."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from liaison.codebook import EVENT_TYPE_LABELS

# Okabe-Ito: distinguishable with the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def records_by_year(long: pd.DataFrame) -> alt.Chart:
    """Stacked bars: source pages per year, by kind of source."""
    counts = long.groupby(["year", "source"]).size().reset_index(name="pages")
    kinds = sorted(counts["source"].unique())
    return (
        alt.Chart(counts, description="Source pages in the archive per year, by kind of source")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year (of the record's own date)"),
            y=alt.Y("pages:Q", title="Source pages"),
            color=alt.Color("source:N", title="Source", scale=alt.Scale(domain=kinds, range=OKABE_ITO[: len(kinds)])),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("source:N", title="Source"),
                     alt.Tooltip("pages:Q", title="Pages")],
        )
        .properties(width="container", height=300)
    )


# ---------------------------------------------------------------- per-exchange tooltips


def exchange_tooltip(*extra: alt.Tooltip) -> list[alt.Tooltip]:
    """Tooltip for a mark that is one exchange: date, counterpart, headline, link."""
    return [
        *extra,
        alt.Tooltip("event_date:N", title="Date"),
        alt.Tooltip("counterpart_orgs:N", title="Counterpart"),
        alt.Tooltip("title:N", title="Headline"),
        alt.Tooltip("primary_url:N", title="Source page (click the mark)"),
    ]


def _type_colour() -> alt.Color:
    domain = list(EVENT_TYPE_LABELS)
    return alt.Color(
        "event_type:N",
        title="Type of exchange",
        scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]),
        legend=alt.Legend(labelExpr=_label_expr(EVENT_TYPE_LABELS), orient="bottom", columns=3),
    )


def _label_expr(labels: dict[str, str]) -> str:
    cases = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in labels.items())
    return f"{cases} : datum.label"


def _most_exchanges_first(rows: pd.DataFrame) -> list[str]:
    """Countries of (exchange, country) rows, most exchanges first, ties by name."""
    totals = rows.groupby("country")["exchange_id"].nunique()
    return sorted(totals.index, key=lambda c: (-int(totals[c]), c))


def exchanges_by_country(rows: pd.DataFrame, top: int | None = None) -> alt.Chart:
    """Figure 1: horizontal bars, one segment per exchange, countries sorted by their number of exchanges."""
    order = _most_exchanges_first(rows)
    countries = order[:top] if top else order
    data = rows[rows["country"].isin(countries)][["country", "event_date", "event_type", "counterpart_orgs", "title", "primary_url"]]
    return (
        alt.Chart(data, description="Exchanges per counterpart country; each segment is one exchange")
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("country:N", sort=countries, title=None),
            x=alt.X("count():Q", title="Exchanges"),
            color=_type_colour(),
            order=alt.Order("event_date:N"),
            href="primary_url:N",
            tooltip=exchange_tooltip(alt.Tooltip("country:N", title="Country")),
        )
        .properties(width="container", height=alt.Step(14))
    )


#: The map's country shapes, by name, in the spec's top-level ``datasets``.
WORLD_DATASET = "world-countries"


@dataclass(frozen=True)
class ChartWithData:
    """An altair chart whose named datasets go into its spec as they are.

    Altair walks, copies and type-checks every value of inline data several times over; for the
    world map's thousands of coordinates that took longer than the rest of its chapter. The chart
    refers to the data by name (``alt.NamedData``) and :meth:`to_dict` adds it afterwards, which is
    the same Vega-Lite (top-level ``datasets``) altair itself writes for a DataFrame.
    """

    chart: alt.TopLevelMixin
    datasets: dict[str, list]

    @property
    def description(self) -> str:
        return self.chart.description

    def properties(self, **kwargs: object) -> ChartWithData:
        return ChartWithData(self.chart.properties(**kwargs), self.datasets)

    def to_dict(self, validate: bool = True) -> dict:
        spec = self.chart.to_dict(validate=validate)
        spec.setdefault("datasets", {}).update(self.datasets)
        return spec


def world_map(counts: pd.DataFrame, features: tuple[dict, ...]) -> ChartWithData:
    """Figure 1 as a map: countries shaded by their number of exchanges (blank: none in the archive)."""
    shapes = alt.NamedData(name=WORLD_DATASET, format=alt.DataFormat(type="json"))
    lookup = counts[["iso3", "country", "exchanges", "pages"]]
    base = alt.Chart(shapes).mark_geoshape(fill="#eeeeee", stroke="white", strokeWidth=0.3)
    shaded = (
        alt.Chart(shapes, description="World map of exchanges per counterpart country")
        .mark_geoshape(stroke="white", strokeWidth=0.3)
        .transform_lookup(lookup="properties.iso3", from_=alt.LookupData(lookup, "iso3", ["country", "exchanges", "pages"]))
        .transform_filter("datum.exchanges > 0")
        .encode(
            color=alt.Color("exchanges:Q", title="Exchanges", scale=alt.Scale(scheme="viridis", reverse=True)),
            tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("exchanges:Q", title="Exchanges"),
                     alt.Tooltip("pages:Q", title="Source pages")],
        )
    )
    chart = (base + shaded).project("equalEarth").properties(width="container", height=380)
    return ChartWithData(chart, {WORLD_DATASET: list(features)})


def key_exchanges_by_country(rows: pd.DataFrame, key_label: str) -> alt.Chart:
    """Figure 2 by country: one segment per exchange mentioning a formulation, coloured by whether the
    foreign side is reported endorsing it; countries sorted by their number of such exchanges."""
    names = {True: "Foreign side endorses it", False: f"{key_label} mentioned only"}
    data = rows.assign(endorsement=rows["endorsed"].map(names))[
        ["country", "endorsement", "event_date", "counterpart_orgs", "title", "primary_url"]
    ]
    order = _most_exchanges_first(rows)
    legend = [names[True], names[False]]
    return (
        alt.Chart(data, description=f"Exchanges mentioning {key_label} per counterpart country; each segment is one exchange")
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("country:N", sort=order, title=None),
            x=alt.X("count():Q", title="Exchanges"),
            color=alt.Color("endorsement:N", title=None, sort=legend, scale=alt.Scale(domain=legend, range=[OKABE_ITO[1], OKABE_ITO[0]]),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("endorsement:N", sort="ascending"),
            href="primary_url:N",
            tooltip=exchange_tooltip(alt.Tooltip("country:N", title="Country"), alt.Tooltip("endorsement:N", title="Endorsement")),
        )
        .properties(width="container", height=alt.Step(14))
    )


def key_by_month_chart(table: pd.DataFrame, key_label: str) -> alt.Chart:
    """Figure 2 by month: all exchanges, those mentioning the formulation, those endorsing it."""
    labels = {"exchanges": "All exchanges", "mentioned": f"{key_label} mentioned", "endorsed": "Foreign side endorses it"}
    long = table.melt(id_vars=["month"], value_vars=list(labels), var_name="measure", value_name="n")
    long["measure"] = long["measure"].map(labels)
    return (
        alt.Chart(long, description=f"Exchanges per month mentioning {key_label}")
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("n:Q", title="Exchanges"),
            color=alt.Color("measure:N", title=None, sort=list(labels.values()),
                            scale=alt.Scale(range=[OKABE_ITO[7], OKABE_ITO[0], OKABE_ITO[1]]), legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("measure:N", title="Measure"),
                     alt.Tooltip("n:Q", title="Exchanges")],
        )
        .properties(width="container", height=260)
    )


def timeline(weeks: pd.DataFrame, events: pd.DataFrame) -> alt.Chart:
    """Exchanges per week with the institutional events marked (``events``: label, start, end)."""
    bars = (
        alt.Chart(weeks, description="Exchanges per week in the article's window")
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X("week:T", title="Week"),
            y=alt.Y("exchanges:Q", title="Exchanges"),
            tooltip=[alt.Tooltip("week:T", title="Week of", format="%d %b %Y"), alt.Tooltip("exchanges:Q", title="Exchanges")],
        )
    )
    spans = (
        alt.Chart(events)
        .mark_rect(opacity=0.25, color=OKABE_ITO[5])
        .encode(x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="Event"),
                                                  alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                                                  alt.Tooltip("end:T", title="To", format="%d %b %Y")])
    )
    labels = alt.Chart(events).mark_text(align="left", dx=4, dy=-4, baseline="bottom", color=OKABE_ITO[5]).encode(
        x="start:T", y=alt.value(12), text="label:N"
    )
    return (spans + bars + labels).properties(width="container", height=260)


def exchange_dots(rows: pd.DataFrame, y: str, y_title: str) -> alt.Chart:
    """One dot per exchange on a time axis, grouped by ``y`` (e.g. the side meetings of an event)."""
    return (
        alt.Chart(rows, description=f"Exchanges by {y_title.lower()} and date")
        .mark_circle(size=90, opacity=0.85)
        .encode(
            x=alt.X("event_date:T", title="Date", axis=alt.Axis(format="%d %b %Y", tickCount="day")),
            y=alt.Y(f"{y}:N", title=y_title),
            color=_type_colour(),
            href="primary_url:N",
            tooltip=exchange_tooltip(alt.Tooltip(f"{y}:N", title=y_title)),
        )
        .properties(width="container", height=alt.Step(18))
    )


def mention_endorse_bars(totals: pd.DataFrame) -> alt.Chart:
    """Per formulation: exchanges whose pages mention it, next to those where the foreign side is reported endorsing it."""
    order = list(totals["formulation"])
    measures = {"mentioned": "Mentioned (either side)", "endorsed": "Foreign side reported endorsing"}
    long = totals.melt(id_vars=["formulation", "n_exchanges"], value_vars=list(measures), var_name="measure",
                       value_name="exchanges")
    long["measure"] = long["measure"].map(measures)
    long["share"] = long["exchanges"] / long["n_exchanges"]
    domain = list(measures.values())
    return (
        alt.Chart(long, description="Exchanges mentioning each formulation and exchanges recording a foreign endorsement of it")
        .mark_bar()
        .encode(
            y=alt.Y("formulation:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("measure:N", sort=domain),
            x=alt.X("exchanges:Q", title="Exchanges"),
            color=alt.Color("measure:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[OKABE_ITO[4], OKABE_ITO[5]]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("formulation:N", title="Formulation"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("exchanges:Q", title="Exchanges"),
                alt.Tooltip("n_exchanges:Q", title="Out of (exchanges)"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width="container", height=30 * len(order))
    )
