"""Altair chart specs and the HTML that puts them in the book.

Charts are embedded with the vega-embed bundle that ``liaison.sphinxext`` serves from the book's
own ``_static`` folder (no CDN). Each figure carries a caption, the basis line ("based on N
exchanges from M source pages"), a collapsible data table as its text alternative and a CSV download.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

import altair as alt
import pandas as pd

# Okabe-Ito: distinguishable with the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def basis_line(n_exchanges: int, n_pages: int) -> str:
    return f"Based on {n_exchanges:,} exchanges from {n_pages:,} source pages."


def chart_id(spec: dict) -> str:
    """Element id from the spec's content: the same chart gets the same id on every run."""
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:10]
    return f"liaison-chart-{digest}"


def embed_html(chart: alt.TopLevelMixin) -> str:
    """A div and the script that renders ``chart`` into it with the locally served vega-embed."""
    spec = chart.to_dict()
    element = chart_id(spec)
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div id="{element}" class="liaison-chart" role="img" aria-label="{html.escape(spec.get("description", ""))}"></div>\n'
        f"<script>(function(){{var spec={payload};"
        f'function draw(){{window.vegaEmbed("#{element}",spec,{{actions:false,renderer:"svg"}})'
        f'.catch(function(e){{console.error(e);}});}}'
        f'if(window.vegaEmbed){{draw();}}else{{window.addEventListener("load",draw);}}}})();</script>'
    )


def csv_link(table: pd.DataFrame, filename: str) -> str:
    data = base64.b64encode(table.to_csv(index=False).encode("utf-8")).decode("ascii")
    return f'<a class="liaison-download" download="{filename}" href="data:text/csv;base64,{data}">Download the data (CSV)</a>'


class Figure:
    """A chart with its caption, basis line, data table (collapsible) and CSV download."""

    def __init__(self, chart: alt.TopLevelMixin, table: pd.DataFrame, *, caption: str, basis: str, filename: str):
        self.chart, self.table, self.caption, self.basis, self.filename = chart, table, caption, basis, filename

    def to_html(self) -> str:
        table_html = self.table.to_html(index=False, border=0, classes="liaison-table", escape=True)
        return (
            '<figure class="liaison-figure">\n'
            f"{embed_html(self.chart)}\n"
            f"<figcaption>{html.escape(self.caption)} <em>{html.escape(self.basis)}</em> "
            f"{csv_link(self.table, self.filename)}</figcaption>\n"
            f"<details><summary>Data table</summary>\n{table_html}\n</details>\n"
            "</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"Figure: {self.caption} {self.basis}"


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
