"""How a chart or a table appears in the book: the HTML around it, without importing altair.

Charts are embedded with the vega-embed bundle that ``liaison.book.sphinxext`` serves from the book's
own ``_static`` folder (no CDN). Each figure carries a caption, the basis line ("based on N
exchanges from M source pages"), a collapsible data table as its text alternative and a CSV download.
A chapter that only shows tables does not pay for importing altair (about 0.15 s a kernel).

Tables are written here, not by pandas (deterministic HTML, no index, no ``dataframe`` class):

- headers are readable (a ``columns`` mapping, else :func:`header` turns ``rank_in_data`` into
  "Rank in data"); a named index becomes the first column, row numbers are dropped;
- numeric columns (by dtype, or text that is all numbers such as "12", "38.5%", "-") are right aligned
  with tabular figures; codebook keys (event types, kinds of source, formulations) show their labels;
  URLs are links named by their host; ``True``/``False`` read "yes"/"no";
- every table sits in a box that scrolls sideways on its own on a narrow screen, so a table never
  widens the page;
- a *prose* table (claims, reasons, sentences: ``prose=True``, or detected from long text cells) wraps
  its text so it fits the text column of a laptop screen, and on a phone shows each row as a card
  ("Header: value" lines); ``below`` moves long columns to a line under their row; ``layout="list"``
  renders it as a definition list instead (one entry per row: the ``term`` columns, then each other
  column as "Header: value"), which reads well at any width.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from liaison.codebook import EVENT_TYPE_LABELS, FORMULATION_LABELS, LIST_SEP, SOURCE_KIND_LABELS

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


def data_link(csv_text: str, filename: str, text: str = "Download the data (CSV)") -> str:
    """A link that downloads ``csv_text`` as a CSV file (the data inline, nothing fetched): every download
    of the book (figures, lists, the Explorer, the window audit) is written here."""
    data = base64.b64encode(csv_text.encode("utf-8")).decode("ascii")
    return (f'<a class="liaison-download" download="{html.escape(filename)}" href="data:text/csv;base64,{data}">'
            f"{html.escape(text)}</a>")


def csv_link(table: pd.DataFrame, filename: str, text: str = "Download the data (CSV)") -> str:
    """:func:`data_link` for a DataFrame (no index)."""
    return data_link(table.to_csv(index=False), filename, text)


# ---------------------------------------------------------------- table cells and headers

#: Headers for the processed tables' column names (anything else goes through :func:`header`).
HEADERS: dict[str, str] = {
    "iso3": "ISO code",
    "event_date": "Date",
    "event_end_date": "End date",
    "event_type": "Type of exchange",
    "source_kind": "Kind of source",
    "source_kinds": "Kinds of source",
    "counterpart_orgs": "Counterpart",
    "counterpart_people": "Counterpart people",
    "countries": "Countries",
    "title": "Headline",
    "primary_url": "Source page",
    "url": "Source page",
    "n_sources": "Pages",
    "n_exchanges": "Exchanges (N)",
    "n_pages": "Source pages (N)",
    "doc_id": "Record",
    "exchange_id": "Exchange",
    "idcpc_officials": "Department officials",
    "lead_official": "Lead official",
    "lead_rank": "Lead official's rank",
    "mentions": "Formulations mentioned",
    "foreign_side_endorses": "Endorsed by the foreign side",
}
#: Columns whose cells are codebook keys (or ';'-lists of them), shown with the codebook's labels.
CODE_LABELS: dict[str, Mapping[str, str]] = {
    "event_type": EVENT_TYPE_LABELS,
    "source_kind": SOURCE_KIND_LABELS,
    "source_kinds": SOURCE_KIND_LABELS,
    "mentions": FORMULATION_LABELS,
    "foreign_side_endorses": FORMULATION_LABELS,
    "key": FORMULATION_LABELS,
}
_NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?%?$")
#: Cells that stand for "no number" in a numeric column.
PLACEHOLDERS = frozenset({"", "-", "–", "—", "n/a", "absent"})
#: A text column whose cells average this many characters is prose: it wraps, and makes the table a prose table.
PROSE_CHARS = 40


def header(name: object) -> str:
    """A readable header: ``HEADERS``, else 'rank_in_data' -> 'Rank in data' (readable names are kept)."""
    text = str(name)
    if text in HEADERS:
        return HEADERS[text]
    if "_" in text or text[:1].islower():
        text = text.replace("_", " ").strip()
        return text[:1].upper() + text[1:]
    return text


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (a list or a string is never missing)."""
    if isinstance(value, str):
        return False
    import pandas as pd  # here: the explorer chapter uses this module without pandas

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Number):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


