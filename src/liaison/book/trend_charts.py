"""Altair specs for the chapters on formulations and on every year of the archive.

Each function takes a table from :mod:`liaison.tables.trends` and keeps only the columns its marks and
tooltips need (the spec is inlined in the page). Aggregate marks carry their counts and the N they
rest on in the tooltip; per-exchange marks carry date, counterpart, headline and source URL, and link
to the source page.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import altair as alt
import pandas as pd

from liaison.book.charts import (
    MUTED,
    OKABE_ITO,
    bottom_legend,
    date_axis,
    date_tooltip,
    fixed_colours,
    lines,
    on_phone,
    present,
    tagged,
    year_span,
)

#: A single-hue ramp (white to Okabe-Ito blue) for shares: readable in every common colour-vision type.
SHARE_RANGE = ["#f4f4f4", OKABE_ITO[0]]
#: Pixel height of one row of the per-exchange timeline (dots are spread within it).
ROW_HEIGHT = 34


def _palette(n: int) -> list[str]:
    if n > len(OKABE_ITO):
        raise ValueError(f"{n} categories: the Okabe-Ito palette has {len(OKABE_ITO)} colours")
    return OKABE_ITO[:n]


def with_n(labels: pd.Series, n: pd.Series) -> pd.Series:
    """'2018' -> '2018 (n=56)': an axis label that carries the N of its column."""
    return labels.astype(str) + " (n=" + n.astype(int).astype(str) + ")"


_PERIOD = re.compile(r"^(\d{4})(?:[–-](\d{4}))?$")


def period_gaps(periods: Sequence[object]) -> list[tuple[int, str]]:
    """Years inside the span of ``periods`` ('2016', '2001–2015') that no period covers, as (position, year).

    ``position`` is the index in ``periods`` before which the year belongs. Empty when a period is not a
    year or a span of years (the columns are then categories, such as kinds of source).
    """
    spans = []
    for p in periods:
        match = _PERIOD.match(str(p))
        if not match:
            return []
        first = int(match.group(1))
        spans.append((first, int(match.group(2) or first)))
    gaps = []
    for i, ((_, last), (nxt, _)) in enumerate(itertools.pairwise(spans)):
        gaps += [(i + 1, str(y)) for y in range(last + 1, nxt)]
    return gaps


def share_label(share: float) -> str:
    """A cell's percentage: '38%', and '<1%' for a share above zero that would round to '0%'."""
    if pd.isna(share):
        return ""
    text = f"{100 * share:.0f}"
    return "<1%" if share > 0 and text == "0" else f"{text}%"


def _thin_note(n: pd.Series, min_n: int | None, unit: str = "exchanges") -> pd.Series:
    """Tooltip text for a column's N against the threshold the text uses to leave thin years out."""
    if min_n is None:
        return pd.Series("", index=n.index)
    return n.map(lambda v: f"yes: fewer than {min_n} {unit}, not compared in the text" if v < min_n else "no")


