"""The versioned dataset download, ``liaison-data-<version>.zip``, built with the book.

A reader who wants to check or reuse a number needs the tables it was computed from, the rules and
lists that shaped them, the licence and a way to cite them, in one file whose name says which version of
the book it belongs to. The book's Sphinx extension writes this zip into the HTML output at the end of
every build (so the data chapter's link works offline and on the published site); it can also be built
on its own::

    python -m liaison.book.dataset OUTDIR

What it holds, and why:

- ``datapackage.json`` at the root: ``data/processed/datapackage.json`` with its resource paths taken
  from the zip's root and the version added, so the zip is a zipped Frictionless data package
  (``frictionless validate liaison-data-<version>.zip`` checks it; the tests do the same). It is the
  zip's only descriptor: the copy inside ``data/processed/`` is left out rather than shipped twice.
- ``data/processed/``: the tables and their README, as the pipeline wrote them.
- ``data/raw/idcpc-en/CODEBOOK.md``: what every coded field means.
- ``data/reference/*.csv``: the documented judgment lists the pipeline applies (exclusions, officials,
  corrections, dates, parties...), so every kept, merged or dropped record can be traced to a row.
- ``data/reference/partyfacts/``: the Party Facts lists, vendored unchanged, with their MIT licence and
  README. Included because ``parties.csv`` links counterparts to Party Facts ids, which are numbers
  without the list; the list changes over time, and this is the snapshot the links were reviewed
  against. MIT allows redistribution with its notice, which travels in the folder.
- ``README.md`` (written here), ``LICENSE`` and ``LICENSES/CC-BY-4.0.txt``, ``CITATION.cff``, ``CHANGELOG.md``.

The bytes are deterministic (for one zlib version): entries sorted by name, one fixed timestamp and
mode, no directory entries, a README that depends on nothing but the version and the files. The same
inputs give the same zip, so a release's checksum can be reproduced.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from liaison import version as project_version
from liaison.book import citation
from liaison.paths import ARCHIVE_DIR, CHANGELOG, CITATION, LICENSE, LICENSES_DIR, PROCESSED_DIR, REFERENCE_DIR, ROOT

#: Every entry's timestamp: the earliest a zip can store (MS-DOS time starts in 1980).
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
#: Every entry's permissions: a regular file, rw-r--r--.
FILE_MODE = 0o100644
DESCRIPTOR = "datapackage.json"
PARTYFACTS_DIR = REFERENCE_DIR / "partyfacts"
PARTYFACTS = PARTYFACTS_DIR.relative_to(ROOT).as_posix()

# One line per file for the README's list; a reference list not named here gets the generic line.
GENERIC_LIST = "a documented judgment list applied by the pipeline"
DESCRIPTIONS = {
    "CHANGELOG.md": "what changed in each version, in the data and in the rules",
    "CITATION.cff": "how to cite the book, the dataset and the original article (Citation File Format)",
    "LICENSE": "what is licensed how: CC BY 4.0 for the data and text, MIT for the project's code",
    "LICENSES/CC-BY-4.0.txt": "the full legal code of CC BY 4.0",
    "data/processed/exchanges.csv": "one row per exchange (the unit of every count in the book)",
    "data/processed/records.csv": "one row per archived source page, with its fate: kept, duplicate or excluded",
    "data/processed/countries.csv": "the name and continent of every country code used",
    "data/processed/README.md": "the columns of the tables and the rule that merges pages into exchanges",
    "data/raw/idcpc-en/CODEBOOK.md": "the archive's codebook: what every coded field means",
    "data/reference/claims.csv": "the original article's quantitative claims, checked in the book",
    "data/reference/corrections.csv": "coding slips corrected in code (the records are never edited), one reason each",
    "data/reference/country_overrides.csv": "names that country_converter cannot map (the European Union)",
    "data/reference/dates.csv": "event dates for records that carry none, or why none can be given",
    "data/reference/exclusions.csv": "pages that do not report an exchange, one reason each",
    "data/reference/non-party-orgs.csv": "party-like counterpart names that are not one party",
    "data/reference/officials.csv": "the department's officials, their spellings, and their ranks by period",
    "data/reference/parties.csv": "printed counterpart names linked to one party (a Party Facts id or a local key)",
    "data/reference/partyfacts": "the Party Facts lists of political parties, vendored unchanged from the Party Facts "
    "project with their README and their own MIT License (`LICENSE.md`); `parties.csv` refers to their ids",
}


@dataclass(frozen=True)
class Member:
    """One file of the zip: its name inside the zip (POSIX path) and its bytes."""

    name: str
    data: bytes


def zip_name(version: str | None = None) -> str:
    """``liaison-data-<version>.zip``: the version is pyproject.toml's, as everywhere else."""
    return citation.dataset_zip_name(version)


def _file(path: Path) -> Member:
    if not path.is_file():
        raise FileNotFoundError(f"the dataset download needs {path}, which is missing")
    return Member(path.relative_to(ROOT).as_posix(), path.read_bytes())


