"""监督事项 pages: the scoped list with its filters (query count pinned), the detail with the actions the
caller's role may take now, opening by hand and from an alert, the agency's report submission with an
attachment, the refusal of a report after closing (a message, nothing written), the PDF download."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.supervision import matters
from zhifa.supervision.models_alerts import Alert
from zhifa.supervision.models_matters import (
    MatterSource,
    MatterStatus,
    RectificationReport,
    SupervisionMatter,
)

from .test_matters import PNG, open_matter

LIST = "/workbench/supervision/matters/"


def login(client, user):
    client.force_login(user)
    return client


def detail(m: SupervisionMatter) -> str:
    return f"{LIST}{m.pk}/"


def test_workbench_nav_links_to_matters(sw, client):
    assert f'href="{LIST}"' in login(client, sw.supervisor).get("/workbench/").content.decode()


def test_list_is_scoped_and_filtered_with_a_pinned_query_count(sw, client):
    a = open_matter(sw, title="甲事项")
    b = open_matter(sw, title="乙事项", agency=sw.world.agency_b, source_ref="12345-2")
    matters.document_issue(
        matter=b, actor=sw.supervisor, kind="notice", requirements="x", on=date(2026, 9, 2)
    )
    c = login(client, sw.supervisor)
    text = c.get(LIST).content.decode()
    assert "甲事项" in text and "乙事项" in text
    assert "乙事项" not in c.get(f"{LIST}?agency={sw.world.agency_a.pk}").content.decode()
    assert "甲事项" not in c.get(f"{LIST}?status=issued").content.decode()
    assert "甲事项" in c.get(f"{LIST}?source=hotline").content.decode()
    assert "甲事项" not in c.get(f"{LIST}?overdue=1").content.decode()
    assert "乙事项" not in login(client, sw.head_a).get(LIST).content.decode()
    assert login(client, sw.officer_b).get(detail(a)).status_code == 404
    for i in range(5):
        open_matter(sw, title=f"更多{i}", source_ref=f"more-{i}")
    c = login(client, sw.supervisor)
    c.get(LIST)  # warm the session and the calendar cache
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(LIST).status_code == 200
    # session + user, count, page, agencies for the filter: independent of the number of rows.
    assert len(ctx.captured_queries) <= 6, [q["sql"] for q in ctx.captured_queries]


def test_supervisor_opens_a_matter_by_hand(sw, client):
    c = login(client, sw.supervisor)
    assert "立项监督事项" in c.get(LIST).content.decode()
    r = c.post(
        f"{LIST}new/",
        {
            "agency": sw.world.agency_a.pk,
            "source_kind": "special_inspection",
            "source_ref": "江北司专检〔2026〕2号",
            "title": "专项监督检查发现重复检查",
            "facts": "同一企业一月内被检查三次。",
        },
    )
    m = SupervisionMatter.objects.get()
    assert r.status_code == 302 and r["Location"] == detail(m)
    assert m.source_kind == MatterSource.SPECIAL
    # Bad input: the form comes back with a Chinese message and what was typed.
    r = c.post(
        f"{LIST}new/", {"agency": sw.world.agency_a.pk, "source_kind": "hotline", "title": "t", "facts": "f"}
    )
    assert "12345热线转办的事项请填写工单编号" in r.content.decode()
    assert SupervisionMatter.objects.count() == 1
    # An agency's staff cannot open one.
    r = login(client, sw.head_a).get(f"{LIST}new/")
    assert r.status_code == 302


def test_alert_page_offers_and_opens_a_matter(sw, client):
    alert = Alert.objects.create(
        rule="lead_not_filed",
        severity="high",
        role="officer",
        agency=sw.world.agency_a,
        subject_kind="case",
        subject_id=3,
        reference="线索 3",
        detail="线索超过期限未立案",
        fingerprint="lead_not_filed:case:3",
        raised_at=timezone.now(),
    )
    c = login(client, sw.supervisor)
    assert "立为监督事项" in c.get("/workbench/supervision/alerts/").content.decode()
    assert (
        "立为监督事项" not in login(client, sw.head_a).get("/workbench/supervision/alerts/").content.decode()
    )
    c = login(client, sw.supervisor)
    r = c.post(f"{LIST}from-alert/{alert.pk}/")
    m = SupervisionMatter.objects.get()
    assert r["Location"] == detail(m) and m.source_kind == MatterSource.ALERT
    c.post(f"{LIST}from-alert/{alert.pk}/")
    assert SupervisionMatter.objects.count() == 1


def test_detail_shows_each_role_its_actions_and_the_whole_way_through_the_pages(sw, client, settings):
    m = open_matter(sw)
    sup = login(client, sw.supervisor)
    page = sup.get(detail(m)).content.decode()
    assert "出具并编号" in page and "提交整改报告" not in page and "办结" in page
    r = sup.post(f"{detail(m)}issue/", {"kind": "notice", "requirements": "核查并纠正。", "period_days": ""})
    assert r.status_code == 302
    doc = m.documents.get()
    page = sup.get(detail(m)).content.decode()
    assert doc.number in page and "登记送达" in page
    pdf = sup.get(f"{detail(m)}documents/{doc.pk}/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sup.post(f"{detail(m)}serve/", {"on": timezone.localdate().isoformat()})
    m.refresh_from_db()
    assert m.status == MatterStatus.RECTIFYING
    # The agency's head sees the report form; the supervisor does not.
    assert (
        "提交整改报告"
        not in sup.get(detail(m)).content.decode().split("<h2>约谈")[0].split("<h2>整改报告")[1]
    )
    head = login(client, sw.head_a)
    page = head.get(detail(m)).content.decode()
    assert 'name="attachments"' in page and "出具并编号" not in page
    upload = SimpleUploadedFile("培训签到表.png", PNG, content_type="image/png")
    r = head.post(f"{detail(m)}report/", {"text": "已组织培训。", "attachments": [upload]})
    assert r.status_code == 302
    report = RectificationReport.objects.get()
    att = report.attachments.get()
    got = head.get(f"{detail(m)}attachments/{att.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"\x89PNG")
    assert JournalEntry.objects.filter(subject=subject_of(m), event_type="matter.attachment_read").exists()
    sup = login(client, sw.supervisor)
    assert "审查通过" in sup.get(detail(m)).content.decode()
    sup.post(f"{detail(m)}accept/", {"note": "整改到位"})
    sup.post(f"{detail(m)}close/", {"note": "办结"})
    m.refresh_from_db()
    assert m.status == MatterStatus.CLOSED


def test_a_report_on_a_closed_matter_gets_a_chinese_message_and_nothing_is_written(sw, client):
    m = open_matter(sw)
    matters.matter_close(matter=m, actor=sw.supervisor, note="经核查无问题", on=date(2026, 9, 2))
    head = login(client, sw.head_a)
    before = JournalEntry.objects.count()
    r = head.post(f"{detail(m)}report/", {"text": "整改情况"}, follow=True)
    assert "已于2026年09月02日办结，不能再提交整改报告" in r.content.decode()
    assert RectificationReport.objects.count() == 0 and JournalEntry.objects.count() == before


def test_bad_period_and_unknown_action(sw, client):
    m = open_matter(sw)
    sup = login(client, sw.supervisor)
    r = sup.post(
        f"{detail(m)}issue/", {"kind": "notice", "requirements": "x", "period_days": "abc"}, follow=True
    )
    assert "整改期限" in r.content.decode() and m.documents.count() == 0
    assert sup.post(f"{detail(m)}frobnicate/").status_code == 404
