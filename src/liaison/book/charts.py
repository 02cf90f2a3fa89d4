"""Altair chart specs for the book's figures (``liaison.book.figures`` puts them on the page).

Conventions every chart here follows (``tests/test_charts.py`` and the browser tests check them):

- Dates are typed temporal and shown as dates: tooltips read "18 October 2017" (:func:`date_tooltip`),
  never the epoch milliseconds Vega holds a parsed date as. ISO dates are parsed as midnight UTC, so
  time axes use a UTC scale and tooltips a UTC time unit: a reader west of Greenwich sees the same day.
- Labels are the book's words (``liaison.codebook``), never codebook keys.
- Legends list the categories present in the chart's data; a category keeps its colour from chart to chart.
- Year axes show every year of their span: a year with no data is an empty slot, not a missing column.
- Every axis says what it counts.
- Each spec carries ``usermeta.liaison.chart``, the function that drew it, for the browser tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from liaison.book.palette import (  # noqa: F401 (re-exported: the chart modules and tests read them here)
    DATE_FORMAT,
    EVENT_TYPE_COLOURS,
    MONTH_FORMAT,
    MUTED,
    OKABE_ITO,
    SHORT_DATE_FORMAT,
    SHORT_MONTH_FORMAT,
)
from liaison.codebook import EVENT_TYPE_LABELS, NO_COUNTRY

#: A chart narrower than this (CSS pixels) is on a phone: shorter axis labels, one legend column.
NARROW_PX = 500


def on_phone(phone: float, wide: float) -> alt.ExprRef:
    """A property that is ``phone`` in a container narrower than ``NARROW_PX``, else ``wide`` (read when drawn)."""
    return alt.ExprRef(expr=f"containerSize()[0] < {NARROW_PX} ? {phone} : {wide}")


def bottom_legend(columns: int = 1, label_limit: int = 240, **kwargs: object) -> alt.Legend:
    """A legend under the chart: ``columns`` on a laptop, one on a phone, labels cut at ``label_limit`` px."""
    return alt.Legend(orient="bottom", columns=on_phone(1, columns), labelLimit=on_phone(min(label_limit, 260), label_limit),
                      **kwargs)


def lines(title: str, width: int = 34) -> str | list[str]:
    """A long axis title as two lines, broken before its parenthesis: 'Year of the exchange', '(number of ...)'."""
    head, sep, tail = title.partition(" (")
    return [head, f"({tail}"] if sep and len(title) > width else title


#: Colour of each endorsement category of Figure 2 (endorsements warm, mentions cool).


def tagged(chart: alt.TopLevelMixin, name: str) -> alt.TopLevelMixin:
    """The chart with ``usermeta.liaison.chart = name``: the browser tests hover every kind of chart."""
    return chart.properties(usermeta={"liaison": {"chart": name}})


# ---------------------------------------------------------------- dates, years, legends


def date_tooltip(field: str, title: str = "Date", fmt: str = DATE_FORMAT) -> alt.Tooltip:
    """A tooltip row for an ISO date column ('2017-10-18'), typed temporal and shown '18 October 2017'."""
    return alt.Tooltip(field, type="temporal", timeUnit="utcyearmonthdate", title=title, format=fmt)


def month_tooltip(field: str, title: str = "Month") -> alt.Tooltip:
    """A tooltip row for a month column ('2017-10' or '2017-10-01'), shown 'October 2017'."""
    return alt.Tooltip(field, type="temporal", timeUnit="utcyearmonth", title=title, format=MONTH_FORMAT)


def date_axis(field: str, title: str, fmt: str = SHORT_DATE_FORMAT, padding: int = 0, **axis: object) -> alt.X:
    """A time x axis for an ISO date column, on a UTC scale (see the module docstring); ``padding`` in
    pixels keeps dots at the first and last day off the chart's edges."""
    scale = alt.Scale(type="utc", padding=padding) if padding else alt.Scale(type="utc")
    return alt.X(field, type="temporal", timeUnit="utcyearmonthdate", title=title, scale=scale,
                 axis=alt.Axis(format=fmt, **axis))


def year_span(years: Iterable[object]) -> list[int]:
    """Every year from the first to the last of ``years`` (non-years ignored): an axis with its gaps shown."""
    found = sorted({int(y) for y in years if str(y).strip().isdigit()})
    return list(range(found[0], found[-1] + 1)) if found else []


def present(order: Sequence[str], values: Iterable[object]) -> list[str]:
    """The categories of ``order`` that occur in ``values``, in ``order``: a legend of what the chart shows."""
    found = set(values)
    return [c for c in order if c in found]


