"""Reading the built book without a browser: its pages, what they load, the chart specs they embed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]

# Pages that Sphinx writes besides the chapters of _toc.yml.
EXTRA_PAGES = ["index.html", "search.html", "genindex.html"]

# <link rel=...> values that make the browser fetch the target when the page opens.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "shortcut", "apple-touch-icon", "manifest", "prerender"}
# Attributes that make an element fetch its target.
LOADING_ATTRS = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "frame": ["src"], "embed": ["src"], "object": ["data"], "video": ["src", "poster"], "audio": ["src"],
    "track": ["src"], "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
_ABSOLUTE_IN_SCRIPT = re.compile(r"""["'`]((?:https?:|wss?:)?//[^"'`\s]+)""", re.IGNORECASE)
_SPEC = re.compile(r"var spec=(\{.*\});function draw\(", re.DOTALL)


def chapter_pages() -> list[str]:
    """The HTML path of every file in _toc.yml, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    files.append(toc["root"])
    walk(toc)
    return [re.sub(r"\.(ipynb|md|rst)$", "", f) + ".html" for f in files]


CHAPTERS = chapter_pages()
PAGES = CHAPTERS + EXTRA_PAGES
# index.html only redirects (sphinx-external-toc writes it): to the root chapter.
REDIRECTS = {"index.html": CHAPTERS[0]}


def is_remote(url: str) -> bool:
    """True for a URL that names a host (``https://x``, ``//x``): a request that would leave the machine."""
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return bool(parts.scheme) and parts.scheme.lower() not in {"data", "blob", "about", "javascript", "mailto"}


def remote_loads(html: str) -> list[str]:
    """What a page would fetch from another host when it is opened, as ``"<tag attr>: url"`` strings.

    Links (``<a href>``) do not count: a reader follows them on purpose. Inline chart scripts carry
    data (source URLs, the Vega-Lite ``$schema``) and are checked by :func:`chart_specs` instead.
    """
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        attrs = list(LOADING_ATTRS.get(name, []))
        if name == "link" and LOADING_RELS & {r.lower() for r in tag.get("rel", [])}:
            attrs.append("href")
        for attr in attrs:
            value = tag.get(attr)
            if not value:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value]
            found += [f"<{name} {attr}>: {url}" for url in urls if is_remote(url)]
        if tag.get("style"):
            found += [f"<{name} style>: {url}" for url in _CSS_URL.findall(tag["style"]) if is_remote(url)]
        if name == "style":
            found += [f"<style>: {url}" for url in _CSS_URL.findall(tag.get_text()) if is_remote(url)]
        if name == "script" and not tag.get("src") and "vegaEmbed(" not in tag.get_text():
            kind = (tag.get("type") or "text/javascript").lower()
            if kind in {"text/javascript", "module", "application/javascript"}:
                found += [f"<script> (inline): {url}" for url in _ABSOLUTE_IN_SCRIPT.findall(tag.get_text())]
        if name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            target = (tag.get("content") or "").partition("url=")[2]
            if target and is_remote(target):
                found.append(f"<meta refresh>: {target}")
    return found


def remote_urls_in_css(css: str) -> list[str]:
    return [url for url in _CSS_URL.findall(css) if is_remote(url)]


def chart_specs(html: str) -> list[tuple[str, dict]]:
    """(element id, Vega-Lite spec) of each chart embedded by ``liaison.figures.embed_html``."""
    soup = BeautifulSoup(html, "html.parser")
    specs = []
    for script in soup.find_all("script", src=False):
        text = script.get_text()
        if "vegaEmbed(" not in text:
            continue
        match = _SPEC.search(text)
        assert match, f"a chart script that liaison.figures.embed_html did not write: {text[:200]}"
        element = re.search(r'vegaEmbed\("#([^"]+)"', text).group(1)
        specs.append((element, json.loads(match.group(1))))
    return specs


# --- colour ---------------------------------------------------------------------------------------

# Named schemes that stay distinguishable with the common colour-vision deficiencies: the perceptually
# uniform ramps and single-hue sequential ones, plus ColorBrewer's colour-blind-safe diverging schemes.
SAFE_SCHEMES = {"viridis", "cividis", "magma", "inferno", "plasma", "blues", "greens", "greys", "oranges",
                "purples", "reds", "blueorange", "brownbluegreen", "purplegreen", "pinkyellowgreen",
                "purpleorange", "redblue"}
NEUTRAL_NAMES = {"black", "white", "transparent", "none", "gray", "grey", "lightgray", "lightgrey", "darkgray",
                 "darkgrey", "dimgray", "dimgrey", "silver", "gainsboro", "whitesmoke"}
COLOUR_CHANNELS = ("color", "fill", "stroke")
# Marks whose Vega-Lite default colour is black rather than the default palette's blue.
BLACK_BY_DEFAULT = {"text", "rule"}


def _hex(colour: str) -> str | None:
    c = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", c):
        c = "#" + "".join(ch * 2 for ch in c[1:])
    return c if re.fullmatch(r"#[0-9a-f]{6}", c) else None


def colour_allowed(colour: str, palette: list[str]) -> bool:
    """Okabe-Ito, or a neutral (grey, black, white): greys carry no hue to confuse."""
    c = colour.strip().lower()
    if c in NEUTRAL_NAMES:
        return True
    h = _hex(c)
    if h is None:
        return False
    return h in {p.lower() for p in palette} or h[1:3] == h[3:5] == h[5:7]


def colour_problems(spec: dict, palette: list[str]) -> list[str]:
    """Every colour a Vega-Lite spec draws with that is neither Okabe-Ito nor a colour-blind-safe scheme."""
    problems: list[str] = []
    config_range = (spec.get("config") or {}).get("range") or {}

    def literal(path: str, value) -> None:
        if isinstance(value, str) and not colour_allowed(value, palette):
            problems.append(f"{path}: {value}")

    # 1. Literal colours anywhere: mark properties, encoding values, config (axis, legend, view ...).
    def walk(node, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("data", "datasets"):
                    continue
                sub = f"{path}.{key}"
                if re.search(r"(?:^|[a-z])(?:color|Color|fill|Fill|stroke|Stroke|background)$", key):
                    literal(sub, value)
                    if isinstance(value, dict):
                        literal(sub + ".value", value.get("value"))
                        conditions = value.get("condition") or []
                        for i, cond in enumerate(conditions if isinstance(conditions, list) else [conditions]):
                            literal(f"{sub}.condition[{i}].value", cond.get("value"))
                # a scale's range is colours only on a colour channel (a shape or size scale has others)
                channel = path.rsplit(".", 2)[-2] if path.count(".") >= 2 else ""
                colour_channel = re.search(r"(?:^|[a-z])(?:color|Color|fill|Fill|stroke|Stroke)$", channel)
                if key == "range" and isinstance(value, list) and path.endswith(".scale") and colour_channel:
                    for i, item in enumerate(value):
                        literal(f"{sub}[{i}]", item)
                walk(value, sub)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")

    walk(spec, "spec")

    # 2. Data-driven colour: an explicit Okabe-Ito range or a safe scheme, never Vega's default palette.
    def channel(path: str, definition: dict) -> None:
        if "condition" in definition:
            conditions = definition["condition"]
            for i, cond in enumerate(conditions if isinstance(conditions, list) else [conditions]):
                channel(f"{path}.condition[{i}]", cond)
        if not ({"field", "aggregate", "datum"} & definition.keys()):
            return
        scale = definition.get("scale") or {}
        scheme = scale.get("scheme")
        if isinstance(scheme, dict):
            scheme = scheme.get("name")
        if "range" in scale:
            if not isinstance(scale["range"], list):
                problems.append(f"{path}.scale.range: {scale['range']!r} (a named range, not Okabe-Ito)")
        elif scheme is not None:
            if str(scheme).lower() not in SAFE_SCHEMES:
                problems.append(f"{path}.scale.scheme: {scheme} is not a colour-blind-safe scheme")
        elif not config_range:
            problems.append(f"{path}: data-driven colour with Vega-Lite's default palette (no range or scheme)")

    # 3. Marks with no colour at all get Vega-Lite's default blue (#4c78a8).
    def views(node: dict, inherited: dict, path: str) -> None:
        encoding = {**inherited, **(node.get("encoding") or {})}
        for key in ("layer",):
            for i, child in enumerate(node.get(key) or []):
                views(child, encoding, f"{path}.{key}[{i}]")
        for key in ("hconcat", "vconcat", "concat"):
            for i, child in enumerate(node.get(key) or []):
                views(child, {}, f"{path}.{key}[{i}]")
        if isinstance(node.get("spec"), dict):
            views(node["spec"], {}, f"{path}.spec")
        if "mark" not in node:
            return
        for name in COLOUR_CHANNELS:
            if isinstance(encoding.get(name), dict):
                channel(f"{path}.encoding.{name}", encoding[name])
        mark = node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]}
        coloured = any(name in encoding for name in COLOUR_CHANNELS) or any(name in mark for name in COLOUR_CHANNELS)
        config_mark = (spec.get("config") or {}).get("mark") or {}
        if not coloured and mark["type"] not in BLACK_BY_DEFAULT and not config_mark.get("color"):
            problems.append(f"{path}.mark: {mark['type']} mark with Vega-Lite's default colour (#4c78a8)")

    views(spec, {}, "spec")
    return problems


