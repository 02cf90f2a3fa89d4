"""Harvest logs and the methods chapter's coverage, deduplication and exclusion tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from liaison import codebook, paths
from liaison.tables import counting, countries, frames, harvest
from liaison.tables.harvest import HarvestLogError

# ---------------------------------------------------------------- parsing the logs


def test_parse_line_reads_counts_and_keeps_notes():
    q = harvest.parse_line("Song Tao Meets with CPV Delegation | 3 (+5 outside period: Aug 2017 x4) | 1 (citation-only)", "h2.log", 7)
    assert (q.log, q.round, q.line) == ("h2.log", 1, 7)
    assert q.query == "Song Tao Meets with CPV Delegation"
    assert (q.relevant, q.relevant_note) == (3, "(+5 outside period: Aug 2017 x4)")
    assert (q.new, q.new_note) == (1, "(citation-only)")
    plain = harvest.parse_line("宋涛 会见 | 0 | 0", "r6.log", 1)
    assert (plain.relevant, plain.new, plain.relevant_note, plain.new_note) == (0, 0, "", "")


@pytest.mark.parametrize(
    "line, message",
    [
        ("query | relevant results | new records", r"h1\.log, line 4: the relevant results field"),
        ("a query with no counts", r"h1\.log, line 4: expected .* found 0"),
        ("a query | 2", r"h1\.log, line 4: expected .* found 1"),
        ("a | b | 1 | 2", r"h1\.log, line 4: expected .* found 3"),
        (" | 1 | 1", r"h1\.log, line 4: empty query"),
        ("a query | 1 | some", r"h1\.log, line 4: the new records field 'some'"),
    ],
)
def test_odd_lines_raise_naming_file_and_line(line, message):
    with pytest.raises(HarvestLogError, match=message):
        harvest.parse_line(line, "h1.log", 4)


@pytest.mark.parametrize("name, expected", [("h1.log", 1), ("h7", 1), ("r1.log", 2), ("r5.log", 2), ("r6.log", 3), ("r9.log", 3),
                                            ("r10.log", 4), ("r12.log", 4)])
def test_round_of_follows_the_archive_readme(name, expected):
    assert harvest.round_of(name) == expected


@pytest.mark.parametrize("name", ["r13.log", "r0.log", "x1.log", "notes.log"])
def test_round_of_rejects_undocumented_logs(name):
    with pytest.raises(HarvestLogError, match=name.split(".")[0]):
        harvest.round_of(name)


def _synthetic_logs(folder: Path) -> Path:
    """Synthetic logs: two first-round files (h2 and h10, for natural ordering) and one third-round file."""
    folder.mkdir()
    (folder / "h2.log").write_text("q1 | 2 | 1\nq2 | 0 | 0\n\n", encoding="utf-8")
    (folder / "h10.log").write_text("q3 | 4 (2 already saved) | 2\n", encoding="utf-8")
    (folder / "r6.log").write_text("q4 | 1 | 3 (written afterwards)\nq5 | 0 | 0\n", encoding="utf-8")
    return folder


def test_read_log_skips_blank_lines_and_counts_line_numbers(tmp_path):
    path = tmp_path / "h3.log"
    path.write_text("q1 | 1 | 1\n\nquery | relevant | new\n", encoding="utf-8")
    with pytest.raises(HarvestLogError, match=r"h3\.log, line 3"):
        harvest.read_log(path)
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(HarvestLogError, match="no queries"):
        harvest.read_log(path)


def test_tables_from_synthetic_logs(tmp_path):
    queries = harvest.load_queries(_synthetic_logs(tmp_path / "logs"))
    assert list(queries["log"].unique()) == ["h2", "h10", "r6"]
    logs = harvest.by_log(queries).set_index("log")
    assert logs.loc["h2", ["queries", "relevant_results", "new_records", "queries_with_nothing_relevant"]].tolist() == [2, 2, 1, 1]
    assert logs.loc["r6", "round"] == codebook.HARVEST_ROUNDS[3]
    rounds = harvest.by_round(queries).set_index("round")
    first = rounds.loc[codebook.HARVEST_ROUNDS[1]]
    assert (first["logs"], first["queries"], first["relevant_results"], first["new_records"]) == ("h2-h10", 3, 6, 3)
    assert first["new_records_per_query"] == pytest.approx(1.0)
    assert rounds.loc[codebook.HARVEST_ROUNDS[3], "logs"] == "r6"


def test_load_queries_needs_logs(tmp_path):
    with pytest.raises(HarvestLogError, match=r"no \*.log"):
        harvest.load_queries(tmp_path)


def test_real_logs_parse_into_four_rounds():
    queries = harvest.load_queries()
    logs = harvest.by_log(queries)
    assert list(logs["log"]) == [f"h{i}" for i in range(1, 8)] + [f"r{i}" for i in range(1, 13)]
    rounds = harvest.by_round(queries)
    assert list(rounds["logs"]) == ["h1-h7", "r1-r5", "r6-r9", "r10-r12"]
    assert rounds["queries"].sum() == len(queries) == logs["queries"].sum()
    assert rounds["new_records"].sum() == logs["new_records"].sum()
    # every non-blank line of every log is one query
    lines = sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
        for p in paths.HARVEST_DIR.glob("*.log")
    )
    assert len(queries) == lines
    assert queries["relevant"].dtype.kind == queries["new"].dtype.kind == "i"  # counts, not text


# ---------------------------------------------------------------- coverage, deduplication, exclusions


def _exchanges(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Synthetic exchanges with the columns the helpers read."""
    defaults = {"event_type": "meeting", "lead_official": "Song Tao", "counterpart_orgs": "", "n_sources": 1}
    return pd.DataFrame([{**defaults, **r} for r in rows])


