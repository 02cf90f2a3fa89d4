"""The Explorer: every exchange on a timeline and in a list, filtered by a country, a party or a search.

One figure holds it all, and it works in the static HTML, offline: the choices are Vega-Lite params bound
to a dropdown of countries, a dropdown of parties and a search box (Vega draws them from the book's own
bundle, ``liaison.book.sphinxext``); the timeline filters itself by them, and a few lines of JavaScript
hide the rows of the list that the same choice leaves out and say how many are shown. The data is in the
page once, in the chart's spec; the list and its CSV download are the figure's data table, as for every
figure of the book (``liaison.book.figures``).

The spec is written as a plain dict rather than with altair, and the rows are plain Python
(``liaison.tables.explorer``): the chapter then imports neither altair nor pandas, which would be most of
its cost in the book's build (the test suite validates every chart of the built book against the
Vega-Lite schema). For the same reason the CSV download is written here with ``csv``, in the markup of
``liaison.book.figures.csv_link``.

The choice's rule (and the search text it looks in) is written three times, side by side:
:func:`liaison.tables.explorer.matches` (Python, the tests' reference), :data:`FILTER` and :data:`SEARCH_TEXT`
(Vega's expression language, for the timeline) and :data:`SCRIPT`'s ``match`` (JavaScript, for the list).
``tests/test_explorer.py`` and ``tests/browser/test_explorer.py`` hold them to the same rows.

No table library for the list: itables (DataTables) brings its own search box, which would not drive the
timeline, and its own script bundle, while the list would still need the code here to follow the choices.
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

from liaison.book.figures import basis_line, chart_id, data_link
from liaison.book.palette import DATE_FORMAT, EVENT_TYPE_COLOURS
from liaison.paths import PROCESSED_DIR
from liaison.tables import explorer as table

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
#: The name of the spec's one dataset (its top-level ``datasets``), read by the list's script too.
DATASET = "exchanges"
#: The three choices: Vega-Lite params, and the signals of the same names in the Vega view.
PARAMS = ("country", "party", "search")
ALL_COUNTRIES, ALL_PARTIES = "All countries", "All parties"
SEARCH_HINT = "a word or a name"
#: The list's headline cell for an exchange whose page has no recorded headline (our summary unfolds from it).
NO_HEADLINE = "None recorded: our summary"

#: The search text as a Vega expression: tables.explorer.search_text of the row.
SEARCH_TEXT = f"lower(join([{', '.join(f'datum.{f}' for f in table.SEARCHED)}], '{table.SEARCH_JOIN}'))"
#: The choice as a Vega expression (over a row of the spec's data); the same rule as tables.explorer.matches.
FILTER = (
    "(country === '' || indexof(datum.countries, country) >= 0)"
    " && (party === '' || indexof(datum.parties, party) >= 0)"
    " && (trim(search) === '' || indexof(datum.text, lower(trim(search))) >= 0)"
)


def _records(rows: list[table.Row]) -> list[dict]:
    """The spec's data: one record per exchange, in the list's order (the script pairs record k with row k)."""
    return [
        {
            "date": r.event_date or None,
            "type": r.type,
            **{f: getattr(r, f) for f in table.SEARCHED},
            "url": r.url,
            "countries": list(r.countries),
            "parties": list(r.party_ids),
            "jitter": round(r.jitter, 3),
        }
        for r in rows
    ]


def _select(name: str, label: str, everything: str, choices: list[table.Choice]) -> dict:
    return {"name": name, "value": "",
            "bind": {"input": "select", "name": label, "options": ["", *(c.value for c in choices)],
                     "labels": [everything, *(c.label for c in choices)]}}


def spec(rows: list[table.Row], countries: list[table.Choice], parties: list[table.Choice]) -> dict:
    """The timeline: one dot per dated exchange, by date and type, for the rows the choice keeps."""
    types = [t for t in EVENT_TYPE_COLOURS if t in {r.type for r in rows}]
    return {
        "$schema": SCHEMA,
        "description": ("Timeline of the exchanges: one dot per dated exchange, by date and type of exchange, "
                        "for the country, party or search chosen above"),
        "datasets": {DATASET: _records(rows)},
        "data": {"name": DATASET},
        "params": [
            _select("country", "Country", ALL_COUNTRIES, countries),
            _select("party", "Party", ALL_PARTIES, parties),
            {"name": "search", "value": "",
             "bind": {"input": "search", "name": "Search", "placeholder": SEARCH_HINT, "autocomplete": "off"}},
        ],
        "transform": [
            {"calculate": SEARCH_TEXT, "as": "text"},
            {"filter": FILTER},
            {"filter": "isValid(datum.date)"},
            {"calculate": "datum.counterpart || 'None named'", "as": "counterpart_shown"},
            {"calculate": "datum.headline || 'None recorded (the list has our summary)'", "as": "headline_shown"},
        ],
        "mark": {"type": "circle", "size": 70, "opacity": 0.8, "stroke": "white", "strokeWidth": 0.5, "cursor": "pointer"},
        "encoding": {
            # Whole years: a single exchange still gets an axis of months and its year, not of hours.
            "x": {"field": "date", "type": "temporal", "scale": {"type": "utc", "nice": "year"}, "title": "Date of the exchange",
                  "axis": {"labelOverlap": True, "labelFlush": True}},
            "y": {"field": "type", "type": "nominal", "sort": types, "title": "Type of exchange",
                  "axis": {"labelLimit": 180}},
            "yOffset": {"field": "jitter", "type": "quantitative", "scale": {"domain": [0, 1], "range": [6, 30]}},
            "color": {"field": "type", "type": "nominal", "legend": None,
                      "scale": {"domain": types, "range": [EVENT_TYPE_COLOURS[t] for t in types]}},
            "href": {"field": "url", "type": "nominal"},
            "tooltip": [
                # A date-only ISO string is read as midnight UTC: shown in UTC, it is the same day in every time zone.
                {"field": "date", "type": "temporal", "timeUnit": "utcyearmonthdate", "title": "Date", "format": DATE_FORMAT},
                {"field": "type", "type": "nominal", "title": "Type"},
                {"field": "counterpart_shown", "type": "nominal", "title": "Counterpart"},
                {"field": "officials", "type": "nominal", "title": "Department officials"},
                {"field": "headline_shown", "type": "nominal", "title": "Headline"},
                {"field": "url", "type": "nominal", "title": "Source page (click the dot)"},
            ],
        },
        "width": "container",
        "height": {"step": 36},
    }


# The list's half of the page, run once the chart is drawn: it reads the same params (Vega signals) and shows
# the rows whose records pass the same rule as FILTER; it also keeps the choice in the page's address
# (?country=VNM&party=...&search=...), so that a view of the Explorer can be linked to and reopened.
SCRIPT = r"""
function match(d, c, p, s) {
  s = String(s || "").trim().toLowerCase();
  return (c === "" || d.countries.indexOf(c) >= 0) && (p === "" || d.parties.indexOf(p) >= 0)
    && (s === "" || d.text.indexOf(s) >= 0);
}
function fmt(n) { return n.toLocaleString("en-GB"); }
function sentence(n, u, t) {
  if (n === 0) { return "No exchange matches this choice."; }
  var head = n === t ? (t === 1 ? "The only exchange is shown" : "All " + fmt(t) + " exchanges are shown")
    : (n === 1 ? "1 exchange matches" : fmt(n) + " exchanges match");
  if (u === 0) { return head + "."; }
  if (u === n) {
    return head + "; " + (n === 1 ? "it is undated, so it is in the list below but not on the time axis"
      : "none of them is dated, so they are in the list below but not on the time axis") + ".";
  }
  return head + "; " + fmt(u) + " of them " + (u === 1 ? "is" : "are") + " undated: in the list below, not on the time axis.";
}
function wire(result) {
  var view = result.view, trs = document.getElementById(@LIST@).tBodies[0].rows;
  var status = document.getElementById(@STATUS@), shown = document.getElementById(@SHOWN@);
  var rows = spec.datasets[@DATASET@].map(function (d) {
    var text = @SEARCHED@.map(function (f) { return d[f]; }).join(@JOIN@).toLowerCase();
    return {date: d.date, countries: d.countries, parties: d.parties, text: text};
  });
  function update() {
    var c = view.signal("country"), p = view.signal("party"), s = view.signal("search"), n = 0, u = 0;
    for (var k = 0; k < rows.length; k++) {
      var ok = match(rows[k], c, p, s);
      trs[k].hidden = !ok;
      if (ok) { n++; if (!rows[k].date) { u++; } }
    }
    status.textContent = sentence(n, u, rows.length);
    shown.textContent = fmt(n);
    try {  // keep the choice in the address; a page opened from disk may refuse, which changes nothing else
      var q = new URLSearchParams(window.location.search);
      [["country", c], ["party", p], ["search", String(s || "").trim()]].forEach(function (kv) {
        if (kv[1]) { q.set(kv[0], kv[1]); } else { q.delete(kv[0]); }
      });
      var a = q.toString();
      window.history.replaceState(null, "", window.location.pathname + (a ? "?" + a : "") + window.location.hash);
    } catch (e) { /* no history on this page */ }
  }
  var asked = new URLSearchParams(window.location.search), options = {};
  spec.params.forEach(function (p) { options[p.name] = p.bind.options; });
  @PARAMS@.forEach(function (name) {
    var v = asked.get(name);
    if (v !== null && (!options[name] || options[name].indexOf(v) >= 0)) { view.signal(name, v); }
    view.addSignalListener(name, update);
  });
  view.runAsync().then(update);
}
"""


def csv_link(rows: list[list[str]], filename: str) -> str:
    """The CSV download of ``rows`` (headers first), as ``liaison.book.figures.csv_link`` writes a DataFrame's."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return data_link(out.getvalue(), filename)


