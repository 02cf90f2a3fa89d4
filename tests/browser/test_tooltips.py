"""Tooltips in Chromium: hovering a mark of every chart shows a tooltip, and its dates read as dates
("18 October 2017"), never as epoch milliseconds, and on the right day for a reader west of Greenwich."""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from datetime import date

from .builtsite import CHAPTERS, chart_specs, chart_views
from .test_in_browser import wait_for_charts

#: A reader's time zone west of Greenwich: an ISO date parsed as UTC midnight is the day before there.
READER_TIMEZONE = "America/Los_Angeles"

# --- tooltips -------------------------------------------------------------------------------------------

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: How a date may read in a tooltip: "18 October 2017", "2017-10-18", "October 2017".
DATE_TEXT = re.compile(rf"^(?:\d{{1,2}} (?:{MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:{MONTHS}) \d{{4}})$")
#: Tooltip rows that hold a date, by their title.
DATE_KEY = re.compile(r"\b(?:date|week|from|to|month|day)\b", re.IGNORECASE)
#: Epoch milliseconds: what Vega prints for a parsed date shown as text.
EPOCH_MS = re.compile(r"(?<![\d.])\d{12,13}(?![\d.])")

MARK_GROUPS = """(chart) => [...document.getElementById(chart).querySelectorAll('svg g.role-mark')]
  .map((g, i) => ({group: i, kind: (g.getAttribute('class') || '').split(' ')[0], items: g.children.length}))"""

# Scroll the k-th largest item of a mark group into view and find a point where it is the element hit.
HIT_POINT = """([chart, group, k]) => {
  const g = [...document.getElementById(chart).querySelectorAll('svg g.role-mark')][group];
  const area = el => { const r = el.getBoundingClientRect(); return r.width * r.height; };
  const items = [...g.children].filter(el => area(el) > 0).sort((a, b) => area(b) - area(a));
  const item = items[Math.min(k, items.length - 1)];
  if (!item) return null;
  item.scrollIntoView({block: 'center', inline: 'nearest'});
  const r = item.getBoundingClientRect();
  for (const fy of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    for (const fx of [0.5, 0.3, 0.7, 0.15, 0.85]) {
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      const hit = document.elementFromPoint(x, y);
      if (hit === item || item.contains(hit)) return {x, y};
    }
  }
  return null;
}"""

TOOLTIP_ROWS = """() => [...document.querySelectorAll('#vg-tooltip-element.visible tr')]
  .map(tr => [tr.querySelector('.key')?.textContent ?? '', tr.querySelector('.value')?.textContent ?? ''])"""


def _tooltip_at(page, point: dict) -> list[tuple[str, str]] | None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.mouse.move(1, 1)
    with contextlib.suppress(PlaywrightTimeout):
        page.locator("#vg-tooltip-element.visible").wait_for(state="hidden", timeout=1_500)
    page.mouse.move(point["x"], point["y"])
    try:
        page.locator("#vg-tooltip-element.visible").wait_for(state="visible", timeout=1_500)
    except PlaywrightTimeout:
        return None
    return [tuple(row) for row in page.evaluate(TOOLTIP_ROWS)]


