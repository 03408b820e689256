"""Portal search: the SQLite path ranks with bm25; on PostgreSQL the planner's estimate picks between
ranking every match and ranking only the newest K (forced here through the threshold settings); the
portal's count is exact up to a cap and the planner's estimate beyond it, and the page says so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection

from zhifa.publicity import search, selectors
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.testing import make_world

pytestmark = pytest.mark.django_db

pg_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL path")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite path")

DAY0 = date(2026, 1, 1)


@pytest.fixture
def world():
    return make_world()


def publish(world, text: str, *, day: int, agency=None, status=PublicationStatus.PUBLISHED) -> int:
    """A publication published on DAY0 + day, indexed with exactly `text` (no agency name etc.)."""
    n = Publication.objects.count() + 1
    on = DAY0 + timedelta(days=day)
    pub = Publication.objects.create(
        agency=agency or world.agency_a,
        kind="penalty",
        decision_number=f"测试罚〔2026〕{n}号",
        decided_on=on,
        title="测试",
        party_display="某某",
        region_path=world.city.path,
        original_text=text,
        redacted_text=text,
        status=status,
        due_on=on,
        published_on=on if status == PublicationStatus.PUBLISHED else None,
    )
    if status == PublicationStatus.PUBLISHED:
        search.index(pub.pk, text)
    return pub.pk


def found(q: str) -> search.Result:
    result = search.search(q)
    assert result is not None
    return result


def ids(q: str) -> list[int]:
    return list(selectors.public_list(filters=selectors.PublicFilters(q=q)).values_list("pk", flat=True))


# --------------------------------------------------------------------------- both backends


def test_no_terms_is_no_search(world):
    assert search.search("，。 ") is None
    assert selectors.public_search(filters=selectors.PublicFilters(q="，。")).search is None


def test_phrases_match_exact_substrings(world):
    hit = publish(world, "销售不符合食品安全标准的食品", day=1)
    other = publish(world, "安全食品的标准", day=2)  # most of the same bigrams, in another order
    assert ids("食品安全") == [hit]
    assert ids("标准的食") == [hit]
    assert sorted(ids("食")) == sorted([hit, other])
    assert ids("品安全食") == []


def test_long_queries_match_the_whole_phrase(world):
    hit = publish(world, "当事人销售不符合食品安全标准的食品，货值金额共计三千元", day=1)
    publish(world, "当事人销售不符合食品安全标准的饮料，货值金额共计三千元", day=2)
    assert ids("销售不符合食品安全标准的食品，货值金额共计") == [hit]


# --------------------------------------------------------------------------- SQLite


@sqlite_only
def test_sqlite_ranks_with_bm25(world):
    # Relevance order differs from both id order and date order.
    once = publish(world, "口罩一批，另有其他商品若干", day=3)
    thrice = publish(world, "口罩口罩口罩", day=1)
    twice = publish(world, "口罩口罩", day=2)
    publish(world, "燕窝", day=5)
    result = search.search("口罩")
    assert result.strategy == "bm25" and result.ids == [thrice, twice, once] and not result.more
    assert ids("口罩") == [thrice, twice, once]


@sqlite_only
def test_sqlite_says_when_the_ranked_list_is_cut(world):
    for day in range(4):
        publish(world, "口罩", day=day)
    result = search.search("口罩", limit=3)
    assert len(result.ids) == 3 and result.more
    assert not search.search("口罩", limit=4).more


# --------------------------------------------------------------------------- PostgreSQL


@pg_only
def test_pg_ranks_every_match_below_the_threshold(world, settings):
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 10**9
    newest_once = publish(world, "口罩一批，另有其他商品若干", day=9)
    old_thrice = publish(world, "口罩口罩口罩", day=1)
    publish(world, "燕窝", day=10)
    publish(world, "口罩", day=11, status=PublicationStatus.DRAFT)  # not published: never found
    result = found("口罩")
    assert result.strategy == "rank_all"
    assert result.ids == [old_thrice, newest_once] and not result.more
    assert result.estimate is not None
    assert ids("口罩") == [old_thrice, newest_once]  # the page keeps the search's order


@pytest.fixture(params=["window", "candidates"])
def newest_way(request, settings):
    """Forces the newest plan, found by walking the date index or from the rarest lexeme's rows."""
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 0
    settings.ZHIFA_SEARCH_NEWEST_CANDIDATES_BELOW = 0 if request.param == "window" else 10**9
    return request.param


