"""What a fetch run writes: never into the archive, never a DOCID another raw folder has, only records
that pass the codebook validation under their DOCID, and a SHA256SUMS that verifies after every record,
after an interrupted run and after a complete one."""

from __future__ import annotations

from pathlib import Path

import pytest
from fetchsite import site as fake
from fetchsite.harness import config, log_rows, mini_config, mini_site, no_partial_files, page, record_names, servers  # noqa: F401
from fetchsite.server import LocalServer, Route

from liaison.pipeline import manifest
from liaison.refresh import fetch as fetch_mod
from liaison.refresh.fetch import FetchConfig, FetchError, fetch, write_atomic

ROOT = Path(__file__).resolve().parents[1]
SINCE, UNTIL = fetch_mod.date(2018, 6, 1), fetch_mod.date(2018, 6, 30)


# ---------------------------------------------------------------- where records go


def test_refuses_to_write_into_the_archive(tmp_path):
    with pytest.raises(FetchError, match="vendored archive"):
        FetchConfig(SINCE, UNTIL, out_dir=ROOT / "data" / "raw" / "idcpc-en").records_dir()
    with pytest.raises(FetchError, match="vendored archive"):
        FetchConfig(SINCE, UNTIL, out_dir=ROOT / "data" / "raw" / "idcpc-en" / "records").records_dir()
    with pytest.raises(FetchError, match="vendored archive"):
        FetchConfig(SINCE, UNTIL, out_dir=tmp_path / "arch", archive_dir=tmp_path / "arch").records_dir()
    default = FetchConfig(SINCE, UNTIL).records_dir()
    assert default == ROOT / "data" / "raw" / "idcpc-fetched-2018-06-01-2018-06-30" / "records"


def test_interrupted_write_leaves_old_file_and_no_partial(tmp_path, monkeypatch):
    target = tmp_path / "records" / "t20180628_9012.txt"
    write_atomic(target, "old\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(fetch_mod.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# ---------------------------------------------------------------- never a DOCID twice


def test_docids_the_archive_or_another_raw_folder_has_are_skipped_and_logged(tmp_path, servers):
    server, _ = servers
    raw = tmp_path / "raw"
    archived = raw / "idcpc-en" / "records" / "t20180620_9007.txt"  # MEETING_SPD
    older = raw / "idcpc-fetched-older" / "records" / "t20180619_9013.txt"  # MEETING_LAOS
    for path in (archived, older):
        path.parent.mkdir(parents=True)
        path.write_text("placeholder: not read, only its name counts\n", encoding="utf-8")

    report = fetch(config(tmp_path, server.url))

    assert record_names(report) == fake.EXPECTED_DOCIDS - {"t20180620_9007", "t20180619_9013"}
    reasons = dict(report.skipped)
    assert reasons[server.url + fake.MEETING_SPD.path.lstrip("/")] == "already in the archive as t20180620_9007"
    assert reasons[server.url + fake.MEETING_LAOS.path.lstrip("/")] == "already in idcpc-fetched-older as t20180619_9013"
    assert server.site.requested(fake.MEETING_SPD.path) == 0  # known before any request
    assert server.site.requested(fake.MEETING_LAOS.path) == 0
    rows = log_rows(report.records_dir.parent)
    assert [server.url + fake.MEETING_SPD.path.lstrip("/"), "t20180620_9007",
            "skipped: already in the archive as t20180620_9007"] in rows
    assert [server.url + fake.MEETING_LAOS.path.lstrip("/"), "t20180619_9013",
            "skipped: already in idcpc-fetched-older as t20180619_9013"] in rows
    assert archived.read_text() == older.read_text() == "placeholder: not read, only its name counts\n"
    assert manifest.verify(report.records_dir.parent) == []


def test_the_real_archive_is_consulted_by_default(tmp_path):
    archived = "/english/news/201806/t20180625_96927.html"  # a DOCID of data/raw/idcpc-en/records
    assert (ROOT / "data" / "raw" / "idcpc-en" / "records" / "t20180625_96927.txt").is_file()
    site = mini_site([(archived, "x"), (fake.MEETING_SPD.path, "y")], {archived: Route(fake.article_html(fake.MEETING_CUBA)),
                                                                        **dict([page(fake.MEETING_SPD)])})
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url, archive_dir=fetch_mod.ARCHIVE_DIR))
    assert report.skipped == [(server.url + archived.lstrip("/"), "already in the archive as t20180625_96927")]
    assert record_names(report) == {"t20180620_9007"}
    assert site.requested(archived) == 0


