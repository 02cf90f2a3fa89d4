"""Sphinx extension: serve the chart libraries from the book itself, once per site.

The vega-embed + vega-lite + vega bundle comes from ``vl-convert-python`` at build time (no
third-party JavaScript is committed) and is written to ``_static/``; every page loads it from there,
so charts render offline and no request leaves the reader's machine.
"""

from __future__ import annotations

from pathlib import Path

BUNDLE_NAME = "liaison-vega.js"


def bundle_text() -> str:
    import vl_convert

    return vl_convert.javascript_bundle()


def _write_bundle(app, exception) -> None:  # noqa: ANN001 (Sphinx callback)
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / BUNDLE_NAME
    text = bundle_text()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):  # noqa: ANN001, ANN201 (Sphinx entry point)
    app.add_js_file(BUNDLE_NAME)
    app.connect("build-finished", _write_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