class Explorer:
    """The Explorer's figure: the choices, the timeline, a line saying what is shown, and the list."""

    def __init__(self, rows: list[table.Row], parties: list[dict[str, str]], country_names: dict[str, str], *,
                 n_pages: int, anchor: str = "explorer"):
        self.rows, self.anchor = rows, anchor
        self.spec = spec(rows, table.country_choices(rows, country_names), table.party_choices(rows, parties, country_names))
        self.basis = basis_line(len(rows), n_pages)
        self.element = chart_id(self.spec)  # the page's ids; the spec does not change after this

    @classmethod
    def from_processed(cls, processed_dir: Path = PROCESSED_DIR) -> Explorer:
        parties, names = table.load_parties(processed_dir), table.load_country_names(processed_dir)
        rows = table.load(processed_dir)
        return cls(rows, parties, names, n_pages=table.n_pages(processed_dir))

    @property
    def caption(self) -> str:
        return ("Every exchange in the archive, of every year: one dot per dated exchange, by its date and type. "
                "Choose a country or a party, or search, and the timeline and the list below follow; "
                "point at a dot for its details, click it to open its source page.")

    def list_html(self) -> str:
        """The list: one row per exchange, in the order of the spec's records (narrow screens: see :func:`style`)."""
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in table.COLUMNS.values())
        body = []
        for r in self.rows:
            headline = (html.escape(r.headline) if r.headline else
                        f"<details><summary>{NO_HEADLINE}</summary>{html.escape(r.summary)}</details>")
            cells = {
                "date_text": html.escape(r.date_text),
                "type": html.escape(r.type),
                "counterpart": html.escape(r.counterpart),
                "country_names": html.escape(r.country_names),
                "officials": html.escape(r.officials),
                "headline": headline,
                "url": f'<a href="{html.escape(r.url)}">{html.escape(r.host)}</a>',
            }
            body.append("<tr>" + "".join(f"<td>{v}</td>" for v in cells.values()) + "</tr>")
        return (f'<table id="{self.element}-list" class="liaison-table liaison-explorer-list">'
                f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>")

    def script(self) -> str:
        payload = json.dumps(self.spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
        element = self.element
        names = {"DATASET": DATASET, "LIST": f"{element}-list", "STATUS": f"{element}-status",
                 "SHOWN": f"{element}-shown"}
        names.update(PARAMS=list(PARAMS), SEARCHED=list(table.SEARCHED), JOIN=table.SEARCH_JOIN)
        wiring = SCRIPT.strip()
        for key, value in names.items():
            wiring = wiring.replace(f"@{key}@", json.dumps(value))
        # The same opening as liaison.book.figures.embed_html (the tests read the spec from "var spec=...;function draw(").
        return (
            f"<script>(function(){{var spec={payload};"
            f'function draw(){{window.vegaEmbed("#{element}",spec,{{actions:false,renderer:"svg",bind:"#{element}-controls"}})'
            f".then(wire).catch(function(e){{console.error(e);}});}}\n{wiring}\n"
            f'if(window.vegaEmbed){{draw();}}else{{window.addEventListener("load",draw);}}}})();</script>'
        )

    def to_html(self) -> str:
        element = self.element
        n = len(self.rows)
        n_undated = sum(not r.event_date for r in self.rows)
        return (
            f"<style>{style()}</style>\n"
            f'<figure class="liaison-figure liaison-explorer" id="{self.anchor}">\n'
            f'<div id="{element}-controls" class="liaison-explorer-controls"></div>\n'
            f'<p id="{element}-status" class="liaison-explorer-status" role="status">'
            f"{html.escape(table.status(n, n_undated, n))}</p>\n"
            f'<div id="{element}" class="liaison-chart" style="width:100%" role="img" '
            f'aria-label="{html.escape(self.spec["description"])}"></div>\n'
            f"<figcaption>{html.escape(self.caption)} <em>{html.escape(self.basis)}</em> "
            f"{csv_link(table.download_rows(self.rows), 'explorer_exchanges.csv')}</figcaption>\n"
            f'<details open><summary>The exchanges shown, as a list (<span id="{element}-shown">{n:,}</span>)</summary>\n'
            # The list scrolls in a box of its own, so that the chapter's text after it stays within reach.
            f'<div class="liaison-explorer-scroll" tabindex="0" role="region" aria-label="The exchanges shown">'
            f"{self.list_html()}</div>\n</details>\n"
            "</figure>\n"
            f"{self.script()}"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"Explorer: {self.caption} {self.basis}"


_STYLE = """
.liaison-explorer-controls{display:flex;flex-wrap:wrap;gap:.5em 1.2em;margin:0 0 .4em}
.liaison-explorer-controls .vega-bind{flex:1 1 14em;min-width:0}
.liaison-explorer-controls .vega-bind label{display:flex;flex-direction:column;gap:.15em;font-weight:600}
.liaison-explorer-controls .vega-bind-name{font-size:.9em}
.liaison-explorer-controls select,.liaison-explorer-controls input{width:100%;max-width:100%;font:inherit;
font-weight:400;padding:.25em .35em;border:1px solid #888;border-radius:3px;background:#fff;box-sizing:border-box}
.liaison-explorer-status{margin:.2em 0 .4em;font-size:.95em}
.liaison-explorer-scroll{max-height:75vh;overflow-y:auto;border:1px solid #ddd;border-radius:3px}
.liaison-explorer-list{font-size:.85em;width:100%;margin:0}
.liaison-explorer-list thead th{position:sticky;top:0;background:#fff;box-shadow:0 1px 0 #ccc}
.liaison-explorer-list td{vertical-align:top;overflow-wrap:anywhere}
.liaison-explorer-list td details summary{cursor:pointer;font-style:italic}
.liaison-explorer-list tr[hidden]{display:none}
.liaison-explorer-list th:nth-child(1){width:9%}.liaison-explorer-list th:nth-child(2){width:8%}
.liaison-explorer-list th:nth-child(3){width:19%}.liaison-explorer-list th:nth-child(4){width:9%}
.liaison-explorer-list th:nth-child(5){width:10%}.liaison-explorer-list th:nth-child(6){width:33%}
@media (max-width:700px){
.liaison-explorer-list thead{display:none}
.liaison-explorer-list tr{display:block;padding:.4em 0;border-bottom:1px solid #ccc}
.liaison-explorer-list td{display:block;border:0;padding:.05em 0;text-align:left}
.liaison-explorer-list td::before{font-weight:600}
@LABELS@}
""".strip()


def style() -> str:
    """The figure's CSS. On a narrow screen each row of the list becomes a block of labelled lines (the labels
    are the column headers, put in by CSS so that the page carries them once, not once per cell)."""
    labels = "".join(f'.liaison-explorer-list td:nth-child({i})::before{{content:"{header}: "}}'
                     for i, header in enumerate(table.COLUMNS.values(), start=1))
    return _STYLE.replace("@LABELS@", labels)
