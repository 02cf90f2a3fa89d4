"""Run the chapter notebooks for ``make notebooks``: each top to bottom in a fresh kernel, outputs stored.

Each chapter's source is a MyST Markdown notebook (``chapters/src/NAME.md``), paired by jupytext with the
notebook the book and nbval read (``chapters/NAME.ipynb``); ``jupytext --sync`` carries an edit from one
to the other. This module then stores fresh outputs in the notebook, with cell ids numbered by position
and no run timestamps, so running it again on the same inputs gives the same bytes. (jupytext's own
``--execute`` would do the run through nbconvert, which nothing else here needs, and leaves new cells with
random ids.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def stable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Cell ids by position (``cell-00``...) and no execution timestamps: the file depends on its content only."""
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i:02d}"
        cell.metadata.pop("execution", None)
    return notebook


def execute(path: Path, timeout: int = 600) -> None:
    """Run one notebook from its own folder in a fresh kernel and write it back with its outputs."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.write(stable(notebook), path)


def main(argv: list[str]) -> int:
    """``python -m liaison.book.notebooks chapters/NAME.ipynb ...``"""
    if not argv:
        print("usage: python -m liaison.book.notebooks NOTEBOOK.ipynb ...", file=sys.stderr)
        return 2
    for name in argv:
        execute(Path(name))
        print(f"executed {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