def share_heatmap(
    table: pd.DataFrame,
    *,
    column: str,
    row: str,
    count: str,
    n: str,
    column_title: str,
    row_title: str,
    count_title: str,
    n_title: str,
    description: str,
    row_order: Sequence[str] | None = None,
    pages: str | None = None,
    min_n: int | None = None,
) -> alt.LayerChart:
    """Cells coloured by share, labelled with the percentage; columns labelled with their N.

    ``table`` needs ``column``, ``row``, ``count``, ``n`` and ``share`` (and ``pages``, the source pages
    behind the column, if given); columns keep the table's order. When the columns are years (or pooled
    spans of years), a year inside the span with no data is an empty column labelled "(n=0)". With
    ``min_n``, the columns resting on fewer than ``min_n`` (the threshold the text uses) are drawn grey,
    not on the colour scale, and their tooltip says so: the chart never highlights a year the text sets aside.
    """
    keep = [column, row, count, n, "share"] + ([pages] if pages else [])
    data = table[keep].copy()
    data["col_label"] = with_n(data[column], data[n])
    col_order = list(dict.fromkeys(data["col_label"]))
    for position, year in reversed(period_gaps(list(dict.fromkeys(data[column])))):
        col_order.insert(position, f"{year} (n=0)")
    rows = list(row_order) if row_order is not None else list(dict.fromkeys(data[row]))
    data = data.rename(columns={row: "row", count: "count", n: "n", **({pages: "pages"} if pages else {})})
    data["thin"] = _thin_note(data["n"], min_n)
    data["label"] = data["share"].map(share_label)
    data = data[["col_label", "row", "count", "n", "share", "label", "thin"] + (["pages"] if pages else [])]
    if min_n is None:
        data = data.drop(columns="thin")
    base = alt.Chart(data, description=description).encode(
        x=alt.X("col_label:O", sort=col_order, scale=alt.Scale(domain=col_order), title=lines(column_title),
                axis=alt.Axis(labelAngle=on_phone(-90, -45), labelFontSize=on_phone(9, 10))),
        y=alt.Y("row:N", sort=rows, title=row_title, axis=alt.Axis(labelLimit=on_phone(120, 320))),
    )
    tooltip = [
        alt.Tooltip("row:N", title=row_title),
        alt.Tooltip("col_label:O", title=column_title),
        alt.Tooltip("count:Q", title=count_title),
        alt.Tooltip("n:Q", title=n_title),
        *([alt.Tooltip("pages:Q", title="Source pages behind them")] if pages else []),
        alt.Tooltip("share:Q", title="Share", format=".0%"),
        *([alt.Tooltip("thin:N", title="Thinly covered")] if min_n is not None else []),
    ]
    colour = alt.Color("share:Q", title="Share", scale=alt.Scale(domain=[0, 1], range=SHARE_RANGE),
                       legend=alt.Legend(format="%", orient="bottom", direction="horizontal"))  # the width goes to the cells
    thin = f"datum.n < {min_n}" if min_n is not None else None
    cells = base.mark_rect(stroke="white").encode(
        color=alt.condition(thin, alt.value(MUTED), colour) if thin else colour,
        tooltip=tooltip,
    )
    dark = "datum.share > 0.5" + (f" && datum.n >= {min_n}" if thin else "")
    labels = base.mark_text(fontSize=on_phone(0, 10)).encode(  # on a phone the cells are too small for text
        text=alt.Text("label:N"),  # '<1%', not '0%', for a share above zero
        color=alt.condition(dark, alt.value("white"), alt.value("black")),
        tooltip=tooltip,
    ).transform_filter("datum.count > 0")
    return tagged((cells + labels).properties(width="container", height=max(160, 24 * len(rows))), "share_heatmap")


def endorsement_timeline(points: pd.DataFrame, order: Sequence[str]) -> alt.Chart:
    """One dot per exchange and formulation the foreign side is reported endorsing; click opens the source page."""
    data = points[["date", "formulation", "counterpart", "headline", "url"]].copy()
    # Spread the dots of one row vertically (a fixed low-discrepancy sequence, so the spec is reproducible).
    data["jitter"] = (data.groupby("formulation").cumcount() * 0.618034 % 1).round(3)
    return tagged(
        alt.Chart(data, description="Exchanges in which the foreign side is reported endorsing a formulation, by date")
        .mark_circle(size=70, opacity=0.65, color=OKABE_ITO[5])
        .encode(
            x=date_axis("date", "Date of the exchange (year)", fmt="%Y", padding=10),
            y=alt.Y("formulation:N", sort=list(order), title="Formulation endorsed", axis=alt.Axis(labelLimit=on_phone(120, 320)),
                    scale=alt.Scale(type="band", paddingInner=0, paddingOuter=0)),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[0, 1], range=[ROW_HEIGHT * 0.2, ROW_HEIGHT * 0.8])),
            href=alt.Href("url:N"),
            tooltip=[
                date_tooltip("date"),
                alt.Tooltip("formulation:N", title="Endorsed"),
                alt.Tooltip("counterpart:N", title="Counterpart"),
                alt.Tooltip("headline:N", title="Headline"),
                alt.Tooltip("url:N", title="Source (click the dot)"),
            ],
        )
        .properties(width="container", height=ROW_HEIGHT * len(order)),
        "endorsement_timeline",
    )


