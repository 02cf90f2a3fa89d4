"""The dataset download (liaison.book.dataset): what it holds, deterministic bytes, a valid data package."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from liaison import version
from liaison.book import dataset


@pytest.fixture(scope="module")
def built_zip(tmp_path_factory) -> Path:
    return dataset.build(tmp_path_factory.mktemp("dataset"))


def repository_files() -> set[str]:
    """What the zip must carry unchanged, listed from the repository (not from the module under test)."""
    names = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data" / "processed").iterdir() if p.is_file()}
    names.discard("data/processed/datapackage.json")
    names |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "data" / "reference").glob("*.csv")}
    names |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "data" / "reference" / "partyfacts").iterdir()}
    names |= {"data/raw/idcpc-en/CODEBOOK.md", "LICENSE", "LICENSES/CC-BY-4.0.txt", "CITATION.cff", "CHANGELOG.md"}
    return names


def test_the_zip_is_named_by_the_one_version_and_readable_by_all(built_zip):
    assert built_zip.name == f"liaison-data-{version()}.zip"
    assert built_zip.stat().st_mode & 0o777 == 0o644  # a static host serves it to anyone
    assert re.fullmatch(r"liaison-data-\d+\.\d+\.\d+([.-]?\w+)?\.zip", built_zip.name)


def test_it_holds_the_data_the_lists_the_codebook_the_licence_and_a_readme(built_zip):
    with zipfile.ZipFile(built_zip) as archive:
        names = archive.namelist()
        assert set(names) == repository_files() | {"datapackage.json", "README.md"}
        for name in repository_files():
            assert archive.read(name) == (ROOT / name).read_bytes(), f"{name} differs from the repository's"
        # Party Facts travels with its own licence (MIT) and README.
        assert "MIT License" in archive.read("data/reference/partyfacts/LICENSE.md").decode()


def test_its_bytes_are_deterministic(built_zip, tmp_path):
    again = dataset.build(tmp_path)
    assert again.read_bytes() == built_zip.read_bytes()
    with zipfile.ZipFile(built_zip) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {dataset.FIXED_TIME}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert not [i for i in infos if i.is_dir()]


def test_the_zip_is_a_valid_frictionless_data_package(built_zip):
    from frictionless import Package

    package = Package(str(built_zip))  # reads datapackage.json at the zip's root
    report = package.validate()
    problems = report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems[:20]
    source = json.loads((ROOT / "data" / "processed" / "datapackage.json").read_text(encoding="utf-8"))
    assert {task.name for task in report.tasks} == {r["name"] for r in source["resources"]} >= {"exchanges", "records"}


def test_the_descriptor_is_the_pipelines_with_paths_from_the_root_and_the_version(built_zip):
    source = json.loads((ROOT / "data" / "processed" / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(built_zip) as archive:
        package = json.loads(archive.read("datapackage.json"))
    assert package["version"] == version()
    assert package["licenses"] == source["licenses"] and package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["path"] for r in package["resources"]] == [f"data/processed/{r['path']}" for r in source["resources"]]
    strip = [{k: v for k, v in r.items() if k != "path"} for r in package["resources"]]
    assert strip == [{k: v for k, v in r.items() if k != "path"} for r in source["resources"]]


def test_the_readme_lists_every_file_and_says_what_licence_applies(built_zip):
    with zipfile.ZipFile(built_zip) as archive:
        readme = archive.read("README.md").decode("utf-8")
        names = archive.namelist()
    assert readme.startswith(f"# liaison-data {version()}\n")
    for name in names:
        if name.startswith("data/reference/partyfacts/"):
            name = "data/reference/partyfacts/"
        if name != "README.md":
            assert f"`{name}`" in readme, name
    prose = " ".join(readme.split())
    assert "CC BY 4.0" in prose and "MIT License" in prose
    assert "the headlines and URLs they carry are kept as citations" in prose
    assert f"(version {version()}) [Data set, liaison-data-{version()}.zip]" in readme  # a citation is one line
    assert "@incollection{bowie2018," in readme


def test_it_can_be_built_on_its_own(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "liaison.book.dataset", str(tmp_path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()) == tmp_path / dataset.zip_name()
    assert (tmp_path / dataset.zip_name()).is_file()


def test_a_missing_input_fails_with_its_name(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dataset, "CHANGELOG", tmp_path / "CHANGELOG.md")
    with pytest.raises(FileNotFoundError, match=r"CHANGELOG\.md"):
        dataset.members()
    assert dataset.main([str(tmp_path / "out")]) == 1
    assert "CHANGELOG.md" in capsys.readouterr().err
    assert not (tmp_path / "out" / dataset.zip_name()).exists()


def test_the_book_ships_the_zip_and_the_data_chapter_links_it(built_book):
    html = built_book / "html"
    shipped = html / dataset.zip_name()
    assert shipped.is_file()
    # The same bytes as a build on its own: the zip does not depend on how or where it was made.
    standalone = dataset.build(built_book / "standalone")
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == hashlib.sha256(standalone.read_bytes()).hexdigest()
    page = (html / "chapters" / "data.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="[^"]*liaison-dataset[^"]*" href="([^"]+)">([^<]+)</a>', page)
    assert links == [(f"../{dataset.zip_name()}", dataset.zip_name())]
    assert (html / "chapters" / links[0][0]).resolve() == shipped.resolve()
