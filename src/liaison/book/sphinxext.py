"""Sphinx extension: the book reads offline; nothing is loaded from another host.

- The vega-embed + vega-lite + vega bundle comes from ``vl-convert-python`` at build time (no
  third-party JavaScript is committed) and is written to ``_static/`` once; every page loads it from
  there, so charts render offline and no request leaves the reader's machine.
- sphinx-thebe (a default extension of Jupyter Book) puts a script pointing at a CDN on every page;
  the book has no live-code button, so its assets are dropped.
- The favicon is an inline ``data:`` URI, so browsers do not ask the server for ``/favicon.ico``.
- Any other script or stylesheet from another host (MathJax for a page with math, ipywidgets, a
  comments widget, analytics...) is reported as a build warning, which fails the ``-W`` build.

It also dates and versions the book, and ships its data:

- Every page's footer says the version (pyproject.toml's, through ``liaison.version()``), the build
  date (``SOURCE_DATE_EPOCH`` if set, else today, UTC) and the commit, and links the How to cite page
  and the dataset download.
- ``{liaison-citation}`` renders the citation of the book, the dataset or the original article
  (``liaison.book.citation``, from CITATION.cff); ``{dataset-download}`` links the dataset zip from
  a chapter. MyST substitutions ``{{ liaison_version }}`` and ``{{ dataset_zip }}`` give the version
  and the zip's name in prose.
- At the end of an HTML build, ``liaison-data-<version>.zip`` (``liaison.book.dataset``) is written
  into the output folder, beside ``index.html``, so its links work offline and on the published site.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from liaison import version
from liaison.book import citation, dataset, prerun
from liaison.paths import BIBLIOGRAPHY, CITATION, PROCESSED_DIR, PYPROJECT, ROOT

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


TEMPLATES_DIR = Path(__file__).parent / "templates"
FOOTER = "liaison-footer.html"
#: sphinx-book-theme's footer items (theme.conf), to which the version line is added.
THEME_FOOTER = ["author.html", "copyright.html", "last-updated.html", "extra-footer.html"]
#: The page the footer's "How to cite" link points to.
CITE_PAGE = "chapters/cite"


def build_date() -> str:
    """The build's date, YYYY-MM-DD in UTC: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(tz=UTC)
    return moment.date().isoformat()


def commit() -> str:
    """The checkout's short commit, or "" where there is none (a source archive, no git, a foreign owner)."""
    try:
        proc = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=7", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _version_and_date(app, config) -> None:  # noqa: ANN001 (Sphinx callback)
    """Version, build date and commit into the pages' context; the footer template into the theme's footer.

    The date and the commit go only into ``html_context`` (a change rewrites the HTML pages but makes no
    page be read again); the version also into Sphinx's ``version``/``release`` and the MyST
    substitutions, which change only with a release.
    """
    current = version()
    config.version = config.release = current
    if "myst_substitutions" in config:  # MyST is loaded (always in the book; a bare Sphinx test project has none)
        config.myst_substitutions = {**(config.myst_substitutions or {}),
                                     "liaison_version": current, "dataset_zip": dataset.zip_name(current)}
    config.html_context = {**(config.html_context or {}),
                           "liaison_version": current, "liaison_build_date": build_date(), "liaison_commit": commit(),
                           "liaison_dataset": dataset.zip_name(current), "liaison_cite_page": CITE_PAGE}
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]
    if config.html_theme != "sphinx_book_theme":
        return  # the footer item is a sphinx-book-theme component (Jupyter Book's theme)
    options = dict(config.html_theme_options or {})
    items = options.get("footer_content_items", THEME_FOOTER)
    items = [item.strip() for item in items.split(",")] if isinstance(items, str) else list(items)
    if FOOTER not in items:
        options["footer_content_items"] = [*items, FOOTER]
    config.html_theme_options = options


class CitationDirective(SphinxDirective):
    """``{liaison-citation} book|dataset|article``: the reference in running text, then its BibTeX.

    Written from CITATION.cff, the version and references.bib (``liaison.book.citation``); the page is read
    again when any of them changes.
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        for path in (CITATION, PYPROJECT, BIBLIOGRAPHY, PROCESSED_DIR / "datapackage.json"):
            self.env.note_dependency(str(path))
        cites = citation.citations(site_url=self.config.liaison_site_url)
        if key not in cites:
            raise self.error(f"liaison-citation: {key!r} is not one of {', '.join(cites)}")
        cite = cites[key]
        text = nodes.paragraph(classes=["liaison-citation"])
        text += [nodes.Text(cite.before), nodes.emphasis(text=cite.italic), nodes.Text(cite.after)]
        bibtex = nodes.literal_block(cite.bibtex, cite.bibtex, language="bibtex")
        return [text, bibtex]


def _dataset_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001, ANN202 (docutils role)
    """``{dataset-download}`text```: a link to the dataset zip at the root of the HTML output.

    ``{name}`` in the text stands for the zip's file name (``liaison-data-<version>.zip``). The link is
    relative to the page, so it works from a file:// copy of the book as well as on the published site.
    """
    env = inliner.document.settings.env
    zip_name = dataset.zip_name()
    depth = env.docname.count("/")
    node = nodes.reference(rawtext, text.replace("{name}", zip_name), refuri="../" * depth + zip_name,
                           classes=["liaison-dataset"])
    return [node], []


def _write_dataset(app, exception) -> None:  # noqa: ANN001 (Sphinx callback)
    """After a successful HTML build, write the dataset zip beside index.html (deterministic bytes)."""
    if exception is not None or app.builder.format != "html":
        return
    path = dataset.build(Path(app.outdir))
    logger.info("dataset download written: %s", path.relative_to(app.outdir))


def setup(app):  # noqa: ANN001, ANN201 (Sphinx entry point)
    prerun.setup(app)
    app.add_js_file(BUNDLE_NAME)
    app.add_css_file("liaison.css")
    app.add_config_value("liaison_site_url", os.environ.get("LIAISON_SITE_URL", ""), "env", types=[str])
    app.add_directive("liaison-citation", CitationDirective)
    app.add_role("dataset-download", _dataset_role)
    app.connect("config-inited", _add_static)
    app.connect("config-inited", _version_and_date)
    app.connect("build-finished", _write_dataset)
    app.connect("builder-inited", _write_bundle)
    # After the other extensions' handlers (sphinx.ext.mathjax adds its script at the default 500).
    app.connect("html-page-context", _local_assets_only, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