# --- the chart rules: dates as dates, axes with units, legends of what is shown, labels not keys ---------

POSITION_CHANNELS = ("x", "y")
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "strokeDash")
# A year on an axis: '2016', 2016, '2016 (n=22)' or a pooled span of years (n=28).
_YEAR_LABEL = re.compile(r"^(\d{4})(?:[–-](\d{4}))?(?:\s*\(.*\))?$")


def years_of(label: object) -> range | None:
    """The years an axis label stands for, or None for a label that is not a year ('undated', 'Asia')."""
    match = _YEAR_LABEL.match(str(label).strip())
    if not match:
        return None
    first = int(match.group(1))
    return range(first, int(match.group(2) or first) + 1)


def year_gaps(values: list, domain: list) -> list[int]:
    """Years inside the span of the year labels in ``values`` that neither the values nor ``domain`` show."""
    spans = [r for r in map(years_of, values) if r is not None]
    if len(spans) < 2 or len(spans) < len(set(map(str, values))) / 2:
        return []  # not a year axis
    covered = {y for r in spans for y in r} | {y for r in map(years_of, domain) if r is not None for y in r}
    lo, hi = min(r.start for r in spans), max(r.stop for r in spans)
    return [y for y in range(lo, hi) if y not in covered]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _rows_of(data: dict | None, datasets: dict) -> list[dict] | None:
    """The inline rows of a view's ``data`` (by name from ``datasets``, or ``values``); None if not inline."""
    if not isinstance(data, dict):
        return None
    if "name" in data:
        return datasets.get(data["name"])
    values = data.get("values")
    return values if isinstance(values, list) else None