def test_redirects_that_change_the_docid(tmp_path):
    """The record is named by the final URL's DOCID, which is checked against the archive too, and
    two URLs of one DOCID give one record."""
    renamed_from, renamed_to = "/english/news/201806/t20180616_9020.html", "/english/news/201806/t20180616_9021.html"
    to_archived = "/english/news/201806/t20180617_9030.html"
    twin = "/english2023/bzhd/201806/t20180616_9021.html"  # another section, the same DOCID as renamed_to
    to_listing = "/english/news/201806/t20180617_9031.html"
    site = mini_site(
        [(renamed_from, "a"), (to_archived, "b"), (twin, "c"), (to_listing, "d")],
        {
            renamed_from: Route(redirect=renamed_to),
            renamed_to: Route(fake.article_html(fake.MEETING_SPD)),
            to_archived: Route(redirect="/english/news/201806/t20180620_9007.html"),
            "/english/news/201806/t20180620_9007.html": Route(fake.article_html(fake.MEETING_SPD)),
            twin: Route(fake.article_html(fake.MEETING_SPD)),
            to_listing: Route(redirect="/english/news/"),
        },
    )
    archive = tmp_path / "raw" / "idcpc-en" / "records"
    archive.mkdir(parents=True)
    (archive / "t20180620_9007.txt").write_text("placeholder\n", encoding="utf-8")
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    base = server.url.rstrip("/")
    assert record_names(report) == {"t20180616_9021"}
    text = (report.records_dir / "t20180616_9021.txt").read_text()
    assert f"url: {base}{renamed_to}\n" in text
    assert dict(report.skipped) == {
        base + to_archived: f"already in the archive as t20180620_9007 (redirected to {base}/english/news/201806/t20180620_9007.html)",
        base + twin: f"same DOCID t20180616_9021 as {base}{renamed_from}, written by this run",
        base + to_listing: f"redirected to {base}/english/news/, which is not a news item's page",
    }
    assert {row[1] for row in log_rows(report.records_dir.parent) if row[2].startswith("skipped")} == {
        "t20180620_9007", "t20180616_9021", "t20180617_9031"}


# ---------------------------------------------------------------- records pass the codebook


def test_an_invalid_coded_record_is_skipped_not_written(tmp_path, monkeypatch):
    real = fetch_mod.code_page

    def miscoded(url, html, roster, table):
        values = real(url, html, roster, table)
        return {**values, "event_type": "party", "event_end_date": "2018-13-01"}

    monkeypatch.setattr(fetch_mod, "code_page", miscoded)
    site = mini_site([(fake.MEETING_SPD.path, "x")], dict([page(fake.MEETING_SPD)]))
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    assert report.written == []
    [(_, reason)] = report.skipped
    assert reason.startswith("coded record invalid: t20180620_9007: event_type: unknown value 'party'")
    assert "event_end_date: impossible date '2018-13-01'" in reason
    assert not report.records_dir.exists()


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ("url", "url field 'https://elsewhere.example/x.html' is not the page's URL"),
        ("name", "file name t20180620_9007x is not the codebook's DOCID t20180620_9007"),
    ],
)
def test_a_record_must_carry_its_url_and_be_named_by_its_docid(tmp_path, monkeypatch, patch, message):
    if patch == "url":
        real = fetch_mod.code_page
        monkeypatch.setattr(fetch_mod, "code_page",
                            lambda *a: {**real(*a), "url": "https://elsewhere.example/x.html"})
    else:
        real_id = fetch_mod.doc_id
        monkeypatch.setattr(fetch_mod, "doc_id", lambda url: real_id(url) + "x")
    site = mini_site([(fake.MEETING_SPD.path, "x")], dict([page(fake.MEETING_SPD)]))
    with LocalServer(site) as server:
        report = fetch(mini_config(tmp_path, server.url))
    assert report.written == []
    [(_, reason)] = report.skipped
    assert reason.startswith("coded record invalid: ") and message in reason


