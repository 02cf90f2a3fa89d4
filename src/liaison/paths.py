"""The repository's folders and files, in one place (every module that reads or writes data asks here).

The flow is one way: ``RAW_DIR`` (the vendored archive and any fetched folders) and ``REFERENCE_DIR``
(documented judgment lists) -> ``liaison.pipeline`` -> ``PROCESSED_DIR`` -> ``liaison.tables`` ->
the chapter notebooks -> ``liaison.book``.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the package lives in ``src/liaison``).
ROOT = Path(__file__).resolve().parents[2]

RAW_DIR = ROOT / "data" / "raw"
#: The vendored archive's folder name under ``RAW_DIR``; fetched folders sit beside it.
ARCHIVE = "idcpc-en"
ARCHIVE_DIR = RAW_DIR / ARCHIVE
ARCHIVE_RECORDS = ARCHIVE_DIR / "records"
HARVEST_DIR = ARCHIVE_DIR / "harvest-log"
ARCHIVE_README = ARCHIVE_DIR / "README.md"
SECOND_CODING_DIR = ARCHIVE_DIR / "reliability" / "second-coding"

REFERENCE_DIR = ROOT / "data" / "reference"
SHAPES_FILE = REFERENCE_DIR / "world_countries.json"

PROCESSED_DIR = ROOT / "data" / "processed"

#: The one version number (``[project] version``), and the files that cite, license and date it.
PYPROJECT = ROOT / "pyproject.toml"
CITATION = ROOT / "CITATION.cff"
CHANGELOG = ROOT / "CHANGELOG.md"
LICENSE = ROOT / "LICENSE"
#: Full texts of the licences that LICENSE names (the data and text licence: CC BY 4.0).
LICENSES_DIR = ROOT / "LICENSES"
BIBLIOGRAPHY = ROOT / "references.bib"

#: requests-cache's SQLite files for ``liaison fetch`` (git-ignored).
CACHE_DIR = ROOT / ".cache"