def test_window_exchanges_uses_the_window_and_the_main_rule():
    ex = _exchanges(
        [
            {"exchange_id": "A", "event_date": "2018-01-10", "countries": "VNM"},
            {"exchange_id": "B", "event_date": "2018-01-11", "countries": "VNM", "event_type": "notice"},
            {"exchange_id": "C", "event_date": "2016-05-01", "countries": "VNM"},
            {"exchange_id": "D", "event_date": "", "countries": "VNM"},
        ]
    )
    assert list(counting.window_exchanges(ex)["exchange_id"]) == ["A"]


def test_exchanges_by_region_counts_each_exchange_once_per_region():
    ex = _exchanges(
        [
            {"exchange_id": "A", "event_date": "2018-01-10", "countries": "VNM;JPN"},
            {"exchange_id": "B", "event_date": "2018-01-11", "countries": "ZAF;JPN"},
            {"exchange_id": "C", "event_date": "2018-01-12", "countries": ""},
        ]
    )
    table = countries.exchanges_by_region(ex).set_index("region")
    assert table.loc["Asia", "exchanges"] == 2  # not 3: A names two Asian countries
    assert table.loc["Asia", "countries"] == 2
    assert table.loc["Africa", "exchanges"] == 1
    assert table.loc[codebook.NO_COUNTRY, "exchanges"] == 1
    assert table.loc["Asia", "share_of_window_pct"] == pytest.approx(66.7)
    assert list(table.index) == ["Asia", "Africa", codebook.NO_COUNTRY]


