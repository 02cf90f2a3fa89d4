"""Harvest logs and the methods chapter's coverage, deduplication and exclusion tables."""

from __future__ import annotations

import re
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
    defaults = {"event_type": "meeting", "lead_official": "Song Tao", "counterpart_orgs": "", "n_sources": 1,
                "source_kinds": "idcpc", "party_ids": ""}
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
            ("g", "duplicate", "same exchange (inside its span) as a"),
            ("h", "duplicate", "window review (merged) as a"),
            ("i", "duplicate", "window review (split) as j"),
        ]
    )
    table = harvest.merges_by_pass(records)
    assert table["pass"].tolist() == ["0", "1", "1b", "2", "3", "review", "review"]
    assert table["records_merged"].tolist() == [1, 2, 1, 0, 1, 1, 1]


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


# ---------------------------------------------------------------- the reviewed lists and what each changed


def _reviewed_records(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Synthetic records.csv rows with the columns the reviewed-list helpers read."""
    defaults = {"fate": "kept", "exchange_id": "", "reason": "", "rules_exchange_id": "", "date": "",
                "date_basis": "", "corrected_fields": ""}
    return pd.DataFrame([{**defaults, **r} for r in rows])


@pytest.mark.parametrize(
    "reason, kind",
    [
        ("not an exchange: 19th Congress press conference", "Not an exchange"),
        ("not an exchange of the department: the ambassador's call", "Not an exchange of the department"),
        ("not a single exchange: digest of several exchanges", "Not a single exchange"),
    ],
)
def test_exclusion_kind_reads_the_start_of_the_reason(reason, kind):
    assert harvest.exclusion_kind(reason) == kind


def test_exclusion_kind_rejects_an_unknown_start():
    with pytest.raises(ValueError, match="starts with none"):
        harvest.exclusion_kind("a press conference")


def _reference(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_listed_exclusions_must_be_excluded_in_records(tmp_path):
    ref = _reference(tmp_path, "exclusions.csv", "doc_id,reason\na,not an exchange: x\nb,not a single exchange: y\n")
    records = _reviewed_records([{"doc_id": "a", "fate": "excluded"}, {"doc_id": "b", "fate": "excluded"}])
    table = harvest.listed_exclusions(records, ref)
    assert table["kind"].tolist() == ["Not an exchange", "Not a single exchange"]
    by_reason = harvest.listed_exclusions_by_reason(records, ref)
    assert by_reason[["kind", "reason", "pages", "doc_ids"]].values.tolist() == [
        ["Not an exchange", "x", 1, "a"], ["Not a single exchange", "y", 1, "b"]]
    with pytest.raises(ValueError, match="does not exclude: b"):
        harvest.listed_exclusions(records.assign(fate=["excluded", "kept"]), ref)


def test_corrections_name_their_exchange_and_must_show_in_records(tmp_path):
    ref = _reference(tmp_path, "corrections.csv",
                     "doc_id,field,coded,corrected,reason\na,event_type,multilateral,notice,announces a coming event\n"
                     "b,event_end_date,2012-07-17,,an end with no first day\n")
    records = _reviewed_records([
        {"doc_id": "a", "exchange_id": "X1", "corrected_fields": "event_type"},
        {"doc_id": "b", "exchange_id": "X2", "corrected_fields": "idcpc_officials;event_end_date"},
    ])
    assert harvest.corrections(records, ref)["exchange_id"].tolist() == ["X1", "X2"]
    page = harvest.corrections_for_page(records, ref)
    assert page["page"].tolist() == ["a (event type)", "b (last day)"]
    assert page["correction"].tolist() == ["Multilateral event \u2192 Notice of a visit", "2012-07-17 \u2192 (empty)"]
    with pytest.raises(ValueError, match="does not show as corrected"):
        harvest.corrections(records.assign(corrected_fields=["", "event_end_date"]), ref)


def test_date_review_tells_reviewed_pages_from_dates_of_the_review_alone():
    records = _reviewed_records([
        {"doc_id": "a", "exchange_id": "X1", "date": "2018-01-01", "date_basis": "reviewed"},
        {"doc_id": "b", "exchange_id": "X1", "date": "2018-01-01", "date_basis": "event_date", "fate": "duplicate"},
        {"doc_id": "c", "exchange_id": "X2", "date": "2018-02-01", "date_basis": "reviewed"},
        {"doc_id": "d", "exchange_id": "X2", "fate": "duplicate"},
        {"doc_id": "e", "exchange_id": "X3", "date": "2018-03-01", "date_basis": "event_date"},
        {"doc_id": "f", "fate": "excluded", "date": "2018-03-01", "date_basis": "reviewed"},
    ])
    table = harvest.date_review(records)
    assert table["reviewed_page"].to_dict() == {"X1": True, "X2": True, "X3": False}
    assert table["review_alone"].to_dict() == {"X1": False, "X2": True, "X3": False}


def test_rules_exchanges_read_the_rules_id_and_whether_any_page_is_dated():
    records = _reviewed_records([
        {"doc_id": "a", "rules_exchange_id": "X1", "date": "2018-01-01"},
        {"doc_id": "b", "rules_exchange_id": "X1"},
        {"doc_id": "c", "rules_exchange_id": "Xu"},
        {"doc_id": "d", "fate": "excluded"},
    ])
    table = harvest.rules_exchanges(records).set_index("rules_exchange_id")
    assert table["pages"].to_dict() == {"X1": 2, "Xu": 1}
    assert table["dated"].to_dict() == {"X1": True, "Xu": False}


def test_rules_run_counts_exchanges_made_of_or_holding_given_pages():
    run = harvest.RulesRun((frozenset({"a"}), frozenset({"b", "c"}), frozenset({"d"}), frozenset({"e", "f"})), 1)
    assert len(run) == 4
    assert run.holding({"a", "b", "e", "f"}) == (2, 1)
    assert run.holding(set()) == (0, 0)


def test_rules_without_rejects_a_file_that_is_not_a_reviewed_list():
    with pytest.raises(ValueError, match=r"not a reviewed list: officials\.csv"):
        harvest.rules_without("officials.csv")


def test_rules_without_nothing_is_the_rules_grouping_records_csv_shows():
    """The counterfactual runs start from the same rules the processed tables record (rules_exchange_id)."""
    records = frames.load_records()
    pages = records[records["rules_exchange_id"] != ""]
    shown = {frozenset(group) for _, group in pages.groupby("rules_exchange_id")["doc_id"]}
    run = harvest.rules_without()
    assert set(run.exchanges) == shown
    assert run.undated == int((~harvest.rules_exchanges(records)["dated"]).sum())


def test_rules_without_a_list_changes_only_what_the_list_touches():
    records = frames.load_records()
    excluded = set(harvest.listed_exclusions(records)["doc_id"])
    with_all = harvest.rules_without()
    without = harvest.rules_without("exclusions.csv")
    # every exchange of the rules either survives unchanged or gains excluded pages
    assert {ex - excluded for ex in without.exchanges} - {frozenset()} == set(with_all.exchanges)
    undated = harvest.rules_without("dates.csv")
    assert undated.undated > with_all.undated and len(undated) > len(with_all)


def _review(tmp_path: Path) -> Path:
    return _reference(tmp_path, "window-review.csv",
                      "exchange_id,decision,reason\n"
                      "X20180101-aaaaaa,keep,one meeting\n"
                      "X20180102-bbbbbb,merge:X20180101-aaaaaa,the close of the same council\n"
                      "X20180103-cccccc,split:c2,another meeting that day\n"
                      "X20180104-dddddd,not_an_exchange,an overview\n")


def _review_records() -> pd.DataFrame:
    return _reviewed_records([
        {"doc_id": "a", "exchange_id": "X20180101-aaaaaa", "rules_exchange_id": "X20180101-aaaaaa"},
        {"doc_id": "b", "exchange_id": "X20180101-aaaaaa", "rules_exchange_id": "X20180102-bbbbbb", "fate": "duplicate"},
        {"doc_id": "c1", "exchange_id": "X20180103-cccccc", "rules_exchange_id": "X20180103-cccccc"},
        {"doc_id": "c2", "exchange_id": "X20180103-eeeeee", "rules_exchange_id": "X20180103-cccccc"},
        {"doc_id": "d", "fate": "excluded", "rules_exchange_id": "X20180104-dddddd"},
    ])


def test_window_audit_says_what_became_of_each_reviewed_exchange(tmp_path):
    audit = harvest.window_audit(_review_records(), _review(tmp_path))
    assert audit["decision"].tolist() == ["keep", "merge", "split", "not_an_exchange"]
    assert audit["first_day"].tolist() == ["1 Jan 2018", "2 Jan 2018", "3 Jan 2018", "4 Jan 2018"]
    assert audit["book_exchange_ids"].tolist() == ["X20180101-aaaaaa", "X20180101-aaaaaa",
                                                   "X20180103-cccccc;X20180103-eeeeee", ""]
    assert audit["in_book"].tolist() == [
        "unchanged",
        "merged into X20180101-aaaaaa",
        "1 of its pages form X20180103-eeeeee, the other 1 stay as X20180103-cccccc",
        "1 page excluded",
    ]


def test_a_kept_exchange_whose_id_moved_says_its_new_id(tmp_path):
    records = _review_records()
    records.loc[records["doc_id"].isin(["a", "b"]), "exchange_id"] = "X20171231-aaaaaa"
    audit = harvest.window_audit(records, _review(tmp_path))
    assert audit.loc[0, "in_book"] == "as X20171231-aaaaaa"


def test_window_audit_refuses_an_exchange_records_csv_does_not_have(tmp_path):
    records = _review_records().iloc[:1]
    with pytest.raises(ValueError, match="does not have"):
        harvest.window_audit(records, _review(tmp_path))


def test_window_audit_html_groups_by_decision_and_escapes(tmp_path):
    audit = harvest.window_audit(_review_records(), _review(tmp_path))
    audit.loc[0, "reason"] = "<b>one</b> meeting"
    html = harvest.WindowAudit(audit)._repr_html_()
    summaries = [line.split("<summary>")[1].split("</summary>")[0] for line in html.splitlines() if "<summary>" in line]
    assert summaries == [f"{label}: 1 exchange" for label in harvest.DECISION_LABELS.values()]
    assert "<b>one</b>" not in html and "&lt;b&gt;one&lt;/b&gt;" in html
    assert 'download="window-review-audit.csv"' in html
    # a decision taken on no exchange has no group
    only_keep = harvest.WindowAudit(audit[audit["decision"] == "keep"])._repr_html_()
    assert only_keep.count("<details") == 1


def test_the_real_window_review_covers_the_window_the_audit_shows():
    records = frames.load_records()
    audit = harvest.window_audit(records)
    review = harvest.window_review()
    assert len(audit) == len(review) and set(audit["exchange_id"]) == set(review["exchange_id"])
    assert list(dict.fromkeys(audit["decision"])) == [k for k in harvest.DECISION_LABELS if k in set(review["decision"])]


# ---------------------------------------------------------------- prose for the methods chapter


def test_labels_phrase_uses_labels_and_semicolons_when_a_label_holds_a_comma():
    assert harvest.labels_phrase(["meeting", "video_call"], codebook.EVENT_TYPE_LABELS, lower=True) == (
        "meeting in China and video call")
    assert harvest.labels_phrase(["global_initiatives", "covid", "belt_and_road"], codebook.FORMULATION_LABELS) == (
        "Global initiatives (GDI, GSI, GCI); COVID-19 and Belt and Road Initiative")
    assert harvest.labels_phrase(["one_china", "covid", "belt_and_road"], codebook.FORMULATION_LABELS) == (
        "One China, COVID-19 and Belt and Road Initiative")
    assert harvest.labels_phrase(["covid"], codebook.FORMULATION_LABELS) == "COVID-19"
    assert harvest.labels_phrase([], codebook.FORMULATION_LABELS) == ""


def _regions(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region", "exchanges", "share_of_window_pct"])


def test_leading_regions_names_one_leader_or_every_tied_one():
    assert harvest.leading_regions(_regions([("Asia", 48, 58.5), ("Africa", 15, 18.3)])) == (
        "Asia leads with 48 exchanges (58% of the window)")
    assert harvest.leading_regions(_regions([("Asia", 1, 50.0), ("Europe", 1, 50.0), ("Africa", 0, 0.0)])) == (
        "Asia and Europe lead with 1 exchange each (50% of the window each)")
    assert harvest.leading_regions(_regions([(codebook.NO_COUNTRY, 3, 100.0)])).startswith("no region leads")
    assert harvest.leading_regions(_regions([])).startswith("no region leads")


@pytest.mark.parametrize(
    "counts, sentence",
    [
        ({"keep": 74, "merge": 11, "split": 6, "not_an_exchange": 4},
         "keeps 74 as the rules make them, merges 11 into another exchange, splits 6 in two and finds that the "
         "pages of 4 report no exchange at all"),
        ({"keep": 1, "merge": 0, "split": 1, "not_an_exchange": 0}, "keeps 1 as the rules make it and splits 1 in two"),
        ({"keep": 0, "merge": 0, "split": 0, "not_an_exchange": 1}, "finds that the pages of 1 report no exchange at all"),
        ({}, "decides on none"),
    ],
)
def test_window_review_sentence_leaves_out_decisions_taken_on_none(counts, sentence):
    assert harvest.window_review_sentence(counts) == sentence


def test_ambiguous_names_are_quoted_in_prose(tmp_path):
    ref = _reference(tmp_path, "ambiguous_country_names.csv", "name,could_be,note\nKorea,x,y\nCongo,x,y\n")
    assert harvest.ambiguous_names(ref) == "\u201cKorea\u201d and \u201cCongo\u201d"


def test_collapsible_escapes_its_summary_and_shows_a_table():
    box = harvest.Collapsible("a <summary>", pd.DataFrame({"a": [1]}), columns={"a": "A"})
    html = box._repr_html_()
    assert html.startswith('<details class="liaison-collapsible"><summary>a &lt;summary&gt;</summary>')
    assert re.search(r"<th[^>]*>A</th>", html)
    assert 'open' not in html.split(">")[0]
    assert harvest.Collapsible("s", pd.DataFrame({"a": [1]}), opened=True)._repr_html_().startswith(
        '<details class="liaison-collapsible" open>')
