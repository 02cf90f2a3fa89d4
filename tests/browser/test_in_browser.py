"""Every page of the built book opened in Chromium, served from 127.0.0.1 with no way out.

Each page must load with no console error, no failed request and no request to another host; every
chart must be drawn; a chapter with everything it loads must weigh under 2 MB. Screenshots of the
chapters, on a laptop and on a phone, are taken by test_reading.py (test-output/screenshots/).
"""

from __future__ import annotations

import contextlib
import re

import pytest
from bs4 import BeautifulSoup

from .builtsite import CHAPTERS, PAGES, REDIRECTS, ROOT

PAGE_BUDGET = 2_000_000  # bytes: a chapter and everything it loads, as transferred (gzip, like a static host)
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHART_TIMEOUT = 20_000  # ms

# For each .liaison-chart: is there an <svg> (or <canvas>) with a size and drawn data marks in it?
CHART_STATES = """() => [...document.querySelectorAll('.liaison-chart')].map(div => {
  const svg = div.querySelector('svg'), canvas = div.querySelector('canvas'), el = svg || canvas;
  const box = el ? el.getBoundingClientRect() : {width: 0, height: 0};
  let marks = 0;
  if (svg) {
    marks = [...svg.querySelectorAll('g.role-mark path, g.role-mark text, g.role-mark line, g.role-mark image')]
      .filter(m => m.tagName === 'text' ? m.textContent.trim() !== '' : (m.getAttribute('d') ?? 'x') !== '').length;
  } else if (canvas && canvas.width && canvas.height) {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] && (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250)) { marks++; }
    }
  }
  return {id: div.id, renderer: svg ? 'svg' : canvas ? 'canvas' : null,
          width: box.width, height: box.height, marks: marks,
          drawn: Boolean(el) && box.width > 0 && box.height > 0 && marks > 0};
})"""


def wait_for_charts(visit) -> list[dict]:
    """Wait until every chart on the page is drawn; fail with each chart's state if one is not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # reported just below, with what went wrong
        visit.page.wait_for_function(f"() => ({CHART_STATES})().every(c => c.drawn)", timeout=CHART_TIMEOUT)
    states = visit.page.evaluate(CHART_STATES)
    undrawn = [s for s in states if not s["drawn"]]
    assert not undrawn, f"charts not drawn: {undrawn}; {visit.net.problems()}"
    return states


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_offline_with_no_error_and_draws_its_charts(path, visit, site):
    mark = len(site.log)
    v = visit(path)
    if path in REDIRECTS:
        v.page.wait_for_url(site.url(REDIRECTS[path]))
        v.page.wait_for_load_state("load")
    charts = wait_for_charts(v)
    v.page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
    html = v.page.content()
    v.context.close()  # nothing more can be requested: the server log is complete
    served = site.served_since(mark)

    assert v.net.problems() == []
    assert v.net.requests and all(u.startswith(site.base) or u.startswith("data:") for u in v.net.requests)
    # The server's own log also sees what the page events do not (the browser's favicon request).
    assert [s for s in served if s.status >= 400] == []
    soup = BeautifulSoup(html, "html.parser")
    assert len(charts) == len(soup.select(".liaison-chart"))
    if path in CHAPTERS:
        weight = sum(s.bytes for s in served)
        heaviest = sorted(served, key=lambda s: -s.bytes)[:5]
        assert weight < PAGE_BUDGET, f"{path} weighs {weight:,} bytes with what it loads; heaviest: {heaviest}"


def test_a_chapter_opened_from_disk_draws_its_charts(visit, site):
    """Readers who download the book open its files directly (file://): the charts still draw."""
    v = visit((site.root / "chapters" / "expanding_contacts.html").as_uri())
    assert len(wait_for_charts(v)) >= 1
    assert v.net.problems() == []


def test_a_page_with_a_chart_library_from_a_cdn_is_caught(visit, site):
    """The network checker is not blind: point the chart library at a CDN and it must report it."""
    html = (site.root / "chapters" / "data.html").read_text(encoding="utf-8")
    local = re.compile(r'src="\.\./_static/liaison-vega\.js(?:\?v=[0-9a-f]+)?"')
    assert local.search(html), "data.html no longer loads the bundle from _static"
    cdn = local.sub('src="https://cdn.jsdelivr.net/npm/vega-embed@6/build/vega-embed.min.js"', html)
    v = visit(site.add_page("chapters/data-from-cdn.html", cdn))
    v.page.wait_for_function("() => document.readyState === 'complete'")
    assert v.net.remote == ["https://cdn.jsdelivr.net/npm/vega-embed@6/build/vega-embed.min.js"]
    problems = v.net.problems()
    assert "request to another host: https://cdn.jsdelivr.net/npm/vega-embed@6/build/vega-embed.min.js" in problems
    assert any(p.startswith("failed request: https://cdn.jsdelivr.net/") for p in problems)
    assert v.page.locator(".liaison-chart svg").count() == 0  # and nothing was drawn


def test_the_network_log_reports_errors_and_failed_requests(visit, site):
    page = ("<!DOCTYPE html><html><head><title>t</title></head><body><h1>t</h1>"
            '<img src="does-not-exist.png" alt="">'
            '<script>console.error("liaison-check"); throw new Error("liaison-uncaught");</script>'
            "</body></html>")
    v = visit(site.add_page("chapters/broken-check.html", page))
    v.page.wait_for_function("() => document.readyState === 'complete'")
    problems = v.net.problems()
    assert any(p.startswith("failed request: ") and "does-not-exist.png (HTTP 404)" in p for p in problems), problems
    assert any(p.startswith("console error: liaison-check") for p in problems), problems
    assert any(p.startswith("uncaught exception: ") and "liaison-uncaught" in p for p in problems), problems


def hover_a_bar(visit, figure: str) -> tuple[str, list[tuple[str, str]]]:
    """Move the mouse onto the largest bar of ``figure`` (a CSS selector); its label and tooltip rows."""
    page = visit.page
    assert page.locator(figure).count() == 1, f"no {figure} on {page.url}"
    wait_for_charts(visit)
    bar = page.evaluate(
        """figure => {
          const bars = [...document.querySelector(figure).querySelectorAll('.liaison-chart svg g.mark-rect.role-mark path')];
          if (!bars.length) return null;
          const area = b => { const r = b.getBoundingClientRect(); return r.width * r.height; };
          const bar = bars.reduce((a, b) => area(b) > area(a) ? b : a);
          bar.scrollIntoView({block: 'center', inline: 'center'});
          const r = bar.getBoundingClientRect();
          return {x: r.x + r.width / 2, y: r.y + r.height / 2, label: bar.getAttribute('aria-label') || ''};
        }""",
        figure,
    )
    assert bar is not None, f"{figure} has no bars (rect marks)"
    page.mouse.move(bar["x"], bar["y"])
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="visible", timeout=5_000)
    rows = page.evaluate("""() => [...document.querySelectorAll('#vg-tooltip-element tr')]
        .map(tr => [tr.querySelector('.key')?.textContent ?? '', tr.querySelector('.value')?.textContent ?? ''])""")
    return bar["label"], [tuple(r) for r in rows]


