"""The demo's supervision side: the city's supervising body, last quarter's 网上巡查 (one report published
on the portal), and open alerts of several kinds after the alert job that ends the load; a second load
adds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.accounts.models import User
from zhifa.demo.complaints import load_demo_complaints
from zhifa.demo.data import load_demo
from zhifa.demo.supervision import JUSTICE, describe, load_demo_supervision
from zhifa.journal.models import JournalEntry
from zhifa.organizations.models import Agency
from zhifa.supervision.models_alerts import Alert
from zhifa.supervision.models_patrol import PatrolReport, PatrolStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_supervision(client: Any) -> None:
    load_demo()
    load_demo_complaints()
    s = load_demo_supervision()
    body = Agency.objects.get(name=JUSTICE)
    assert body.is_supervising_body and s.supervising_body == JUSTICE
    # Open alerts of several kinds, on the supervisor's page.
    assert len(s.open_by_rule) >= 3, s.open_by_rule
    assert s.alerts_raised == Alert.objects.count()
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/workbench/supervision/alerts/")
    assert page.status_code == 200 and len(page.context["page"]) > 0
    # 网上巡查: a report per agency of the city, the market regulator's published.
    assert s.patrol_reports == PatrolReport.objects.count() >= 8
    published = PatrolReport.objects.get(status=PatrolStatus.PUBLISHED)
    assert published.agency.name == "江北市市场监督管理局" and published.conclusion
    client.logout()
    assert client.get(s.patrol_published).status_code == 200
    assert any("预警" in line for line in describe(s))
    # A second load: nothing new.
    entries = JournalEntry.objects.count()
    again = load_demo_supervision()
    assert again.alerts_raised == 0 and again.patrol_reports == 0
    assert JournalEntry.objects.count() == entries
