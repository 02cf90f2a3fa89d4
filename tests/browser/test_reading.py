"""The book as a reader sees it, in Chromium, on a laptop (1300x900) and on a phone (390x844).

- No page is wider than the screen; a wide table scrolls inside its own box.
- A prose table (class ``liaison-prose``: claims, reasons, sensitivity) fits the text column of the laptop.
- No table column is too narrow to read (``MIN_COLUMN_PX``), data tables opened included.
- No raw pandas table (``table.dataframe``): tables go through ``liaison.book.figures.Table``.
- Tooltips: see ``test_tooltips.py`` (a module of its own, so that test workers share the browser tests).
- The bibliography keeps proper nouns in capitals.

Screenshots of every chapter at both widths go to test-output/screenshots/ (``NAME-laptop.png``,
``NAME-phone.png``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .builtsite import CHAPTERS, ROOT
from .conftest import SCREENS
from .test_in_browser import SCREENSHOTS, wait_for_charts

#: Narrower than this, a column's words break letter by letter.
MIN_COLUMN_PX = 40

# --- layout ---------------------------------------------------------------------------------------------

LAYOUT = """(minColumn) => {
  const vw = document.documentElement.clientWidth;
  const name = el => {
    const t = el.closest('table, dl');
    const head = t ? [...t.querySelectorAll('th, dt')].slice(0, 3).map(h => h.textContent.trim()).join(' | ') : '';
    return `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}">` + (head ? ` [${head}]` : '');
  };
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const out = {viewport: vw, pageWidth: document.documentElement.scrollWidth, wide: [], prose: [], narrow: [],
               raw: document.querySelectorAll('table.dataframe').length, tables: 0, proseTables: 0};
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > vw + 1 && !scrolls(el) && out.wide.length < 5) out.wide.push(`${name(el)} right=${Math.round(r.right)}`);
  }
  const article = document.querySelector('article') || document.body;
  const column = article.getBoundingClientRect();
  for (const el of document.querySelectorAll('.liaison-prose')) {
    out.proseTables++;
    const box = el.closest('.liaison-table-wrap') || el;
    const r = el.getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth + 1 || r.right > column.right + 1) {
      const what = name(el.querySelector('th, dt') || el);
      out.prose.push(`${what} is ${Math.round(box.scrollWidth)} px wide in a column of ${Math.round(column.width)} px`);
    }
  }
  for (const table of document.querySelectorAll('article table')) {
    // the last header row names the columns (a row above it may group them)
    const rows = table.querySelectorAll('thead tr');
    const cells = [...(rows[rows.length - 1] || table.querySelector('tr') || {cells: []}).cells];
    // A table shown as cards (a prose table on a phone) has no columns to measure.
    if (!cells.length || !table.getClientRects().length || getComputedStyle(table).display !== 'table') continue;
    out.tables++;
    for (const cell of cells) {
      if (!cell.getClientRects().length) continue;  // a header the layout hides (a list shown as blocks on a phone)
      const w = cell.getBoundingClientRect().width;
      if (w < minColumn) out.narrow.push(`${name(cell)} column "${cell.textContent.trim()}" is ${w.toFixed(0)} px`);
    }
    // A column narrower than its words: the text spills out of its cell.
    const spilled = [...table.querySelectorAll('tr')].slice(0, 60).flatMap(tr => [...tr.cells])
      .filter(c => c.scrollWidth > c.clientWidth + 1);
    const first = spilled[0];
    if (first) out.narrow.push(`${name(first)} cell "${first.textContent.trim().slice(0, 40)}" spills out of its column`);
  }
  return out;
}"""


def _layout(page) -> dict:
    return page.evaluate(LAYOUT, MIN_COLUMN_PX)


def screenshot(page, path: Path) -> None:
    """The whole page as the reader's screen shows it: the viewport made as tall as the page, then one shot.

    Not ``full_page=True``: while Chromium captures a full page it lays the page out wider than the screen,
    and the charts, which follow their container's width, are drawn too wide in the picture.
    """
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(300)  # the charts redraw on the resize event
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)
    page.set_viewport_size(size)


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_fits_the_screen_and_its_tables_read(path, screen, visit):
    v = visit(path, viewport=SCREENS[screen])
    wait_for_charts(v)
    v.page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
    closed = _layout(v.page)
    v.page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    opened = _layout(v.page)
    v.page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = false; })")
    screenshot(v.page, SCREENSHOTS / f"{Path(path).stem}-{screen}.png")
    where = f"{path} on the {screen} ({closed['viewport']} px)"
    for state, layout in (("", closed), (" with its data tables open", opened)):
        assert layout["pageWidth"] <= layout["viewport"], (
            f"{where}{state} is {layout['pageWidth']} px wide; sticking out: {layout['wide']}")
    assert opened["narrow"] == [], f"{where}: columns narrower than {MIN_COLUMN_PX} px: {opened['narrow']}"
    if screen == "laptop":
        assert opened["prose"] == [], f"{where}: prose tables that need sideways scrolling: {opened['prose']}"
    assert v.net.problems() == []


#: Headers that are pandas artefacts, not names a reader can use.
INDEX_HEADERS = {"", "index", "level_0", "unnamed: 0"}


@pytest.mark.parametrize("path", CHAPTERS)
def test_no_raw_pandas_tables_and_no_index_columns(path, site):
    """A DataFrame shown as it is (index column, raw headers, left-aligned numbers): use figures.Table."""
    soup = BeautifulSoup((site.root / path).read_text(encoding="utf-8"), "html.parser")
    raw = [" | ".join(th.get_text(strip=True) for th in t.select("th")[:4]) for t in soup.select("table.dataframe")]
    assert raw == [], f"{path}: tables that pandas wrote (show them with liaison.book.figures.Table): {raw}"
    def names(table) -> list:  # the last header row names the columns (a row above it may group them)
        rows = table.select("thead tr")
        return [th.get_text(strip=True) for th in rows[-1].select("th")] if rows else []

    artefacts = [names(t) for t in soup.select("table.liaison-table")
                 if any(name.lower() in INDEX_HEADERS for name in names(t))]
    assert artefacts == [], f"{path}: tables with an index column or an empty header: {artefacts}"


def test_the_layout_checks_catch_a_wide_page_a_wide_prose_table_and_a_narrow_column(visit, site):
    """The checks are not blind: a page with each fault, measured as the chapters are."""
    cells = "".join(f"<td style='min-width:300px'>{'word ' * 40}</td>" for _ in range(6))
    page = ("<!DOCTYPE html><html><head><title>t</title><link rel='stylesheet' href='../_static/liaison.css'></head>"
            "<body><article><h1>t</h1>"
            "<div style='width:1600px'>wide</div>"
            f"<div class='liaison-table-wrap'><table class='liaison-table liaison-prose'><thead><tr>{'<th>Claim</th>' * 6}"
            f"</tr></thead><tbody><tr>{cells}</tr></tbody></table></div>"
            "<table style='table-layout:fixed;width:200px'><thead><tr><th style='width:10px'>Rank</th><th>Country</th>"
            "</tr></thead><tbody><tr><td>1</td><td>Vietnam</td></tr></tbody></table>"
            "</article></body></html>")
    v = visit(site.add_page("chapters/layout-check.html", page), viewport=SCREENS["laptop"])
    layout = _layout(v.page)
    assert layout["pageWidth"] > layout["viewport"] and layout["wide"]
    assert len(layout["prose"]) == 1 and "Claim" in layout["prose"][0]
    assert any('"Rank"' in n for n in layout["narrow"]), layout["narrow"]


# --- the bibliography -----------------------------------------------------------------------------------

#: Proper nouns that must keep their capitals wherever they appear on the bibliography page (references.bib
#: protects them now: in braces in a title, "{Central Foreign Affairs Work Committee}", or in a field the
#: style does not lowercase, such as a journal's name).
PROPER_NOUNS: tuple[str, ...] = (
    "China",
    "Chinese",
    "Xi Jinping",
    "Communist Party",
    "CPC",
    "CCP",
    "South China Sea",
    "Guangdong",
    "International Department",
    "Party Watch",
    "Central Foreign Affairs Work Committee",
    "People's Daily",
    "Beijing",
    "Financial Times",
    "South China Morning Post",
    "Wall Street Journal",
    "Qiushi Journal",
    "China Change",
)
def protected_phrases(bib: Path = ROOT / "references.bib") -> dict[str, list[str]]:
    """Entry key -> the phrases its title protects with braces ("{Xi Jinping} to Diplomats" -> ["Xi Jinping"])."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(str(bib), bib_format="bibtex").entries.items():
        title = entry.fields.get("title", "")
        phrases = [p.strip() for p in re.findall(r"\{([^{}]+)\}", title) if p.strip()]
        if phrases:
            out[key] = phrases
    return out


