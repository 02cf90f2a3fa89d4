"""Deduplication: the matching rule on synthetic items, and on the archive's real clusters."""

from __future__ import annotations

from liaison.pipeline.dedup import Item, cluster, exchange_type, same_article, same_exchange


def item(doc_id: str, **kw) -> Item:
    """A synthetic item for rule tests (defaults: a bilateral meeting in China with Vietnam)."""
    values = dict(
        label="meeting", start="2018-01-10", end="", basis="event_date", countries=frozenset({"VNM"}),
        places=frozenset({"CHN"}), city="beijing", lead="Song Tao", people=frozenset(), url_key=doc_id,
        title_key="", page_date="", event_date="2018-01-10", source_kind="idcpc",
    )
    values.update(kw)
    return Item(doc_id=doc_id, **values)


# ---------------------------------------------------------------- rules on synthetic items


def test_same_day_country_and_official_match():
    assert same_exchange(item("a"), item("b", source_kind="foreign_media"))


def test_different_day_official_place_or_country_do_not_match():
    assert not same_exchange(item("a"), item("b", start="2018-01-11"))
    assert not same_exchange(item("a"), item("b", lead="Guo Yezhou"))
    assert not same_exchange(item("a"), item("b", places=frozenset({"VNM"})))
    assert not same_exchange(item("a"), item("b", countries=frozenset({"LAO"})))


def test_unnamed_official_is_compatible():
    assert same_exchange(item("a"), item("b", lead=""))
    assert same_exchange(item("a"), item("b", lead="(unnamed)"))


def test_pages_inside_a_multi_day_span_join_it_unless_they_name_someone_else():
    """Pass 1b: arrival, opening or close pages join the council or visit leg; a call on someone else stays apart."""
    council = item("council", label="visit_abroad", start="2018-10-09", end="2018-10-13", places=frozenset({"JPN"}),
                   countries=frozenset({"JPN"}), city="", people=frozenset({"nikai", "inoue"}))
    opening = item("opening", label="meeting", start="2018-10-10", places=frozenset({"JPN"}), countries=frozenset({"JPN"}),
                   city="sapporo", people=frozenset({"nikai"}), url_key="opening")
    arrival = item("arrival", label="visit_abroad", start="2018-10-09", places=frozenset({"JPN"}),
                   countries=frozenset({"JPN"}), city="", url_key="arrival")
    premier = item("premier", label="visit_abroad", start="2018-10-11", places=frozenset({"JPN"}),
                   countries=frozenset({"JPN"}), city="tokyo", people=frozenset({"abe"}), url_key="premier")
    after = item("after", label="meeting", start="2018-10-14", places=frozenset({"JPN"}), countries=frozenset({"JPN"}),
                 people=frozenset({"nikai"}), url_key="after")
    other_lead = item("other", label="meeting", start="2018-10-12", places=frozenset({"JPN"}), countries=frozenset({"JPN"}),
                      lead="Guo Yezhou", people=frozenset({"nikai"}), url_key="other")
    groups = cluster([council, opening, arrival, premier, after, other_lead]).groups
    together = {frozenset(i.doc_id for i in members) for members in groups.values()}
    assert together == {frozenset({"council", "opening", "arrival"}), frozenset({"premier"}), frozenset({"after"}),
                        frozenset({"other"})}
    assert not same_exchange(council, opening)  # pass 1 alone would keep them apart: the span joins them


def test_conference_joins_overlapping_multilateral_pages_but_not_side_meetings():
    conf = item("conf", label="multilateral", start="2017-11-30", end="2017-12-03", countries=frozenset({"JPN", "IND", "MMR"}))
    delegation = item("deleg", label="multilateral", start="2017-12-01", countries=frozenset({"JPN"}), lead="")
    side = item("side", label="meeting", start="2017-12-01", countries=frozenset({"JPN"}))
    notice = item("notice", label="notice", start="2017-11-30", countries=frozenset(), lead="")
    groups = cluster([conf, delegation, side, notice]).groups
    sets = sorted(sorted(i.doc_id for i in g) for g in groups.values())
    assert sets == [["conf", "deleg", "notice"], ["side"]]


def test_page_dated_record_joins_nearest_exchange_in_window():
    dated = item("dated", start="2018-01-10")
    later_page = item("page", basis="page_date", start="2018-01-12", event_date="", page_date="2018-01-12")
    too_late = item("late", basis="page_date", start="2018-01-20", event_date="", page_date="2018-01-20")
    groups = cluster([dated, later_page, too_late]).groups
    assert sorted(len(g) for g in groups.values()) == [1, 2]


def test_notice_joins_the_visit_it_announces():
    visit = item("visit", label="visit_abroad", start="2018-04-14", places=frozenset({"PRK"}), countries=frozenset({"PRK"}))
    notice = item("notice", label="notice", basis="page_date", start="2018-04-09", event_date="", page_date="2018-04-09",
                  places=frozenset(), countries=frozenset({"PRK"}))
    groups = cluster([visit, notice]).groups
    assert len(groups) == 1
    assert exchange_type(next(iter(groups.values()))) == "visit_abroad"


