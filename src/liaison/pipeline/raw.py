"""The raw folders: which there are, what each holds, and that each is what its manifest says.

``data/raw/idcpc-en`` is the vendored archive; ``liaison fetch`` writes other folders beside it. A raw
folder is a ``records/`` folder of ``DOCID.txt`` files and a ``SHA256SUMS`` manifest of everything in
it. The build reads them all, and refuses, with the files named, what would otherwise lose or mangle
data silently:

- anything under ``data/raw`` that is not a raw folder, and any file in ``records/`` that is not a record;
- a folder whose files differ from its manifest (a record edited after the manifest was written: the
  provenance hash in ``datapackage.json`` would describe something other than what was read);
- a DOCID in two raw folders (a stray copy of the archive would be merged in, and a page excluded by
  DOCID could come back as a kept one);
- two records of one page (the same URL up to scheme, ``www.`` and a trailing dot in the host) that
  disagree on the facts matching rests on: dates, event type, countries. Merged, they would make one
  exchange out of two unrelated ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from liaison.paths import ARCHIVE
from liaison.pipeline import manifest
from liaison.pipeline.normalize import url_key
from liaison.pipeline.records import Amend, Problem, load_records, split_list

#: Facts two records of one page may not disagree on (when both give them).
SAME_PAGE_FACTS: tuple[str, ...] = ("page_date", "event_date", "event_end_date", "event_type", "counterpart_countries")


@dataclass(frozen=True)
class Source:
    """One raw folder as read: its name and the SHA-256 of its (verified) manifest."""

    name: str
    manifest_sha256: str


def raw_folders(raw_dir: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The archive first, then every other folder of ``raw_dir``; anything else there is a problem."""
    if not raw_dir.is_dir():
        return [], [Problem(str(raw_dir), "folder", "raw data folder not found")]
    folders: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    archive = raw_dir / ARCHIVE
    if not (archive / "records").is_dir():
        problems.append(Problem(str(archive), "folder", "the archive's records folder is missing"))
    else:
        folders.append((ARCHIVE, archive))
    for entry in sorted(raw_dir.iterdir(), key=lambda p: p.name):
        if entry.name == ARCHIVE:
            continue
        if entry.is_dir() and (entry / "records").is_dir():
            folders.append((entry.name, entry))
        else:
            problems.append(Problem(str(entry), "folder", "not a raw folder (a folder with records/ and SHA256SUMS)"))
    return folders, problems


def _same_page_conflicts(records: list[dict[str, str]], paths: dict[str, str]) -> list[Problem]:
    by_page: dict[str, list[dict[str, str]]] = defaultdict(list)
    for rec in records:
        if rec.get("url"):  # a record without a URL is reported already
            by_page[url_key(rec["url"])].append(rec)
    problems = []
    for group in by_page.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                for fact in SAME_PAGE_FACTS:
                    x, y = a.get(fact, ""), b.get(fact, "")
                    if fact == "counterpart_countries":
                        x, y = frozenset(split_list(x)), frozenset(split_list(y))
                    if x and y and x != y:
                        problems.append(Problem(paths[a["doc_id"]], fact, f"the same page as {paths[b['doc_id']]} "
                                                f"(same URL) but {fact} differs: {a.get(fact)!r} vs {b.get(fact)!r}"))
                        break
    return problems


def load_all(raw_dir: Path, today: date | None = None,
             amend: Amend | None = None) -> tuple[list[dict[str, str]], list[Problem], list[Source]]:
    """Records of every raw folder, with every problem found, and the folders read (for provenance).

    Each record carries ``raw_folder``, the folder it was read from (``records.csv`` shows it), and
    ``path``, its file (problems found later name it).
    """
    folders, problems = raw_folders(raw_dir)
    records: list[dict[str, str]] = []
    sources: list[Source] = []
    paths: dict[str, str] = {}  # DOCID -> the file that holds it
    for name, folder in folders:
        try:
            differences = manifest.verify(folder)
        except manifest.ManifestError as exc:
            problems.append(Problem(str(folder / manifest.MANIFEST), "manifest", str(exc).split(": ", 1)[-1]))
        else:
            problems += [Problem(str(folder / line.split(":", 1)[0]), "manifest", line.split(": ", 1)[1])
                         for line in differences]
            sources.append(Source(name, manifest.digest(folder / manifest.MANIFEST)))
        found, found_problems = load_records(folder / "records", today, amend)
        problems += found_problems
        for rec in found:
            doc_id = rec["doc_id"]
            file = str(folder / "records" / f"{doc_id}.txt")
            if doc_id in paths:
                problems.append(Problem(file, "doc_id", f"DOCID {doc_id} is also {paths[doc_id]}: a DOCID belongs to one raw folder"))
                continue
            rec["raw_folder"] = name
            rec["path"] = file
            paths[doc_id] = file
            records.append(rec)
    problems += _same_page_conflicts(records, paths)
    return records, problems, sources
