"""Complaint reads: the staff list and detail, scoped (a supervisor sees every complaint of the region
under them, an agency's staff what was routed to their agency, an administrator everything); the portal's
progress page by receipt number and query code, which carries no personal data at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.organizations.models import Agency, Region, RegionLevel
from zhifa.supervision.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintStatus,
    ComplaintSubject,
)
from zhifa.supervision.querycode import burn, normalize_query_code, query_code_matches

NOT_FOUND = "受理编号或查询码不正确，请核对回执上的受理编号和查询码（查询码不区分大小写）"


def _visible(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    if scope.region_path is not None:
        return Q(region__path__startswith=scope.region_path)
    if scope.agency_id is not None:
        return Q(routed_to_id=scope.agency_id)
    return Q(pk__in=[])


def open_complaints(*, scope: Scope) -> QuerySet[Complaint]:
    """Complaints in scope still being handled, the current deadline first (the staff to-do list)."""
    return (
        Complaint.objects.filter(_visible(scope), status__in=OPEN_STATUSES)
        .only("pk", "receipt_number", "subject_kind", "status", "due_on")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class StaffFilters:
    status: str = ""
    agency_id: int | None = None  # the agency concerned or routed to
    overdue: bool = False
    q: str = ""  # a receipt number, or part of one


def complaint_list(*, scope: Scope, filters: StaffFilters, today: date | None = None) -> QuerySet[Complaint]:
    today = today or timezone.localdate()
    qs = (
        Complaint.objects.filter(_visible(scope))
        .select_related("region", "agency_concerned", "routed_to")
        .defer("content", "answer", "complainant_name", "complainant_phone", "query_code_hash")
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency_id is not None:
        qs = qs.filter(Q(agency_concerned_id=filters.agency_id) | Q(routed_to_id=filters.agency_id))
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if filters.q:
        qs = qs.filter(receipt_number__icontains=filters.q)
    return qs.order_by("-received_at", "-id")


def complaint_get(*, scope: Scope, complaint_id: int) -> Complaint:
    found = (
        Complaint.objects.filter(_visible(scope), pk=complaint_id)
        .select_related("region", "agency_concerned", "routed_to", "decided_by", "answered_by")
        .first()
    )
    if found is None:
        raise NotFound("没有找到该投诉举报，或您无权查看")
    return found


def complaint_timeline(*, complaint: Complaint) -> QuerySet[JournalEntry]:
    """The complaint's journal entries, oldest first (the caller already may see the complaint)."""
    return JournalEntry.objects.filter(subject=subject_of(complaint)).order_by("id")


def filter_agencies(*, scope: Scope) -> QuerySet[Agency]:
    """The agencies the staff list may be filtered by: those the caller may see."""
    return Agency.objects.filter(scope.agency_q("")).order_by("name")


def route_choices(*, actor_region: Region | None) -> QuerySet[Agency]:
    """Agencies a supervisor may route to: the active agencies of the region under them (supervising
    bodies are chosen as "the supervising body", not by name)."""
    if actor_region is None:
        return Agency.objects.none()
    return (
        Agency.objects.filter(
            active=True, is_supervising_body=False, region__path__startswith=actor_region.path
        )
        .select_related("region")
        .order_by("region__code", "name")
    )


# --- the portal ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeChoices:
    """The portal form's choices: active agencies grouped by region, and the regions down to county
    level (for 不清楚: the supervisors of that region take it)."""

    groups: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)
    regions: list[tuple[int, str]] = field(default_factory=list)


def intake_choices() -> IntakeChoices:
    agencies = (
        Agency.objects.filter(active=True)
        .select_related("region")
        .only("id", "name", "region__id", "region__name", "region__code")
        .order_by("region__code", "name")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for a in agencies:
        groups.setdefault(a.region.name, []).append((a.pk, a.name))
    regions = Region.objects.exclude(level=RegionLevel.TOWNSHIP).order_by("code").values_list("pk", "name")
    return IntakeChoices(groups=list(groups.items()), regions=list(regions))


@dataclass(frozen=True)
class PublicProgress:
    """What the portal shows of a complaint: no name, no phone, not even the text the citizen sent
    (it may name people); the status, its dates and the answer or the reason for refusing it."""

    receipt_number: str
    subject_label: str
    agency_concerned: str
    status: str
    status_label: str
    received_on: date
    accept_due_on: date | None
    decided_on: date | None
    refuse_reason: str
    routed_to: str
    answer_due_on: date | None
    answered_on: date | None
    answer: str
    attachments: int

    @property
    def refused(self) -> bool:
        return self.status == ComplaintStatus.REFUSED

    @property
    def answered(self) -> bool:
        return self.status == ComplaintStatus.ANSWERED


def public_progress(*, receipt_number: str, query_code: str) -> PublicProgress:
    """The progress of a complaint for whoever holds both its receipt number and its query code; one
    message for a wrong number and a wrong code (the page does not confirm that a number exists)."""
    code = normalize_query_code(query_code)
    found = (
        Complaint.objects.filter(receipt_number=receipt_number.strip().upper())
        .select_related("agency_concerned", "routed_to")
        .first()
    )
    if found is None:
        burn(code)  # the same work as a real check: the timing does not tell either
        raise NotFound(NOT_FOUND)
    if not query_code_matches(found.query_code_hash, code):
        raise NotFound(NOT_FOUND)
    if found.routed_to_supervision:
        routed = "行政执法监督机构"
    else:
        routed = found.routed_to.name if found.routed_to else ""
    return PublicProgress(
        receipt_number=found.receipt_number,
        subject_label=ComplaintSubject(found.subject_kind).label,
        agency_concerned=found.agency_concerned.name if found.agency_concerned else "不清楚",
        status=found.status,
        status_label=ComplaintStatus(found.status).label,
        received_on=found.received_on,
        accept_due_on=found.accept_due_on,
        decided_on=found.decided_on,
        refuse_reason=found.refuse_reason,
        routed_to=routed,
        answer_due_on=found.answer_due_on,
        answered_on=found.answered_on,
        answer=found.answer,
        attachments=found.attachments.count(),
    )
