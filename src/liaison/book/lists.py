"""Definition lists for prose tables that would not fit a narrow text column as a grid (the claims scorecard,
the top countries under each counting rule): each entry a term and its lines, every line a label and a text.

The HTML is the markup MyST writes for a definition list (``<dl class="simple myst">``), so the book's theme
styles it as it styles one written in a chapter's text; it is deterministic and escapes every value.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from liaison.book.figure_prose import change
from liaison.book.figures import csv_link
from liaison.codebook import formulation_label
from liaison.tables.countries import end_day


@dataclass(frozen=True)
class Line:
    """One line of a definition: 'Label: key. text', the label in italics and the key in bold (each optional)."""

    label: str
    text: str
    key: str = ""

    def html(self) -> str:
        label = f"<em>{html.escape(self.label)}:</em> " if self.label else ""
        key = f"<strong>{html.escape(self.key)}</strong>. " if self.key else ""
        return f'<p style="margin:0 0 0.35rem">{label}{key}{html.escape(self.text)}</p>'

    def __str__(self) -> str:
        return f"{self.label + ': ' if self.label else ''}{self.key + '. ' if self.key else ''}{self.text}"


@dataclass(frozen=True)
class Entry:
    term: str
    lines: Sequence[Line] = field(default_factory=tuple)


class DefinitionList:
    """Terms with their definitions, each a few lines."""

    def __init__(self, entries: Iterable[Entry], download: tuple[pd.DataFrame, str, str] | None = None):
        self.entries = list(entries)
        self.download = download

    def _repr_html_(self) -> str:
        parts = ['<dl class="simple myst liaison-list">']
        for entry in self.entries:
            parts.append(f"<dt>{html.escape(entry.term)}</dt>")
            parts.append(f"<dd>{''.join(line.html() for line in entry.lines)}</dd>")
        parts.append("</dl>")
        if self.download is not None:
            parts.append(f"<p>{csv_link(*self.download)}</p>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        out = []
        for entry in self.entries:
            out.append(entry.term)
            out.extend(f"    {line}" for line in entry.lines)
        return "\n".join(out)


def scorecard_list(card: pd.DataFrame, claim_ids: Sequence[str], filename: str | None = None) -> DefinitionList:
    """The scorecard's rows for some claims (``liaison.tables.claims.scorecard``), one entry each: the claim,
    then the article's figure (when it gives one), what the sources or the archive give, what that rests on, the
    verdict and why; with ``filename``, a CSV download of those rows."""
    rows = card.set_index("claim_id").loc[list(claim_ids)]
    entries = []
    for claim_id, row in rows.iterrows():
        sources = row["basis"] == "pages' own figures"
        n = int(row["exchanges"])
        rests_on = f"{n:,} {'report' if n == 1 else 'reports'}" if sources else f"{n:,} {'exchange' if n == 1 else 'exchanges'}"
        lines = [Line("The article", _sentence(row["article"]))] if any(ch.isdigit() for ch in row["article"]) else []
        lines += [
            # the number it rests on, unless the finding already says it
            Line(f"{'The sources' if sources else 'The archive'}{f' ({rests_on})' if n and f'{n:,}' not in row['data'] else ''}",
                 _sentence(row["data"])),
            Line("Verdict", row["reason"], key=row["verdict"]),
        ]
        entries.append(Entry(f"{claim_id}. {row['claim']}", tuple(lines)))
    download = (rows.reset_index(), filename, "Download these rows of the scorecard (CSV)") if filename else None
    return DefinitionList(entries, download)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".") if text else text


def top_lists(table: pd.DataFrame) -> DefinitionList:
    """The leading countries under each row of a sensitivity table (``liaison.tables.countries.sensitivity``):
    the term names the rule and the window's end, the definition lists countries with their exchanges."""
    return DefinitionList(
        Entry(f"{name}, to {end_day(end, short=False)}", (Line("", f"{top} (of {n:,} exchanges)"),))
        for name, end, top, n in zip(table["name"], table["window_end"], table["top"], table["exchanges"])
    )


def shifts(shares: dict[str, tuple[float, float]], recent_start: int) -> DefinitionList:
    """How often formulations are mentioned in the article's window and in the recent period: one entry per
    codebook key (``shares``: key -> (share in the window, share since ``recent_start``))."""
    entries = []
    for key, (window, recent) in shares.items():
        moved = change(window, recent)
        entries.append(Entry(formulation_label(key),
                             (Line("", f"{moved[0].upper()}{moved[1:]} between the window and the years since {recent_start}."),)))
    return DefinitionList(entries)


#: Cell padding and type size of a compact table: narrower than the book's data tables, so that a comparison
#: of a few numbers fits a phone's text column.
COMPACT_STYLE = "padding:0.2rem 0.3rem"


def _numeric(value: object) -> bool:
    """True for a number or a rank cell ('6', '=6', '-'): right-aligned."""
    text = str(value)
    return text == "-" or text.lstrip("=").replace(",", "").isdigit()


class CompactTable:
    """A small comparison table: no index, numbers and rank cells right-aligned, tight cells, optionally a first
    header row grouping columns (``groups``: (label, number of columns) from the left, '' for none) and columns
    whose cells never wrap (``nowrap``: short spans such as '2006–2025')."""

    def __init__(self, frame: pd.DataFrame, groups: Sequence[tuple[str, int]] = (), font_size: str = "0.8rem",
                 nowrap: Sequence[str] = ()):
        self.frame, self.groups, self.font_size = frame.reset_index(drop=True), list(groups), font_size
        self.nowrap = set(nowrap)

    def _cell(self, tag: str, value: object, numeric: bool, extra: str = "", style: str = "") -> str:
        align = "text-align:right;" if numeric else ""
        return f'<{tag}{extra} style="{align}{style}{COMPACT_STYLE}">{html.escape(str(value))}</{tag}>'

    def _repr_html_(self) -> str:
        numeric = {c: bool(len(self.frame)) and all(_numeric(v) for v in self.frame[c]) for c in self.frame.columns}
        head = []
        if self.groups:
            cells = "".join(self._cell("th", label, False, f' colspan="{span}"' + (' scope="colgroup"' if label else ""),
                                       "border-bottom:1px solid #6b6b6b;" if label else "")
                            for label, span in self.groups)
            head.append(f"<tr>{cells}</tr>")
        head.append("<tr>" + "".join(self._cell("th", c, numeric[c], ' scope="col"') for c in self.frame.columns) + "</tr>")
        body = ["<tr>" + "".join(self._cell("td", v, numeric[c], style="white-space:nowrap;" if c in self.nowrap else "")
                                 for c, v in row.items()) + "</tr>"
                for _, row in self.frame.iterrows()]
        return (f'<table class="liaison-table liaison-compact" style="font-size:{self.font_size}">'
                f"<thead>{''.join(head)}</thead><tbody>{''.join(body)}</tbody></table>")

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)
