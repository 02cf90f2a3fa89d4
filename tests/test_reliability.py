"""Inter-coder reliability: kappa against hand-worked examples, synthetic codings, and the real sample's structure."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from liaison import codebook, paths
from liaison.codebook import FIELDS
from liaison.pipeline.records import RecordError, load_records
from liaison.tables import reliability
from liaison.tables.reliability import ReliabilityError

# ---------------------------------------------------------------- Cohen's kappa


def test_kappa_matches_a_hand_worked_example():
    # 50 items: both yes 20, first yes/second no 5, first no/second yes 10, both no 15.
    # p_o = 35/50 = 0.70; first says yes 25/50, second 30/50;
    # p_e = 0.5*0.6 + 0.5*0.4 = 0.50; kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40.
    first = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert reliability.cohen_kappa(first, second) == pytest.approx(0.40)


def test_kappa_three_categories_hand_worked():
    # 10 items, labels a/b/c. Agreements: 7 of 10 -> p_o = 0.7.
    # first: a 4, b 3, c 3; second: a 3, b 5, c 2 -> p_e = (4*3 + 3*5 + 3*2) / 100 = 0.33.
    # kappa = (0.7 - 0.33) / 0.67 = 0.5522...
    first = list("aaaabbbccc")
    second = list("aabbbbbcca")
    assert sum(x == y for x, y in zip(first, second)) == 7
    assert reliability.cohen_kappa(first, second) == pytest.approx(0.37 / 0.67)


def test_kappa_is_one_for_perfect_agreement_and_undefined_for_a_constant_label():
    assert reliability.cohen_kappa([True, False, True], [True, False, True]) == pytest.approx(1.0)
    assert math.isnan(reliability.cohen_kappa([False] * 5, [False] * 5))


def test_kappa_is_zero_when_one_coder_uses_a_rare_label_once():
    # The rare-key case the chapter discusses: 39 pages agree, one coder alone marks one page.
    assert reliability.cohen_kappa([False] * 40, [False] * 39 + [True]) == pytest.approx(0.0)


def test_kappa_rejects_unequal_or_empty_codings():
    with pytest.raises(ValueError):
        reliability.cohen_kappa([1, 2], [1])
    with pytest.raises(ValueError):
        reliability.cohen_kappa([], [])


# ---------------------------------------------------------------- synthetic codings


def _record(**values: str) -> str:
    """A synthetic record's text: every codebook field, defaults for a department meeting page."""
    base = {
        "url": "http://www.idcpc.org.cn/english/news/201801/t20180101_1.html",
        "source": "IDCPC website",
        "source_kind": "idcpc",
        "title": "Synthetic test page",
        "page_date": "2018-01-02",
        "event_date": "2018-01-02",
        "event_end_date": "",
        "place": "Beijing, China",
        "event_type": "meeting",
        "idcpc_officials": "Song Tao (Minister)",
        "counterpart_people": "",
        "counterpart_orgs": "",
        "counterpart_countries": "Vietnam",
        "mentions": "",
        "foreign_side_endorses": "",
        "truncated": "no",
        "summary": "Synthetic record written for a unit test.",
    }
    base.update(values)
    return "\n".join(f"{key}: {base[key]}" for key in FIELDS) + "\n"