def stacked_year_bars(
    table: pd.DataFrame,
    *,
    category: str,
    order: Sequence[str],
    legend_title: str,
    description: str,
    share_title: str = "Share of the year's exchanges",
    min_n: int | None = None,
) -> alt.Chart:
    """Exchanges per year stacked by category; the tooltip gives the year's exchanges and pages (the N).

    Every year of the span has its slot on the axis (a year with no dated exchange is left empty); the
    legend lists the categories present, each in the colour its position in ``order`` gives it. With
    ``min_n`` (the threshold the text uses), the years with fewer exchanges are drawn faded and their
    tooltip says they are not compared.
    """
    data = table[["year", category, "exchanges", "share", "year_exchanges", "year_pages"]].rename(columns={category: "category"})
    data = data[data["exchanges"] > 0].copy()
    rank = {c: i for i, c in enumerate(order)}
    data["stack"] = data["category"].map(rank)
    shown = present(order, data["category"])
    tooltip = [
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("category:N", title=legend_title),
        alt.Tooltip("exchanges:Q", title="Exchanges"),
        alt.Tooltip("share:Q", title=share_title, format=".0%"),
        alt.Tooltip("year_exchanges:Q", title="Exchanges that year (N)"),
        alt.Tooltip("year_pages:Q", title="Source pages that year"),
    ]
    encoding: dict[str, object] = {}
    if min_n is not None:
        data["thin"] = _thin_note(data["year_exchanges"], min_n)
        tooltip.append(alt.Tooltip("thin:N", title="Thinly covered"))
        encoding["opacity"] = alt.condition(f"datum.year_exchanges < {min_n}", alt.value(0.35), alt.value(1.0))
    return tagged(
        alt.Chart(data, description=description)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=lines("Year of the exchange (years without exchanges left empty)"),
                    scale=alt.Scale(domain=year_span(table["year"])), axis=alt.Axis(labelAngle=-90)),
            y=alt.Y("exchanges:Q", title="Number of exchanges in the archive"),
            color=alt.Color("category:N", title=legend_title, sort=shown,
                            scale=alt.Scale(domain=shown, range=fixed_colours(order, shown)),
                            legend=bottom_legend(columns=3)),
            order=alt.Order("stack:Q"),
            tooltip=tooltip,
            **encoding,
        )
        .properties(width="container", height=320),
        "stacked_year_bars",
    )


def coverage_bars(coverage: pd.DataFrame) -> alt.Chart:
    """Dated exchanges and the source pages behind them, per year: how thick the sample is.

    Every year of the span has its slot; a year with no dated exchange is left empty.
    """
    labels = {"exchanges": "Exchanges", "pages": "Source pages"}
    long = coverage.melt(id_vars=["year"], value_vars=list(labels), var_name="measure", value_name="count")
    long["measure"] = long["measure"].map(labels)
    domain = list(labels.values())
    return tagged(
        alt.Chart(long, description="Dated exchanges and source pages in the archive per year")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=lines("Year of the exchange (years without exchanges left empty)"),
                    scale=alt.Scale(domain=year_span(coverage["year"])), axis=alt.Axis(labelAngle=-90)),
            xOffset=alt.XOffset("measure:N", sort=domain),
            y=alt.Y("count:Q", title="Number of exchanges or source pages"),
            color=alt.Color("measure:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], OKABE_ITO[1]]),
                            legend=bottom_legend(columns=2)),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("measure:N", title="Measure"),
                     alt.Tooltip("count:Q", title="Count")],
        )
        .properties(width="container", height=280),
        "coverage_bars",
    )


