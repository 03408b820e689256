"""The demo's supervision matters: an 意见书 served and running, a late report on an escalated matter (its
alert open), a closed one; each document numbered with a PDF; a second load writes nothing."""

from __future__ import annotations

import pytest

from zhifa.demo.data import load_demo
from zhifa.demo.supervision_matters import load_demo_matters
from zhifa.journal.models import JournalEntry
from zhifa.supervision.models_alerts import Alert
from zhifa.supervision.models_matters import MatterStatus, SupervisionDocument, SupervisionMatter

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_matters(client):
    load_demo()
    made = load_demo_matters()
    assert [m.status for m in made] == ["已办结", "整改报告待审查", "整改中"]
    closed, late, running = SupervisionMatter.objects.order_by("id")
    assert closed.status == MatterStatus.CLOSED
    assert late.escalated and late.reports.get().late and late.talks.count() == 1
    assert Alert.objects.filter(rule="matter_overdue", subject_id=late.pk, state="open").exists()
    assert running.status == MatterStatus.RECTIFYING and running.documents.get().kind == "opinion"
    assert running.documents.get().served_on is not None
    numbers = list(SupervisionDocument.objects.values_list("number", flat=True))
    assert len(numbers) == 3 and all("〔" in n and n.endswith("号") for n in numbers)
    client.force_login(late.opened_by)
    page = client.get(f"/workbench/supervision/matters/{late.pk}/").content.decode()
    assert "升级督办" in page and "审查通过" in page
    entries = JournalEntry.objects.count()
    assert load_demo_matters() == []
    assert JournalEntry.objects.count() == entries