def fixed_colours(order: Sequence[str], shown: Sequence[str], palette: Sequence[str] = OKABE_ITO) -> list[str]:
    """The colours of ``shown`` when each category of ``order`` owns the palette colour at its position."""
    if len(order) > len(palette):
        raise ValueError(f"{len(order)} categories: the palette has {len(palette)} colours")
    colour = dict(zip(order, palette))
    return [colour[c] for c in shown]


def type_label(code: str) -> str:
    """The book's name for an event type code ('visit_abroad' -> 'Visit abroad')."""
    return EVENT_TYPE_LABELS.get(code, code)


def records_by_year(long: pd.DataFrame) -> alt.Chart:
    """Stacked bars: source pages per year, by kind of source; years without pages are empty slots."""
    counts = long.groupby(["year", "source"]).size().reset_index(name="pages")
    counts["year"] = counts["year"].astype(str)
    kinds = sorted(counts["source"].unique())
    span = [str(y) for y in year_span(counts["year"])]
    others = sorted(y for y in counts["year"].unique() if y not in span)  # "undated" at the end
    return tagged(
        alt.Chart(counts, description="Source pages in the archive per year, by kind of source")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=lines("Year of the page's date (years without pages left empty)"),
                    scale=alt.Scale(domain=span + others), axis=alt.Axis(labelAngle=-90, labelOverlap="greedy")),
            y=alt.Y("pages:Q", title="Number of source pages"),
            color=alt.Color("source:N", title="Source", scale=alt.Scale(domain=kinds, range=OKABE_ITO[: len(kinds)]),
                            legend=bottom_legend(columns=2, label_limit=260)),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("source:N", title="Source"),
                     alt.Tooltip("pages:Q", title="Pages")],
        )
        .properties(width="container", height=300),
        "records_by_year",
    )


# ---------------------------------------------------------------- per-exchange tooltips


def exchange_tooltip(*extra: alt.Tooltip) -> list[alt.Tooltip]:
    """Tooltip for a mark that is one exchange: date, counterpart, headline, link."""
    return [
        *extra,
        date_tooltip("event_date"),
        alt.Tooltip("counterpart_orgs:N", title="Counterpart"),
        alt.Tooltip("title:N", title="Headline"),
        alt.Tooltip("primary_url:N", title="Source page (click the mark)"),
    ]


def _with_type_labels(rows: pd.DataFrame) -> pd.DataFrame:
    """``event_type`` codes replaced by the book's labels (the data a chart inlines)."""
    return rows.assign(event_type=rows["event_type"].map(type_label))


def _type_colour(types: Iterable[str] | None = None) -> alt.Color:
    """Colour by event type (labels), the legend listing only ``types`` (all when None)."""
    order = list(EVENT_TYPE_COLOURS)
    found = set(order if types is None else types)
    extra = sorted(t for t in found if t not in EVENT_TYPE_COLOURS)
    shown = present(order, found) + extra
    palette = {**EVENT_TYPE_COLOURS, **dict(zip(extra, OKABE_ITO[len(order):]))}
    return alt.Color(
        "event_type:N",
        title="Type of exchange",
        sort=shown,
        scale=alt.Scale(domain=shown, range=[palette[t] for t in shown]),
        legend=bottom_legend(columns=3),
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
            color=alt.Color("exchanges:Q", title="Number of exchanges", scale=alt.Scale(scheme="viridis", reverse=True),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("exchanges:Q", title="Exchanges"),
                     alt.Tooltip("pages:Q", title="Source pages")],
        )
    )
    chart = tagged((base + shaded).project("equalEarth").properties(width="container", height=380), "world_map")
    return ChartWithData(chart, {WORLD_DATASET: list(features)})


