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
                if key == "range" and isinstance(value, list) and path.endswith(".scale"):
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
