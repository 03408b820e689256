"""Supervision matters (监督事项): every transition and its journal entry, every refusal, the rectification
deadlines across the 2026 National Day holiday (1–7 October, make-up working Saturday 10 October), the
escalation and its alert, the openings from a complaint and from a case-file evaluation (idempotent), the
region scoping, and the numbered PDF."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhifa.accounts.selectors import scope_for
from zhifa.cases.models import ProcedureSetting
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry, PendingReaction
from zhifa.journal.services import dispatch, record, subject_of
from zhifa.supervision import alert_services, matter_documents, matter_selectors, matters, services
from zhifa.supervision.models_alerts import Alert, AlertState
from zhifa.supervision.models_matters import (
    MatterSource,
    MatterStatus,
    RectificationReport,
    SupervisionDocument,
    SupervisionMatter,
)
from zhifa.testing import make_agency, make_user

from .conftest import at, submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def events_of(matter: SupervisionMatter) -> list[str]:
    return list(
        JournalEntry.objects.filter(subject=subject_of(matter))
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def payload(matter: SupervisionMatter, event: str) -> dict[str, Any]:
    entry = JournalEntry.objects.filter(subject=subject_of(matter), event_type=event).latest("id")
    data: dict[str, Any] = json.loads(entry.payload)
    return data


def open_matter(sw: Any, *, on: date = date(2026, 9, 1), **kw: Any) -> SupervisionMatter:
    args: dict[str, Any] = {
        "actor": sw.supervisor,
        "agency": sw.world.agency_a,
        "source_kind": MatterSource.HOTLINE,
        "source_ref": "12345-2026-000101",
        "title": "群众反映执法人员检查未出示执法证件",
        "facts": "2026年8月20日，该局执法人员对某超市开展检查时未出示行政执法证件。",
        "on": on,
    }
    args.update(kw)
    return matters.matter_open(**args)


def served(sw: Any, *, kind: str = "notice", issued: date = date(2026, 9, 28), on: date = date(2026, 9, 29)):
    m = open_matter(sw)
    matters.document_issue(
        matter=m, actor=sw.supervisor, kind=kind, requirements="立即纠正并开展培训。", on=issued
    )
    matters.document_serve(matter=m, actor=sw.supervisor, on=on)
    m.refresh_from_db()
    return m


# --- opening --------------------------------------------------------------------------------------------


def test_open_by_hand_from_a_hotline_transfer_is_journaled(sw):
    m = open_matter(sw)
    assert m.status == MatterStatus.OPEN and m.region == sw.world.city
    assert m.source_key == "hotline:12345-2026-000101"
    assert events_of(m) == ["matter.opened"]
    p = payload(m, "matter.opened")
    assert p["source_kind"] == "hotline" and p["agency_id"] == sw.world.agency_a.pk
    assert "8月20日" not in json.dumps(p, ensure_ascii=False)  # the facts are vouched for by their digest


def test_open_refusals(sw):
    with pytest.raises(PermissionDenied, match="行政执法监督人员"):
        open_matter(sw, actor=sw.officer_a)
    with pytest.raises(DomainError, match="工单编号"):
        open_matter(sw, source_ref="")
    with pytest.raises(DomainError, match="请选择事项来源"):
        open_matter(sw, source_kind=MatterSource.COMPLAINT)
    with pytest.raises(DomainError, match="请填写问题事实"):
        open_matter(sw, facts="  ")
    # A county supervisor does not supervise the city's agencies (条例 第六条: its own government's).
    with pytest.raises(DomainError, match="不在您监督的区域内"):
        open_matter(sw, actor=sw.county_supervisor)
    open_matter(sw)
    with pytest.raises(DomainError, match="不能重复立项"):
        open_matter(sw)
    assert SupervisionMatter.objects.count() == 1


def test_open_from_an_alert_once(sw):
    alert = Alert.objects.create(
        rule="clock_overdue",
        severity="high",
        role="officer",
        agency=sw.world.agency_a,
        subject_kind="deadline",
        subject_id=7,
        reference="江北市监立〔2026〕1号",
        detail="办案期限已超期",
        fingerprint="clock_overdue:deadline:7",
        raised_at=at(date(2026, 9, 1)),
    )
    m = matters.matter_open_from_alert(alert=alert, actor=sw.supervisor, on=date(2026, 9, 2))
    again = matters.matter_open_from_alert(alert=alert, actor=sw.supervisor)
    assert again.pk == m.pk and m.source_kind == MatterSource.ALERT
    assert "江北市监立〔2026〕1号" in m.source_ref
    with pytest.raises(PermissionDenied):
        matters.matter_open_from_alert(alert=alert, actor=sw.head_a)


# --- documents, service, deadlines across the holiday --------------------------------------------------


def test_issue_numbers_the_document_in_the_supervising_bodys_series_and_renders_a_pdf(
    sw, django_capture_on_commit_callbacks
):
    m = open_matter(sw)
    with django_capture_on_commit_callbacks(execute=True):
        d1 = matters.document_issue(
            matter=m,
            actor=sw.supervisor,
            kind="opinion",
            requirements="完善亮证执法制度。",
            on=date(2026, 9, 2),
        )
    m.refresh_from_db()
    assert m.status == MatterStatus.ISSUED
    # 江北市司法局 is registered as the supervising body: its name and code issue the document.
    issuer, code = matter_documents.issuer_for(sw.world.city)
    assert issuer == "江北市司法局"
    assert d1.number == f"{code}监意〔2026〕1号"
    assert (d1.period_days, d1.period_unit) == (30, "days")  # 广东省人民政府令第231号 第二十一条 default
    d1.refresh_from_db()
    assert d1.render_entry_id is not None and len(d1.sha256) == 64
    pdf = matter_documents.pdf_bytes(d1, actor=sw.supervisor)
    assert pdf.startswith(b"%PDF")
    assert events_of(m) == [
        "matter.opened",
        "matter.document_issued",
        "matter.document_rendered",
        "document.downloaded",
    ]
    issued = JournalEntry.objects.get(subject=subject_of(m), event_type="matter.document_issued")
    assert d1.content_sha256 in issued.attachments
    # A second matter: the next serial of the same kind and year; another kind starts its own series.
    m2 = open_matter(sw, source_ref="12345-2026-000102")
    d2 = matters.document_issue(
        matter=m2, actor=sw.supervisor, kind="opinion", requirements="整改。", on=date(2026, 9, 3)
    )
    assert d2.number == f"{code}监意〔2026〕2号"


def test_without_a_registered_body_the_region_issues_as_its_justice_bureau(sw):
    sw.justice.is_supervising_body = False
    sw.justice.save(update_fields=["is_supervising_body"])
    assert matter_documents.issuer_for(sw.world.city) == ("江北市司法局", "江北司")
    m = open_matter(sw)
    d = matters.document_issue(
        matter=m, actor=sw.supervisor, kind="notice", requirements="核查。", on=date(2026, 9, 2)
    )
    assert d.number == "江北司监通〔2026〕1号"


def test_notice_deadline_is_10_working_days_across_national_day(sw):
    """总局令第22号 第十八条: 10 working days; served Tue 29 Sep 2026, the days run 30 Sep, then after the
    holiday 8, 9, 10 (the make-up Saturday), 12 … 16 and 19 October."""
    m = served(sw)
    doc = SupervisionDocument.objects.get(matter=m)
    assert m.status == MatterStatus.RECTIFYING
    assert m.due_on == doc.rectify_due_on == date(2026, 10, 19)
    assert payload(m, "matter.document_served")["rectify_due_on"] == "2026-10-19"


def test_opinion_deadline_in_calendar_days_moves_off_the_holiday(sw):
    """广东省人民政府令第231号 第二十一条: 30 days; from 3 September they end on 3 October, a holiday, so the
    period ends on the first working day after it, 8 October."""
    m = served(sw, kind="opinion", issued=date(2026, 9, 2), on=date(2026, 9, 3))
    assert m.due_on == date(2026, 10, 8)


def test_a_regional_setting_and_a_period_set_on_the_document_change_the_deadline(sw):
    ProcedureSetting.objects.create(
        key="matter_notice_working_days", region=sw.world.city, value=5, basis="示范省实施办法"
    )
    m = served(sw)
    assert m.due_on == date(2026, 10, 12)  # 30 Sep, 8, 9, 10 (make-up Saturday), 12 Oct
    m2 = open_matter(sw, source_ref="x-2")
    matters.document_issue(
        matter=m2,
        actor=sw.supervisor,
        kind="decision",
        requirements="纠正。",
        period_days=15,
        on=date(2026, 9, 1),
    )
    doc = matters.document_serve(matter=m2, actor=sw.supervisor, on=date(2026, 9, 1))
    assert doc.period_text == "15日" and doc.rectify_due_on == date(2026, 9, 16)


def test_document_refusals(sw):
    m = open_matter(sw)
    with pytest.raises(DomainError, match="请选择文书种类"):
        matters.document_issue(matter=m, actor=sw.supervisor, kind="letter", requirements="x")
    with pytest.raises(DomainError, match="请填写整改要求"):
        matters.document_issue(matter=m, actor=sw.supervisor, kind="notice", requirements=" ")
    with pytest.raises(PermissionDenied, match="监督人员"):
        matters.document_issue(matter=m, actor=sw.head_a, kind="notice", requirements="x")
    with pytest.raises(DomainError, match="整改期限应为"):
        matters.document_issue(matter=m, actor=sw.supervisor, kind="notice", requirements="x", period_days=0)
    with pytest.raises(DomainError, match="不能送达文书"):
        matters.document_serve(matter=m, actor=sw.supervisor)
    matters.document_issue(
        matter=m, actor=sw.supervisor, kind="notice", requirements="x", on=date(2026, 9, 2)
    )
    with pytest.raises(DomainError, match="不能出具文书"):
        matters.document_issue(matter=m, actor=sw.supervisor, kind="notice", requirements="x")
    with pytest.raises(DomainError, match="送达日期不能早于"):
        matters.document_serve(matter=m, actor=sw.supervisor, on=date(2026, 9, 1))
    assert SupervisionDocument.objects.count() == 1


# --- the agency's report and the supervisor's review ---------------------------------------------------


def test_report_accept_close_the_whole_way(sw):
    m = served(sw)
    upload = SimpleUploadedFile("整改照片.png", PNG, content_type="image/png")
    report = matters.report_submit(
        matter=m,
        actor=sw.head_a,
        text="已组织全体执法人员培训，落实亮证执法。",
        attachments=[upload],
        on=date(2026, 10, 15),
    )
    assert not report.late and report.attachments.count() == 1
    m.refresh_from_db()
    assert m.status == MatterStatus.REPORTED
    matters.report_accept(matter=m, actor=sw.supervisor, note="整改到位", on=date(2026, 10, 16))
    m.refresh_from_db()
    assert m.status == MatterStatus.ACCEPTED and m.due_on is None
    matters.matter_close(matter=m, actor=sw.supervisor, note="整改到位，办结。", on=date(2026, 10, 16))
    m.refresh_from_db()
    assert m.status == MatterStatus.CLOSED and m.closed_on == date(2026, 10, 16)
    assert events_of(m) == [
        "matter.opened",
        "matter.document_issued",
        "matter.document_served",
        "matter.report_submitted",
        "matter.report_accepted",
        "matter.closed",
    ]
    sub = JournalEntry.objects.get(subject=subject_of(m), event_type="matter.report_submitted")
    assert report.attachments.get().sha256 in sub.attachments


def test_return_sends_the_agency_back_with_a_reason_and_a_new_deadline(sw):
    m = served(sw)
    matters.report_submit(matter=m, actor=sw.officer_a, text="已整改。", on=date(2026, 10, 12))
    with pytest.raises(DomainError, match="请填写退回理由"):
        matters.report_return(matter=m, actor=sw.supervisor, reason="")
    with pytest.raises(DomainError, match="应晚于退回日期"):
        matters.report_return(
            matter=m, actor=sw.supervisor, reason="x", due_on=date(2026, 10, 13), on=date(2026, 10, 13)
        )
    report = matters.report_return(
        matter=m, actor=sw.supervisor, reason="未附培训记录", due_on=date(2026, 10, 30), on=date(2026, 10, 13)
    )
    m.refresh_from_db()
    assert (
        report.outcome == "returned"
        and m.status == MatterStatus.RECTIFYING
        and m.due_on == date(2026, 10, 30)
    )
    assert payload(m, "matter.report_returned")["reason"] == "未附培训记录"
    second = matters.report_submit(matter=m, actor=sw.officer_a, text="补充培训记录。", on=date(2026, 10, 20))
    assert RectificationReport.objects.filter(matter=m).count() == 2 and not second.late


def test_only_the_agency_concerned_submits_a_report(sw):
    """条例 第八条: the supervisor does not correct in the agency's place; another agency cannot answer."""
    m = served(sw)
    for actor in (sw.supervisor, sw.officer_b, sw.admin):
        with pytest.raises(PermissionDenied, match="整改报告由被监督的执法主体"):
            matters.report_submit(matter=m, actor=actor, text="x")
    with pytest.raises(PermissionDenied):
        matters.report_accept(matter=m, actor=sw.head_a)


