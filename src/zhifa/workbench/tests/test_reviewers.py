"""Legal reviewers are appointed and withdrawn through a service and a workbench page by the agency's head
or an administrator, journaled (行政处罚法 Art.58; 国办发〔2018〕118号 四(十一)) — not only in the admin."""

from datetime import date

import pytest

from zhifa.journal.models import JournalEntry
from zhifa.personnel.models import LegalReviewer
from zhifa.personnel.services import legal_reviewer_appoint
from zhifa.testing import make_officer, make_user, make_world

pytestmark = pytest.mark.django_db


def test_head_appoints_and_withdraws_a_reviewer_on_the_workbench_art58(client):
    w = make_world()
    head = make_user(username="head", role="agency_head", agency=w.agency_a)
    officer = make_officer(agency=w.agency_a, name="钱法制", law_qualification=True)
    client.force_login(head)
    page = client.get("/workbench/reviewers/").content.decode()
    assert "任命法制审核人员" in page and "钱法制" in page
    response = client.post(
        "/workbench/reviewers/appoint/",
        {"officer_id": officer.pk, "appointed_on": "2026-03-02", "first_time": "on"},
        follow=True,
    )
    assert "已任命钱法制为法制审核人员" in response.content.decode()
    reviewer = LegalReviewer.objects.get(officer=officer)
    assert reviewer.active and reviewer.first_time and str(reviewer.appointed_on) == "2026-03-02"
    entry = JournalEntry.objects.get(event_type="legal_reviewer.appointed")
    assert entry.actor_id == head.pk and entry.payload_data["name"] == "钱法制"
    response = client.post(
        f"/workbench/reviewers/{reviewer.pk}/withdraw/", {"reason": "调任其他岗位"}, follow=True
    )
    assert not LegalReviewer.objects.get(pk=reviewer.pk).active
    withdrawn = JournalEntry.objects.get(event_type="legal_reviewer.withdrawn")
    assert withdrawn.payload_data["reason"] == "调任其他岗位"


def test_first_time_reviewer_needs_law_qualification_on_the_workbench_art58(client):
    w = make_world()
    head = make_user(username="head", role="agency_head", agency=w.agency_a)
    officer = make_officer(agency=w.agency_a, name="孙某")
    client.force_login(head)
    response = client.post(
        "/workbench/reviewers/appoint/", {"officer_id": officer.pk, "first_time": "on"}, follow=True
    )
    assert "法律职业资格" in response.content.decode()
    assert (
        not LegalReviewer.objects.exists()
        and not JournalEntry.objects.filter(event_type="legal_reviewer.appointed").exists()
    )


def test_only_the_head_or_an_administrator_appoints_reviewers(client):
    from zhifa.core.errors import PermissionDenied

    w = make_world()
    officer_user = make_user(username="off", role="officer", agency=w.agency_a)
    other_head = make_user(username="other", role="agency_head", agency=w.agency_b)
    officer = make_officer(agency=w.agency_a, name="钱法制", law_qualification=True)
    for actor in (officer_user, other_head):
        with pytest.raises(PermissionDenied):
            legal_reviewer_appoint(
                officer=officer, appointed_on=date(2026, 3, 2), first_time=True, actor=actor
            )
    client.force_login(officer_user)
    page = client.get("/workbench/reviewers/").content.decode()
    assert "<h2>任命法制审核人员" not in page and "由本执法主体负责人或系统管理员办理" in page
    client.post("/workbench/reviewers/appoint/", {"officer_id": officer.pk, "first_time": "on"})
    assert not LegalReviewer.objects.exists()
    admin = make_user(username="admin", role="administrator")
    legal_reviewer_appoint(officer=officer, appointed_on=date(2026, 3, 2), first_time=True, actor=admin)
    assert LegalReviewer.objects.get(officer=officer).active
