"""Joint inspections (部门联合抽查, 综合查一次; issue 13 §2): one visit to the business for every agency's
items, with inspectors of every agency (the draw assigns them). The partner agencies' inspectors check in
and make the 现场检查笔录 like the lead's (visits.py: any assigned inspector of a participating agency);
here each partner agency enters the result of its own items, its part (谁检查、谁录入), beside the lead
agency's result. An officer of an agency outside the task is refused.

A violation found on a partner's item journals `inspection.violation_found` with the partner agency and
its penalty item: the cases app opens the lead for that agency (cases.reactions_inspections), and its
`case.lead_from_inspection` links the part (`on_case_lead`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inspections import visits
from zhifa.inspections.inspectors import officer_of, participant_agency
from zhifa.inspections.models import Inspection, InspectionOfficer, InspectionPartResult, InspectionResult
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import record

Outcome = InspectionResult.Outcome
ENTER_PART = "录入本部门的检查结果"
VISITED = (
    Inspection.Status.INSPECTED,
    Inspection.Status.RESULT_ENTERED,
    Inspection.Status.PUBLISHED,
)


def parts_of(inspection: Inspection) -> list[InspectionPartResult]:
    return list(
        InspectionPartResult.objects.filter(inspection=inspection)
        .select_related("agency")
        .order_by("agency_id")
    )


def part_result_enter(
    *,
    inspection: Inspection,
    outcome: str,
    findings: str,
    actor: Any,
    item: InspectionItem | None = None,
    on: date | None = None,
) -> InspectionPartResult:
    """A partner agency's part of a joint inspection's result: by one of its inspectors assigned to the
    visit, or by its head, once the visit happened (the 笔录 made). One part per agency."""
    agency_id = participant_agency(actor, inspection, ENTER_PART)
    if agency_id == inspection.agency_id:
        raise DomainError("发起部门的检查结果请在“录入检查结果”中录入", field="outcome")
    if getattr(actor, "role", None) == Role.OFFICER:
        officer = officer_of(actor)
        if (
            officer is None
            or not InspectionOfficer.objects.filter(inspection=inspection, officer=officer).exists()
        ):
            raise PermissionDenied(f"只有本次检查指派的本部门检查人员或本部门负责人可以{ENTER_PART}")
    if outcome not in Outcome.values:
        raise DomainError("检查结果无效", field="outcome")
    findings = findings.strip()
    if outcome != Outcome.NO_PROBLEM and not findings:
        raise DomainError("请填写检查情况（发现的问题、责令改正的内容等）", field="findings")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("录入日期不能晚于今天", field="on")
    with transaction.atomic():
        locked = visits._locked(inspection)
        if locked.status not in VISITED or locked.inspected_on is None:
            raise DomainError("请先完成现场检查（制作现场检查笔录）再录入结果")
        if on < locked.inspected_on:
            raise DomainError("录入日期不能早于检查日期", field="on")
        if InspectionPartResult.objects.filter(inspection=locked, agency_id=agency_id).exists():
            raise DomainError("本部门的检查结果已录入")
        violated = _violation_item(locked, agency_id, item) if outcome == Outcome.VIOLATION else None
        part = InspectionPartResult.objects.create(
            inspection=locked,
            agency_id=agency_id,
            outcome=outcome,
            findings=findings,
            entered_by=actor if getattr(actor, "pk", None) else None,
            entered_on=on,
        )
        record(
            event_type="inspection.part_result_entered",
            subject=locked,
            agency_id=agency_id,
            actor=actor,
            payload={"code": locked.code, "agency_id": agency_id, "outcome": outcome, "entered_on": on},
        )
        if violated is not None:
            assert violated.item is not None
            target = locked.target
            officers = [
                o.pk for o in visits.assigned_officers(locked) if o.agency_id == agency_id
            ]  # the partner's own inspectors open its case
            record(
                event_type="inspection.violation_found",
                subject=locked,
                agency_id=agency_id,
                actor=actor,
                payload={
                    "code": locked.code,
                    "agency_id": agency_id,
                    "item_id": violated.item.pk,
                    "credit_code": target.credit_code,
                    "name": target.name,
                    "kind": target.kind,
                    "region": target.region.code,
                    "address": target.address,
                    "on": locked.inspected_on,
                    "officers": officers,
                    "source": visits.case_source(locked),
                },
            )
    return part


def _violation_item(inspection: Inspection, agency_id: int, item: InspectionItem | None) -> InspectionItem:
    candidates = visits.violation_items(inspection, agency_id)
    if not candidates:
        raise DomainError(visits.NO_PENALTY_ITEM, field="item")
    if item is None:
        if len(candidates) == 1:
            return candidates[0]
        raise DomainError("请选择发现违法行为的检查事项", field="item")
    if item not in candidates:
        raise DomainError(f"“{item.name}”未关联本部门的行政处罚事项，不能据此登记案源", field="item")
    return item


def result_record(
    *,
    inspection: Inspection,
    outcome: str,
    findings: str,
    actor: Any,
    item: InspectionItem | None = None,
    on: date | None = None,
) -> InspectionResult | InspectionPartResult:
    """Enter the result the actor's agency owes: the lead agency's result, or a partner's part."""
    own = getattr(actor, "agency_id", None)
    if own is not None and own != inspection.agency_id and own in visits.partner_agency_ids(inspection):
        return part_result_enter(
            inspection=inspection, outcome=outcome, findings=findings, actor=actor, item=item, on=on
        )
    return visits.result_enter(
        inspection=inspection, outcome=outcome, findings=findings, actor=actor, item=item, on=on
    )


def on_case_lead_part(entry: JournalEntry) -> None:
    """`case.lead_from_inspection` of a partner agency's case: link its part (the lead agency's own case
    is visits.on_case_lead's). Idempotent."""
    code = str(entry.payload_data.get("code", ""))
    if entry.agency_id is None:
        return
    part = (
        InspectionPartResult.objects.select_for_update()
        .filter(inspection__code=code, agency_id=entry.agency_id)
        .exclude(inspection__agency_id=entry.agency_id)
        .first()
    )
    if part is not None:
        part.case_ref = entry.subject
        part.save(update_fields=["case_ref"])
