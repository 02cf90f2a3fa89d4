"""Sphinx extension: the book reads offline; nothing is loaded from another host.

- The vega-embed + vega-lite + vega bundle comes from ``vl-convert-python`` at build time (no
  third-party JavaScript is committed) and is written to ``_static/`` once; every page loads it from
  there, so charts render offline and no request leaves the reader's machine.
- sphinx-thebe (a default extension of Jupyter Book) puts a script pointing at a CDN on every page;
  the book has no live-code button, so its assets are dropped.
- The favicon is an inline ``data:`` URI, so browsers do not ask the server for ``/favicon.ico``.
- Any other script or stylesheet from another host (MathJax for a page with math, ipywidgets, a
  comments widget, analytics...) is reported as a build warning, which fails the ``-W`` build.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

from liaison.book import prerun

logger = logging.getLogger(__name__)

BUNDLE_NAME = "liaison-vega.js"
# A square in Okabe-Ito blue: the book's icon without a request for /favicon.ico.
FAVICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Crect width='16' height='16' rx='3' fill='%230072B2'/%3E%3C/svg%3E"
)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_THEBE_FILES = {"sphinx-thebe.js", "sphinx-thebe.css"}


def bundle_text() -> str:
    """The chart libraries as one classic script that defines ``window.vegaEmbed``.

    vl-convert's bundle is an ES module flattened into top-level declarations (``const _``,
    ``function t`` ...). Loaded as a plain script, those would land in the page's global scope and
    clash with Sphinx's own (``doctools.js`` declares ``const _``: the bundle then fails with
    "Identifier '_' has already been declared" and no chart renders). A function scope keeps them
    private; the bundle itself assigns ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``.
    A module script would also isolate them, but browsers refuse module scripts on ``file://`` pages.
    """
    import vl_convert

    header = (
        f"/* vega-embed, vega-lite and vega, bundled by vl-convert-python {vl_convert.__version__} "
        "at build time. */\n"
    )
    return header + '(function () {\n"use strict";\n' + vl_convert.javascript_bundle() + "\n})();\n"


def _write_bundle(app) -> None:  # noqa: ANN001 (Sphinx callback)
    """Write the bundle before the pages, so that Sphinx can add its checksum (``?v=``) to their links."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / BUNDLE_NAME
    text = bundle_text()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _is_thebe(asset) -> bool:  # noqa: ANN001 (a Sphinx _JavaScript or _CascadingStyleSheet)
    if asset.filename:
        return Path(str(asset.filename)).name in _THEBE_FILES
    return "THEBE_JS_URL" in asset.attributes.get("body", "")


def _local_assets_only(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Drop sphinx-thebe's assets, give the page an inline favicon, warn about any remote asset."""
    if app.builder.format != "html":
        return
    if not context.get("favicon_url"):
        context["favicon_url"] = FAVICON
    for key in ("script_files", "css_files"):
        assets = [asset for asset in context.get(key, []) if not _is_thebe(asset)]
        context[key] = assets
        for asset in assets:
            if asset.filename and _EXTERNAL.match(str(asset.filename)):
                logger.warning(
                    "page %r loads %s from another host; the book must read offline: serve it "
                    "from _static/ or drop the feature that needs it",
                    pagename,
                    asset.filename,
                    type="liaison",
                    subtype="offline",
                )


STATIC_DIR = Path(__file__).parent / "static"


def _add_static(app, config) -> None:  # noqa: ANN001 (Sphinx callback)
    config.html_static_path.append(str(STATIC_DIR))


def setup(app):  # noqa: ANN001, ANN201 (Sphinx entry point)
    prerun.setup(app)
    app.add_js_file(BUNDLE_NAME)
    app.add_css_file("liaison.css")
    app.connect("config-inited", _add_static)
    app.connect("builder-inited", _write_bundle)
    # After the other extensions' handlers (sphinx.ext.mathjax adds its script at the default 500).
    app.connect("html-page-context", _local_assets_only, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
