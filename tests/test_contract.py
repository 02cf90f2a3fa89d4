"""The build's input contract: every bad input fails with a non-zero exit, a message naming the file and the
problem, and ``data/processed`` untouched.

One table drives it: each row is a mutation of a small synthetic raw folder (three real records, with a
manifest that describes them) or of the reference lists, the message fragment the build must print, and the
file it must name. The build runs in-process through the command line's ``main`` (no subprocess per row).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARCHIVE_RECORDS, SMALL, write_manifest

from liaison import cli
from liaison.pipeline import build

IDCPC = "t20170821_91410"  # a department page: Song Tao meets a PCC delegation (Aug 2017)
OTHER = "en.people.cn_f23df0fbf662"  # People's Daily Online, 2024


def _records(raw: Path) -> Path:
    return raw / "idcpc-en" / "records"


def _set(raw: Path, field: str, value: str | None, doc: str = IDCPC, manifest: bool = True) -> None:
    """Set (or, with None, remove) one field of a record; then re-write the manifest as a legitimate change would."""
    path = _records(raw) / f"{doc}.txt"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{field}:"):
            if value is None:
                continue
            line = f"{field}: {value}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if manifest:
        write_manifest(raw / "idcpc-en")


def _field(field: str, value: str | None, doc: str = IDCPC) -> Callable[[Path, Path], None]:
    return lambda raw, ref: _set(raw, field, value, doc)


def _add_file(name: str, content: bytes = b"x\n", manifest: bool = True) -> Callable[[Path, Path], None]:
    def mutate(raw: Path, ref: Path) -> None:
        target = _records(raw) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        if manifest:
            write_manifest(raw / "idcpc-en")
    return mutate


def _append(line: str) -> Callable[[Path, Path], None]:
    def mutate(raw: Path, ref: Path) -> None:
        path = _records(raw) / f"{IDCPC}.txt"
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
        write_manifest(raw / "idcpc-en")
    return mutate


def _rename(raw: Path, ref: Path) -> None:
    (_records(raw) / f"{IDCPC}.txt").rename(_records(raw) / "t20170821_99999.txt")
    write_manifest(raw / "idcpc-en")


def _second_folder(raw: Path, ref: Path) -> None:
    """A fetched folder that holds a DOCID the archive already has."""
    folder = raw / "idcpc-fetched-2017-08-01-2017-08-31"
    (folder / "records").mkdir(parents=True)
    shutil.copy(ARCHIVE_RECORDS / f"{IDCPC}.txt", folder / "records" / f"{IDCPC}.txt")
    write_manifest(folder)


def _stray_archive_copy(raw: Path, ref: Path) -> None:
    shutil.copytree(raw / "idcpc-en", raw / "idcpc-en copy")


def _same_page_other_date(raw: Path, ref: Path) -> None:
    """A second record of the same page (its URL with 'www.' and https) that dates the event differently."""
    text = (_records(raw) / f"{OTHER}.txt").read_text(encoding="utf-8")
    url = "https://www.en.people.cn/n3/2024/0514/c90000-20169336.html"
    from liaison.pipeline.records import docid_for

    doc = docid_for(url, "chinese_official")
    text = text.replace("http://en.people.cn/n3/2024/0514/c90000-20169336.html", url)
    text = text.replace("event_date: 2024-05-1", "event_date: 2019-05-1")
    (_records(raw) / f"{doc}.txt").write_text(text, encoding="utf-8")
    write_manifest(raw / "idcpc-en")


def _edit_after_manifest(raw: Path, ref: Path) -> None:
    _set(raw, "summary", "A summary changed after the manifest was written.", manifest=False)


def _delete_listed(raw: Path, ref: Path) -> None:
    (_records(raw) / f"{OTHER}.txt").unlink()


def _no_manifest(raw: Path, ref: Path) -> None:
    (raw / "idcpc-en" / "SHA256SUMS").unlink()


def _bad_manifest_line(raw: Path, ref: Path) -> None:
    path = raw / "idcpc-en" / "SHA256SUMS"
    path.write_text(path.read_text(encoding="utf-8") + "not a checksum line\n", encoding="utf-8")


def _reference_row(name: str, row: str) -> Callable[[Path, Path], None]:
    def mutate(raw: Path, ref: Path) -> None:
        with open(ref / name, "a", encoding="utf-8") as fh:
            fh.write(row + "\n")
    return mutate


def _figures(row: str) -> Callable[[Path, Path], None]:
    def mutate(raw: Path, ref: Path) -> None:
        (raw / "idcpc-en" / "reported-figures.csv").write_text(
            "doc_id,subject,subject_date,quantity,value,qualifier,claim_id,note\n" + row + "\n", encoding="utf-8")
        write_manifest(raw / "idcpc-en")
    return mutate


def _rec(doc: str = IDCPC) -> str:
    return f"idcpc-en/records/{doc}.txt"


#: (id, mutation, message fragment, the file the message must name)
BAD_INPUTS: list[tuple[str, Callable[[Path, Path], None], str, str]] = [
    # the record's fields
    ("missing field", _field("page_date", None), "page_date: missing field", _rec()),
    ("malformed date", _field("event_date", "21/06/2018"), "malformed date '21/06/2018'", _rec()),
    ("impossible date", _field("event_date", "2018-02-30"), "impossible date", _rec()),
    ("date after today", _field("page_date", "2099-01-01"), "is after today", _rec()),
    ("end date with no start", lambda raw, ref: (_set(raw, "event_end_date", "2017-08-18"), _set(raw, "event_date", "")),
     "with no event_date", _rec()),
    ("end before start", _field("event_end_date", "2017-08-01"), "is before event_date", _rec()),
    ("unknown event type", _field("event_type", "banquet"), "unknown value 'banquet'", _rec()),
    ("unknown source kind", _field("source_kind", "blog"), "unknown value 'blog'", _rec()),
    ("unknown mention key", _field("mentions", "belt_and_road, world_peace"), "unknown mention key 'world_peace'", _rec()),
    ("endorsement not mentioned", _field("foreign_side_endorses", "xi_thought"), "keys not in mentions", _rec()),
    ("unmappable country", _field("counterpart_countries", "Atlantis"), "cannot be mapped", _rec()),
    ("ambiguous country Korea", _field("counterpart_countries", "Korea"), "'Korea' is ambiguous", _rec()),
    ("ambiguous country Congo", _field("counterpart_countries", "Cuba; Congo"), "'Congo' is ambiguous", _rec()),
    ("ambiguous place", _field("place", "Brazzaville, Congo"), "'Congo' is ambiguous", _rec()),
    ("unknown official", _field("idcpc_officials", "Zhang Nobody (Vice-minister)"), "not in data/reference/officials.csv", _rec()),
    ("empty required value", _field("summary", ""), "summary: empty value", _rec()),
    ("relative URL", _field("url", "/english/news/201708/t20170821_91410.html"), "not an absolute http(s) URL", _rec()),
    ("ftp URL", _field("url", "ftp://www.idcpc.org.cn/english/news/t20170821_91410.html"), "not an absolute http(s) URL", _rec()),
    ("department kind for another site's page", _field("source_kind", "idcpc", OTHER),
     "the codebook's DOCID for its URL is 'c90000-20169336'", _rec(OTHER)),
    ("NUL byte", _field("summary", "A summary with a NUL\x00 byte."), "control character '\\x00'", _rec()),
    ("escape character", _field("title", "Song Tao \x1b[31mMeets"), "control character '\\x1b'", _rec()),
    ("overlong field", _field("summary", "word " * 1000), "more than the bound of 4000", _rec()),
    ("party not reviewed", _field("counterpart_orgs", "Imaginary People's Party"), "reads as a party but is in neither", _rec()),
    ("not a key-value line", _append("just some prose"), "not a 'key: value' line", _rec()),
    ("unknown field", _append("colour: red"), "colour: unknown field", _rec()),
    ("field twice", _append("title: again"), "title: field appears twice", _rec()),
    ("not UTF-8", _add_file("broken_000000000000.txt", b"url: \xff\xfe not utf-8\n"), "not UTF-8", "broken_000000000000.txt"),
    # the records folder holds DOCID.txt files only
    ("file named for another DOCID", _rename, "the codebook's DOCID for its URL is 't20170821_91410'", "t20170821_99999.txt"),
    ("other extension", _add_file("notes.md"), "not a record file name", "records/notes.md"),
    ("upper-case extension", _add_file("t20170821_91411.TXT"), "not a record file name", "t20170821_91411.TXT"),
    ("editor backup", _add_file(f"{IDCPC}.txt~"), "not a record file name", f"{IDCPC}.txt~"),
    ("leftover temporary file", _add_file(f".{IDCPC}.txt.tmp"), "not a record file name", f".{IDCPC}.txt.tmp"),
    ("subfolder", _add_file("old/x.txt"), "a subfolder in a records folder", "records/old"),
    # raw folders
    ("stray folder in data/raw", lambda raw, ref: (raw / "notes").mkdir(), "not a raw folder", "raw/notes"),
    ("same DOCID in two raw folders", _second_folder, f"idcpc-en/records/{IDCPC}.txt: a DOCID belongs to one raw folder",
     f"idcpc-fetched-2017-08-01-2017-08-31/records/{IDCPC}.txt"),
    ("stray copy of the archive", _stray_archive_copy, "a DOCID belongs to one raw folder", f"idcpc-en copy/records/{IDCPC}.txt"),
    ("same page, conflicting dates", _same_page_other_date, "(same URL) but event_date differs", _rec(OTHER)),
    # manifests
    ("record edited after the manifest", _edit_after_manifest, "changed after SHA256SUMS was written", _rec()),
    ("file added after the manifest", _add_file("t20170821_91412.txt", manifest=False), "not in SHA256SUMS", "t20170821_91412.txt"),
    ("listed file missing", _delete_listed, "listed in SHA256SUMS but missing", _rec(OTHER)),
    ("missing manifest", _no_manifest, "missing checksum manifest", "idcpc-en/SHA256SUMS"),
    ("malformed manifest", _bad_manifest_line, "not '<sha256>  ./<path>'", "idcpc-en/SHA256SUMS"),
    # the reviewed lists
    ("exclusion of no record", _reference_row("exclusions.csv", "t20990101_1,not an exchange"), "excluded DOCID is not a raw record",
     "exclusions.csv"),
    ("exclusion without a reason", _reference_row("exclusions.csv", f"{IDCPC},"), "no reason given", "exclusions.csv"),
    ("correction of a changed value", _reference_row("corrections.csv", f"{IDCPC},event_type,visit_abroad,meeting,slip"),
     "expects the coded value 'visit_abroad'", _rec()),
    ("correction of the URL", _reference_row("corrections.csv", f"{IDCPC},url,x,y,slip"), "cannot be corrected", "corrections.csv"),
    ("reviewed date for a dated record", _reference_row("dates.csv", f"{IDCPC},2017-08-17,summary,the summary"),
     "has a row for a record that carries a date", _rec()),
    ("reviewed date without a basis", _reference_row("dates.csv", f"{OTHER},2024-05-14,undetermined,x"), "a date needs a basis",
     "dates.csv"),
    ("figure of no record", _figures("nobody_000000000000,department,2018,parties,400,over,C01,x"), "not a record of the archive",
     "reported-figures.csv"),
    ("figure not an integer", _figures(f"{IDCPC},department,2018,parties,four hundred,over,C01,x"), "not a positive integer",
     "reported-figures.csv"),
    ("figure with an unknown quantity", _figures(f"{IDCPC},department,2018,friends,400,over,C01,x"), "quantity 'friends'",
     "reported-figures.csv"),
    ("figure with an unknown qualifier", _figures(f"{IDCPC},department,2018,parties,400,roughly,C01,x"), "qualifier 'roughly'",
     "reported-figures.csv"),
]


@pytest.fixture
def processed(tmp_path: Path) -> Path:
    """An output folder holding a previous build's files (a bad build must leave them as they were)."""
    out = tmp_path / "processed"
    out.mkdir()
    for name in ("exchanges.csv", "records.csv", "README.md"):
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_small_raw_folder_builds(small_raw, empty_reference, processed, capsys):
    """The control: without a mutation the same command succeeds and writes every output."""
    assert cli.main(["build", "--raw", str(small_raw), "--out", str(processed), "--reference", str(empty_reference)]) == 0
    assert {"exchanges.csv", "records.csv", "parties.csv", "reported-figures.csv", "datapackage.json"} <= set(os.listdir(processed))
    assert (processed / "README.md").read_text(encoding="utf-8") == "previous README.md\n"  # carried over


