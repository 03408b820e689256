# ruff: noqa: F811 — the fixtures (vw, isolated_store) are imported from visits_world, not a shared conftest
"""Inspecting: check-in, the 现场检查笔录 and its PDF, results with their deadline and publication, and the
discipline of enterprise inspections outside a draw (国办发〔2024〕54号: yearly cap, repeat warning,
qualified inspectors)."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from zhifa.cases.models import ProcedureSetting
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evidence.services import evidence_ingest_file, evidence_metadata_parse
from zhifa.inspections import codes, site_record, visits
from zhifa.inspections.models import Inspection, InspectionResult
from zhifa.inspections.tests.visits_world import (  # noqa: F401 (fixtures)
    at,
    drawn_inspection,
    isolated_store,
    make_target,
    visit,
    vw,
)
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.lib.officialdoc import extract_text, from_json
from zhifa.lib.qr import qr_rectangles
from zhifa.personnel.services import certificate_suspend
from zhifa.testing import make_certificate, make_officer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _entries(event_type: str, inspection: Inspection) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(event_type=event_type, subject=subject_of(inspection)).order_by("id")
    )


# --- codes ------------------------------------------------------------------------------------------------


def test_codes_are_16_characters_of_the_unambiguous_alphabet_and_random():
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert codes.is_well_formed(code) and not set(code) & set("01IO")
    assert codes.normalize(" abcd-efgh-jklm-npqr ") == "ABCDEFGHJKLMNPQR"
    assert not codes.is_well_formed("ABCDEFGHJKLMNPQ0")  # 0 is not in the alphabet


def test_the_qr_code_holds_the_public_url_from_the_setting(vw):
    code = codes.new_code()
    assert codes.public_url(code) == f"https://zhifa.example.gov.cn/inspections/code/{code}/"
    svg = codes.code_svg(code)
    assert svg.startswith("<?xml") and "<svg" in svg and svg == codes.code_svg(code)  # deterministic
    widget: Any = codes.code_drawing(code, 60).contents[0]
    assert widget.value == codes.public_url(code)


# --- the visit --------------------------------------------------------------------------------------------


def test_check_in_is_the_assigned_inspectors_and_is_journaled(vw):
    inspection = drawn_inspection(vw)
    with pytest.raises(PermissionDenied, match="指派的检查人员"):
        visits.inspection_check_in(inspection=inspection, actor=vw.head, at=at(date(2026, 4, 20)))
    visits.inspection_check_in(inspection=inspection, actor=vw.officer_user, at=at(date(2026, 4, 20)))
    inspection.refresh_from_db()
    assert inspection.checked_in_at == at(date(2026, 4, 20))
    (entry,) = _entries("inspection.checked_in", inspection)
    assert entry.payload_data["officers"] == [o.pk for o in vw.officers[:2]]
    with pytest.raises(DomainError, match="已于"):
        visits.inspection_check_in(inspection=inspection, actor=vw.officer_user, at=at(date(2026, 4, 20)))


def test_no_site_record_before_check_in(vw):
    inspection = drawn_inspection(vw)
    with pytest.raises(DomainError, match="扫码入企"):
        visits.inspection_record_site(
            inspection=inspection,
            officers=vw.officers[:2],
            started_at=at(date(2026, 4, 20)),
            ended_at=at(date(2026, 4, 20), 11),
            place="经营场所",
            representative_name="刘建国",
            representative_title="",
            items=[vw.linked_item],
            findings="未发现问题",
            actor=vw.officer_user,
        )


def test_result_deadline_is_20_working_days_and_labour_day_moves_it(vw):
    """企业公示信息抽查暂行办法第十一条 / 冀政办发〔2015〕22号: 20 working days from the inspection. Inspected
    on Monday 20 April 2026: 劳动节 (1–5 May, three weekdays off, Saturday 9 May worked) moves the
    deadline from 18 May (weekdays only) to 20 May."""
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20))
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.INSPECTED and inspection.inspected_on == date(2026, 4, 20)
    assert inspection.result_due == date(2026, 5, 20)
    weekdays, day = 0, date(2026, 4, 20)
    while weekdays < 20:
        day += timedelta(days=1)
        weekdays += day.weekday() < 5
    assert day == date(2026, 5, 18) != inspection.result_due


def test_the_result_period_is_a_regional_setting(vw):
    ProcedureSetting.objects.create(key="inspection_result_days", region=vw.cw.world.province, value=10)
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20))
    inspection.refresh_from_db()
    assert inspection.result_due == date(2026, 5, 7)  # 4/21–4/30: 8 working days; 5/6 the 9th, 5/7


def test_site_record_pdf_renders_with_the_code_names_and_certificates(vw):
    """亮证 (行政处罚法 Art.55): the record prints each inspector's certificate number; the code and its
    URL are printed and the QR code holds the URL; the content the entry vouched for is what renders."""
    inspection = drawn_inspection(vw)
    rec = visit(vw, inspection, date(2026, 4, 20))
    assert rec.number == f"{vw.agency.name[:4]}检〔2026〕1号"
    (entry,) = _entries("inspection.inspected", inspection)
    assert entry.payload_data["number"] == rec.number
    assert rec.content_sha256 in {a["sha256"] for a in entry.attachment_list}
    assert from_json(rec.content).qr_code == codes.public_url(inspection.code)

    pdf = site_record.pdf_bytes(rec, actor=vw.officer_user)
    rec.refresh_from_db()
    assert hashlib.sha256(pdf).hexdigest() == rec.sha256
    text = extract_text(pdf)
    flat = "".join(text.split())
    assert codes.grouped(inspection.code) in flat
    assert codes.public_url(inspection.code).split("://", 1)[1] in flat  # printed without the scheme
    assert rec.number in flat and "现场检查笔录" in flat
    for officer in vw.officers[:2]:
        assert officer.name in flat
        assert officer.certificates.get().number in flat
    assert "刘建国（店长）" in flat and "签名" in flat
    # The QR code is drawn as filled squares on the first page; no font is declared that is not embedded.
    reader = PdfReader(io.BytesIO(pdf))
    contents: Any = reader.pages[0].get_contents()
    first = contents.get_data().decode("latin-1")
    assert first.count(" re f") >= len(qr_rectangles(codes.public_url(inspection.code), 10)) > 50
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts = resources["/Font"]
        assert all("Fandol" in str(fonts[k].get_object()["/BaseFont"]) for k in fonts)
    rendered = JournalEntry.objects.get(event_type="inspection.record_rendered")
    assert rendered.payload_data["issued_in_entry"] == entry.pk
    assert JournalEntry.objects.filter(event_type="document.downloaded", subject=subject_of(rec)).count() == 1
    # The second download serves the same stored bytes.
    assert site_record.pdf_bytes(rec, actor=vw.officer_user) == pdf


def test_evidence_filed_under_the_inspection_is_listed_on_the_record(vw):
    inspection = drawn_inspection(vw)
    visits.inspection_check_in(inspection=inspection, actor=vw.officer_user, at=at(date(2026, 4, 20)))
    metadata = evidence_metadata_parse(
        agency=vw.agency,
        data={
            "filename": "货架照片.jpg",
            "kind": "photo",
            "case_ref": subject_of(inspection),
            "collected_at": at(date(2026, 4, 20), 10).isoformat(),
            "collected_place": "江北市城关街道人民路8号",
            "proves": "货架上陈列的食品",
            "collected_by": f"{vw.officers[0].pk},{vw.officers[1].pk}",
        },
        now=at(date(2026, 4, 20), 12),
    )
    photo = evidence_ingest_file(
        metadata=metadata,
        content=SimpleUploadedFile("p.jpg", b"\xff\xd8\xff" + bytes(300)),
        actor=vw.officer_user,
    )
    assert list(visits.evidence_of(inspection)) == [photo]
    rec = visits.inspection_record_site(
        inspection=inspection,
        officers=vw.officers[:2],
        started_at=at(date(2026, 4, 20), 9, 40),
        ended_at=at(date(2026, 4, 20), 10, 50),
        place="经营场所",
        representative_name="刘建国",
        representative_title="",
        items=[vw.linked_item],
        findings="货架上有过期食品。",
        actor=vw.officer_user,
    )
    assert "货架照片.jpg" in rec.content and photo.sha256[:16] in rec.content


def test_the_site_record_refuses_an_officer_not_assigned_or_too_few(vw):
    inspection = drawn_inspection(vw)
    visits.inspection_check_in(inspection=inspection, actor=vw.officer_user, at=at(date(2026, 4, 20)))
    common = dict(
        inspection=inspection,
        started_at=at(date(2026, 4, 20), 9, 40),
        ended_at=at(date(2026, 4, 20), 10),
        place="经营场所",
        representative_name="刘建国",
        representative_title="",
        items=[vw.linked_item],
        findings="未发现问题",
        actor=vw.officer_user,
    )
    with pytest.raises(DomainError, match="不少于2名"):
        visits.inspection_record_site(officers=vw.officers[:1], **common)
    with pytest.raises(DomainError, match="指派的检查人员"):
        visits.inspection_record_site(officers=vw.officers, **common)
    with pytest.raises(DomainError, match="第四十三条"):
        visits.inspection_record_site(officers=vw.officers[:2], recusal_requested=True, **common)


# --- results ----------------------------------------------------------------------------------------------


def test_result_entry_and_publication_on_time(vw):
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20))
    result = visits.result_enter(
        inspection=inspection, outcome="no_problem", findings="", actor=vw.officer2_user, on=date(2026, 4, 22)
    )
    assert result.entered_on == date(2026, 4, 22)
    (entry,) = _entries("inspection.result_entered", inspection)
    assert entry.payload_data == {
        "code": inspection.code,
        "outcome": "no_problem",
        "due_on": "2026-05-20",
        "entered_on": "2026-04-22",
    }
    with pytest.raises(DomainError, match="已录入"):
        visits.result_enter(inspection=inspection, outcome="no_problem", findings="", actor=vw.head)
    with pytest.raises(PermissionDenied, match="公示管理员或负责人"):
        visits.result_publish(inspection=inspection, actor=vw.officer_user)
    published = visits.result_publish(inspection=inspection, actor=vw.clerk, on=date(2026, 5, 20))
    assert published.published_on == date(2026, 5, 20) and not published.published_late
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.PUBLISHED
    with pytest.raises(DomainError, match="已于"):
        visits.result_publish(inspection=inspection, actor=vw.head)


def test_a_late_publication_is_allowed_and_flagged(vw):
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20))
    assert not visits.late(inspection, date(2026, 5, 20))
    visits.result_enter(
        inspection=inspection,
        outcome="corrected",
        findings="责令改正标签",
        actor=vw.head,
        on=date(2026, 5, 6),
    )
    inspection.refresh_from_db()
    assert visits.late(inspection, date(2026, 5, 21))
    published = visits.result_publish(inspection=inspection, actor=vw.head, on=date(2026, 5, 21))
    assert published.published_late
    (entry,) = _entries("inspection.result_published", inspection)
    assert entry.payload_data["late"] is True and entry.payload_data["due_on"] == "2026-05-20"


def test_a_result_other_than_no_problem_needs_the_findings(vw):
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20))
    with pytest.raises(DomainError, match="请填写检查情况"):
        visits.result_enter(inspection=inspection, outcome="corrected", findings=" ", actor=vw.officer_user)


def test_a_violation_needs_an_item_linked_to_a_penalty_item(vw):
    """Refused at entry (not left for the cases app to fail on later): an item of the list linked to no
    enforcement item cannot open a case."""
    inspection = drawn_inspection(vw, items=[vw.plain_item])
    visit(vw, inspection, date(2026, 4, 20))
    with pytest.raises(DomainError, match="均未关联本机关的行政处罚事项"):
        visits.result_enter(
            inspection=inspection, outcome="violation", findings="未公示", actor=vw.officer_user
        )
    assert not InspectionResult.objects.exists()
    assert not _entries("inspection.violation_found", inspection)


# --- enterprise inspections outside a draw (国办发〔2024〕54号) --------------------------------------------


def _register(vw, *, kind="routine", on=None, officers=None, confirm=False, **kw):
    return visits.inspection_register(
        agency=vw.agency,
        target=kw.pop("target", vw.target),
        kind=kind,
        items=[vw.linked_item],
        officers=officers or vw.officers[:2],
        planned_on=on or TODAY + timedelta(days=1),
        reason=kw.pop("reason", ""),
        actor=vw.officer_user,
        confirm_repeat=confirm,
        **kw,
    )


def test_register_gives_a_code_and_journals_it(vw):
    inspection = _register(vw)
    assert codes.is_well_formed(inspection.code) and inspection.status == Inspection.Status.ASSIGNED
    assert list(inspection.items.all()) == [vw.linked_item]
    (entry,) = _entries("inspection.created", inspection)
    assert entry.payload_data["credit_code"] == vw.target.credit_code
    assert entry.payload_data["officers"] == [o.pk for o in vw.officers[:2]]


def test_yearly_cap_refuses_a_third_routine_inspection_naming_the_cap_and_its_source(vw):
    """国办发〔2024〕54号: a published yearly cap per agency and business (default 2, the 卫健 example,
    supervision.md §2.2). 个案检查 and superior-deployed special inspections are exempt."""
    year_end = date(TODAY.year, 12, 31)
    day = min(TODAY + timedelta(days=1), year_end)
    _register(vw, on=day)
    _register(vw, on=day, confirm=True)  # the second is within the quiet period of the first: confirmed
    with pytest.raises(DomainError) as refused:
        _register(vw, on=day, confirm=True)
    message = str(refused.value)
    assert "年度检查频次上限2次" in message and "国办发〔2024〕54号" in message and "个案检查" in message
    # 个案检查 (a complaint) is not capped; nor is a special inspection deployed by a higher authority.
    complaint = _register(vw, kind="case", on=day, confirm=True, reason="12345热线投诉：销售过期食品")
    special = _register(
        vw,
        kind="special",
        on=day,
        confirm=True,
        reason="省市场监管局部署的校园食品安全专项检查",
        superior_deployed=True,
    )
    assert complaint.pk and special.pk
    assert visits.yearly_count(target=vw.target, agency=vw.agency, year=day.year) == 2
    # A special inspection decided by the agency itself counts.
    with pytest.raises(DomainError, match="上限"):
        _register(vw, kind="special", on=day, confirm=True, reason="本局部署的专项检查")


def test_the_cap_is_a_regional_setting(vw):
    ProcedureSetting.objects.create(key="inspection_yearly_cap", region=vw.cw.world.city, value=1)
    _register(vw)
    with pytest.raises(DomainError, match="上限1次"):
        _register(vw, confirm=True)


def test_a_case_inspection_needs_its_reason(vw):
    with pytest.raises(DomainError, match="个案检查须写明事由"):
        _register(vw, kind="case")


def test_repeat_warning_when_any_agency_inspected_within_the_quiet_period(vw):
    """国办发〔2024〕54号 (no repeated inspections): inspected by the ecology agency 20 days ago → the user
    must confirm; the confirmation is journaled (inspection.repeat_warning)."""
    other = Inspection.objects.create(
        agency=vw.cw.world.agency_b,
        target=vw.target,
        kind=Inspection.Kind.ROUTINE,
        code=codes.new_code(),
        status=Inspection.Status.INSPECTED,
        inspected_on=TODAY - timedelta(days=20),
    )
    with pytest.raises(visits.RepeatInspectionWarning) as warned:
        _register(vw)
    assert len(warned.value.warnings) == 1
    assert vw.cw.world.agency_b.name in warned.value.warnings[0] and other.code not in str(warned.value)
    assert not Inspection.objects.filter(agency=vw.agency).exists()
    inspection = _register(vw, confirm=True)
    (entry,) = _entries("inspection.repeat_warning", inspection)
    assert entry.payload_data["credit_code"] == vw.target.credit_code
    assert vw.cw.world.agency_b.name in entry.payload_data["reason"]
    assert entry.actor_id == vw.officer_user.pk


def test_no_warning_outside_the_quiet_period(vw):
    Inspection.objects.create(
        agency=vw.cw.world.agency_b,
        target=vw.target,
        kind=Inspection.Kind.ROUTINE,
        code=codes.new_code(),
        status=Inspection.Status.PUBLISHED,
        inspected_on=TODAY - timedelta(days=120),
    )
    inspection = _register(vw)
    assert not _entries("inspection.repeat_warning", inspection)


def test_an_unqualified_officer_is_refused(vw):
    """DESIGN.md invariant 3; 国办发〔2024〕54号: no inspection by anyone without a valid certificate."""
    w = vw.cw.world
    newcomer = make_officer(agency=w.agency_a, name="孙丽")  # no certificate
    with pytest.raises(DomainError, match="孙丽未持有行政执法证"):
        _register(vw, officers=[vw.officers[0], newcomer])
    certificate_suspend(certificate=vw.officers[1].certificates.get(), reason="涉嫌违纪", actor=None)
    with pytest.raises(DomainError, match="已被暂扣"):
        _register(vw)
    outsider = make_officer(agency=w.agency_a, name="周杰")
    make_certificate(officer=outsider, field=w.field_market, area=w.county_b)  # another county
    with pytest.raises(DomainError, match="执法区域"):
        _register(vw, officers=[vw.officers[0], outsider])
    with pytest.raises(DomainError, match="不少于2名"):
        _register(vw, officers=[vw.officers[0]])


def test_qualification_is_checked_again_on_the_day_of_the_visit(vw):
    inspection = _register(vw)
    certificate_suspend(certificate=vw.officers[1].certificates.get(), reason="涉嫌违纪", actor=None)
    with pytest.raises(DomainError, match="暂扣"):
        visits.inspection_check_in(inspection=inspection, actor=vw.officer_user)


def test_register_refuses_a_business_outside_the_area_and_other_agencies_items(vw):
    w = vw.cw.world
    from zhifa.organizations.services import region_create

    far = region_create(code="980000", name="远方省", level="province", parent=None, actor=None)
    with pytest.raises(DomainError, match="管辖区域"):
        _register(vw, target=make_target(far, name="远方公司"))
    from zhifa.catalog.models import InspectionItem

    theirs = InspectionItem.objects.create(agency=w.agency_b, name="排污许可检查", target="排污单位")
    with pytest.raises(DomainError, match="不属于"):
        visits.inspection_register(
            agency=vw.agency,
            target=vw.target,
            kind="routine",
            items=[theirs],
            officers=vw.officers[:2],
            planned_on=TODAY + timedelta(days=1),
            reason="",
            actor=vw.officer_user,
        )


def test_a_draw_is_not_changed_but_its_repeat_inspections_are_listed(vw):
    """The draw is never biased after the fact: drawn inspections are created whatever the quiet period;
    the task page lists the warnings instead."""
    inspection = drawn_inspection(vw)
    Inspection.objects.create(
        agency=vw.cw.world.agency_b,
        target=vw.target,
        kind=Inspection.Kind.ROUTINE,
        code=codes.new_code(),
        status=Inspection.Status.INSPECTED,
        inspected_on=date(2026, 2, 20),
    )
    assert inspection.task is not None
    found = visits.draw_repeat_warnings(task=inspection.task)
    assert list(found) == [inspection.pk]
    assert vw.cw.world.agency_b.name in found[inspection.pk][0]
