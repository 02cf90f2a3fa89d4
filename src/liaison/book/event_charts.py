"""The institutionalization timeline: the department's multi-party events, one mark per event on a time axis.

Built like the charts of :mod:`liaison.book.charts` (altair, Okabe-Ito colours, ``width="container"``,
each mark linked to its source page) and placed on the page by :class:`liaison.book.figures.Figure`,
which embeds it with the book's own vega-embed (no CDN). The table comes from
``liaison.tables.events.timeline``.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from liaison.book.charts import OKABE_ITO, date_tooltip
from liaison.tables.events import NO_FIGURE

#: The legend's two kinds of mark: whether the side table gives the event's attendance.
WITH_FIGURE = "Attendance figure in the pages"
WITHOUT_FIGURE = "No attendance figure in the archive"
#: Pixel height of one series row.
ROW_HEIGHT = 28


def multi_party_timeline(table: pd.DataFrame, series_order: Sequence[str], domain: tuple[str, str],
                         window: tuple[str, str] | None = None, window_label: str = "Article's window") -> alt.LayerChart:
    """One circle per event at its first day, one row per series; the article's window shaded.

    ``table`` is ``events.timeline``'s; ``domain`` the first and last day of the time axis. The tooltip
    gives the dates in words, the name, the attendance as the pages report it, the reports and pages behind
    it, and the source page (a click on the mark opens it).
    """
    data = table[["event_date", "event_end_date", "name", "series", "attendance", "reports", "pages", "url"]].copy()
    data["event_end_date"] = data["event_end_date"].where(data["event_end_date"] != "", data["event_date"])
    data["figure"] = [WITHOUT_FIGURE if a == NO_FIGURE else WITH_FIGURE for a in table["attendance"]]
    kinds = [k for k in (WITH_FIGURE, WITHOUT_FIGURE) if k in set(data["figure"])]  # the legend lists what is present
    colours = {WITH_FIGURE: OKABE_ITO[0], WITHOUT_FIGURE: "#9a9a9a"}
    shapes = {WITH_FIGURE: "circle", WITHOUT_FIGURE: "diamond"}
    x = alt.X("event_date:T", title="Date of the event", scale=alt.Scale(type="utc", domain=list(domain)),
              axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0))
    points = (
        alt.Chart(data, description="The department's multi-party events, one mark per event on a time axis")
        .mark_point(size=90, filled=True, opacity=0.9, stroke="white", strokeWidth=0.8)
        .encode(
            x=x,
            # padding: room above the first row for the shaded window's label
            y=alt.Y("series:N", sort=list(series_order), title="Series of events", axis=alt.Axis(labelLimit=160),
                    scale=alt.Scale(padding=1.2)),
            color=alt.Color("figure:N", title=None, sort=kinds, scale=alt.Scale(domain=kinds, range=[colours[k] for k in kinds]),
                            legend=alt.Legend(orient="bottom", direction="vertical")),
            shape=alt.Shape("figure:N", sort=kinds, scale=alt.Scale(domain=kinds, range=[shapes[k] for k in kinds]), legend=None),
            href="url:N",
            tooltip=[
                alt.Tooltip("name:N", title="Event"),
                date_tooltip("event_date", "First day"),
                date_tooltip("event_end_date", "Last day"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("attendance:N", title="Attendance as the pages report it"),
                alt.Tooltip("reports:Q", title="Reports giving a figure (exchanges)"),
                alt.Tooltip("pages:Q", title="Source pages"),
                alt.Tooltip("url:N", title="Source page (click the mark)"),
            ],
        )
    )
    layers: list[alt.Chart] = []
    if window:
        band = pd.DataFrame([{"start": window[0], "end": window[1], "label": window_label}])
        layers.append(alt.Chart(band).mark_rect(color="#e8e8e8").encode(
            x=alt.X("start:T", scale=alt.Scale(type="utc", domain=list(domain))), x2="end:T",
            tooltip=[alt.Tooltip("label:N", title="Shaded"), date_tooltip("start", "From"), date_tooltip("end", "To")],
        ))
        layers.append(alt.Chart(band).mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=10, color="#555555").encode(
            x=alt.X("start:T", scale=alt.Scale(type="utc", domain=list(domain))), y=alt.value(0), text="label:N",
        ))
    height = ROW_HEIGHT * (len(series_order) + 1)
    return alt.layer(*layers, points).properties(width="container", height=height)