def test_undated_record_joins_only_a_unique_candidate():
    a = item("a", people=frozenset({"kimjongun"}))
    b = item("b", start="2018-01-12", event_date="2018-01-12", people=frozenset({"kimjongun"}))
    undated = item("u", start="", basis="", event_date="", people=frozenset({"kimjongun"}))
    assert len(cluster([a, b, undated]).groups) == 3  # ambiguous: stays alone
    assert len(cluster([a, undated]).groups) == 1


def test_same_article_needs_url_or_headline_without_conflicting_dates():
    a = item("a", title_key="songtaomeetswithpccdelegation", page_date="2017-08-17")
    assert same_article(a, item("b", title_key=a.title_key, page_date=""))
    assert not same_article(a, item("c", title_key=a.title_key, page_date="2018-06-21"))
    assert same_article(a, item("d", url_key="a"))


# ---------------------------------------------------------------- the archive's real clusters


def test_dprk_november_2017_trip(exchange_of, exchanges):
    nov17 = exchange_of("international.caixin.com_dc19edcbf09f")
    for doc in ("2012olympic.hani.co.kr_88625ad62abf", "www.reuters.com_f20f8dcd2cf9", "www.koreaherald.com_0207edb0ccea"):
        assert exchange_of(doc) == nov17
    talks = exchange_of("t20171122_93309")  # talks with Ri Su-yong on the 18th: a separate exchange
    assert talks != nov17
    assert exchanges[talks]["event_date"] == "2017-11-18"
    assert exchanges[nov17]["event_date"] == "2017-11-17"
    assert int(exchanges[nov17]["n_sources"]) >= 20


def test_dprk_april_2018_trip_keeps_distinct_meetings(exchange_of, exchanges):
    apr14 = exchange_of("m.kankanews.com_c77a784929ac")
    apr17 = exchange_of("www.ecns.cn_2a974ae69d89")
    arrival_notice = exchange_of("viva100.com_5f935c2aef9d")
    assert len({apr14, apr17, arrival_notice}) == 3
    assert [exchanges[x]["event_date"] for x in (arrival_notice, apr14, apr17)] == ["2018-04-13", "2018-04-14", "2018-04-17"]
    trip = [x for x in exchanges.values() if "PRK" in x["countries"] and x["event_date"].startswith("2018-04-1")]
    assert len(trip) >= 3


def test_beijing_high_level_meeting_is_one_exchange_with_separate_side_meetings(exchange_of, exchanges):
    hlm = exchange_of("t20171130_93777")
    row = exchanges[hlm]
    assert row["event_date"] == "2017-11-30" and row["event_end_date"] == "2017-12-03"
    assert row["event_type"] == "multilateral"
    assert int(row["n_sources"]) >= 40
    for doc in ("larouchepub.com._38439dfc3b1c", "larouchepub.com_66affe5506ab", "www.komei-osaka.jp_55b5013a87c8"):
        assert exchange_of(doc) == hlm
    for side in ("filipino.cri.cn_0291b394225b", "t20171206_94170", "t20171208_94291", "t20171208_94290"):
        assert exchange_of(side) != hlm


def test_dar_es_salaam_meeting_is_one_exchange(exchange_of, exchanges):
    dar = exchange_of("www.thecitizen.co.tz_22073f2fa2a8")
    for doc in ("allafrica.com_c60123369c23", "thecitizen.co.tz_f667679bf1c3", "arabic.peopledaily.com.cn_dca4faf09192"):
        assert exchange_of(doc) == dar
    row = exchanges[dar]
    assert row["event_date"].startswith("2018-07") and row["place_country"] == "TZA"
    assert {"TZA", "ZAF"} <= set(row["countries"].split(";"))
    assert int(row["n_sources"]) >= 10


def test_xiamen_ruling_parties_meeting(exchange_of, exchanges):
    council = exchange_of("en.xmfo.gov.cn_379ebdba6886")
    for doc in ("j.people.com.cn_dfdd21ce9954", "cn.rfi.fr_5f9543ad9913", "jp.sputniknews.com_aabe9981105e"):
        assert exchange_of(doc) == council
    assert exchanges[council]["countries"] == "JPN"
    assert exchange_of("t20180103_94869") != council  # the 28 Dec meeting with Yang Jiechi


def test_mirrors_on_two_domains_are_one_page(result):
    fate = {r["doc_id"]: r for r in result.records}
    assert fate["larouchepub.com._38439dfc3b1c"]["exchange_id"] == fate["larouchepub.com_66affe5506ab"]["exchange_id"]
    assert fate["www.sudantribune.com_bc00fc6bba66"]["reason"].startswith("same article")
    assert fate["www.sudantribune.com_bc00fc6bba66"]["exchange_id"] == fate["sudantribune.com_4ef11b714863"]["exchange_id"]
