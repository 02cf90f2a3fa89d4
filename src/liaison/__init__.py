"""liaison: the data pipeline behind the report on the CPC International Department's exchanges."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata

from liaison.paths import PYPROJECT


@cache
def version() -> str:
    """The project's one version number: ``[project] version`` in pyproject.toml.

    Everything that states a version (CITATION.cff, checked by a test; the book's footer and How to cite
    page; the dataset's file name) reads it here, so a release changes one line. pyproject.toml is read
    rather than the installed metadata, which an editable install only refreshes on reinstall; an
    installed copy without the source tree falls back to that metadata.
    """
    if PYPROJECT.is_file():
        with PYPROJECT.open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    return metadata.version("liaison")


__version__ = version()
