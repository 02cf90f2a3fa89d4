"""Shared fixtures: paths, the real archive's build, a synthetic raw folder for bad-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from liaison.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE_RECORDS = ROOT / "data" / "raw" / "idcpc-en" / "records"


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


def copy_records(target: Path, names: list[str]) -> Path:
    """A raw folder (``target/idcpc-en/records``) holding copies of some real records."""
    records = target / "idcpc-en" / "records"
    records.mkdir(parents=True)
    for name in names:
        shutil.copy(ARCHIVE_RECORDS / f"{name}.txt", records / f"{name}.txt")
    shutil.copy(ROOT / "data" / "raw" / "idcpc-en" / "SHA256SUMS", target / "idcpc-en" / "SHA256SUMS")
    return records


@pytest.fixture
def small_raw(tmp_path: Path) -> Path:
    """Synthetic test input: a raw folder with three real records copied (no exclusions apply)."""
    copy_records(tmp_path, ["t20170821_91410", "t20211224_148133", "en.people.cn_f23df0fbf662"])
    return tmp_path


@pytest.fixture
def empty_reference(tmp_path: Path) -> Path:
    """Reference tables with no exclusions (for raw folders that hold only a few records)."""
    ref = tmp_path / "reference"
    ref.mkdir()
    for name in ("officials.csv", "country_overrides.csv"):
        shutil.copy(ROOT / "data" / "reference" / name, ref / name)
    (ref / "exclusions.csv").write_text("doc_id,reason\n", encoding="utf-8")
    return ref


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once from a clean output folder, warnings as errors (-W -n)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("book")
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    (out / "_build" / "build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return out / "_build"
