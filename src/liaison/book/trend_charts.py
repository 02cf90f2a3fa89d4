"""Altair specs for the chapters on formulations and on every year of the archive.

Each function takes a table from :mod:`liaison.tables.trends` and keeps only the columns its marks and
tooltips need (the spec is inlined in the page). Aggregate marks carry their counts and the N they
rest on in the tooltip; per-exchange marks carry date, counterpart, headline and source URL, and link
to the source page.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from liaison.book.charts import OKABE_ITO

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
) -> alt.Chart:
    """Cells coloured by share, labelled with the percentage; columns labelled with their N.

    ``table`` needs ``column``, ``row``, ``count``, ``n`` and ``share`` (and ``pages``, the source pages
    behind the column, if given); columns keep the table's order.
    """
    keep = [column, row, count, n, "share"] + ([pages] if pages else [])
    data = table[keep].copy()
    data["col_label"] = with_n(data[column], data[n])
    col_order = list(dict.fromkeys(data["col_label"]))
    rows = list(row_order) if row_order is not None else list(dict.fromkeys(data[row]))
    data = data.rename(columns={row: "row", count: "count", n: "n", **({pages: "pages"} if pages else {})})
    data = data[["col_label", "row", "count", "n", "share"] + (["pages"] if pages else [])]
    base = alt.Chart(data, description=description).encode(
        x=alt.X("col_label:O", sort=col_order, title=column_title, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("row:N", sort=rows, title=row_title, axis=alt.Axis(labelLimit=320)),
    )
    tooltip = [
        alt.Tooltip("row:N", title=row_title),
        alt.Tooltip("col_label:O", title=column_title),
        alt.Tooltip("count:Q", title=count_title),
        alt.Tooltip("n:Q", title=n_title),
        *([alt.Tooltip("pages:Q", title="Source pages behind them")] if pages else []),
        alt.Tooltip("share:Q", title="Share", format=".0%"),
    ]
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("share:Q", title="Share", scale=alt.Scale(domain=[0, 1], range=SHARE_RANGE),
                        legend=alt.Legend(format="%")),
        tooltip=tooltip,
    )
    labels = base.mark_text(fontSize=10).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.5", alt.value("white"), alt.value("black")),
        tooltip=tooltip,
    ).transform_filter("datum.count > 0")
    return (cells + labels).properties(width="container", height=max(160, 24 * len(rows)))


def endorsement_timeline(points: pd.DataFrame, order: Sequence[str]) -> alt.Chart:
    """One dot per exchange and formulation the foreign side is reported endorsing; click opens the source page."""
    data = points[["date", "formulation", "counterpart", "headline", "url"]].copy()
    # Spread the dots of one row vertically (a fixed low-discrepancy sequence, so the spec is reproducible).
    data["jitter"] = (data.groupby("formulation").cumcount() * 0.618034 % 1).round(3)
    return (
        alt.Chart(data, description="Exchanges in which the foreign side is reported endorsing a formulation, by date")
        .mark_circle(size=70, opacity=0.65, color=OKABE_ITO[5])
        .encode(
            x=alt.X("date:T", title="Date of the exchange", axis=alt.Axis(format="%Y")),
            y=alt.Y("formulation:N", sort=list(order), title=None, axis=alt.Axis(labelLimit=320),
                    scale=alt.Scale(type="band", paddingInner=0, paddingOuter=0)),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[0, 1], range=[ROW_HEIGHT * 0.2, ROW_HEIGHT * 0.8])),
            href=alt.Href("url:N"),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),  # the ISO string: no time-zone shift in the reader's browser
                alt.Tooltip("formulation:N", title="Endorsed"),
                alt.Tooltip("counterpart:N", title="Counterpart"),
                alt.Tooltip("headline:N", title="Headline"),
                alt.Tooltip("url:N", title="Source (click the dot)"),
            ],
        )
        .properties(width="container", height=ROW_HEIGHT * len(order))
    )


def stacked_year_bars(
    table: pd.DataFrame,
    *,
    category: str,
    order: Sequence[str],
    legend_title: str,
    description: str,
    share_title: str = "Share of the year's exchanges",
) -> alt.Chart:
    """Exchanges per year stacked by category; the tooltip gives the year's exchanges and pages (the N)."""
    data = table[["year", category, "exchanges", "share", "year_exchanges", "year_pages"]].rename(columns={category: "category"})
    data = data[data["exchanges"] > 0].copy()
    rank = {c: i for i, c in enumerate(order)}
    data["stack"] = data["category"].map(rank)
    return (
        alt.Chart(data, description=description)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year of the exchange"),
            y=alt.Y("exchanges:Q", title="Exchanges in the archive"),
            color=alt.Color("category:N", title=legend_title, sort=list(order),
                            scale=alt.Scale(domain=list(order), range=_palette(len(order))),
                            legend=alt.Legend(orient="bottom", columns=3)),
            order=alt.Order("stack:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("category:N", title=legend_title),
                alt.Tooltip("exchanges:Q", title="Exchanges"),
                alt.Tooltip("share:Q", title=share_title, format=".0%"),
                alt.Tooltip("year_exchanges:Q", title="Exchanges that year (N)"),
                alt.Tooltip("year_pages:Q", title="Source pages that year"),
            ],
        )
        .properties(width="container", height=320)
    )


