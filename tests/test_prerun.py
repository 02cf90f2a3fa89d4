"""liaison.book.prerun: the book's notebooks run side by side into myst-nb's cache, and failures still surface."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from liaison.book import prerun

CONFIG = """\
title: prerun test (synthetic)
only_build_toc_files: true
execute:
  execute_notebooks: cache
sphinx:
  extra_extensions: [liaison.book.sphinxext]
  config:
    nb_execution_show_tb: true
    html_context: {default_mode: light}
"""
TOC = "format: jb-book\nroot: intro\nchapters:\n- file: one\n- file: two\n- file: three\n"


def _notebook(path: Path, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"), nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, path)


def _book(folder: Path, two: str = "print(2)") -> Path:
    folder.mkdir()
    (folder / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "_toc.yml").write_text(TOC, encoding="utf-8")
    (folder / "intro.md").write_text("# Synthetic book\n", encoding="utf-8")
    _notebook(folder / "one.ipynb", "print(1)")
    _notebook(folder / "two.ipynb", two)
    _notebook(folder / "three.ipynb", "print(3)")
    return folder


def _build(book: Path, out: Path) -> subprocess.CompletedProcess:
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book), "--path-output", str(out), "-W", "-n"]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)


def test_notebooks_run_ahead_then_come_from_the_cache(tmp_path):
    book = _book(tmp_path / "book")
    source = Path(prerun.__file__).parents[1] / "tables" / "stats" / "__init__.py"
    compiled = Path(importlib.util.cache_from_source(str(source)))
    compiled.unlink(missing_ok=True)  # a stale cache file is rewritten by the build below
    first = _build(book, tmp_path / "out")
    log = first.stdout + first.stderr
    assert first.returncode == 0, log[-3000:]
    for name in ("one", "two", "three"):
        assert f"{name}: Executed notebook ahead" in log
    assert log.count("Using cached notebook") == 3  # myst-nb found every run in its cache...
    assert "Executed notebook in" not in log  # ...and executed none a second time
    assert "ran 3 notebooks" in log
    page = (tmp_path / "out" / "_build" / "html" / "two.html").read_text(encoding="utf-8")
    assert "<pre><span></span>2\n</pre>" in page  # the cached run's output is on the page
    assert compiled.exists()  # the package the kernels import was compiled once, before they started
    again = _build(book, tmp_path / "out")
    assert again.returncode == 0
    assert "Executed notebook ahead" not in again.stdout + again.stderr


def test_a_failing_notebook_is_left_to_myst_nb_which_reports_it(tmp_path):
    book = _book(tmp_path / "book", two='raise ValueError("boom from two")')
    run = _build(book, tmp_path / "out")
    log = run.stdout + run.stderr
    assert run.returncode != 0
    assert "two: failed when run ahead (CellExecutionError)" in log
    assert "boom from two" in log  # myst-nb ran it again and showed the traceback
    assert "one: Executed notebook ahead" in log and "three: Executed notebook ahead" in log


def test_one_blas_thread_sets_and_restores_only_unset_variables(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    with prerun.one_blas_thread():
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert os.environ["OMP_NUM_THREADS"] == "4"  # the caller's choice stands
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    assert os.environ["OMP_NUM_THREADS"] == "4"


@pytest.mark.parametrize("cores,expected", [(1, 2), (2, 3), (8, 9)])
def test_default_workers_is_one_more_than_the_cores(monkeypatch, cores, expected):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert prerun.default_workers() == expected


def test_compile_package_writes_bytecode_once_even_where_python_would_not(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE=1, as on CI images
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "sub" / "mod.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert prerun.compile_package(package)
    compiled = Path(importlib.util.cache_from_source(str(package / "sub" / "mod.py")))
    assert compiled.exists()
    compiled.unlink()
    monkeypatch.setattr(prerun.os, "access", lambda path, mode: False)  # a read-only checkout
    assert prerun.compile_package(package) is False
    assert not compiled.exists()
