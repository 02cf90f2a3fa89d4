"""Writing data/processed is atomic as a whole: a failure midway leaves the previous output intact."""

from __future__ import annotations

import errno
import os

import pytest

from liaison import cli
from liaison.pipeline import output


@pytest.fixture
def previous(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    for name in ("a.csv", "b.csv", "README.md"):
        (out / name).write_text(f"old {name}\n", encoding="utf-8")
    return out


def _state(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_all_files_are_replaced_and_other_files_kept(previous):
    output.write_folder(previous, {"a.csv": "new a\n", "b.csv": "new b\n", "c.csv": "new c\n"})
    assert _state(previous) == {"README.md": b"old README.md\n", "a.csv": b"new a\n", "b.csv": b"new b\n", "c.csv": b"new c\n"}
    assert [p.name for p in previous.parent.iterdir()] == ["processed"]  # no temporary folder left behind


def test_a_full_disk_midway_leaves_the_previous_output(previous, monkeypatch):
    real = output._write
    calls = []

    def failing(path, text):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, text)

    before = _state(previous)
    monkeypatch.setattr(output, "_write", failing)
    with pytest.raises(output.OutputError, match=r"No space left on device.*previous output is unchanged"):
        output.write_folder(previous, {"a.csv": "new a\n", "b.csv": "new b\n", "c.csv": "new c\n"})
    assert calls == ["a.csv", "b.csv"]
    assert _state(previous) == before
    assert [p.name for p in previous.parent.iterdir()] == ["processed"]


def test_a_folder_that_cannot_be_swapped_in_leaves_the_previous_output(previous, monkeypatch):
    real_rename = os.rename

    def rename(src, dst):
        if ".processed.new-" in str(src):  # the old folder moved aside, but the new one cannot be renamed in
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        real_rename(src, dst)

    before = _state(previous)
    monkeypatch.setattr(output.os, "rename", rename)
    with pytest.raises(output.OutputError, match="Permission denied"):
        output.write_folder(previous, {"a.csv": "new a\n"})
    monkeypatch.setattr(output.os, "rename", real_rename)
    assert _state(previous) == before


def test_the_command_line_reports_a_write_failure_in_one_line(small_raw, empty_reference, previous, monkeypatch, capsys):
    def failing(path, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = _state(previous)
    monkeypatch.setattr(output, "_write", failing)
    code = cli.main(["build", "--raw", str(small_raw), "--out", str(previous), "--reference", str(empty_reference)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith("build failed:") and "No space left on device" in err and "\n" not in err
    assert _state(previous) == before
