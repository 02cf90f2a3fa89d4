"""How a chart or a table appears in the book: the HTML around it, without importing altair.

Charts are embedded with the vega-embed bundle that ``liaison.book.sphinxext`` serves from the book's
own ``_static`` folder (no CDN). Each figure carries a caption, the basis line ("based on N
exchanges from M source pages"), a collapsible data table as its text alternative and a CSV download.
A chapter that only shows tables does not pay for importing altair (about 0.15 s a kernel).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

def basis_line(n_exchanges: int, n_pages: int) -> str:
    return f"Based on {n_exchanges:,} exchanges from {n_pages:,} source pages."


def chart_id(spec: dict) -> str:
    """Element id from the spec's content: the same chart gets the same id on every run."""
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:10]
    return f"liaison-chart-{digest}"


def embed_html(chart: alt.TopLevelMixin) -> str:
    """A div and the script that renders ``chart`` into it with the locally served vega-embed.

    The spec is not checked against the Vega-Lite schema here (a jsonschema pass over every spec
    on every build): the test suite checks every chart of the built book against it instead
    (``tests/browser/test_offline_html.py``).
    """
    spec = chart.to_dict(validate=False)
    element = chart_id(spec)
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        # width:100%: vega-embed makes its element an inline-block, which a "container"-wide chart
        # would otherwise shrink to zero width.
        f'<div id="{element}" class="liaison-chart" style="width:100%" role="img" '
        f'aria-label="{html.escape(spec.get("description", ""))}"></div>\n'
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

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        table: pd.DataFrame,
        *,
        caption: str,
        basis: str,
        filename: str,
        anchor: str = "",
    ):
        self.chart, self.table, self.caption, self.basis = chart, table, caption, basis
        self.filename = filename
        self.anchor = anchor or filename.rsplit(".", 1)[0].replace("_", "-")

    def to_html(self) -> str:
        table_html = self.table.to_html(index=False, border=0, classes="liaison-table", escape=True)
        chart = self.chart
        if not isinstance(getattr(chart, "description", None), str) or not chart.description:
            # Screen readers announce the chart by its description: the caption when it has none.
            chart = chart.properties(description=self.caption)
        return (
            f'<figure class="liaison-figure" id="{self.anchor}">\n'
            f"{embed_html(chart)}\n"
            f"<figcaption>{html.escape(self.caption)} <em>{html.escape(self.basis)}</em> "
            f"{csv_link(self.table, self.filename)}</figcaption>\n"
            f"<details><summary>Data table</summary>\n{table_html}\n</details>\n"
            "</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"Figure: {self.caption} {self.basis}"


def _spaced(value: object) -> object:
    return re.sub(r";(?! )", "; ", value) if isinstance(value, str) else value


class Table:
    """A data table shown without the pandas index (deterministic HTML, unlike a pandas Styler).

    ';'-lists (country codes, mention keys) get a space after each ';' so they wrap in narrow columns.
    """

    def __init__(self, frame: pd.DataFrame, columns: dict[str, str] | None = None):
        frame = frame.apply(lambda col: col.map(_spaced) if col.dtype == object else col)
        self.frame = frame.rename(columns=columns or {})

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, border=0, classes="liaison-table", na_rep="")

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)