def timeline(weeks: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Exchanges per week with the institutional events marked (``events``: label, start, end).

    ``weeks``: ``liaison.tables.events.weekly`` (``week``, the Monday, and ``exchanges``). Each bar spans its week.
    """
    data = weeks[["week", "exchanges"]].copy()
    monday = pd.to_datetime(data["week"])
    data["week"] = monday.dt.strftime("%Y-%m-%d")
    data["next_week"] = (monday + pd.Timedelta(days=7)).dt.strftime("%Y-%m-%d")
    data["sunday"] = (monday + pd.Timedelta(days=6)).dt.strftime("%Y-%m-%d")
    marks = events[["label", "start", "end"]].copy()
    marks["end"] = marks["end"].where(marks["end"].astype(str) != "", marks["start"])
    # The shaded span covers the last day too: it ends at the next midnight.
    marks["until"] = (pd.to_datetime(marks["end"]) + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d")
    x = date_axis("week", "Week (Monday to Sunday)", fmt=SHORT_MONTH_FORMAT)
    bars = (
        alt.Chart(data, description="Exchanges per week in the article's window")
        .mark_bar(color=OKABE_ITO[0], stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            x2=alt.X2("next_week:T"),
            y=alt.Y("exchanges:Q", title="Number of exchanges that week"),
            y2=alt.datum(0),
            tooltip=[date_tooltip("week", "Week from"), date_tooltip("sunday", "To"),
                     alt.Tooltip("exchanges:Q", title="Exchanges")],
        )
    )
    spans = (
        alt.Chart(marks)
        .mark_rect(opacity=0.25, color=OKABE_ITO[5])
        .encode(
            x=alt.X("start:T", timeUnit="utcyearmonthdate", scale=alt.Scale(type="utc")),
            x2=alt.X2("until:T"),
            tooltip=[alt.Tooltip("label:N", title="Event"), date_tooltip("start", "From"), date_tooltip("end", "To")],
        )
    )
    labels = alt.Chart(marks).mark_text(align="left", dx=4, dy=-4, baseline="bottom", color=OKABE_ITO[5],
                                        limit=on_phone(70, 400)).encode(
        x=alt.X("start:T", timeUnit="utcyearmonthdate", scale=alt.Scale(type="utc")), y=alt.value(12), text="label:N"
    )
    # The spans go over the bars (translucent), so a short event is not hidden behind its week's bar.
    return tagged((bars + spans + labels).properties(width="container", height=260), "timeline")


def exchange_dots(rows: pd.DataFrame, y: str, y_title: str) -> alt.Chart:
    """One dot per exchange on a time axis, grouped by ``y`` (e.g. the side meetings of an event).

    ``rows`` holds one row per exchange and group (``liaison.tables.events.side_rows``, which puts an
    exchange naming no country under ``NO_COUNTRY``), so an exchange with parties of two countries is a
    dot in each row; the ``NO_COUNTRY`` group comes last. Dots of the same day and group sit one above the
    other. Legend: the event types present.
    """
    data = rows[[y, "exchange_id", "event_date", "event_type", "counterpart_orgs", "title", "primary_url"]].copy()
    data = _with_type_labels(data).sort_values([y, "event_date", "exchange_id"])
    data["offset"] = data.groupby([y, "event_date"]).cumcount()
    data = data.drop(columns="exchange_id")
    groups = sorted(set(data[y]) - {NO_COUNTRY}) + ([NO_COUNTRY] if NO_COUNTRY in set(data[y]) else [])
    n = len(data)
    return tagged(
        alt.Chart(data, description=f"{n} {'dot' if n == 1 else 'dots'}, one per exchange and {y_title.lower()}, by date")
        .mark_circle(size=90, opacity=0.85)
        .encode(
            x=date_axis("event_date", "Date of the exchange", padding=24, tickCount="day", labelAngle=-45),
            y=alt.Y(f"{y}:N", title=y_title, sort=groups),
            yOffset=alt.YOffset("offset:O"),
            color=_type_colour(data["event_type"]),
            href="primary_url:N",
            tooltip=exchange_tooltip(alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip("event_type:N", title="Type")),
        )
        .properties(width="container", height=alt.Step(22)),
        "exchange_dots",
    )


def mention_endorse_bars(totals: pd.DataFrame) -> alt.Chart:
    """Per formulation: exchanges whose pages mention it, next to those where the foreign side is reported endorsing it.

    ``totals``: ``liaison.tables.formulations.formulation_totals`` (its ``formulation`` column holds the
    codebook's labels).
    """
    order = list(totals["formulation"])
    measures = {"mentioned": "Mentioned (either side)", "endorsed": "Foreign side reported endorsing"}
    long = totals.melt(id_vars=["formulation", "n_exchanges"], value_vars=list(measures), var_name="measure",
                       value_name="exchanges")
    long["measure"] = long["measure"].map(measures)
    long["share"] = long["exchanges"] / long["n_exchanges"]
    domain = list(measures.values())
    return tagged(
        alt.Chart(long, description="Exchanges mentioning each formulation and exchanges recording a foreign endorsement of it")
        .mark_bar()
        .encode(
            y=alt.Y("formulation:N", sort=order, title="Formulation", axis=alt.Axis(labelLimit=on_phone(120, 320))),
            yOffset=alt.YOffset("measure:N", sort=domain),
            x=alt.X("exchanges:Q", title="Number of exchanges"),
            color=alt.Color("measure:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[OKABE_ITO[4], OKABE_ITO[5]]),
                            legend=bottom_legend(columns=2)),
            tooltip=[
                alt.Tooltip("formulation:N", title="Formulation"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("exchanges:Q", title="Exchanges"),
                alt.Tooltip("n_exchanges:Q", title="Out of (exchanges)"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width="container", height=30 * len(order)),
        "mention_endorse_bars",
    )