@pg_only
def test_pg_ranks_only_the_newest_k_above_the_threshold(world, settings, newest_way):
    settings.ZHIFA_SEARCH_NEWEST_K = 3
    best_but_oldest = publish(world, "口罩口罩口罩口罩", day=1)
    publish(world, "口罩", day=2)
    third = publish(world, "口罩口罩口罩", day=3)  # the oldest of the newest three, the best of them
    second = publish(world, "口罩", day=4)
    first = publish(world, "口罩 口罩", day=5)
    publish(world, "燕窝", day=6)  # newer, no match
    result = found("口罩")
    assert result.strategy == "newest" and result.more and result.how == newest_way
    # The newest three matches, ranked among themselves; the best match overall is older.
    assert result.ids == [third, first, second]
    assert best_but_oldest not in result.ids


@pg_only
def test_pg_newest_phrases_are_tested_whole(world, settings, newest_way):
    settings.ZHIFA_SEARCH_NEWEST_K = 2
    publish(world, "食品安全", day=1)
    two = publish(world, "食品安全，食品安全", day=2)
    publish(world, "安全的食品，品安", day=3)  # every bigram of 食品安全, not as the phrase
    four = publish(world, "食品安全", day=4)
    publish(world, "安全食品品安", day=5)
    result = found("食品安全")
    assert result.strategy == "newest" and result.how == newest_way and result.ids == [two, four]


@pg_only
def test_pg_newest_with_fewer_than_k_matches_returns_them_all_ranked(world, settings):
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 0
    settings.ZHIFA_SEARCH_NEWEST_K = 5
    a = publish(world, "口罩", day=1)
    b = publish(world, "口罩口罩", day=2)
    publish(world, "燕窝", day=3)
    result = found("口罩")
    assert result.strategy == "rank_all" and result.how == "candidates"
    assert result.ids == [b, a] and not result.more


@pg_only
def test_pg_newest_falls_back_to_ranking_when_the_window_holds_too_few(world, settings):
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 0
    settings.ZHIFA_SEARCH_NEWEST_CANDIDATES_BELOW = 0
    settings.ZHIFA_SEARCH_NEWEST_K = 2
    settings.ZHIFA_SEARCH_NEWEST_WINDOW = 3
    a = publish(world, "口罩", day=1)
    b = publish(world, "口罩口罩", day=2)
    for day in (3, 4, 5):
        publish(world, "燕窝", day=day)  # the newest three: no match
    result = found("口罩")
    assert result.strategy == "rank_all" and result.how == "" and result.ids == [b, a] and not result.more


@pg_only
def test_pg_newest_applies_the_portal_filters_inside_the_search(world, settings, newest_way):
    settings.ZHIFA_SEARCH_NEWEST_K = 2
    mine = [publish(world, "口罩", day=d) for d in (1, 2, 3)]
    for d in (4, 5, 6):  # newer matches of another agency
        publish(world, "口罩", day=d, agency=world.agency_b)
    results = selectors.public_search(filters=selectors.PublicFilters(q="口罩", agency_id=world.agency_a.pk))
    assert results.newest_only and results.search.strategy == "newest"
    assert sorted(results.items.values_list("pk", flat=True)) == sorted(mine[1:])


@pg_only
def test_pg_newest_with_a_decision_date_range_is_the_newest_in_the_range(world, settings, newest_way):
    settings.ZHIFA_SEARCH_NEWEST_K = 2
    by_day = {d: publish(world, "口罩" * (7 - d), day=d) for d in range(1, 7)}
    filters = selectors.PublicFilters(
        q="口罩", since=DAY0 + timedelta(days=2), until=DAY0 + timedelta(days=4)
    )
    results = selectors.public_search(filters=filters)
    assert results.newest_only
    assert list(results.items.values_list("pk", flat=True)) == [by_day[3], by_day[4]]  # by rank
    assert selectors.public_total(results) == selectors.Total(2, estimated=False)


@pg_only
def test_pg_pages_read_their_rows_in_the_searchs_order(client, world, settings):
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 10**9
    by_rank = [publish(world, "口罩" * (30 - n), day=n) for n in range(23)]
    results = selectors.public_search(filters=selectors.PublicFilters(q="口罩"))
    rows = results.rows()
    assert isinstance(rows, selectors.RankedRows) and len(rows) == 23
    assert [p.pk for p in rows[20:23]] == by_rank[20:] and rows[0].pk == by_rank[0]
    page = client.get("/decisions/?q=口罩&page=2").content.decode()
    numbers = [Publication.objects.get(pk=pk).decision_number for pk in by_rank]
    assert page.index(numbers[20]) < page.index(numbers[21]) < page.index(numbers[22])
    assert numbers[19] not in page and "共 23 条" in page