def is_numeric(column: pd.Series) -> bool:
    """Numbers (by dtype, or text cells that are all numbers or placeholders such as '-'), not booleans."""
    kind = column.dtype.kind
    if kind == "b":
        return False
    if kind in "iuf":
        return True
    values = [v for v in column if not _missing(v) and not (isinstance(v, str) and v.strip() in PLACEHOLDERS)]
    return bool(values) and all(_is_number(v) for v in values)


_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$|^\d{4}[–-]\d{4}$")


def is_date(column: pd.Series) -> bool:
    """ISO dates ('2017-10-18', '2017-10') or spans of years ('2017–2019'): cells never broken at their hyphens."""
    values = [v for v in column if isinstance(v, str) and v.strip()]
    return bool(values) and all(_DATE.match(v.strip()) for v in values)


def _labels(value: str, labels: Mapping[str, str]) -> str:
    parts = [p.strip() for p in value.split(LIST_SEP)]
    return f"{LIST_SEP} ".join(labels.get(p, p) for p in parts)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def cell_text(value: object) -> str:
    """A cell as text: '' for missing, 'yes'/'no', floats to at most three decimals, ';'-lists spaced."""
    if _missing(value):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isinf(number):
            return "∞" if number > 0 else "-∞"
        return f"{number:.3f}".rstrip("0").rstrip(".")
    return _spaced(str(value))


def _cell_html(value: object) -> str:
    text = cell_text(value)
    if text.startswith(("http://", "https://")) and " " not in text:
        return f'<a href="{html.escape(text)}">{html.escape(_host(text))}</a>'
    return html.escape(text)


def _spaced(value: object) -> object:
    return re.sub(r";(?! )", "; ", value) if isinstance(value, str) else value


#: The codebook's vocabularies whose keys a table shows by their labels wherever they fill a column.
VOCABULARIES: tuple[Mapping[str, str], ...] = (FORMULATION_LABELS, EVENT_TYPE_LABELS, SOURCE_KIND_LABELS)


def _keys_in(column: pd.Series) -> set[str]:
    return {p.strip() for v in column if isinstance(v, str) for p in v.split(LIST_SEP) if p.strip()}


def _readable_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Codebook keys replaced by their labels: in the columns named for them (``CODE_LABELS``), and in any
    text column whose cells are all keys (or ';'-lists of keys) of one vocabulary, one of them a snake_case
    key ('belt_and_road'), so that a column of plain words ('meeting') is left alone."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype != object:
            continue
        keys = _keys_in(out[name])
        if not keys:
            continue
        named = CODE_LABELS.get(name)
        candidates = [named] if named is not None else [v for v in VOCABULARIES if any("_" in k for k in keys)]
        for labels in candidates:
            if keys <= set(labels):
                out[name] = out[name].map(lambda v, lab=labels: _labels(v, lab) if isinstance(v, str) else v)
                break
    return out


def _prose_columns(frame: pd.DataFrame, numeric: set[str]) -> set[str]:
    prose = set()
    for name in frame.columns:
        if name in numeric or frame[name].dtype != object:
            continue
        texts = [cell_text(v) for v in frame[name]]
        texts = [t for t in texts if t and not t.startswith(("http://", "https://"))]
        if texts and sum(map(len, texts)) / len(texts) >= PROSE_CHARS:
            prose.add(name)
    return prose


