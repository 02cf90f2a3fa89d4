"""The built HTML, read without a browser: nothing from another host, figures readers can use.

These run wherever the book builds (no Chromium needed); tests/browser/test_in_browser.py opens the
same pages in Chromium.
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import os
import re
from pathlib import Path

import jsonschema
import pytest
from altair.vegalite.v6.schema.core import load_schema
from bs4 import BeautifulSoup

from liaison import codebook
from liaison.book import charts

from .builtsite import (
    PAGES,
    REDIRECTS,
    ROOT,
    chart_rule_problems,
    chart_specs,
    colour_problems,
    remote_loads,
    remote_urls_in_css,
)

BUNDLE = "_static/liaison-vega.js"
BUNDLE_SRC = re.compile(r'src="((?:\.\./)*_static/liaison-vega\.js(?:\?v=[0-9a-f]+)?)"')


@pytest.fixture(scope="module")
def html_dir(book_dir) -> Path:
    return book_dir / "html"


@pytest.fixture(scope="module")
def pages(html_dir) -> dict[str, str]:
    return {path: (html_dir / path).read_text(encoding="utf-8") for path in PAGES}


def test_every_built_page_is_checked(html_dir):
    built = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                   if not p.relative_to(html_dir).parts[0].startswith("_"))
    assert built == sorted(PAGES), "pages the tests do not open (add them to builtsite.EXTRA_PAGES or _toc.yml)"


def test_no_page_loads_anything_from_another_host(pages):
    remote = {path: found for path, html in pages.items() if (found := remote_loads(html))}
    assert remote == {}


def test_the_static_checker_flags_a_chart_library_from_a_cdn(pages):
    html = pages["chapters/data.html"]
    assert BUNDLE_SRC.search(html), "data.html does not load the bundle from _static"
    cdn = BUNDLE_SRC.sub('src="https://cdn.jsdelivr.net/npm/vega-embed@6"', html)
    assert remote_loads(cdn) == ["<script src>: https://cdn.jsdelivr.net/npm/vega-embed@6"]
    mathjax = html.replace("</head>", '<script defer src="//cdn.example.org/mathjax/tex-chtml.js"></script></head>')
    assert remote_loads(mathjax) == ["<script src>: //cdn.example.org/mathjax/tex-chtml.js"]
    font = html.replace("</head>", '<link rel="stylesheet" href="https://fonts.example.org/css?family=X"></head>')
    assert remote_loads(font) == ["<link href>: https://fonts.example.org/css?family=X"]


def test_stylesheets_load_nothing_from_another_host(html_dir):
    sheets = sorted(html_dir.rglob("*.css"))
    assert sheets
    remote = {str(p.relative_to(html_dir)): found for p in sheets
              if (found := remote_urls_in_css(p.read_text(encoding="utf-8", errors="replace")))}
    assert remote == {}
    assert remote_urls_in_css("@import url(https://fonts.example.org/x.css); a{}") == ["https://fonts.example.org/x.css"]


def test_chart_libraries_are_served_once_from_the_book(html_dir, pages):
    bundle = (html_dir / BUNDLE).read_text(encoding="utf-8")
    assert len(bundle) > 100_000 and "window.vegaEmbed=" in bundle
    for path, html in pages.items():
        if path in REDIRECTS:
            continue
        soup = BeautifulSoup(html, "html.parser")
        srcs = [s["src"] for s in soup.find_all("script", src=True) if "liaison-vega" in s["src"]]
        assert len(srcs) == 1 and BUNDLE_SRC.fullmatch(f'src="{srcs[0]}"'), (path, srcs)
        inline = [s.get_text() for s in soup.find_all("script", src=False)]
        assert not [t for t in inline if "window.vegaEmbed=" in t or len(t) > 500_000], f"{path} inlines the bundle"
    # No third-party JavaScript is committed: the bundle only exists in the build.
    skip = {".git", ".venv", "_build", "node_modules", "test-output", ".pytest_cache", ".cache", "raw"}
    committed = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        committed += [Path(folder, f) for f in files if f.endswith("js")
                      and "vegaEmbed" in Path(folder, f).read_text(encoding="utf-8", errors="replace")]
    assert committed == []


def test_charts_load_no_data_from_a_url(pages):
    def urls(node, path="spec"):
        """``data: {url: ...}`` (Vega fetches it) and the ``url`` channel of image marks; not data values."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("datasets", "values"):
                    continue
                if key == "url" and (path.endswith(".data") or path.endswith(".encoding")):
                    yield f"{path}.url: {value}"
                yield from urls(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from urls(item, f"{path}[{i}]")

    found = {}
    for path, html in pages.items():
        for element, spec in chart_specs(html):
            data_urls = list(urls(spec))
            if data_urls:
                found[f"{path}#{element}"] = data_urls
    assert found == {}, "a chart fetches its data or images: inline them (alt.Data(values=...))"
    flagged = {"data": {"url": "https://cdn.example.org/world-110m.json"}, "mark": "geoshape",
               "datasets": {"d": [{"url": "https://example.org/a-source-page"}]}}
    assert list(urls(flagged)) == ["spec.data.url: https://cdn.example.org/world-110m.json"]


def _figures(pages):
    for path, html in pages.items():
        soup = BeautifulSoup(html, "html.parser")
        yield path, soup, soup.select("figure.liaison-figure")


def test_figures_have_a_caption_a_text_alternative_and_the_data(pages):
    n = 0
    for path, soup, figures in _figures(pages):
        ids = [f.get("id") for f in figures]
        assert all(ids) and len(set(ids)) == len(ids), (path, ids)
        assert len(soup.select(".liaison-chart")) == len(soup.select("figure.liaison-figure .liaison-chart")), \
            f"{path}: a chart outside a figure (use liaison.figures.Figure)"
        for figure in figures:
            where = f"{path}#{figure['id']}"
            n += 1
            chart = figure.select_one(".liaison-chart")
            assert chart is not None and chart.get("aria-label", "").strip(), f"{where}: chart without aria-label"
            caption = figure.find("figcaption")
            assert caption is not None, f"{where}: no figcaption"
            assert re.search(r"\S.* Based on [\d,]+ exchanges from [\d,]+ source pages\.", caption.get_text(" ")), \
                f"{where}: caption or basis line missing: {caption.get_text(' ')!r}"
            details = figure.find("details")
            assert details is not None and details.find("summary") is not None, f"{where}: no <details> data table"
            table = details.find("table")
            header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
            rows = [[td.get_text(strip=True) for td in tr.find_all(["td", "th"])] for tr in table.find("tbody").find_all("tr")]
            assert header and rows, f"{where}: empty data table"
            link = caption.select_one("a.liaison-download")
            assert link is not None and link["download"].endswith(".csv"), f"{where}: no CSV download"
            prefix = "data:text/csv;base64,"
            assert link["href"].startswith(prefix), where
            data = list(csv.reader(io.StringIO(base64.b64decode(link["href"][len(prefix):]).decode("utf-8"))))
            assert data[0] == header and len(data) - 1 == len(rows), f"{where}: the CSV and the table differ"
    assert n >= 1, "no figure in the book"


def test_headings_do_not_skip_levels(pages):
    for path, html in pages.items():
        if path in REDIRECTS:
            continue
        levels = [int(h.name[1]) for h in BeautifulSoup(html, "html.parser").find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1, (path, levels)
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert skips == [], f"{path}: heading levels {levels}"


def test_charts_use_a_colour_blind_safe_palette(pages):
    checked, problems = 0, {}
    for path, html in pages.items():
        for element, spec in chart_specs(html):
            checked += 1
            if found := colour_problems(spec, charts.OKABE_ITO):
                problems[f"{path}#{element}"] = found
    assert checked >= 1
    assert problems == {}


def test_every_chart_follows_the_chart_rules(pages):
    """Dates typed and formatted as dates, axes titled, legends of what is shown, labels not keys, year gaps shown."""
    keys = set(codebook.EVENT_TYPES) | set(codebook.SOURCE_KINDS) | set(codebook.MENTION_KEYS)
    checked, problems = 0, {}
    for path, html in pages.items():
        for element, spec in chart_specs(html):
            checked += 1
            if found := chart_rule_problems(spec, keys):
                problems[f"{path}#{element}"] = found
    assert checked >= 1
    assert problems == {}


def test_every_chart_is_valid_vega_lite(pages):
    """The build embeds specs without validating them (liaison.figures.embed_html): check them here."""
    schema = load_schema()  # the Vega-Lite schema of the altair release the book is built with
    validator = jsonschema.validators.validator_for(schema)(schema)
    checked, invalid = 0, {}
    for path, html in pages.items():
        for element, spec in chart_specs(html):
            checked += 1
            if errors := [e.message[:200] for e in validator.iter_errors(spec)]:
                invalid[f"{path}#{element}"] = errors
    assert checked >= 10
    assert invalid == {}
    tiny = {"data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    assert not list(validator.iter_errors({**tiny, "mark": "bar"}))
    assert list(validator.iter_errors({**tiny, "mark": "barz"})), "the check accepts a mark Vega-Lite does not have"


def test_the_colour_checker_flags_unsafe_colours():
    ok = charts.OKABE_ITO
    nominal = {"mark": "bar", "encoding": {"color": {"field": "k", "type": "nominal"}}}
    assert colour_problems(nominal, ok) == ["spec.encoding.color: data-driven colour with Vega-Lite's default palette (no range or scheme)"]
    tableau = {"mark": "bar", "encoding": {"color": {"field": "k", "type": "nominal", "scale": {"scheme": "tableau10"}}}}
    assert colour_problems(tableau, ok) == ["spec.encoding.color.scale.scheme: tableau10 is not a colour-blind-safe scheme"]
    red_green = {"mark": "bar", "encoding": {"color": {"field": "k", "type": "nominal",
                                                         "scale": {"range": ["#ff0000", "#00ff00"]}}}}
    assert colour_problems(red_green, ok) == ["spec.encoding.color.scale.range[0]: #ff0000",
                                              "spec.encoding.color.scale.range[1]: #00ff00"]
    default_blue = {"layer": [{"mark": "line"}, {"mark": "text"}]}
    assert colour_problems(default_blue, ok) == ["spec.layer[0].mark: line mark with Vega-Lite's default colour (#4c78a8)"]
    highlight = {"mark": {"type": "bar", "color": ok[0]},
                 "encoding": {"color": {"condition": {"param": "p", "value": "orange"}, "value": "#ddd"}}}
    assert colour_problems(highlight, ok) == ["spec.encoding.color.condition[0].value: orange"]
    good = {"layer": [{"mark": {"type": "bar", "stroke": "white"},
                       "encoding": {"color": {"field": "k", "type": "nominal", "scale": {"range": ok[:3]}}}},
                      {"mark": {"type": "geoshape", "fill": "#eeeeee"}},
                      {"mark": "rect", "encoding": {"color": {"field": "n", "type": "quantitative",
                                                              "scale": {"scheme": "viridis", "reverse": True}}}}],
            "config": {"axis": {"labelColor": "#333"}}}
    assert colour_problems(good, ok) == []
    real = charts.records_by_year(__import__("pandas").DataFrame({"year": ["2018"], "source": ["Foreign media"]}))
    assert colour_problems(real.to_dict(), ok) == []


def test_the_build_warns_about_a_script_from_another_host(tmp_path):
    """liaison.book.sphinxext turns a remote asset (here MathJax, for a page with math) into a build warning."""
    from sphinx.cmd.build import build_main

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["liaison.book.sphinxext"]\nhtml_theme = "basic"\n', encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\nSome math: :math:`x^2`.\n", encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    assert build_main(["-b", "html", "-q", "-w", str(warnings), str(src), str(out)]) == 0
    text = warnings.read_text(encoding="utf-8")
    assert "page 'index' loads https://cdn.jsdelivr.net/npm/mathjax" in text and "must read offline" in text
    page = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'src="_static/liaison-vega\.js\?v=[0-9a-f]+"', page)
    assert "window.vegaEmbed=" in (out / BUNDLE).read_text(encoding="utf-8")