def test_a_report_after_the_matter_is_closed_is_refused_and_nothing_is_stored(sw):
    m = open_matter(sw)
    matters.matter_close(
        matter=m, actor=sw.supervisor, note="经核查，不存在所反映问题。", on=date(2026, 9, 2)
    )
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    before = JournalEntry.objects.count()
    with pytest.raises(DomainError, match="已于2026年09月02日办结，不能再提交整改报告"):
        matters.report_submit(matter=m, actor=sw.head_a, text="整改情况", attachments=[upload])
    assert RectificationReport.objects.count() == 0 and JournalEntry.objects.count() == before


def test_state_refusals_of_review_and_close(sw):
    m = served(sw)
    with pytest.raises(DomainError, match="不能审查整改报告"):
        matters.report_accept(matter=m, actor=sw.supervisor)
    with pytest.raises(DomainError, match="不能办结"):
        matters.matter_close(matter=m, actor=sw.supervisor, note="x")
    with pytest.raises(DomainError, match="请填写办结说明"):
        matters.matter_close(matter=m, actor=sw.supervisor, note="")


def test_a_talk_is_recorded_until_the_matter_is_closed(sw):
    m = served(sw)
    talk = matters.talk_record(
        matter=m,
        actor=sw.supervisor,
        held_on=date(2026, 10, 9),
        place="江北市司法局会议室",
        participants="江北市市场监督管理局局长、法制科科长",
        summary="指出问题，要求限期整改。",
    )
    assert payload(m, "matter.talk_recorded")["talk_id"] == talk.pk
    with pytest.raises(DomainError, match="请填写参加人员"):
        matters.talk_record(
            matter=m, actor=sw.supervisor, held_on=date(2026, 10, 9), place="x", participants="", summary="x"
        )
    with pytest.raises(PermissionDenied):
        matters.talk_record(
            matter=m, actor=sw.head_a, held_on=date(2026, 10, 9), place="x", participants="x", summary="x"
        )