@pg_only
def test_pg_estimate_picks_the_branch_by_frequency(world, settings):
    # 罚 is in every row, 燕 in one: after ANALYZE the planner's per-lexeme estimates tell them apart.
    for day in range(300):
        publish(world, "罚款" + ("燕窝" if day == 0 else "口罩"), day=day)
    with connection.cursor() as c:
        c.execute("ANALYZE publicity_publication")
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 100
    common, rare = found("罚"), found("燕窝")
    assert common.estimate is not None and rare.estimate is not None
    assert common.estimate >= 100 > rare.estimate
    assert common.strategy == "newest" and common.how == "candidates" and len(common.ids) == 20
    assert rare.strategy == "rank_all" and len(rare.ids) == 1
    # A phrase is bounded by its rarest bigram (款燕, 燕窝), not by its commonest (罚款 is everywhere).
    phrase = found("罚款燕窝")
    assert phrase.estimate is not None and phrase.estimate < 100
    assert phrase.strategy == "rank_all" and len(phrase.ids) == 1


# --------------------------------------------------------------------------- counts and the page


def test_total_is_exact_up_to_the_cap(world):
    for day in range(3):
        publish(world, "口罩", day=day)
    qs = selectors.public_list(filters=selectors.PublicFilters())
    assert selectors.total(qs, exact_up_to=3) == selectors.Total(3, estimated=False)
    over = selectors.total(qs, exact_up_to=2)
    if connection.vendor == "postgresql":
        assert over.estimated and over.value >= 3
    else:  # no planner estimates on SQLite: it counts
        assert over == selectors.Total(3, estimated=False)


def test_estimated_totals_are_shown_in_wan():
    assert selectors.Total(9_999, estimated=True).approx == "9999 条"
    assert selectors.Total(39_537, estimated=True).approx == "4.0 万条"
    assert selectors.Total(1_000_000, estimated=True).approx == "100 万条"


def test_portal_list_says_when_the_count_is_estimated(client, world, settings):
    for day in range(3):
        publish(world, "口罩", day=day)
    settings.ZHIFA_PORTAL_EXACT_COUNT_UP_TO = 10
    assert "共 3 条" in client.get("/decisions/").content.decode()
    settings.ZHIFA_PORTAL_EXACT_COUNT_UP_TO = 2
    page = client.get("/decisions/").content.decode()
    data = client.get("/decisions.json").json()
    if connection.vendor == "postgresql":
        assert "约 " in page and " 条（估算数）" in page and "共 3 条" not in page
        assert data["count_estimated"] is True and data["count"] >= 3
    else:
        assert "共 3 条" in page and data["count_estimated"] is False
    assert len(data["items"]) == 3


@pg_only
def test_portal_says_when_only_the_newest_matches_are_shown(client, world, settings):
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 0
    settings.ZHIFA_SEARCH_NEWEST_K = 2
    for day in range(4):
        publish(world, "口罩", day=day)
    page = client.get("/decisions/?q=口罩").content.decode()
    assert "按发布时间显示最新的 2 条" in page and "显示 2 条" in page
    data = client.get("/decisions.json?q=口罩").json()
    assert data["newest_only"] is True and data["more_matches"] is True and len(data["items"]) == 2
    settings.ZHIFA_SEARCH_RANK_ALL_BELOW = 10**9
    page = client.get("/decisions/?q=口罩").content.decode()
    assert "最新的" not in page and "共 4 条" in page


def test_portal_says_when_the_ranked_list_is_cut(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "RANKED_LIMIT", 2)
    for day in range(3):
        publish(world, "燕窝", day=day)
    page = client.get("/decisions/?q=燕窝").content.decode()
    assert "匹配的信息超过 2 条" in page and "共 3 条" not in page


def test_the_list_pages_only_so_deep_and_says_how_to_reach_older_items(client, world, settings):
    """OFFSET paging reads every skipped row (page 50,000 of 1M read a million rows): the list stops at
    ZHIFA_PORTAL_MAX_ROWS and points to the filters."""
    settings.ZHIFA_PORTAL_MAX_ROWS = 40
    for n in range(50):
        publish(world, "公示", day=n)
    last = client.get("/decisions/?page=2").content.decode()
    assert "共 50 条" in last and "第 2 / 2 页" in last and "下一页" not in last
    assert "列表最多翻阅前 40 条" in last
    beyond = client.get("/decisions/?page=3").content.decode()
    assert "第 2 / 2 页" in beyond
    first = client.get("/decisions/").content.decode()
    assert "列表最多翻阅" not in first and "下一页" in first
    data = client.get("/decisions.json?page=1").json()
    assert (data["count"], data["pages"], data["paging_limit"]) == (50, 1, 40)
    # Filters reach the older items: the oldest ten by decision date.
    older = client.get("/decisions/?to=2026-01-10").content.decode()
    assert "共 10 条" in older and "列表最多翻阅" not in older
