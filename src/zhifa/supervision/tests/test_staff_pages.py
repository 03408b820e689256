"""The handlers' pages: scoped list with filters and overdue flags (query count pinned), the detail with
its actions, the identity shown only after the explicit click, attachments opened through the journal."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.supervision import services
from zhifa.supervision.models import Complaint, ComplaintStatus
from zhifa.supervision.services import RouteTarget

from .conftest import NAME, PHONE, submit

LIST = "/workbench/supervision/complaints/"


def detail(c: Complaint) -> str:
    return f"{LIST}{c.pk}/"


def login(client, user):
    client.force_login(user)
    return client


def test_workbench_links_to_complaints(sw, client):
    text = login(client, sw.supervisor).get("/workbench/").content.decode()
    assert f'href="{LIST}"' in text


def test_list_is_scoped(sw, client):
    city = submit(sw).complaint
    county = submit(sw, agency_concerned=None, region=sw.world.county_a).complaint
    routed_b = submit(sw).complaint
    services.complaint_accept(complaint=routed_b, actor=sw.supervisor, route=RouteTarget(sw.world.agency_b))

    def numbers(user):
        text = login(client, user).get(LIST).content.decode()
        return {c.receipt_number for c in (city, county, routed_b) if c.receipt_number in text}

    assert numbers(sw.supervisor) == {city.receipt_number, county.receipt_number, routed_b.receipt_number}
    assert numbers(sw.county_supervisor) == {county.receipt_number}
    assert numbers(sw.officer_b) == {routed_b.receipt_number}
    assert numbers(sw.officer_a) == set()  # complained about, not routed to it
    assert numbers(sw.admin) == {city.receipt_number, county.receipt_number, routed_b.receipt_number}
    assert login(client, sw.officer_a).get(detail(city)).status_code == 404


def test_list_filters_and_overdue_flags(sw, client):
    late = submit(sw, on=date(2026, 9, 29)).complaint  # accept due 14 Oct 2026: overdue today
    answered = submit(sw, on=date(2026, 9, 29)).complaint
    answered = services.complaint_accept(
        complaint=answered, actor=sw.supervisor, route=RouteTarget(sw.world.agency_b), on=date(2026, 9, 30)
    )
    services.complaint_answer(complaint=answered, actor=sw.officer_b, answer="已答复", on=date(2026, 10, 9))
    client = login(client, sw.supervisor)
    text = client.get(LIST).content.decode()
    assert "受理 2026-10-14（已超期）" in text and 'class="s-overdue"' in text
    assert "已办结" in text
    overdue = client.get(LIST, {"overdue": "1"}).content.decode()
    assert late.receipt_number in overdue and answered.receipt_number not in overdue
    by_status = client.get(LIST, {"status": "answered"}).content.decode()
    assert answered.receipt_number in by_status and late.receipt_number not in by_status
    by_agency = client.get(LIST, {"agency": sw.world.agency_b.pk}).content.decode()
    assert answered.receipt_number in by_agency and late.receipt_number not in by_agency
    assert client.get(LIST, {"agency": "x"}).status_code == 400


def test_list_query_count_is_pinned(sw, client):
    client = login(client, sw.supervisor)
    for _ in range(3):
        c = submit(sw).complaint
    services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for _ in range(12):
        c = submit(sw, agency_concerned=sw.world.agency_b).complaint
    services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(None))
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries) <= 7


def test_identity_only_after_the_explicit_click_and_journaled(sw, client):
    c = submit(sw).complaint
    client = login(client, sw.supervisor)
    text = client.get(detail(c)).content.decode()
    assert NAME not in text and PHONE not in text
    assert "查看举报人信息" in text
    assert not JournalEntry.objects.filter(event_type="complaint.identity_read").exists()
    r = client.post(f"{detail(c)}identity/")
    text = r.content.decode()
    assert r.status_code == 200 and NAME in text and PHONE in text
    assert "no-store" in r["Cache-Control"]
    entry = JournalEntry.objects.get(event_type="complaint.identity_read", subject=subject_of(c))
    assert entry.actor_id == sw.supervisor.pk
    # Not kept: the next view of the page shows it no more.
    text = client.get(detail(c)).content.decode()
    assert NAME not in text and PHONE not in text
    # Reading needs a POST (a link prefetch or a crawler never reads it).
    assert client.get(f"{detail(c)}identity/").status_code == 405


def test_identity_refused_to_an_administrator(sw, client):
    c = submit(sw).complaint
    client = login(client, sw.admin)
    text = client.get(detail(c)).content.decode()
    assert "查看举报人信息" not in text
    r = client.post(f"{detail(c)}identity/", follow=True)
    text = r.content.decode()
    assert NAME not in text and "只有办理该投诉举报的" in text
    assert not JournalEntry.objects.filter(event_type="complaint.identity_read").exists()


def test_actions_through_the_pages(sw, client):
    c = submit(sw).complaint
    sup = login(client, sw.supervisor)
    r = sup.post(f"{detail(c)}refuse/", {"reason": ""}, follow=True)
    assert "请填写不予受理的理由" in r.content.decode()
    c.refresh_from_db()
    assert c.status == ComplaintStatus.RECEIVED
    r = sup.post(f"{detail(c)}accept/", {"route": str(sw.world.agency_a.pk)}, follow=True)
    assert "已受理并转交" in r.content.decode()
    c.refresh_from_db()
    assert c.status == ComplaintStatus.ROUTED and c.routed_to == sw.world.agency_a
    # The supervisor does not see an answer form for the agency's complaint; a forged post is refused.
    assert 'action="' + f"{detail(c)}answer/" not in sup.get(detail(c)).content.decode()
    r = sup.post(f"{detail(c)}answer/", {"answer": "监督人员答复"}, follow=True)
    assert "第八条" in r.content.decode()
    off = login(client, sw.officer_a)
    page = off.get(detail(c)).content.decode()
    assert f"{detail(c)}answer/" in page and f"{detail(c)}convert/" in page
    r = off.post(f"{detail(c)}convert/", {"kind": "case_lead", "note": "涉嫌违法"}, follow=True)
    assert "已转办" in r.content.decode()
    r = off.post(f"{detail(c)}answer/", {"answer": "经查属实，已立案。"}, follow=True)
    assert "已答复" in r.content.decode()
    c.refresh_from_db()
    assert c.status == ComplaintStatus.ANSWERED and c.answer == "经查属实，已立案。"
    r = off.post(f"{detail(c)}answer/", {"answer": "再答复"}, follow=True)
    assert "已办结（已答复），不能再答复" in r.content.decode()
    assert off.post(f"{detail(c)}nonsense/").status_code == 404


@pytest.mark.parametrize("route", ["supervision", "999999"])
def test_route_choices(sw, client, route):
    c = submit(sw, subject_kind="conduct").complaint
    services.complaint_accept(complaint=c, actor=sw.supervisor)
    r = login(client, sw.supervisor).post(f"{detail(c)}route/", {"route": route}, follow=True)
    c.refresh_from_db()
    if route == "supervision":
        assert c.routed_to_supervision and c.routed_to == sw.justice
    else:
        assert "所选承办机关不存在" in r.content.decode() and c.status == ComplaintStatus.ACCEPTED


def test_attachment_is_opened_through_the_journal(sw, client):
    from .test_public import PNG

    c = submit(sw, attachments=[SimpleUploadedFile("现场.png", PNG, "image/png")]).complaint
    att = c.attachments.get()
    url = f"{detail(c)}attachments/{att.pk}/"
    r = login(client, sw.officer_b).get(url)
    assert r.status_code == 404  # not routed to it: not even visible
    r = login(client, sw.admin).get(url, follow=True)
    assert "只有办理该投诉举报的人员可以查看附件" in r.content.decode()
    r = login(client, sw.supervisor).get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG
    assert "attachment" in r["Content-Disposition"]
    entry = JournalEntry.objects.get(event_type="complaint.attachment_read")
    assert att.sha256 in entry.attachments