def coverage_bars(coverage: pd.DataFrame) -> alt.Chart:
    """Dated exchanges and the source pages behind them, per year: how thick the sample is."""
    labels = {"exchanges": "Exchanges", "pages": "Source pages"}
    long = coverage.melt(id_vars=["year"], value_vars=list(labels), var_name="measure", value_name="count")
    long["measure"] = long["measure"].map(labels)
    domain = list(labels.values())
    return (
        alt.Chart(long, description="Dated exchanges and source pages in the archive per year")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year of the exchange"),
            xOffset=alt.XOffset("measure:N", sort=domain),
            y=alt.Y("count:Q", title="Count"),
            color=alt.Color("measure:N", title=None, sort=domain,
                            scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], OKABE_ITO[1]]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("measure:N", title="Measure"),
                     alt.Tooltip("count:Q", title="Count")],
        )
        .properties(width="container", height=280)
    )


def term_bars(table: pd.DataFrame, order: Sequence[str]) -> alt.Chart:
    """Who led the exchanges of each minister's term: 100% stacked bars, the term's N in the tooltip."""
    data = table[["term", "lead", "exchanges", "term_exchanges", "term_pages", "share"]]
    data = data[data["exchanges"] > 0].copy()
    rank = {c: i for i, c in enumerate(order)}
    data["stack"] = data["lead"].map(rank)
    terms = list(dict.fromkeys(table["term"]))
    return (
        alt.Chart(data, description="Exchanges of each minister's term by who led them")
        .mark_bar()
        .encode(
            y=alt.Y("term:N", sort=terms, title=None),
            x=alt.X("share:Q", stack="normalize", title="Share of the term's exchanges", axis=alt.Axis(format="%")),
            color=alt.Color("lead:N", title="Led by", sort=list(order),
                            scale=alt.Scale(domain=list(order), range=_palette(len(order))),
                            legend=alt.Legend(orient="bottom", columns=3)),
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
        .properties(width="container", height=44 * len(terms))
    )


def share_lines(shares: pd.DataFrame, keys: Sequence[str]) -> alt.Chart:
    """Share of each period's exchanges that carry each formulation, one line per formulation."""
    data = shares[shares["key"].isin(keys)][["period", "formulation", "exchanges", "n_exchanges", "n_pages", "share"]].copy()
    data["period_label"] = with_n(data["period"], data["n_exchanges"])
    periods = list(dict.fromkeys(data["period_label"]))
    labels = list(dict.fromkeys(shares.set_index("key").loc[list(keys), "formulation"]))
    return (
        alt.Chart(data, description="Share of exchanges per year carrying selected formulations")
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True))
        .encode(
            x=alt.X("period_label:O", sort=periods, title="Year of the exchange (number of dated exchanges)",
                    axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("share:Q", title="Share of the year's exchanges", axis=alt.Axis(format="%")),
            color=alt.Color("formulation:N", title=None, sort=labels,
                            scale=alt.Scale(domain=labels, range=_palette(len(labels))),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=360)),
            strokeDash=alt.StrokeDash("formulation:N", sort=labels, legend=None),
            tooltip=[
                alt.Tooltip("formulation:N", title="Formulation"),
                alt.Tooltip("period:N", title="Year"),
                alt.Tooltip("exchanges:Q", title="Exchanges carrying it"),
                alt.Tooltip("n_exchanges:Q", title="Exchanges that year (N)"),
                alt.Tooltip("n_pages:Q", title="Source pages that year"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
        .properties(width="container", height=340)
    )