def term_bars(table: pd.DataFrame, order: Sequence[str]) -> alt.Chart:
    """Who led the exchanges of each minister's term: 100% stacked bars, the term's N in the tooltip."""
    data = table[["term", "lead", "exchanges", "term_exchanges", "term_pages", "share"]]
    data = data[data["exchanges"] > 0].copy()
    rank = {c: i for i, c in enumerate(order)}
    data["stack"] = data["lead"].map(rank)
    terms = list(dict.fromkeys(table["term"]))
    shown = present(order, data["lead"])
    return tagged(
        alt.Chart(data, description="Exchanges of each minister's term by who led them")
        .mark_bar()
        .encode(
            y=alt.Y("term:N", sort=terms, title="Minister's term", axis=alt.Axis(labelLimit=on_phone(110, 260))),
            x=alt.X("share:Q", stack="normalize", title="Share of the term's exchanges", axis=alt.Axis(format="%")),
            color=alt.Color("lead:N", title="Led by", sort=shown,
                            scale=alt.Scale(domain=shown, range=fixed_colours(order, shown)),
                            legend=bottom_legend(columns=3)),
            order=alt.Order("stack:Q"),
            tooltip=[
                alt.Tooltip("term:N", title="Term"),
                alt.Tooltip("lead:N", title="Led by"),
                alt.Tooltip("exchanges:Q", title="Exchanges"),
                alt.Tooltip("share:Q", title="Share of the term", format=".0%"),
                alt.Tooltip("term_exchanges:Q", title="Exchanges in the term (N)"),
                alt.Tooltip("term_pages:Q", title="Source pages in the term"),
            ],
        )
        .properties(width="container", height=44 * len(terms)),
        "term_bars",
    )


def share_lines(shares: pd.DataFrame, keys: Sequence[str], min_n: int | None = None) -> alt.LayerChart:
    """Share of each period's exchanges that carry each formulation, one line per formulation.

    A year inside the span with no dated exchange gets its slot on the axis ("(n=0)") and breaks the
    lines, which do not bridge it. With ``min_n`` (the threshold the text uses), the points of years with
    fewer exchanges are drawn hollow and their tooltip says they are not compared.
    """
    data = shares[shares["key"].isin(keys)][["period", "formulation", "exchanges", "n_exchanges", "n_pages", "share"]].copy()
    data["period_label"] = with_n(data["period"], data["n_exchanges"])
    periods = list(dict.fromkeys(data["period_label"]))
    labels = present(list(dict.fromkeys(shares.set_index("key").loc[list(keys), "formulation"])), data["formulation"])
    gaps = period_gaps(list(dict.fromkeys(data["period"])))
    for position, year in reversed(gaps):
        periods.insert(position, f"{year} (n=0)")
    if gaps:
        empty = pd.DataFrame([{"period": y, "period_label": f"{y} (n=0)", "formulation": f, "exchanges": 0, "n_exchanges": 0,
                               "n_pages": 0, "share": float("nan")} for _, y in gaps for f in labels])
        data = pd.concat([data, empty], ignore_index=True)
    data["rank"] = data["period_label"].map({p: i for i, p in enumerate(periods)})
    data = data.sort_values(["formulation", "rank"]).drop(columns="rank")
    tooltip = [
        alt.Tooltip("formulation:N", title="Formulation"),
        alt.Tooltip("period:N", title="Year"),
        alt.Tooltip("exchanges:Q", title="Exchanges carrying it"),
        alt.Tooltip("n_exchanges:Q", title="Exchanges that year (N)"),
        alt.Tooltip("n_pages:Q", title="Source pages that year"),
        alt.Tooltip("share:Q", title="Share", format=".0%"),
    ]
    if min_n is not None:
        data["thin"] = _thin_note(data["n_exchanges"], min_n)
        tooltip.append(alt.Tooltip("thin:N", title="Thinly covered"))
    colour = alt.Color("formulation:N", title=None, sort=labels, scale=alt.Scale(domain=labels, range=_palette(len(labels))),
                       legend=bottom_legend(columns=2, label_limit=360))
    base = alt.Chart(data, description="Share of exchanges per year carrying selected formulations").encode(
        x=alt.X("period_label:O", sort=periods, scale=alt.Scale(domain=periods),
                title=lines("Year of the exchange (number of dated exchanges)"), axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("share:Q", title="Share of the year's exchanges", axis=alt.Axis(format="%")),
        color=colour,
    )
    paths = base.mark_line(invalid="break-paths-show-domains").encode(
        strokeDash=alt.StrokeDash("formulation:N", sort=labels, legend=None),
    )
    points = base.mark_point(size=60, filled=True).encode(tooltip=tooltip).transform_filter("isValid(datum.share)")
    if min_n is not None:
        points = points.encode(fillOpacity=alt.condition(f"datum.n_exchanges < {min_n}", alt.value(0.0), alt.value(1.0)))
    return tagged((paths + points).properties(width="container", height=340), "share_lines")