# ---------------------------------------------------------------- SHA256SUMS after every record


def test_the_folder_verifies_after_every_record(tmp_path, servers):
    server, _ = servers
    checked: list[str] = []

    def verify_now(article, path):
        if path is not None:
            assert manifest.verify(path.parent.parent) == [], f"after {path.name}"
            listed = manifest.read_manifest(path.parent.parent)
            assert f"records/{path.name}" in listed and "fetch-log.tsv" in listed
            checked.append(path.stem)

    report = fetch(config(tmp_path, server.url), on_article=verify_now)
    assert sorted(checked) == sorted(fake.EXPECTED_DOCIDS)
    assert manifest.verify(report.records_dir.parent) == []


def test_an_interruption_between_a_record_and_its_checkpoint_still_verifies(tmp_path, servers, monkeypatch):
    """Interrupted just after the second record is written, before its log and SHA256SUMS are: the run's
    last checkpoint (in its ``finally``) brings them up to date."""
    server, _ = servers
    real = fetch_mod.checkpoint
    calls: list[int] = []

    def interrupted_once(folder, outcomes):
        calls.append(len(outcomes))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(folder, outcomes)

    monkeypatch.setattr(fetch_mod, "checkpoint", interrupted_once)
    cfg = config(tmp_path, server.url)
    with pytest.raises(KeyboardInterrupt):
        fetch(cfg)
    assert len(calls) == 3  # record 1, record 2 (interrupted), the final one
    folder = cfg.records_dir().parent
    assert len(record_names(cfg.records_dir())) == 2
    assert manifest.verify(folder) == []
    assert sorted(manifest.read_manifest(folder)) == sorted(
        ["fetch-log.tsv", *(f"records/{name}.txt" for name in record_names(cfg.records_dir()))])
    assert no_partial_files(folder)


def test_stale_temporaries_of_a_killed_run_are_removed_not_listed(tmp_path, servers):
    server, _ = servers
    cfg = config(tmp_path, server.url)
    records = cfg.records_dir()
    records.mkdir(parents=True)
    stale = [records / ".t20180628_9012.txt.abc123.tmp", records.parent / ".SHA256SUMS.def456.tmp"]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    report = fetch(cfg)
    assert not any(path.exists() for path in stale)
    assert no_partial_files(records.parent)
    assert record_names(report) == fake.EXPECTED_DOCIDS
    assert manifest.verify(records.parent) == []


def test_a_run_that_cannot_start_leaves_an_existing_folder_as_it_was(tmp_path):
    site = mini_site([], robots=Route("no", status=403))
    cfg_folder = tmp_path / "raw" / "idcpc-fetched-test"
    (cfg_folder / "records").mkdir(parents=True)
    (cfg_folder / "records" / "t20180620_9007.txt").write_text("earlier run\n", encoding="utf-8")
    write_atomic(cfg_folder / "SHA256SUMS", manifest.manifest_text(cfg_folder))
    before = {p: p.read_bytes() for p in cfg_folder.rglob("*") if p.is_file()}
    with LocalServer(site) as server, pytest.raises(FetchError, match=r"robots\.txt unavailable"):
        fetch(mini_config(tmp_path, server.url))
    assert {p: p.read_bytes() for p in cfg_folder.rglob("*") if p.is_file()} == before
