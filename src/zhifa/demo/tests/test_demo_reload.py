"""`load_demo` as `zhifa demo` runs it, twice: the first run commits, so the publicity subscriber drafts a
publication for every issued demo decision (after commit, DESIGN.md), and publish_demo_drafts publishes
the older ones on time (国办发〔2018〕118号 二(六): within 7 working days); the newest stay in the clerk's
queue; the demo year's statistics reports are approved and published. The second run (the demo
restarted) writes nothing: no publication changes state or date, none is published again, no report is
made again, the journal does not grow, and the portal shows the same decisions and reports.

A transactional test (real commits, so the after-commit subscriber runs as in production); the demo load
takes a few seconds."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from zhifa.journal.models import JournalEntry
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.statistics.models import FrozenReport

pytestmark = pytest.mark.django_db(transaction=True)


def _publications() -> list[tuple[int, str, date | None, date | None]]:
    return list(Publication.objects.order_by("id").values_list("id", "status", "published_on", "due_on"))


def test_a_reload_keeps_the_published_demo_decisions_as_they_were(client):
    first = StringIO()
    call_command("load_demo", stdout=first)
    pubs = _publications()
    published = [p for p in pubs if p[1] == PublicationStatus.PUBLISHED]
    drafts = [p for p in pubs if p[1] == PublicationStatus.DRAFT]
    assert published and drafts, "the demo has both published decisions and a clerk's queue"
    assert f"已公示演示决定 {len(published)} 件" in first.getvalue()
    # Published on time: on or before the deadline the pipeline set (7 working days).
    assert all(on is not None and due is not None and on <= due for _, _, on, due in published)
    # The demo year's statistics reports: approved (frozen) and published, one per demo agency.
    frozen = list(FrozenReport.objects.filter(published_on__isnull=False))
    assert len(frozen) == 8 and len({f.year for f in frozen}) == 1
    year = frozen[0].year
    assert f"已审核并公开 {year} 年度行政执法统计年报 8 份" in first.getvalue()
    statistics = client.get(f"/statistics/{year}/").content.decode()
    assert "江北市市场监督管理局" in statistics
    body = client.get(f"/statistics/{year}.json").json()
    assert body["count"] == 8 and sum(row["penalty_total"] for row in body["agencies"]) > 0
    entries = JournalEntry.objects.count()
    portal = client.get("/decisions/").content.decode()

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "已存在" in again.getvalue() and "已公示演示决定" not in again.getvalue()
    assert _publications() == pubs
    assert JournalEntry.objects.count() == entries
    assert client.get("/decisions/").content.decode() == portal
    assert client.get(f"/statistics/{year}/").content.decode() == statistics