def _records(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Synthetic records.csv rows: (doc_id, fate, reason)."""
    df = pd.DataFrame(rows, columns=["doc_id", "fate", "reason"])
    df["source_kind"] = "idcpc"
    df["date"] = "2018-01-01"
    df["year"] = pd.array([2018] * len(df), dtype="Int64")
    return df


def test_merges_by_pass_reads_the_reason_column():
    records = _records(
        [
            ("a", "kept", ""),
            ("b", "duplicate", "same article as a"),
            ("c", "duplicate", "same exchange as a"),
            ("d", "duplicate", "same exchange as a"),
            ("e", "duplicate", "same exchange (undated, same people) as a"),
            ("f", "excluded", "not an exchange: press conference"),
        ]
    )
    table = harvest.merges_by_pass(records)
    assert table["pass"].tolist() == [0, 1, 2, 3]
    assert table["records_merged"].tolist() == [1, 2, 0, 1]


def test_merges_by_pass_rejects_an_unknown_reason():
    with pytest.raises(ValueError, match="same day"):
        harvest.merges_by_pass(_records([("b", "duplicate", "same day as a")]))


def test_exclusions_are_sorted_by_reason_then_docid():
    records = _records(
        [("z", "excluded", "not an exchange: b"), ("y", "excluded", "not an exchange: a"),
         ("x", "excluded", "not an exchange: b"), ("w", "kept", "")]
    )
    table = harvest.exclusions(records)
    assert table["doc_id"].tolist() == ["y", "x", "z"]
    assert table["source"].unique().tolist() == [codebook.SOURCE_KIND_LABELS["idcpc"]]


def test_exclusion_reasons_group_pages_most_frequent_first():
    records = _records(
        [("z", "excluded", "not an exchange: b"), ("y", "excluded", "not an exchange: a"), ("x", "excluded", "not an exchange: b")]
    )
    table = harvest.exclusion_reasons(records)
    assert table.to_dict("records") == [
        {"reason": "not an exchange: b", "pages": 2, "doc_ids": "x, z"},
        {"reason": "not an exchange: a", "pages": 1, "doc_ids": "y"},
    ]


def test_department_share_by_year_leaves_out_thin_years():
    records = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(13)],
            "fate": ["kept"] * 12 + ["excluded"],
            "source_kind": ["idcpc"] * 3 + ["foreign_media"] * 7 + ["idcpc"] * 3,
            "year": pd.array([2018] * 10 + [2019] * 3, dtype="Int64"),
        }
    )
    table = harvest.department_share_by_year(records, min_pages=10)
    assert table.to_dict("records") == [{"year": 2018, "pages": 10, "department": 3, "department_share_pct": 30.0}]


def test_multilateral_single_country_picks_label_country_mismatches():
    ex = _exchanges(
        [
            {"exchange_id": "A", "event_date": "2018-01-10", "countries": "USA", "event_type": "multilateral", "title": "t"},
            {"exchange_id": "B", "event_date": "2018-01-11", "countries": "USA;CHN;JPN", "event_type": "multilateral", "title": "t"},
            {"exchange_id": "C", "event_date": "2018-01-12", "countries": "USA", "event_type": "meeting", "title": "t"},
        ]
    )
    assert harvest.multilateral_single_country(ex)["exchange_id"].tolist() == ["A"]


def test_real_processed_tables_are_accounted_for():
    records = frames.load_records()
    merged = harvest.merges_by_pass(records)
    assert merged["records_merged"].sum() == (records["fate"] == "duplicate").sum()
    assert len(harvest.exclusions(records)) == (records["fate"] == "excluded").sum()
    assert harvest.exclusion_reasons(records)["pages"].sum() == (records["fate"] == "excluded").sum()
    exchanges = frames.load_exchanges()
    window = counting.window_exchanges(exchanges)
    regions = countries.exchanges_by_region(window)
    # an exchange counts once per region, so regions add up to at least the window's exchanges
    assert regions["exchanges"].sum() >= len(window)
    assert regions["countries"].sum() == len(countries.country_counts(window))


def test_a_bare_bar_inside_a_note_or_query_is_not_a_separator():
    """The fourth round's logs cite Party Watch reports as '1|32'; only a bar between spaces separates."""
    q = harvest.parse_line("Weekly Report 1| | 2 (ccpwatch 1|30 and 1|32 known) | 0", "r10.log", 3)
    assert (q.query, q.relevant, q.relevant_note, q.new) == ("Weekly Report 1|", 2, "(ccpwatch 1|30 and 1|32 known)", 0)