def _write(folder: Path, records: dict[str, str]) -> Path:
    """Each record under its DOCID, with the department URL that DOCID stands for."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc, text in records.items():
        url = f"https://www.idcpc.org.cn/english/news/201801/{doc}.html"
        text = "\n".join(f"url: {url}" if line.startswith("url:") else line for line in text.splitlines()) + "\n"
        (folder / f"{doc}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def synthetic(tmp_path: Path) -> tuple[Path, Path]:
    """Synthetic codings: three pages coded twice, one extra first-coding page never sampled."""
    first = _write(
        tmp_path / "records",
        {
            "t20180101_1": _record(mentions="belt_and_road, one_china", foreign_side_endorses="one_china"),
            "t20180101_2": _record(counterpart_countries="South Korea", idcpc_officials="Guo Yezhou (Vice-minister)"),
            "t20180101_3": _record(event_type="multilateral", mentions="belt_and_road"),
            "t20180101_4": _record(),
        },
    )
    second = _write(
        tmp_path / "second",
        {
            # same keys in another order: identical
            "t20180101_1": _record(mentions="one_china, belt_and_road", foreign_side_endorses="one_china"),
            # other spellings of the same country and official: identical after normalization;
            # the event date differs
            "t20180101_2": _record(
                counterpart_countries="Republic of Korea", idcpc_officials="Guo Juzhou (Vice-Minister)", event_date=""
            ),
            # event type and one mention differ
            "t20180101_3": _record(event_type="meeting", mentions="belt_and_road, governance_experience"),
        },
    )
    return first, second


def test_synthetic_pairs_are_normalized_before_comparison(synthetic):
    pairs = reliability.load_pairs(*synthetic)
    assert [p.doc_id for p in pairs] == ["t20180101_1", "t20180101_2", "t20180101_3"]
    p2 = pairs[1]
    assert p2.first.countries == p2.second.countries == frozenset({"KOR"})
    assert p2.first.lead_official == p2.second.lead_official == "Guo Yezhou"


def test_synthetic_field_agreement(synthetic):
    fields = reliability.field_agreement(reliability.load_pairs(*synthetic))
    assert fields.loc["counterpart countries", "identical"] == 3
    assert fields.loc["lead official", "identical"] == 3
    assert fields.loc["event date", "identical"] == 2
    assert fields.loc["event type", "identical"] == 2
    assert fields.loc["mentions", "identical"] == 2
    assert fields.loc["mentions", "agreement_pct"] == pytest.approx(66.7)
    # event type: first meeting, meeting, multilateral; second meeting x3
    # p_o = 2/3; p_e = (2/3)(3/3) + (1/3)(0) = 2/3 -> kappa 0
    assert fields.loc["event type", "kappa"] == pytest.approx(0.0)
    assert math.isnan(fields.loc["event date", "kappa"])


def test_synthetic_key_agreement(synthetic):
    keys = reliability.key_agreement(reliability.load_pairs(*synthetic))
    bri = keys.loc["belt_and_road"]
    assert (bri["both"], bri["first_only"], bri["second_only"], bri["neither"]) == (2, 0, 0, 1)
    assert bri["kappa"] == pytest.approx(1.0)
    gov = keys.loc["governance_experience"]
    assert (gov["both"], gov["second_only"], gov["neither"]) == (0, 1, 2)
    assert gov["agreement_pct"] == pytest.approx(66.7)
    assert math.isnan(keys.loc["covid", "kappa"])  # neither coder used it
    endorse = reliability.key_agreement(reliability.load_pairs(*synthetic), "endorses")
    assert endorse.loc["one_china", "both"] == 1
    with pytest.raises(ValueError):
        reliability.key_agreement(reliability.load_pairs(*synthetic), "summary")


def test_synthetic_disagreement_list(synthetic):
    table = reliability.disagreements(reliability.load_pairs(*synthetic))
    assert list(table.columns) == ["doc_id", "field", "first coding", "second coding"]
    rows = [tuple(r) for r in table.itertuples(index=False)]
    assert rows == [
        ("t20180101_2", "event date", "2018-01-02", "(empty)"),
        ("t20180101_3", "event type", "multilateral", "meeting"),
        ("t20180101_3", "mentions", "belt_and_road", "belt_and_road, governance_experience"),
    ]


def test_a_second_coding_without_a_first_coding_is_an_error(synthetic, tmp_path):
    first, second = synthetic
    _write(second, {"t20180101_9": _record()})
    with pytest.raises(ReliabilityError, match="t20180101_9"):
        reliability.load_pairs(first, second)


def test_an_invalid_second_coding_is_reported_by_file_and_field(synthetic):
    first, second = synthetic
    (second / "t20180101_1.txt").write_text(_record(event_type="talks"), encoding="utf-8")
    with pytest.raises(RecordError, match=r"t20180101_1\.txt: event_type"):
        reliability.load_pairs(first, second)


def test_an_unknown_official_is_an_error(synthetic):
    first, second = synthetic
    (second / "t20180101_1.txt").write_text(_record(idcpc_officials="Nobody Known (Minister)"), encoding="utf-8")
    with pytest.raises(ReliabilityError, match="Nobody Known"):
        reliability.load_pairs(first, second)


def test_formatted_tables_show_text_not_nan(synthetic):
    pairs = reliability.load_pairs(*synthetic)
    fields = reliability.formatted(reliability.field_agreement(pairs), na="not applicable")
    assert fields.loc["event date", "kappa"] == "not applicable"
    assert fields.loc["mentions", "agreement"] == "66.7%"
    keys = reliability.formatted(reliability.key_agreement(pairs), na="undefined")
    assert keys.loc["covid", "kappa"] == "undefined"
    assert keys.loc["belt_and_road", "kappa"] == "1.00"


def test_stated_agreement_is_read_from_the_readme(tmp_path, synthetic):
    readme = tmp_path / "README.md"
    readme.write_text(
        "## Inter-coder reliability\nA second coding. Measured on this archive: event type\n3/3, event date 1/3 identical.\n",
        encoding="utf-8",
    )
    stated = reliability.stated_agreement(readme)
    assert stated == {"event type": (3, 3), "event date": (1, 3)}
    table = reliability.compare_with_stated(reliability.field_agreement(reliability.load_pairs(*synthetic)), stated)
    assert table.loc["event type", "same"] == "no"  # synthetic codings agree on 2 of 3
    assert table.loc["event date", "same"] == "no"
    readme.write_text("No reliability figures here.\n", encoding="utf-8")
    with pytest.raises(ValueError):
        reliability.stated_agreement(readme)


# ---------------------------------------------------------------- the real files


@pytest.fixture(scope="module")
def real_pairs() -> list[reliability.Pair]:
    return reliability.load_pairs()


def test_real_sample_has_forty_pairs_each_with_a_first_coding(real_pairs):
    second = sorted(p.stem for p in paths.SECOND_CODING_DIR.glob("*.txt"))
    assert len(second) == 40
    assert all((paths.ARCHIVE_RECORDS / f"{doc}.txt").exists() for doc in second)
    assert [p.doc_id for p in real_pairs] == second


def test_real_second_coding_parses_cleanly_and_comes_from_the_department(real_pairs):
    records, problems = load_records(paths.SECOND_CODING_DIR)
    assert problems == []
    assert len(records) == 40
    # The README: the sample was drawn from the department's own pages.
    assert {p.first.source_kind for p in real_pairs} == {"idcpc"}
    assert {p.second.source_kind for p in real_pairs} == {"idcpc"}


def test_real_disagreement_list_is_consistent_with_the_agreement_table(real_pairs):
    fields = reliability.field_agreement(real_pairs)
    listed = reliability.disagreements(real_pairs)["field"].value_counts()
    for label, row in fields.iterrows():
        assert row["pages"] == len(real_pairs)
        assert listed.get(label, 0) == row["pages"] - row["identical"], label
    keys = reliability.key_agreement(real_pairs)
    assert (keys[["both", "first_only", "second_only", "neither"]].sum(axis=1) == len(real_pairs)).all()


def test_real_readme_states_agreement_for_compared_fields(real_pairs):
    stated = reliability.stated_agreement()
    assert set(stated) == set(reliability.README_FIELDS)
    assert all(pages == len(real_pairs) for _, pages in stated.values())
    table = reliability.compare_with_stated(reliability.field_agreement(real_pairs), stated)
    assert list(table.index) == [reliability.README_FIELDS[k] for k in stated]


def test_disagreements_for_the_page_show_labels_not_keys(synthetic):
    table = reliability.disagreements(reliability.load_pairs(*synthetic), labels=True)
    assert table.iloc[2]["second coding"] == "Belt and Road Initiative; Governance experience"
    assert table.iloc[0]["first coding"] == "2018-01-02"  # values that are not keys are shown as coded


def test_key_table_names_each_idea_by_its_label(synthetic):
    table = reliability.key_table(reliability.key_agreement(reliability.load_pairs(*synthetic)))
    assert list(table.columns[:2]) == ["idea", "both"]
    assert table["idea"].tolist() == [codebook.FORMULATION_LABELS[k] for k in codebook.MENTION_KEYS]
    assert table.set_index("idea").loc["COVID-19", "kappa"] == "undefined"


def _keys(kappas: list[float]) -> pd.DataFrame:
    keys = codebook.MENTION_KEYS[: len(kappas)]
    return pd.DataFrame({"kappa": kappas, "agreement_pct": [90.0 + i for i in range(len(kappas))]},
                        index=pd.Index(keys, name="key"))


def test_lowest_kappa_over_both_lists_ties_to_mentions_then_codebook_order():
    nan = float("nan")
    low = reliability.lowest_kappa(_keys([1.0, 0.5, nan]), _keys([0.5, 0.9, 1.0]))
    assert (low["key"], low["list"], low["kappa"]) == (codebook.MENTION_KEYS[1], "mentions", 0.5)
    low = reliability.lowest_kappa(_keys([nan, 1.0]), _keys([0.0, nan]))
    assert (low["key"], low["list"], low["agreement_pct"]) == (codebook.MENTION_KEYS[0], "endorsements", 90.0)
    assert reliability.lowest_kappa_phrase(low) == f"{codebook.FORMULATION_LABELS[codebook.MENTION_KEYS[0]]} in the endorsements"
    with pytest.raises(ValueError, match="no key has a defined kappa"):
        reliability.lowest_kappa(_keys([nan]), _keys([nan]))
