# ruff: noqa: F811 — the fixtures (vw, isolated_store) are imported from visits_world, not a shared conftest
"""Joint inspections (部门联合抽查, 综合查一次; 国办发〔2019〕5号): the partner agency's inspectors, drawn
with the lead's, check in, make the one 现场检查笔录 of the visit and enter their own agency's part of the
result; an officer of an agency outside the task is refused every step (行政处罚法 第十七条、第十八条)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.accounts.selectors import scope_for
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.inspections import joint, visits
from zhifa.inspections.models import InspectionPartResult, InspectionResult
from zhifa.inspections.tests.joint_world import JointWorld, make_joint
from zhifa.inspections.tests.visits_world import (  # noqa: F401 (fixtures)
    VisitWorld,
    at,
    isolated_store,
    vw,
)
from zhifa.journal.models import JournalEntry, PendingReaction
from zhifa.journal.services import subject_of, sweep

pytestmark = pytest.mark.django_db

DAY = date(2026, 4, 20)


@pytest.fixture
def jw(vw: VisitWorld) -> JointWorld:
    return make_joint(vw)


def _visit_by_partner(vw: VisitWorld, jw: JointWorld) -> None:
    """The environment inspector checks the team in and writes the 笔录 with both market inspectors."""
    inspection = jw.inspection
    visits.inspection_check_in(inspection=inspection, actor=jw.env_user, at=at(DAY))
    visits.inspection_record_site(
        inspection=inspection,
        officers=[*vw.officers[:2], jw.env_officer],
        started_at=at(DAY, 9, 40),
        ended_at=at(DAY, 10, 50),
        place="江北市城关街道人民路8号",
        representative_name="刘建国",
        representative_title="厂长",
        items=visits.inspection_items(inspection),
        findings="食品库房整洁；废气处理设施运行正常。",
        actor=jw.env_user,
    )


def test_a_partner_inspector_checks_in_and_makes_the_site_record_of_the_joint_visit(vw, jw):
    _visit_by_partner(vw, jw)
    jw.inspection.refresh_from_db()
    assert jw.inspection.status == "inspected" and jw.inspection.inspected_on == DAY
    entry = JournalEntry.objects.get(event_type="inspection.inspected", subject=subject_of(jw.inspection))
    assert jw.env_officer.pk in entry.payload_data["officers"]
    assert entry.actor_id == jw.env_user.pk


def test_the_partner_enters_its_own_part_and_the_lead_its_result(vw, jw):
    _visit_by_partner(vw, jw)
    part = joint.result_record(
        inspection=jw.inspection, outcome="no_problem", findings="", actor=jw.env_user, on=DAY
    )
    assert isinstance(part, InspectionPartResult)
    assert part.agency == vw.cw.world.agency_b and part.outcome == "no_problem"
    entry = JournalEntry.objects.get(event_type="inspection.part_result_entered")
    assert entry.agency_id == vw.cw.world.agency_b.pk and entry.payload_data["code"] == jw.inspection.code
    with pytest.raises(DomainError, match="本部门的检查结果已录入"):
        joint.part_result_enter(
            inspection=jw.inspection, outcome="corrected", findings="x", actor=jw.env_head, on=DAY
        )
    # The lead agency's result is the lead's: a partner cannot enter it in its place.
    with pytest.raises(PermissionDenied, match="联合检查部门只能录入本部门事项的检查结果"):
        visits.result_enter(inspection=jw.inspection, outcome="no_problem", findings="", actor=jw.env_user)
    lead = joint.result_record(
        inspection=jw.inspection, outcome="no_problem", findings="", actor=vw.officer_user, on=DAY
    )
    assert isinstance(lead, InspectionResult)


def test_the_partner_head_may_enter_the_part_and_an_unassigned_partner_officer_may_not(vw, jw):
    _visit_by_partner(vw, jw)
    with pytest.raises(PermissionDenied, match="指派的本部门检查人员"):
        joint.part_result_enter(
            inspection=jw.inspection, outcome="no_problem", findings="", actor=jw.env_other_user, on=DAY
        )
    part = joint.part_result_enter(
        inspection=jw.inspection, outcome="corrected", findings="责令更换滤芯。", actor=jw.env_head, on=DAY
    )
    assert part.entered_by == jw.env_head


def test_an_officer_of_an_agency_outside_the_task_is_refused_every_step(vw, jw):
    """行政处罚法 第十七条、第十八条: an agency inspects within its own remit only."""
    with pytest.raises(PermissionDenied, match="实施机关或联合检查部门"):
        visits.inspection_check_in(inspection=jw.inspection, actor=jw.outsider_user, at=at(DAY))
    _visit_by_partner(vw, jw)
    for call in (
        lambda: joint.part_result_enter(
            inspection=jw.inspection, outcome="no_problem", findings="", actor=jw.outsider_user, on=DAY
        ),
        lambda: visits.result_enter(
            inspection=jw.inspection, outcome="no_problem", findings="", actor=jw.outsider_user, on=DAY
        ),
    ):
        with pytest.raises(PermissionDenied, match="实施机关或联合检查部门"):
            call()
    assert not InspectionPartResult.objects.exists() and not InspectionResult.objects.exists()
    # Nor do they see it; the partner's staff do.
    with pytest.raises(NotFound):
        visits.inspection_get(scope=scope_for(jw.outsider_user), inspection_id=jw.inspection.pk)
    seen = visits.inspection_get(scope=scope_for(jw.env_user), inspection_id=jw.inspection.pk)
    assert seen.pk == jw.inspection.pk


def test_a_partner_part_is_refused_before_the_visit_and_without_findings(vw, jw):
    with pytest.raises(DomainError, match="请先完成现场检查"):
        joint.part_result_enter(
            inspection=jw.inspection, outcome="no_problem", findings="", actor=jw.env_user
        )
    _visit_by_partner(vw, jw)
    with pytest.raises(DomainError, match="请填写检查情况"):
        joint.part_result_enter(
            inspection=jw.inspection, outcome="corrected", findings=" ", actor=jw.env_user
        )
    assert not InspectionPartResult.objects.exists()


def test_a_violation_on_the_partners_item_opens_the_partners_case_and_links_its_part(vw, jw):
    _visit_by_partner(vw, jw)
    part = joint.part_result_enter(
        inspection=jw.inspection,
        outcome="violation",
        findings="废气处理设施未运行，直接排放。",
        actor=jw.env_user,
        on=DAY,
    )
    entry = JournalEntry.objects.get(event_type="inspection.violation_found")
    assert entry.payload_data["agency_id"] == vw.cw.world.agency_b.pk
    assert entry.payload_data["item_id"] == vw.cw.world.item_b.pk
    assert entry.payload_data["officers"] == [jw.env_officer.pk]
    while PendingReaction.objects.exists():
        assert sweep(everything=True).failed == 0
    case = Case.objects.get()
    assert case.agency == vw.cw.world.agency_b and case.item == vw.cw.world.item_b
    part.refresh_from_db()
    assert part.case_ref == subject_of(case)
    assert not InspectionResult.objects.exists()  # the lead's result is untouched


def test_the_partner_sees_the_inspection_page_and_its_part_form(client, vw, jw):
    _visit_by_partner(vw, jw)
    client.force_login(jw.env_user)
    page = client.get(f"/workbench/inspections/visits/{jw.inspection.pk}/")
    assert page.status_code == 200 and "录入本部门的检查结果" in page.content.decode()
    form = client.post(
        f"/workbench/inspections/visits/{jw.inspection.pk}/result/",
        {"outcome": "no_problem", "findings": ""},
    )
    assert form.status_code == 302
    assert InspectionPartResult.objects.get().agency == vw.cw.world.agency_b
    client.force_login(jw.outsider_user)
    assert client.get(f"/workbench/inspections/visits/{jw.inspection.pk}/").status_code == 404