def assert_tooltip_describes(label: str, rows: list[tuple[str, str]]) -> None:
    assert rows and all(key for key, _ in rows) and any(value for _, value in rows), f"empty tooltip: {rows}"
    # The bar's accessible label (Vega-Lite's aria description) names the same values as its tooltip.
    missing = [f"{key}: {value}" for key, value in rows if value and f"{key}: {value}" not in label]
    assert not missing, f"tooltip rows {missing} are not those of the hovered bar ({label!r})"


def test_hovering_a_bar_of_figure_1_shows_its_tooltip(visit):
    v = visit("chapters/expanding_contacts.html")
    label, rows = hover_a_bar(v, "#figure-1")
    assert_tooltip_describes(label, rows)
    assert v.net.problems() == []


def test_hovering_a_bar_of_the_data_chapter_chart_shows_its_tooltip(visit):
    v = visit("chapters/data.html")
    label, rows = hover_a_bar(v, "figure.liaison-figure")
    assert_tooltip_describes(label, rows)
    assert {key for key, _ in rows} == {"Year", "Source", "Pages"}
    v.page.mouse.move(1, 1)  # away from the chart: the tooltip goes
    v.page.locator("#vg-tooltip-element.visible").wait_for(state="hidden", timeout=5_000)
    assert v.net.problems() == []


COUNTRIES = ["Vietnam", "Japan"]


def _article_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    for tag in article.find_all(["script", "style"]):
        tag.decompose()
    return article.get_text(" ")


def test_search_finds_a_country_named_in_the_book(visit, site):
    texts = {p: _article_text((site.root / p).read_text(encoding="utf-8")) for p in CHAPTERS}
    naming = {c: {p for p, t in texts.items() if re.search(rf"\b{c}\b", t, re.IGNORECASE)} for c in COUNTRIES}
    assert any(naming.values()), f"no chapter names any of {COUNTRIES}: nothing to search for"
    for country, pages in naming.items():
        if not pages:
            continue
        v = visit(f"search.html?q={country}")
        v.page.wait_for_function(
            "() => /Search finished/.test(document.querySelector('#search-results .search-summary')?.textContent ?? '')"
        )
        found = set(v.page.evaluate(
            "() => [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.getAttribute('href'))"))
        found = {re.sub(r"[?#].*$", "", href) for href in found}
        assert found, f"searching {country!r} found nothing; it is named in {sorted(pages)}"
        assert found <= pages, f"searching {country!r} found {sorted(found - pages)}, which do not name it"
        assert v.net.problems() == []