# --- escalation and its alert -------------------------------------------------------------------------


def test_overdue_matter_escalates_on_the_first_day_after_the_deadline_and_raises_the_alert(sw):
    m = served(sw)  # due 19 Oct 2026
    assert matters.escalate_overdue(today=date(2026, 10, 19)) == 0  # the last day is still in time
    assert matters.escalate_overdue(today=date(2026, 10, 20)) == 1
    assert matters.escalate_overdue(today=date(2026, 10, 21)) == 0  # once
    m.refresh_from_db()
    assert m.escalated and m.escalated_on == date(2026, 10, 20)
    assert "matter.escalated" in events_of(m)
    alert = Alert.objects.get(rule="matter_overdue")
    assert alert.state == AlertState.OPEN and alert.agency == sw.world.agency_a and alert.subject_id == m.pk
    # A late report keeps the alert (still awaiting acceptance) …
    late = matters.report_submit(matter=m, actor=sw.head_a, text="已整改。", on=date(2026, 10, 22))
    assert late.late
    assert Alert.objects.get(pk=alert.pk).state == AlertState.OPEN
    # … which accepting it resolves, automatically (its cause gone), in the same step.
    matters.report_accept(matter=m, actor=sw.supervisor, on=date(2026, 10, 23))
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED and alert.resolved_auto
    assert alert_services.evaluate(keys=["matter_overdue"]).rules["matter_overdue"].raised == 0


