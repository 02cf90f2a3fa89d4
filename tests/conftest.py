"""Shared fixtures: paths, the real archive's build, a synthetic raw folder for bad-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from liaison.pipeline import build, manifest
from liaison.pipeline.records import load_records
from liaison.pipeline.review import Reviews

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE_RECORDS = ROOT / "data" / "raw" / "idcpc-en" / "records"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run order for the suite's workers (``make test`` runs ``pytest -n auto --dist loadscope``, which hands
    out whole modules in this order): the book's own module first, so that one worker builds the book while
    the next takes the contract's table of bad inputs (the longest module that needs no book), then the
    browser tests (long modules, all on the built book), then the rest, short modules that fill the end.
    Within each part the collection order stands."""

    def part(item: pytest.Item) -> int:
        path = item.path
        if path.name == "test_book.py":
            return 0
        if path.name == "test_contract.py":
            return 1
        return 2 if "browser" in path.parts else 3

    items.sort(key=part)  # stable


@pytest.fixture(scope="session")
def result() -> build.BuildResult:
    """The pipeline run once on the vendored archive."""
    return build.build()


@pytest.fixture(scope="session")
def exchanges(result) -> dict[str, dict[str, str]]:
    return {row["exchange_id"]: row for row in result.exchanges}


@pytest.fixture(scope="session")
def exchange_of(result):
    """DOCID -> exchange_id."""
    table = {row["doc_id"]: row["exchange_id"] for row in result.records}
    return table.__getitem__


def archive_records() -> tuple[list[dict[str, str]], list]:
    """The archive's records as the build reads them: with data/reference's corrections and reviewed dates."""
    reviews, problems = Reviews.load(ROOT / "data" / "reference")
    records, found = load_records(ARCHIVE_RECORDS, amend=reviews.amend)
    return records, problems + found


def copy_records(raw: Path, names: list[str]) -> Path:
    """A raw folder (``raw/idcpc-en``) holding copies of some real records and a manifest that describes them."""
    records = raw / "idcpc-en" / "records"
    records.mkdir(parents=True)
    for name in names:
        shutil.copy(ARCHIVE_RECORDS / f"{name}.txt", records / f"{name}.txt")
    write_manifest(raw / "idcpc-en")
    return records


def write_manifest(folder: Path) -> None:
    """(Re)write a raw folder's SHA256SUMS, as after a legitimate change (tests then break something else)."""
    (folder / manifest.MANIFEST).write_text(manifest.manifest_text(folder), encoding="utf-8")


SMALL = ["t20170821_91410", "t20211224_148133", "en.people.cn_f23df0fbf662"]


@pytest.fixture
def small_raw(tmp_path: Path) -> Path:
    """Synthetic test input: ``tmp_path/raw`` holding three real records (no exclusions apply)."""
    copy_records(tmp_path / "raw", SMALL)
    return tmp_path / "raw"


@pytest.fixture
def empty_reference(tmp_path: Path) -> Path:
    """The reference tables with empty review lists (exclusions, corrections, dates, window review): for raw folders
    that hold only a few records."""
    ref = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", ref)
    (ref / "exclusions.csv").write_text("doc_id,reason\n", encoding="utf-8")
    (ref / "corrections.csv").write_text("doc_id,field,coded,corrected,reason\n", encoding="utf-8")
    (ref / "dates.csv").write_text("doc_id,event_date,basis,reason\n", encoding="utf-8")
    (ref / "window-review.csv").write_text("exchange_id,decision,reason\n", encoding="utf-8")
    return ref


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, worker_id) -> Path:
    """The book built once from a clean output folder, warnings as errors (-W -n).

    Once for the whole run, not once per worker: under pytest-xdist (``make test`` runs ``-n auto``) the
    workers share the parent of their temporary folders, and the first to get the lock builds the book
    there while the others wait for it (the pattern pytest-xdist's documentation gives for session data).
    """
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    out = shared / "book"
    with FileLock(shared / "book.lock"):
        if not (out / "_build" / "build.log").exists():
            _build_book(out)
    return out / "_build"


def _build_book(out: Path) -> None:
    import subprocess
    import sys

    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    (out / "_build" / "build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
