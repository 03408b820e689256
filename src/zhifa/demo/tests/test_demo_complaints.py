"""The demo's complaints: one filed from the portal and answered, one waiting for acceptance; the printed
receipt number and query code open the answered one on the portal; a second load writes nothing."""

from __future__ import annotations

import pytest

from zhifa.demo.complaints import load_demo_complaints
from zhifa.demo.data import load_demo
from zhifa.journal.models import JournalEntry
from zhifa.supervision.models import Complaint, ComplaintStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_complaints(client):
    load_demo()
    made = load_demo_complaints()
    assert [c.status for c in made] == ["已答复", "已收到，待受理"]
    answered = Complaint.objects.get(receipt_number=made[0].receipt_number)
    assert answered.status == ComplaintStatus.ANSWERED
    answered_on, answer_due = answered.answered_on, answered.answer_due_on
    decided_on, accept_due = answered.decided_on, answered.accept_due_on
    assert answered_on and answer_due and decided_on and accept_due
    assert answered_on <= answer_due
    assert decided_on <= accept_due  # accepted in time (总局令第20号 第十四条)
    pending = Complaint.objects.get(receipt_number=made[1].receipt_number)
    assert pending.status == ComplaintStatus.RECEIVED and pending.anonymous
    page = client.post(
        "/complaints/query/", {"receipt_number": made[0].receipt_number, "query_code": made[0].query_code}
    ).content.decode()
    assert "已答复" in page and "已依法立案调查" in page
    assert answered.complainant_phone not in page and answered.complainant_name not in page
    entries = JournalEntry.objects.count()
    assert load_demo_complaints() == []
    assert JournalEntry.objects.count() == entries
