"""The journal timeline and receipt download: scoped, filterable, bounded queries."""

import json

import pytest
from django.db import transaction

from zhifa.journal import sequencer
from zhifa.journal.services import record
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    w = make_world()
    with transaction.atomic():
        for i in range(60):
            record(
                event_type="case.report", subject=f"cases.case:{i}", agency_id=w.agency_a.pk, payload={"i": i}
            )
        record(event_type="case.refer", subject="cases.case:999", agency_id=w.agency_b.pk)
    while sequencer.integrate_batch(force_checkpoint=True).integrated:
        pass
    return w, make_user(username="a", role="officer", agency=w.agency_a)


def test_timeline_is_scoped_and_filterable(client, data, django_assert_max_num_queries):
    w, user = data
    client.force_login(user)
    with django_assert_max_num_queries(12):
        page = client.get("/workbench/journal/").content.decode()
    # Events show as their Chinese labels (journal/events.py), never as codes.
    assert "调查终结" in page and "case.report" not in page
    assert "移送司法机关" not in page and "cases.case:999" not in page
    one = client.get("/workbench/journal/?subject=cases.case:7").content.decode()
    assert one.count("案件 #7<") == 1  # the subject in words (subject_label), not its code
    assert client.get(f"/workbench/journal/?agency={w.agency_b.pk}").status_code == 404


def test_receipt_download_is_scoped(client, data):
    w, user = data
    from zhifa.journal.models import JournalEntry

    client.force_login(user)
    mine = JournalEntry.objects.filter(agency_id=w.agency_a.pk).first()
    theirs = JournalEntry.objects.get(event_type="case.refer")
    resp = client.get(f"/workbench/journal/{mine.pk}/receipt.json")
    assert resp.status_code == 200
    assert json.loads(resp.content)["entry"]["id"] == mine.pk
    assert client.get(f"/workbench/journal/{theirs.pk}/receipt.json").status_code == 404