def hover_every_mark_group(page, chart: str, per_group: int = 2) -> list[list[tuple[str, str]]]:
    """Tooltips read by hovering up to ``per_group`` items (the largest first) of each mark group of a chart."""
    tooltips = []
    for group in page.evaluate(MARK_GROUPS, chart):
        read = 0
        for k in sorted({0, group["items"] // 2, group["items"] - 1}):
            point = page.evaluate(HIT_POINT, [chart, group["group"], k])
            rows = _tooltip_at(page, point) if point else None
            if rows:
                tooltips.append(rows)
                read += 1
            if read >= per_group:
                break
    return tooltips


def temporal_tooltips(spec: dict) -> dict[str, set[str]]:
    """Title of each temporal tooltip row -> how each date of the chart's data reads in it (its format)."""
    out: dict[str, set[str]] = defaultdict(set)
    for _path, encoding, rows, _mark, _transforms in chart_views(spec):
        tips = encoding.get("tooltip") or []
        for tip in tips if isinstance(tips, list) else [tips]:
            if isinstance(tip, dict) and tip.get("type") == "temporal":
                fmt = tip.get("format") or "%Y-%m-%d"
                title = tip.get("title") or tip["field"]
                for row in rows or []:
                    value = str(row.get(tip["field"]) or "")
                    if re.match(r"^\d{4}-\d{2}", value):
                        day = date.fromisoformat(value[:10] if len(value) >= 10 else value[:7] + "-01")
                        out[title].add(day.strftime(fmt))
    return out


def date_problems(rows: list[tuple[str, str]], expected: dict[str, set[str]]) -> list[str]:
    """Epoch milliseconds anywhere, a date row that does not read as a date, a date the data does not hold."""
    problems = []
    for key, value in rows:
        if EPOCH_MS.search(value) and not value.startswith(("http://", "https://")):
            problems.append(f"{key}: {value} (epoch milliseconds?)")
        if DATE_KEY.search(key) and value and not DATE_TEXT.match(value.strip()):
            problems.append(f"{key}: {value!r} does not read as a date")
        if key in expected and value not in expected[key]:
            problems.append(f"{key}: {value!r} is not a date of the chart's data (shifted by the time zone?)")
    return problems


def test_date_checks_flag_epoch_milliseconds_and_shifted_days():
    expected = {"Date": {"18 October 2017"}}
    assert date_problems([("Date", "18 October 2017"), ("Exchanges", "4")], expected) == []
    assert date_problems([("Date", "1508284800000")], expected) == [
        "Date: 1508284800000 (epoch milliseconds?)", "Date: '1508284800000' does not read as a date",
        "Date: '1508284800000' is not a date of the chart's data (shifted by the time zone?)"]
    assert date_problems([("Date", "17 October 2017")], expected) == [
        "Date: '17 October 2017' is not a date of the chart's data (shifted by the time zone?)"]
    assert date_problems([("Week from", "Oct 16, 2017")], {}) == ["Week from: 'Oct 16, 2017' does not read as a date"]
    spec = {"data": {"values": [{"d": "2017-10-18"}, {"d": "2017-12-01"}]}, "mark": "point",
            "encoding": {"tooltip": [{"field": "d", "type": "temporal", "format": "%-d %B %Y", "title": "Date"}]}}
    assert temporal_tooltips(spec) == {"Date": {"18 October 2017", "1 December 2017"}}


def test_every_chart_shows_a_tooltip_with_dates_as_dates(visit, site):
    """Hover the marks of every chart of every chapter, as a reader in California: tooltips show, dates read as dates."""
    seen: dict[str, int] = defaultdict(int)
    dated: dict[str, set[str]] = defaultdict(set)
    expected_dates: dict[str, set[str]] = defaultdict(set)
    problems: list[str] = []
    silent: list[str] = []
    for path in CHAPTERS:
        specs = chart_specs((site.root / path).read_text(encoding="utf-8"))
        if not specs:
            continue
        v = visit(path, timezone=READER_TIMEZONE)
        wait_for_charts(v)
        for element, spec in specs:
            kind = ((spec.get("usermeta") or {}).get("liaison") or {}).get("chart") or f"{path}#{element}"
            expected = temporal_tooltips(spec)
            expected_dates[kind] |= set(expected)
            tooltips = hover_every_mark_group(v.page, element)
            if not tooltips:
                silent.append(f"{path}#{element} ({kind})")
            seen[kind] += len(tooltips)
            for rows in tooltips:
                dated[kind] |= {key for key, value in rows if DATE_KEY.search(key) and value}
                problems += [f"{path}#{element} ({kind}) {p}" for p in date_problems(rows, expected)]
        assert v.net.problems() == []
        v.context.close()
    assert seen, "no chart in the book"
    assert silent == [], f"charts that showed no tooltip when hovered: {silent}"
    assert problems == [], "\n".join(problems)
    unseen = {kind: sorted(titles - dated[kind]) for kind, titles in expected_dates.items() if titles - dated[kind]}
    assert unseen == {}, f"date rows never read in a tooltip (hover did not reach them): {unseen}"
