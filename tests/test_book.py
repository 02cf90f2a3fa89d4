"""The book builds from a clean state with warnings treated as errors, and its pages carry computed values."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import ROOT

CHAPTERS = ROOT / "chapters"


def test_book_builds_without_warnings(built_book):
    html = built_book / "html"
    assert (html / "index.html").exists()
    for nb in CHAPTERS.glob("*.ipynb"):
        assert (html / "chapters" / f"{nb.stem}.html").exists(), nb.stem


def test_every_chapter_runs_once_side_by_side_then_comes_from_the_cache(built_book):
    """liaison.prerun runs the notebooks in parallel; myst-nb must then find each one in its cache."""
    log = (built_book / "build.log").read_text(encoding="utf-8")
    chapters = sorted(nb.stem for nb in CHAPTERS.glob("*.ipynb"))
    for name in chapters:
        assert f"chapters/{name}: Executed notebook ahead" in log, name
    assert log.count("Using cached notebook") == len(chapters)
    assert "Executed notebook in" not in log  # no chapter executed a second time by myst-nb


def test_glued_numbers_are_rendered(built_book, result):
    page = (built_book / "html" / "chapters" / "data.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert f"The archive holds {len(result.records)} source pages" in text


def test_chart_libraries_come_from_the_book_not_a_cdn(built_book):
    html = built_book / "html"
    assert (html / "_static" / "liaison-vega.js").stat().st_size > 100_000
    page = (html / "chapters" / "data.html").read_text(encoding="utf-8")
    assert "_static/liaison-vega.js" in page
    assert not re.search(r"<script[^>]+src=\"https?://", page)


@pytest.mark.parametrize("nbsrc", sorted((CHAPTERS / "src").glob("*.nbsrc")), ids=lambda p: p.stem)
def test_notebook_matches_its_source(nbsrc):
    """Each chapter notebook is generated from chapters/src/NAME.nbsrc (make notebooks)."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from nbtool import parse

    expected = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in parse(nbsrc.read_text(encoding="utf-8")).cells]
    nb = nbformat.read(CHAPTERS / f"{nbsrc.stem}.ipynb", as_version=4)
    actual = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]
    assert actual == expected, f"{nbsrc.stem}.ipynb is out of date: run make notebooks"
