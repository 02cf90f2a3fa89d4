"""Writing ``data/processed/`` atomically as a whole: every file is complete, or none is replaced.

The files are written into a temporary folder beside the target, each flushed to disk; only when all
are complete is the old folder moved aside and the new one renamed into place (two renames on the same
file system). A failure midway (a full disk, a file that cannot be written) removes the temporary
folder and leaves the previous output as it was. Files in the target that the build does not write
(``data/processed/README.md``) are carried over into the new folder.

Written by hand: ``tempfile`` and ``os.replace`` give atomic single files, and no maintained library
swaps a whole folder (``atomicwrites`` is unmaintained and also works file by file).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class OutputError(OSError):
    """The output could not be written; the previous output is untouched."""


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def write_folder(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Replace the files ``files`` names in ``out_dir`` (created if missing) all at once."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: the output folder is a file, not a folder")
    parent = out_dir.parent
    if not parent.is_dir():
        raise OutputError(f"{parent}: the output folder's parent does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    except OSError as exc:
        raise OutputError(f"{parent}: cannot create a temporary folder ({exc.strerror})") from None
    old = None
    try:
        if out_dir.is_dir():
            for kept in sorted(out_dir.iterdir()):
                if kept.name not in files and kept.is_file():
                    shutil.copy2(kept, tmp / kept.name)
        for name, text in files.items():
            _write(tmp / name, text)
        tmp.chmod(0o755)
        if out_dir.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=parent))
            os.rename(out_dir, old / out_dir.name)
        os.rename(tmp, out_dir)
    except OSError as exc:
        if old is not None and (old / out_dir.name).exists() and not out_dir.exists():
            os.rename(old / out_dir.name, out_dir)  # put the previous output back
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        what = exc.strerror or str(exc)
        raise OutputError(f"{out_dir}: could not write the output ({what}); the previous output is unchanged") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [out_dir / name for name in files]
