"""The Explorer page in Chromium: the choices filter the timeline and the list alike, the tooltip shows dates
as dates, a dot opens its source page, a link reopens a choice; nothing comes from another host, and the
page with everything it loads stays under 2 MB as served (gzip, like a static host).

The expected rows come from ``liaison.tables.explorer.matches``, the rule the page's Vega expression and
script must both follow.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from liaison.book.prose import human_date
from liaison.tables import explorer as table

from .builtsite import ROOT

PAGE = "chapters/explorer.html"
PAGE_BUDGET = 2_000_000  # bytes, as transferred: the page and everything it loads
TIMEOUT = 20_000  # ms

# What the page shows: dots drawn, rows of the list not hidden (with their links), the status line, the query.
SHOWN = """() => {
  const fig = document.querySelector('figure.liaison-explorer');
  const rows = [...fig.querySelectorAll('table.liaison-explorer-list > tbody > tr')].filter(r => !r.hidden);
  return {dots: fig.querySelectorAll('.liaison-chart svg g.mark-symbol.role-mark path').length,
          urls: rows.map(r => r.querySelector('td:last-child a').getAttribute('href')),
          status: fig.querySelector('.liaison-explorer-status').textContent,
          counted: fig.querySelector('details > summary span').textContent,
          query: window.location.search};
}"""


@pytest.fixture(scope="module")
def rows() -> list[table.Row]:
    return table.load()


def kept(rows, **choice) -> list[table.Row]:
    return [r for r, ok in zip(rows, table.matches(rows, **choice), strict=True) if ok]


@pytest.fixture(scope="module")
def choice(rows) -> dict[str, str]:
    """A country with undated exchanges among its own, its party with most exchanges, and the name of the
    department official most often in them (searched in capitals, with spaces around)."""
    undated = {c for r in rows if not r.event_date for c in r.countries}
    country = Counter(c for r in rows for c in r.countries if c in undated).most_common(1)[0][0]
    party = Counter(p for r in kept(rows, country=country) for p in r.party_ids).most_common(1)[0][0]
    officials = Counter(o for r in kept(rows, country=country, party=party) for o in r.officials.split("; "))
    official = next(o for o, _ in officials.most_common() if o != table.NO_OFFICIAL)
    return {"country": country, "party": party, "search": f" {official.upper()} "}


def expected(rows, **choice) -> dict:
    shown = kept(rows, **choice)
    n_undated = sum(not r.event_date for r in shown)
    return {"dots": len(shown) - n_undated, "urls": [r.url for r in shown],
            "status": table.status(len(shown), n_undated, len(rows)), "counted": f"{len(shown):,}"}


def open_explorer(visit, query: str = ""):
    v = visit(PAGE + query)
    v.page.wait_for_function(
        "() => document.querySelectorAll('figure.liaison-explorer .liaison-chart svg g.mark-symbol.role-mark path').length > 0",
        timeout=TIMEOUT)
    return v


def shown_when(page, want: dict) -> dict:
    """What the page shows once its status line says ``want['status']`` (the list and chart update together)."""
    page.wait_for_function("s => document.querySelector('.liaison-explorer-status').textContent === s",
                           arg=want["status"], timeout=TIMEOUT)
    page.wait_for_timeout(100)  # the dots are redrawn in the same run; leave Vega a frame
    return page.evaluate(SHOWN)


def test_the_choices_filter_the_timeline_and_the_list_alike(visit, rows, choice):
    v = open_explorer(visit)
    page = v.page
    everything = expected(rows)
    got = page.evaluate(SHOWN)
    assert {k: got[k] for k in everything} == everything

    page.select_option("select[name=country]", choice["country"])
    want = expected(rows, country=choice["country"])
    got = shown_when(page, want)
    assert {k: got[k] for k in want} == want
    assert 0 < want["dots"] < len(want["urls"]), "the chosen country should have dated and undated exchanges"
    assert got["query"] == f"?country={choice['country']}"

    page.select_option("select[name=party]", choice["party"])
    want = expected(rows, country=choice["country"], party=choice["party"])
    got = shown_when(page, want)
    assert {k: got[k] for k in want} == want

    page.locator("input[name=search]").press_sequentially(choice["search"])
    want = expected(rows, **choice)
    got = shown_when(page, want)
    assert {k: got[k] for k in want} == want and want["urls"]

    page.locator("input[name=search]").fill("no such text anywhere, surely")
    nothing = expected(rows, country=choice["country"], party=choice["party"], search="no such text anywhere, surely")
    got = shown_when(page, nothing)
    assert got["dots"] == 0 and got["urls"] == [] and got["status"] == "No exchange matches this choice."

    page.select_option("select[name=country]", "")
    page.select_option("select[name=party]", "")
    page.locator("input[name=search]").fill("")
    got = shown_when(page, everything)
    assert {k: got[k] for k in everything} == everything and got["query"] == ""
    assert v.net.problems() == []


def test_a_dot_shows_its_date_as_a_date_and_opens_its_source_page(visit, rows, choice):
    v = open_explorer(visit, f"?party={choice['party']}")
    page = v.page
    shown_when(page, expected(rows, party=choice["party"]))
    dot = page.evaluate("""() => {
      const dot = document.querySelector('figure.liaison-explorer .liaison-chart svg g.mark-symbol.role-mark path');
      dot.scrollIntoView({block: 'center'});
      const r = dot.getBoundingClientRect();
      return {x: r.x + r.width / 2, y: r.y + r.height / 2};
    }""")
    page.mouse.move(dot["x"], dot["y"])
    page.locator("#vg-tooltip-element.visible").wait_for(state="visible", timeout=5_000)
    tip = dict(page.evaluate("""() => [...document.querySelectorAll('#vg-tooltip-element tr')]
        .map(tr => [tr.querySelector('.key').textContent, tr.querySelector('.value').textContent])"""))
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", tip["Date"]), tip
    url = tip["Source page (click the dot)"]
    row = next(r for r in kept(rows, party=choice["party"]) if r.url == url)
    assert tip["Date"] == human_date(row.event_date)
    assert tip["Type"] == row.type and tip["Department officials"] == row.officials
    assert tip["Headline"] == (row.headline or "None recorded (the list has our summary)")

    page.mouse.click(dot["x"], dot["y"])  # the source page is on another host: the network log stops it
    page.wait_for_timeout(1_000)
    assert v.net.remote == [url]


def test_a_link_with_a_choice_opens_the_page_on_it(visit, rows, choice):
    v = open_explorer(visit, f"?country={choice['country']}&search={choice['search'].strip().replace(' ', '+')}")
    want = expected(rows, country=choice["country"], search=choice["search"])
    got = shown_when(v.page, want)
    assert {k: got[k] for k in want} == want
    values = v.page.evaluate("() => [document.querySelector('select[name=country]').value, "
                             "document.querySelector('input[name=search]').value]")
    assert values == [choice["country"], choice["search"].strip()]
    assert v.net.problems() == []


def test_an_unknown_choice_in_the_link_is_ignored(visit, rows):
    v = open_explorer(visit, "?country=XXX&party=no-such-party")
    got = shown_when(v.page, expected(rows))
    assert len(got["urls"]) == len(rows)
    assert v.net.problems() == []


def test_the_explorer_loads_nothing_from_another_host_and_weighs_under_2_mb(visit, site, rows, choice):
    mark = len(site.log)
    v = open_explorer(visit)
    v.page.select_option("select[name=country]", choice["country"])
    v.page.locator("input[name=search]").fill(choice["search"])
    shown_when(v.page, expected(rows, country=choice["country"], search=choice["search"]))
    v.page.locator("details > summary").first.click()  # fold the list away and back: nothing more is fetched
    v.page.locator("details > summary").first.click()
    v.context.close()  # nothing more can be requested: the server log is complete
    served = site.served_since(mark)

    assert v.net.problems() == []
    assert v.net.requests and all(u.startswith(site.base) or u.startswith("data:") for u in v.net.requests)
    assert [s for s in served if s.status >= 400] == []
    weight = sum(s.bytes for s in served)
    heaviest = sorted(served, key=lambda s: -s.bytes)[:5]
    print(f"\n{PAGE}: {weight:,} bytes transferred in {len(served)} responses; heaviest: {heaviest}")
    assert weight < PAGE_BUDGET, f"{PAGE} weighs {weight:,} bytes with what it loads; heaviest: {heaviest}"


@pytest.mark.parametrize("width", [1300, 390])
def test_the_explorer_fits_the_screen(visit, width):
    v = open_explorer(visit)
    v.page.set_viewport_size({"width": width, "height": 900})
    v.page.wait_for_timeout(300)
    overflow = v.page.evaluate("""() => {
      const fig = document.querySelector('figure.liaison-explorer');
      return [...fig.querySelectorAll('select, input, svg, table')]
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(el => el.tagName + ' ' + Math.round(el.getBoundingClientRect().right));
    }""")
    assert overflow == [], f"wider than a {width} px screen: {overflow}"
    shots = ROOT / "test-output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    v.page.locator("figure.liaison-explorer").screenshot(path=shots / f"explorer-{width}.png")