@pytest.mark.parametrize("label,mutate,message,named", BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_fails_naming_the_file_and_leaves_the_output(
        small_raw, empty_reference, processed, capsys, label, mutate, message, named):
    mutate(small_raw, empty_reference)
    before = _snapshot(processed)
    code = cli.main(["build", "--raw", str(small_raw), "--out", str(processed), "--reference", str(empty_reference)])
    err = capsys.readouterr().err
    assert code != 0, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if message in line]
    assert lines, f"no line says {message!r}:\n{err}"
    assert any(named in line for line in lines), f"no line with {message!r} names {named}:\n{err}"
    assert _snapshot(processed) == before


def test_a_byte_order_mark_is_accepted(small_raw, empty_reference):
    path = _records(small_raw) / f"{IDCPC}.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    write_manifest(small_raw / "idcpc-en")
    result = build.build(small_raw, empty_reference)
    assert {r["doc_id"] for r in result.records} == set(SMALL)
    assert next(r for r in result.records if r["doc_id"] == IDCPC)["url"].startswith("https://")


def test_every_problem_is_listed_not_just_the_first(small_raw, empty_reference, capsys):
    _set(small_raw, "event_type", "banquet")
    _set(small_raw, "page_date", "yesterday", doc="t20211224_148133")
    (small_raw / "notes").mkdir()
    assert cli.main(["build", "--raw", str(small_raw), "--out", str(small_raw.parent / "out"),
                     "--reference", str(empty_reference)]) == 1
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    assert f"{IDCPC}.txt: event_type" in err and "t20211224_148133.txt: page_date" in err and "notes: folder" in err
    assert not (small_raw.parent / "out").exists()


@pytest.mark.parametrize("args,message", [
    (["--out", "FILE"], "is a file, not a folder"),
    (["--raw", "MISSING"], "raw data folder not found"),
    (["--reference", "MISSING"], "reference folder not found"),
], ids=["out is a file", "raw missing", "reference missing"])
def test_mistakes_on_the_command_line_end_with_one_line(small_raw, empty_reference, tmp_path, capsys, args, message):
    (tmp_path / "FILE").write_text("not a folder\n", encoding="utf-8")
    given = {"--raw": str(small_raw), "--out": str(tmp_path / "out"), "--reference": str(empty_reference)}
    for flag, value in zip(args[::2], args[1::2]):
        given[flag] = str(tmp_path / value)
    code = cli.main(["build", *[x for pair in given.items() for x in pair]])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert message in err and "\n" not in err and "Traceback" not in err, err
