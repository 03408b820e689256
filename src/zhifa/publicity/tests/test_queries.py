"""Query counts of the publicity lists are pinned (DESIGN: no N+1): the portal's decision list, its
JSON and CSV, and the clerk's queue read the same number of queries for a few rows as for many, rows of
several agencies included (each row names its agency)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhifa.publicity import search
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.testing import make_agency, make_user, make_world

pytestmark = pytest.mark.django_db

DAY0 = date(2026, 1, 5)


@pytest.fixture
def world():
    return make_world()


def add(world, n: int, *, status: str = PublicationStatus.PUBLISHED) -> str:
    """n publications spread over two agencies and a new one (whose name is returned); published ones
    indexed, withdrawn ones with a public notice."""
    start = Publication.objects.count()
    new = make_agency(name=f"江北市第{start + 1}执法局", region=world.city)
    agencies = [world.agency_a, world.agency_b, new]
    for i in range(start, start + n):
        on = DAY0 + timedelta(days=i)
        text = f"当事人某某销售食品，罚款{i}元"
        pub = Publication.objects.create(
            agency=agencies[i % 3],
            kind="penalty",
            decision_number=f"测试罚〔2026〕{i + 1}号",
            decided_on=on,
            title="销售不符合食品安全标准的食品",
            party_display="某某",
            region_path=world.city.path,
            original_text=text,
            redacted_text=text,
            status=status,
            due_on=on + timedelta(days=9),
            published_on=on if status != PublicationStatus.DRAFT else None,
            withdrawn_on=on + timedelta(days=1) if status == PublicationStatus.WITHDRAWN else None,
            withdraw_reason="原决定已被撤销" if status == PublicationStatus.WITHDRAWN else "",
            public_notice=status == PublicationStatus.WITHDRAWN,
        )
        if status == PublicationStatus.PUBLISHED:
            search.index(pub.pk, text)
    return new.name


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


# The portal list: the count, the page (agencies joined), the agency filter's options, the withdrawal
# notices. A keyword search adds the search itself.
PORTAL = {"/decisions/": 4, "/decisions/?q=食品": 5, "/decisions.json": 2, "/decisions.csv": 1}


@pytest.mark.parametrize("url", list(PORTAL))
def test_portal_lists_read_a_fixed_number_of_queries(client, world, django_assert_num_queries, url):
    first = add(world, 3)
    add(world, 2, status=PublicationStatus.WITHDRAWN)
    client.get(url)  # warm anything cached per process
    with django_assert_num_queries(PORTAL[url]):
        few = body(client.get(url))
    later = add(world, 9)
    add(world, 3, status=PublicationStatus.WITHDRAWN)
    with django_assert_num_queries(PORTAL[url]):
        many = body(client.get(url))
    assert few.count("测试罚〔2026〕") < many.count("测试罚〔2026〕")
    assert many.count("测试罚〔2026〕") >= 12  # every published row is there, each with its agency
    assert first in few and later in many


def flag(n: int) -> None:
    """Flag the n oldest published, unflagged rows for withdrawal (as publicity.pipeline would)."""
    rows = Publication.objects.filter(status=PublicationStatus.PUBLISHED, withdraw_due__isnull=True)
    for pub in rows.order_by("id")[:n]:
        pub.withdraw_due, pub.withdraw_cause = pub.due_on, f"{pub.decision_number}已被依法变更"
        pub.withdraw_trigger, pub.withdraw_flagged_by = "decision.changed", "负责人"
        pub.save()


def test_clerks_queue_reads_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    # A supervisor of the city: the queue and the compliance table of every agency under it.
    client.force_login(make_user(username="sup-q", role="supervisor", region=world.city))
    first = add(world, 3, status=PublicationStatus.DRAFT)
    add(world, 2)
    flag(1)
    client.get("/workbench/publicity/")
    # session, user, the supervisor's region (the scope), the drafts (agencies joined), the decisions
    # to withdraw (agencies joined), the compliance table (one grouped query), the decisions issued
    # with no publication at all (one grouped query).
    with django_assert_num_queries(7):
        few = client.get("/workbench/publicity/").content.decode()
    later = add(world, 9, status=PublicationStatus.DRAFT)
    add(world, 4)
    flag(4)
    with django_assert_num_queries(7):
        many = client.get("/workbench/publicity/").content.decode()
    # Each row once, flagged ones twice (the number, then the cause that names it).
    assert few.count("测试罚〔2026〕") == 3 + 2 * 1 and many.count("测试罚〔2026〕") == 12 + 2 * 5
    assert first in few and later in many
    assert many.count("处罚决定被变更或者确认违法") == 5
