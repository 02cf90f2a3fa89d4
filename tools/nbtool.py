"""Write a chapter notebook from a plain-text source (cells separated by markers).

Development aid: ``python tools/nbtool.py [NAME ...]`` (``make notebooks``) regenerates and executes them.
A line ``## %% md`` or ``## %% code [tag,tag]`` starts a cell. Outputs are filled by executing
the notebook afterwards (``make notebooks``), so the committed notebook is what nbval checks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat


def parse(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    cells = []
    kind, tags, lines = None, [], []

    def flush():
        if kind is None:
            return
        source = "\n".join(lines).strip("\n")
        cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)

    for line in text.splitlines():
        m = re.match(r"^## %% (md|code)(?: \[(.*)\])?\s*$", line)
        if m:
            flush()
            kind, tags, lines = m.group(1), [t.strip() for t in (m.group(2) or "").split(",") if t.strip()], []
        else:
            lines.append(line)
    flush()
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i:02d}"
    nb.cells = cells
    return nb


def execute(path: Path) -> None:
    """Run a notebook top to bottom in a fresh kernel (from chapters/) and store its outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # run timestamps: they would change the file on every run
    nbformat.write(nb, path)


def main(argv: list[str]) -> None:
    """``sync``: every chapters/src/NAME.nbsrc -> chapters/NAME.ipynb, executed (or the NAMEs given)."""
    chapters = Path(__file__).resolve().parents[1] / "chapters"
    names = argv or sorted(p.stem for p in (chapters / "src").glob("*.nbsrc"))
    for name in names:
        target = chapters / f"{name}.ipynb"
        nbformat.write(parse((chapters / "src" / f"{name}.nbsrc").read_text(encoding="utf-8")), target)
        execute(target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