def _frame_for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """No index artefacts: a named index (``set_index("field")``) becomes the first column(s); an unnamed one
    (row numbers, left over from filtering or sorting) is dropped."""
    if all(name is None for name in frame.index.names):
        return frame.reset_index(drop=True)
    return frame.reset_index()


def table_html(
    frame: pd.DataFrame,
    *,
    prose: bool | None = None,
    layout: str = "table",
    term: Sequence[str] | str | None = None,
    caption: str = "",
    formats: Mapping[str, Callable[[object], str] | str] | None = None,
    numeric: Sequence[str] | None = None,
    below: Sequence[str] | None = None,
) -> str:
    """The HTML of a table for reading (see the module docstring); ``frame``'s headers are shown as they are.

    ``prose``: the table must fit the text column of a laptop (None: a prose table if a text column has long
    cells). ``layout="list"``: a definition list, one entry per row, its term from the ``term`` columns (the
    first column by default). ``formats``: a format string ('{:.1%}') or a function per column. ``numeric``:
    columns to right-align whatever their dtype (detected otherwise). ``below``: columns shown as a line of
    their own under each row, across the table ("Why: ..."), which keeps a table of reasons narrow.
    """
    frame = _frame_for_display(frame)
    for name, fmt in (formats or {}).items():
        if name in frame.columns:
            show = fmt.format if isinstance(fmt, str) else fmt
            frame = frame.assign(**{name: frame[name].map(lambda v, f=show: "" if _missing(v) else f(v))})
    right = {c for c in frame.columns if is_numeric(frame[c])} | set(numeric or ())
    wrap = _prose_columns(frame, right)
    whole = {c for c in frame.columns if c not in right and is_date(frame[c])}
    is_prose = bool(wrap) if prose is None else prose
    if layout == "list":
        return _definition_list(frame, term, caption)
    if layout != "table":
        raise ValueError(f"layout is 'table' or 'list', not {layout!r}")
    under = [c for c in below or () if c in frame.columns]
    missing = [c for c in below or () if c not in frame.columns]
    if missing:
        raise KeyError(f"below: columns {missing} are not in the table ({list(frame.columns)})")
    shown = [c for c in frame.columns if c not in under]
    classes = "liaison-table" + (" liaison-prose" if is_prose else "") + (" liaison-has-below" if under else "")

    def cls(name: object) -> str:
        names = ((["liaison-num"] if name in right else []) + (["liaison-text"] if name in wrap else [])
                 + (["liaison-date"] if name in whole else []))
        return f' class="{" ".join(names)}"' if names else ""

    def label(name: object) -> str:  # a prose table's cells name their column: on a phone each row is a card
        return f' data-label="{html.escape(str(name))}"' if is_prose else ""

    head = "".join(f'<th scope="col"{cls(c)}>{html.escape(str(c))}</th>' for c in shown)
    rows = []
    for record in frame.to_dict("records"):
        cells = "".join(f"<td{cls(c)}{label(c)}>{_cell_html(record[c])}</td>" for c in shown)
        rows.append(f'<tr class="liaison-row">{cells}</tr>')
        rows += [
            f'<tr class="liaison-below"><td colspan="{len(shown)}"><span class="liaison-below-label">{html.escape(str(c))}:</span> '
            f"{_cell_html(record[c])}</td></tr>"
            for c in under if cell_text(record[c])
        ]
    body = "".join(row + "\n" for row in rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    label = f' aria-label="{html.escape(caption)}"' if caption else ""
    return (
        f'<div class="liaison-table-wrap" role="region" tabindex="0"{label}>'
        f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table></div>'
    )


def _definition_list(frame: pd.DataFrame, term: Sequence[str] | str | None, caption: str) -> str:
    terms = [term] if isinstance(term, str) else list(term or frame.columns[:1])
    missing = [t for t in terms if t not in frame.columns]
    if missing:
        raise KeyError(f"term columns {missing} are not in the table ({list(frame.columns)})")
    rest = [c for c in frame.columns if c not in terms]
    entries = []
    for row in frame.to_dict("records"):
        head = " ".join(f'<span class="liaison-term-part">{_cell_html(row[t])}</span>' for t in terms)
        fields = "".join(
            f'<div><dt>{html.escape(str(c))}</dt><dd>{_cell_html(row[c])}</dd></div>'
            for c in rest if cell_text(row[c])
        )
        entries.append(f'<div class="liaison-entry"><dt>{head}</dt><dd><dl class="liaison-fields">{fields}</dl></dd></div>')
    cap = f'<p class="liaison-list-caption">{html.escape(caption)}</p>' if caption else ""
    return f'{cap}<dl class="liaison-deflist liaison-prose">\n' + "\n".join(entries) + "\n</dl>"


class Figure:
    """A chart with its caption, basis line, data table (collapsible) and CSV download.

    The data table and the CSV share their headers: ``columns`` renames, the rest go through :func:`header`.
    """

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        table: pd.DataFrame,
        *,
        caption: str,
        basis: str,
        filename: str,
        anchor: str = "",
        columns: dict[str, str] | None = None,
    ):
        table = _frame_for_display(table)
        self._renamed = {c: (columns or {}).get(c, header(c)) for c in table.columns}
        self._data = table
        self.chart, self.table, self.caption, self.basis = chart, table.rename(columns=self._renamed), caption, basis
        self.filename = filename
        self.anchor = anchor or filename.rsplit(".", 1)[0].replace("_", "-")

    def to_html(self) -> str:
        # The table shows the codebook's labels; the CSV keeps the data as it is (with the same headers).
        shown = _readable_values(self._data).rename(columns=self._renamed)
        table_html_ = table_html(shown, prose=False)
        chart = self.chart
        if not isinstance(getattr(chart, "description", None), str) or not chart.description:
            # Screen readers announce the chart by its description: the caption when it has none.
            chart = chart.properties(description=self.caption)
        return (
            f'<figure class="liaison-figure" id="{self.anchor}">\n'
            f"{embed_html(chart)}\n"
            f"<figcaption>{html.escape(self.caption)} <em>{html.escape(self.basis)}</em> "
            f"{csv_link(self.table, self.filename)}</figcaption>\n"
            f"<details><summary>Data table</summary>\n{table_html_}\n</details>\n"
            "</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"Figure: {self.caption} {self.basis}"


class Table:
    """A table for reading: no index, readable headers, numbers right aligned (see the module docstring).

    ``columns`` renames (the other headers go through :func:`header`). ``prose=True`` marks a table of
    sentences (a scorecard, reasons) that must fit the laptop's text column; ``below=["reason"]`` puts long
    columns on a line of their own under each row; ``layout="list"`` renders the table as a definition list
    keyed by the ``term`` column(s). ``caption`` names the table for screen readers. ``formats`` and
    ``numeric`` as in :func:`table_html`. ';'-lists get a space after each ';' so they wrap.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        columns: dict[str, str] | None = None,
        *,
        prose: bool | None = None,
        layout: str = "table",
        term: Sequence[str] | str | None = None,
        caption: str = "",
        formats: Mapping[str, Callable[[object], str] | str] | None = None,
        numeric: Sequence[str] | None = None,
        below: Sequence[str] | None = None,
    ):
        frame = _readable_values(_frame_for_display(frame))
        frame = frame.apply(lambda col: col.map(_spaced) if col.dtype == object else col)
        columns = columns or {}
        renamed = {c: columns.get(c, header(c)) for c in frame.columns}
        self.frame = frame.rename(columns=renamed)
        self.prose, self.layout, self.caption = prose, layout, caption
        self.term = [renamed.get(t, t) for t in ([term] if isinstance(term, str) else term)] if term else None
        self.formats = {renamed.get(k, k): v for k, v in (formats or {}).items()}
        self.numeric = [renamed.get(k, k) for k in numeric or ()]
        self.below = [renamed.get(k, k) for k in below or ()]

    def to_html(self) -> str:
        return table_html(self.frame, prose=self.prose, layout=self.layout, term=self.term, caption=self.caption,
                          formats=self.formats, numeric=self.numeric, below=self.below)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)