def descriptor(version: str, processed: Path = PROCESSED_DIR) -> Member:
    """The root ``datapackage.json``: the pipeline's descriptor, its paths from the zip's root, plus the version."""
    source = json.loads((processed / DESCRIPTOR).read_text(encoding="utf-8"))
    prefix = processed.relative_to(ROOT).as_posix()
    package = {key: source[key] for key in ("name", "title") if key in source}
    package["version"] = version
    package.update((key, value) for key, value in source.items() if key not in package)
    package["resources"] = [{**resource, "path": f"{prefix}/{resource['path']}"} for resource in source["resources"]]
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    return Member(DESCRIPTOR, text.encode("utf-8"))


def data_files(processed: Path = PROCESSED_DIR) -> list[Path]:
    """The repository files the zip carries unchanged (everything but the root descriptor and README)."""
    files = [path for path in sorted(processed.iterdir()) if path.is_file() and path.name != DESCRIPTOR]
    files.append(ARCHIVE_DIR / "CODEBOOK.md")
    files.extend(sorted(REFERENCE_DIR.glob("*.csv")))
    files.extend(sorted(path for path in PARTYFACTS_DIR.iterdir() if path.is_file()))
    files.extend([LICENSE, LICENSES_DIR / "CC-BY-4.0.txt", CITATION, CHANGELOG])
    return files


def _listing(names: Iterable[str]) -> list[str]:
    """The README's file list: one line a file, the vendored Party Facts folder as one line."""
    lines, folders = [], set()
    for name in sorted(set(names) - {DESCRIPTOR, "README.md"}):
        if name.startswith(f"{PARTYFACTS}/"):
            if PARTYFACTS not in folders:
                folders.add(PARTYFACTS)
                lines.append(f"- `{PARTYFACTS}/`: {DESCRIPTIONS[PARTYFACTS]}")
            continue
        lines.append(f"- `{name}`: {DESCRIPTIONS.get(name, GENERIC_LIST)}" if name.startswith("data/reference/") or name in DESCRIPTIONS
                     else f"- `{name}`")
    return lines


def readme(version: str, names: Iterable[str]) -> Member:
    """The zip's README: what each file is, which licence applies to what, how to cite, how to check it."""
    cites = citation.citations(version=version)

    def para(text: str) -> list[str]:
        return [*textwrap.wrap(text, width=100, break_on_hyphens=False), ""]

    lines = [
        f"# liaison-data {version}",
        "",
        *para(f"The data behind version {version} of the book *{cites['book'].italic}*: the exchanges of the CPC "
              "International Department that the book counts, the archived source pages they were merged from, and the "
              "documented lists and the codebook that shaped them. Every number in that version of the book is computed "
              "from these files. What changed between versions (data and rules) is in `CHANGELOG.md`."),
        "## Files",
        "",
        "- `datapackage.json`: the Frictionless descriptor of the three tables (types, allowed values, keys); the same as",
        "  `data/processed/datapackage.json` in the repository, with its paths taken from this folder and the version",
        "  added. Check the tables against it with `frictionless validate datapackage.json`.",
        *_listing(names),
        "",
        "## Licence",
        "",
        *para("The tables, the lists and the codebook are licensed under CC BY 4.0 (`LICENSE`; full text in "
              "`LICENSES/CC-BY-4.0.txt`): share and adapt them, citing the dataset as below. The archive's records are "
              "facts coded in the project's own words; the headlines and URLs they carry are kept as citations of the "
              f"pages they describe, which belong to their publishers. `{PARTYFACTS}/` is third-party data under its "
              f"own MIT License (`{PARTYFACTS}/LICENSE.md`): cite Party Facts (Döring and Regel 2019) if you use it."),
        "## How to cite",
        "",
        "`CITATION.cff` holds the same information in the Citation File Format.",
        "",
    ]
    for cite in cites.values():
        lines += [f"{cite.label}: {cite.markdown()}", "", "```bibtex", cite.bibtex, "```", ""]  # one line: easy to copy
    return Member("README.md", "\n".join(lines).rstrip("\n").encode("utf-8") + b"\n")


def members(version: str | None = None) -> list[Member]:
    """Every file of the zip, sorted by name (the order they are written in)."""
    version = version or project_version()
    files = [_file(path) for path in data_files()]
    generated = [descriptor(version)]
    generated.append(readme(version, [m.name for m in files + generated]))
    return sorted(files + generated, key=lambda m: m.name)


def write_zip(entries: Sequence[Member], target: Path) -> Path:
    """Write ``entries`` in the given order with fixed metadata, atomically (a reader never sees half a zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that external_attr reads as a Unix mode everywhere
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, entry.data, compresslevel=9)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as tmp:
        tmp.write(buffer.getvalue())
    os.chmod(tmp.name, 0o644)  # a temporary file is private (0600); the published file must be readable
    os.replace(tmp.name, target)
    return target


def build(outdir: Path, version: str | None = None) -> Path:
    """Write ``liaison-data-<version>.zip`` into ``outdir`` and return its path."""
    version = version or project_version()
    return write_zip(members(version), Path(outdir) / zip_name(version))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m liaison.book.dataset", description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="folder to write liaison-data-<version>.zip into")
    args = parser.parse_args(argv)
    try:
        path = build(args.outdir)
    except FileNotFoundError as exc:
        print(f"dataset: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