def chart_views(spec: dict):
    """Each view that draws a mark: (path, merged encoding, rows of its data or None, mark type, transforms)."""
    datasets = spec.get("datasets") or {}

    def walk(node: dict, encoding: dict, data, transforms: list, path: str):
        data = node.get("data", data)
        transforms = transforms + list(node.get("transform") or [])
        merged = {**encoding, **(node.get("encoding") or {})}
        for i, child in enumerate(node.get("layer") or []):
            yield from walk(child, merged, data, transforms, f"{path}.layer[{i}]")
        for key in ("hconcat", "vconcat", "concat"):
            for i, child in enumerate(node.get(key) or []):
                yield from walk(child, {}, data, transforms, f"{path}.{key}[{i}]")
        if "mark" in node:
            mark = node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]}
            yield path, merged, _rows_of(data, datasets), mark["type"], transforms

    yield from walk(spec, {}, None, [], "spec")


def _derived(transforms: list) -> set[str]:
    """Fields that a view's transforms compute (their values are not in the inline rows)."""
    out = set()
    for t in transforms:
        out.update(_as_list(t.get("as")))
        if "lookup" in t:
            out.update(_as_list((t.get("from") or {}).get("fields")))
    return out


def chart_rule_problems(spec: dict, code_keys: set[str] = frozenset()) -> list[str]:
    """How a Vega-Lite spec breaks the book's chart rules (``liaison.book.charts``' module docstring).

    - a field the chart reads as a date (typed temporal anywhere) but shows as text in a tooltip: Vega
      holds a parsed date as epoch milliseconds, and that is what such a tooltip prints;
    - a temporal tooltip without a date format, or formatted in local time (a reader west of Greenwich
      would see the day before: ISO dates are parsed as midnight UTC);
    - a position axis (x, y) without a title: every axis says what it counts;
    - a legend that lists a category absent from the chart's data;
    - a codebook key (``code_keys``) shown as a label, on an axis, in a legend or in a tooltip;
    - a year axis that skips years inside its span without saying so (its domain must hold every year).
    """
    problems: list[str] = []
    titled: dict[tuple[str, str], bool] = {}  # (layer group, channel): does any layer title the shared axis?
    for path, encoding, rows, mark, transforms in chart_views(spec):
        derived = _derived(transforms)
        temporal = {d.get("field") for ch, defs in encoding.items() if ch != "tooltip"
                    for d in _as_list(defs) if isinstance(d, dict) and d.get("type") == "temporal"}
        for tip in _as_list(encoding.get("tooltip")):
            if not isinstance(tip, dict) or "field" not in tip:
                continue
            where = f"{path}.tooltip {tip.get('title') or tip['field']!r}"
            if tip.get("type") == "temporal":
                if not tip.get("format"):
                    problems.append(f"{where}: a date with no format")
                if not str(tip.get("timeUnit", "")).startswith("utc"):
                    problems.append(f"{where}: a date formatted in the reader's time zone (use a utc time unit)")
            elif tip["field"] in temporal:
                problems.append(f"{where}: the chart reads {tip['field']!r} as a date but the tooltip prints it as "
                                f"{tip.get('type')} (epoch milliseconds): type it temporal with a date format")
        group = re.sub(r"\.layer\[\d+\]$", "", path)
        for channel in POSITION_CHANNELS:
            definition = encoding.get(channel)
            if not isinstance(definition, dict) or not ({"field", "aggregate"} & definition.keys()):
                continue
            if definition.get("axis", {}) is None or mark in ("geoshape",):
                continue
            title = definition.get("title", (definition.get("axis") or {}).get("title"))
            key = (group, channel)
            lines = title if isinstance(title, list) else [title]  # a title may be given as lines
            titled[key] = titled.get(key, False) or any(isinstance(t, str) and t.strip() for t in lines)
            field = definition.get("field")
            values = [r.get(field) for r in rows or [] if field in r]
            if field and values and definition.get("type") in ("ordinal", "nominal"):
                domain = (definition.get("scale") or {}).get("domain") or []
                gaps = year_gaps(values, domain if isinstance(domain, list) else [])
                if gaps:
                    problems.append(f"{path}.{channel}: a year axis that drops the years with no data {gaps} "
                                    "(give the scale every year of the span)")
        for channel in LEGEND_CHANNELS:
            definition = encoding.get(channel)
            if not isinstance(definition, dict) or "field" not in definition or definition.get("legend", {}) is None:
                continue
            field = definition["field"]
            if rows is None or field in derived or not any(field in r for r in rows):
                continue
            found = {r.get(field) for r in rows}
            domain = (definition.get("scale") or {}).get("domain")
            if isinstance(domain, list) and definition.get("type") in ("nominal", "ordinal"):
                absent = [d for d in domain if d not in found]
                if absent:
                    problems.append(f"{path}.{channel}: the legend lists {absent}, absent from the chart's data")
        shown_fields = {d.get("field") for ch, defs in encoding.items() for d in _as_list(defs)
                        if isinstance(d, dict) and d.get("type") in ("nominal", "ordinal") and ch not in ("href", "order", "detail")}
        for field in sorted(f for f in shown_fields if f and rows and f not in derived):
            keys = sorted({str(r.get(field)) for r in rows} & set(code_keys))
            if keys:
                problems.append(f"{path}: {field!r} shows codebook keys {keys} (use liaison.codebook's labels)")
    problems += [f"{group}.{channel}: an axis without a title (say what it counts)"
                 for (group, channel), ok in titled.items() if not ok]
    return problems