def capital_problems(text: str, nouns: tuple[str, ...]) -> list[str]:
    """Each occurrence of a noun (any case) that is not written as given; web addresses are left out."""
    text = re.sub(r"https?://\S+", " ", text)
    problems = []
    for noun in nouns:
        for match in re.finditer(rf"(?<!\w){re.escape(noun)}(?!\w)", text, re.IGNORECASE):
            if match.group(0) != noun:
                start = max(0, match.start() - 30)
                problems.append(f"{noun!r} written {match.group(0)!r}: ...{text[start:match.end() + 30]}...")
    return problems


def test_capital_check_flags_a_lowercased_noun():
    assert capital_problems("Financial Times, China struggles over south china sea", ("China",)) == [
        "'China' written 'china': ...s, China struggles over south china sea..."]
    assert capital_problems("Chinese and China", ("China",)) == []
    assert capital_problems("China, see https://www.scmp.com/news/china/x", ("China",)) == []


def test_the_bibliography_keeps_proper_nouns_in_capitals(visit):
    v = visit("chapters/bibliography.html")
    text = v.page.locator("article").inner_text()  # as shown: after any CSS text-transform
    assert "Bowie" in text, "the bibliography page lists no reference"
    missing = {noun for noun in PROPER_NOUNS if noun.lower() not in text.lower()}
    assert missing == set(), f"PROPER_NOUNS not on the bibliography page at all (a typo?): {missing}"
    assert capital_problems(text, PROPER_NOUNS) == []
    # Every phrase references.bib protects with braces appears as written.
    lost = {key: [p for p in phrases if p not in text] for key, phrases in protected_phrases().items()}
    assert {k: p for k, p in lost.items() if p} == {}
    assert v.net.problems() == []