def test_a_report_handed_in_late_escalates_at_once(sw):
    m = served(sw)
    matters.report_submit(matter=m, actor=sw.head_a, text="已整改。", on=date(2026, 10, 20))
    m.refresh_from_db()
    assert m.escalated and m.status == MatterStatus.REPORTED
    assert Alert.objects.filter(rule="matter_overdue", state=AlertState.OPEN, subject_id=m.pk).exists()


def test_a_report_awaiting_review_is_not_overdue(sw):
    m = served(sw)
    matters.report_submit(matter=m, actor=sw.head_a, text="已整改。", on=date(2026, 10, 16))
    assert matters.escalate_overdue(today=date(2026, 11, 30)) == 0


def test_closing_resolves_the_alert(sw):
    m = served(sw)
    matters.escalate_overdue(today=date(2026, 10, 20))
    matters.report_submit(matter=m, actor=sw.head_a, text="已整改。", on=date(2026, 10, 22))
    matters.report_accept(matter=m, actor=sw.supervisor, on=date(2026, 10, 22))
    matters.matter_close(matter=m, actor=sw.supervisor, note="办结", on=date(2026, 10, 22))
    assert not Alert.objects.filter(rule="matter_overdue", state__in=["open", "acknowledged"]).exists()


# --- openings by journal reaction ---------------------------------------------------------------------


