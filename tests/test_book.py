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
    """liaison.book.prerun runs the notebooks in parallel; myst-nb must then find each one in its cache."""
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


@pytest.mark.parametrize("source", sorted((CHAPTERS / "src").glob("*.md")), ids=lambda p: p.stem)
def test_notebook_is_in_sync_with_its_myst_source(source):
    """Each chapter notebook is paired by jupytext with chapters/src/NAME.md (make notebooks syncs them)."""
    import jupytext

    text = jupytext.read(source)
    notebook = nbformat.read(CHAPTERS / f"{source.stem}.ipynb", as_version=4)

    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]

    assert cells(notebook) == cells(text), f"{source.stem}.ipynb is out of date: run make notebooks"
    assert notebook.metadata["jupytext"]["formats"] == "ipynb,src//md:myst"


def test_every_chapter_notebook_has_a_source_and_stable_ids():
    """No notebook without its text source; ids by position and no run timestamps keep regeneration byte-identical."""
    notebooks = sorted(p.stem for p in CHAPTERS.glob("*.ipynb"))
    assert notebooks == sorted(p.stem for p in (CHAPTERS / "src").glob("*.md"))
    for name in notebooks:
        notebook = nbformat.read(CHAPTERS / f"{name}.ipynb", as_version=4)
        assert [c["id"] for c in notebook.cells] == [f"cell-{i:02d}" for i in range(len(notebook.cells))], name
        assert not [c for c in notebook.cells if "execution" in c.metadata], name
