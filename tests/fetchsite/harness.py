"""What the fetcher's test files share: a run's configuration, the local sites, a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from liaison.refresh.fetch import FetchConfig

from . import site as fake
from .server import LocalServer, Route, Site

SINCE, UNTIL = date(2018, 6, 1), date(2018, 6, 30)


@pytest.fixture
def servers():
    """The imitation site and a second origin ('off-site') that must never be reached."""
    with LocalServer(Site()) as offsite:
        site = fake.build_site(f"http://localhost:{offsite.port}/")
        with LocalServer(site) as server:
            yield server, offsite


def config(tmp_path: Path, base_url: str, **overrides) -> FetchConfig:
    """A fast run against a 127.0.0.1 site: no interval (the test-only escape hatch), short deadline,
    tiny backoff; records in tmp_path/raw/idcpc-fetched-test, an empty archive in tmp_path/raw/idcpc-en."""
    values = dict(
        since=SINCE, until=UNTIL, out_dir=tmp_path / "raw" / "idcpc-fetched-test", base_url=base_url,
        cache_dir=tmp_path / "cache", interval=0.0, timeout=0.5, retries=2, backoff=0.01, progress=False,
        archive_dir=tmp_path / "raw" / "idcpc-en",
    )
    values.update(overrides)
    return FetchConfig(**values)


def record_names(report_or_dir) -> set[str]:
    folder = report_or_dir if isinstance(report_or_dir, Path) else report_or_dir.records_dir
    return {p.stem for p in folder.glob("*.txt")}


def no_partial_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]


def log_rows(folder: Path) -> list[list[str]]:
    """fetch-log.tsv's rows (url, docid, outcome), without its header line."""
    lines = (folder / "fetch-log.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# liaison fetch log")
    return [line.split("\t") for line in lines[1:]]


class FakeTime:
    """An injectable sleep and monotonic clock: sleeping advances the clock, and each wait is recorded."""

    def __init__(self, wall: datetime = datetime(2018, 6, 30, 12, 0, 0, tzinfo=UTC)):
        self.now = 0.0
        self.waits: list[float] = []
        self.wall = wall

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now

    def wall_clock(self) -> datetime:
        return self.wall


def mini_site(items: list[tuple[str, str]], routes: dict[str, Route] | None = None,
              robots: Route | None = None) -> Site:
    """A site with robots.txt (fake.ROBOTS unless given), one listing (/english/news/) of ``items``
    (href, headline) and ``routes``; run it with :func:`mini_config` (that one section, no search)."""
    site = Site()
    site.routes["/robots.txt"] = robots or Route(fake.ROBOTS, content_type="text/plain")
    site.routes["/english/news/"] = Route(fake.listing_html(items))
    site.routes.update(routes or {})
    return site


def mini_config(tmp_path: Path, base_url: str, **overrides) -> FetchConfig:
    return config(tmp_path, base_url, **{"sections": ("english/news/",), "search_channels": (), **overrides})


def page(readout: fake.Readout, path: str | None = None) -> tuple[str, Route]:
    """(path, route) serving a readout's article page, at its own path or another."""
    return path or readout.path, Route(fake.article_html(readout))