def test_a_complaint_converted_into_a_matter_opens_one_idempotently(sw, django_capture_on_commit_callbacks):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, on=date(2026, 9, 30))
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_convert(
            complaint=c,
            actor=sw.supervisor,
            kind="supervision_matter",
            note="反映执法人员未亮证。",
            on=date(2026, 9, 30),
        )
    m = SupervisionMatter.objects.get()
    assert m.source_kind == MatterSource.COMPLAINT and m.agency == sw.world.agency_a
    assert m.source_key == f"complaint:{c.receipt_number}" and m.region == sw.world.city
    assert m.opened_by == sw.supervisor and m.facts == "反映执法人员未亮证。"
    # The reaction run again (a retry, a replay) opens nothing more.
    entry = JournalEntry.objects.get(event_type="complaint.converted")
    from zhifa.supervision.matter_reactions import on_complaint_converted

    with transaction.atomic():
        on_complaint_converted(entry)
    assert SupervisionMatter.objects.count() == 1
    assert not PendingReaction.objects.filter(entry_id=entry.pk).exists()


def test_a_case_lead_conversion_opens_no_matter(sw, django_capture_on_commit_callbacks):
    c = submit(sw).complaint
    c = services.complaint_accept(
        complaint=c, actor=sw.supervisor, route=services.RouteTarget(sw.world.agency_a), on=date(2026, 9, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_convert(
            complaint=c, actor=sw.officer_a, kind="case_lead", note="线索", on=date(2026, 9, 30)
        )
    assert SupervisionMatter.objects.count() == 0


def _rectification_required(sw: Any, **over: Any) -> JournalEntry:
    data: dict[str, Any] = {
        "plan_id": 3,
        "file_id": 41,
        "case_id": 9,
        "case_number": "江北市监立〔2026〕9号",
        "agency_id": sw.world.agency_a.pk,
        "grade": "不合格",
        "score": 52,
        "reasons": ["未告知陈述申辩权利", "证据不足以认定违法事实"],
    }
    data.update(over)
    with transaction.atomic():
        return record(
            event_type="evaluation.rectification_required",
            subject="evaluation.evaluationfile:41",
            agency_id=sw.world.agency_a.pk,
            actor=sw.supervisor,
            payload=data,
        )


def test_a_file_failing_evaluation_opens_a_matter_once(sw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = _rectification_required(sw)
    m = SupervisionMatter.objects.get()
    assert m.source_kind == MatterSource.EVALUATION and m.source_key == "evaluation:3:41"
    assert m.title == "案卷评查不合格：江北市监立〔2026〕9号"
    assert "1. 未告知陈述申辩权利" in m.facts and "2. 证据不足以认定违法事实" in m.facts
    with transaction.atomic():
        dispatch(entry)
        from zhifa.supervision.matter_reactions import on_rectification_required

        on_rectification_required(entry)
    assert SupervisionMatter.objects.count() == 1


def test_an_evaluation_of_an_unknown_agency_records_why_no_matter_was_opened(
    sw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = _rectification_required(sw, agency_id=999999)
    assert SupervisionMatter.objects.count() == 0
    why = JournalEntry.objects.get(event_type="matter.not_opened", subject=entry.subject)
    assert "执法主体不存在" in why.payload


# --- scope ----------------------------------------------------------------------------------------------


def test_region_and_agency_scoping(sw):
    m = open_matter(sw)
    other_region = make_agency(name="临江县市场监督管理局", region=sw.world.county_b)
    county_b_sup = make_user(username="sup_b", role="supervisor", region=sw.world.county_b)
    m_b = matters.matter_open(
        actor=county_b_sup,
        agency=other_region,
        source_kind=MatterSource.DAILY,
        title="日常监督发现问题",
        facts="事实",
        on=date(2026, 9, 1),
    )
    ids = lambda user: set(  # noqa: E731
        matter_selectors.matter_list(
            scope=scope_for(user), filters=matter_selectors.MatterFilters()
        ).values_list("pk", flat=True)
    )
    assert ids(sw.supervisor) == {m.pk, m_b.pk}  # the city sees the county's matters too
    assert ids(county_b_sup) == {m_b.pk}
    assert ids(sw.county_supervisor) == set()
    assert ids(sw.head_a) == {m.pk}
    assert ids(sw.officer_b) == set()
    assert ids(sw.admin) == {m.pk, m_b.pk}
    # Acting follows the same line: the county supervisor cannot touch the city's matter.
    with pytest.raises(PermissionDenied):
        matters.document_issue(matter=m, actor=county_b_sup, kind="notice", requirements="x")


def test_overdue_filter(sw):
    m = served(sw)
    other = open_matter(sw, source_ref="x-9")
    qs = lambda today: set(  # noqa: E731
        matter_selectors.matter_list(
            scope=scope_for(sw.supervisor), filters=matter_selectors.MatterFilters(overdue=True), today=today
        ).values_list("pk", flat=True)
    )
    assert qs(date(2026, 10, 19)) == set()
    assert qs(date(2026, 10, 20)) == {m.pk}
    assert other.pk not in qs(date(2026, 10, 20) + timedelta(days=30))


def test_the_pdf_names_the_agency_the_number_and_the_article_8_clause(sw):
    m = open_matter(sw)
    d = matters.document_issue(
        matter=m, actor=sw.supervisor, kind="decision", requirements="撤销违法检查记录。", on=date(2026, 9, 2)
    )
    text = json.loads(d.content)
    flat = json.dumps(text, ensure_ascii=False)
    assert "江北市市场监督管理局：" in flat and d.number in flat and "第八条" in flat and "三十日" in flat
    pdf = matter_documents.render(d.pk)
    assert pdf.sha256 and io.BytesIO(matter_documents.pdf_bytes(pdf, actor=sw.head_a)).read(4) == b"%PDF"


def test_after_acceptance_a_further_document_may_be_issued(sw):
    """A 通知书 answered (materials supplied) may be followed by a 决定书 on the same matter."""
    m = served(sw)
    matters.report_submit(matter=m, actor=sw.head_a, text="材料已报送。", on=date(2026, 10, 12))
    matters.report_accept(matter=m, actor=sw.supervisor, on=date(2026, 10, 13))
    d = matters.document_issue(
        matter=m, actor=sw.supervisor, kind="decision", requirements="依法纠正。", on=date(2026, 10, 14)
    )
    m.refresh_from_db()
    assert m.status == MatterStatus.ISSUED and m.documents.count() == 2 and d.kind == "decision"
    matters.document_serve(matter=m, actor=sw.supervisor, on=date(2026, 10, 15))
    m.refresh_from_db()
    assert m.due_on == date(2026, 11, 16)  # 30 days end Sat 14 Nov: moved to Monday 16 November


def test_a_return_without_a_new_deadline_keeps_the_one_that_stands(sw):
    m = served(sw)
    matters.report_submit(matter=m, actor=sw.head_a, text="已整改。", on=date(2026, 10, 12))
    matters.report_return(matter=m, actor=sw.supervisor, reason="材料不全", on=date(2026, 10, 13))
    m.refresh_from_db()
    assert m.status == MatterStatus.RECTIFYING and m.due_on == date(2026, 10, 19)


def test_serving_is_the_supervisors_step(sw):
    m = open_matter(sw)
    matters.document_issue(
        matter=m, actor=sw.supervisor, kind="notice", requirements="x", on=date(2026, 9, 2)
    )
    with pytest.raises(PermissionDenied):
        matters.document_serve(matter=m, actor=sw.head_a, on=date(2026, 9, 3))


def test_a_deadline_into_a_year_not_loaded_is_refused_then_provisional_once_loaded(sw):
    """DESIGN.md invariant 6: the engine refuses to compute into a year whose calendar is not loaded; a
    provisionally loaded year flags the deadline provisional."""
    from zhifa.catalog.calendar import year_load_provisional
    from zhifa.catalog.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    m = open_matter(sw, on=date(2026, 12, 1))
    matters.document_issue(
        matter=m, actor=sw.supervisor, kind="notice", requirements="x", on=date(2026, 12, 21)
    )
    with pytest.raises(DomainError, match="节假日安排尚未载入"):
        matters.document_serve(matter=m, actor=sw.supervisor, on=date(2026, 12, 22))
    m.refresh_from_db()
    assert m.status == MatterStatus.ISSUED and m.due_on is None
    year_load_provisional(year=2027, actor=None)
    matters.document_serve(matter=m, actor=sw.supervisor, on=date(2026, 12, 22))
    after = SupervisionMatter.objects.get(pk=m.pk)
    assert after.due_provisional and after.due_on is not None and after.due_on.year == 2027
