"""Evidence reads, always scoped: a user sees the evidence of the agencies their scope covers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.evidence.models import Evidence, Upload
from zhifa.journal import selectors as journal_selectors
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.organizations.selectors import visible_agency_ids
from zhifa.personnel.models import Officer


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def evidence_list(
    *,
    scope: Scope,
    kind: str = "",
    case_ref: str = "",
    collected_from: date | None = None,
    collected_to: date | None = None,
) -> QuerySet[Evidence]:
    qs = Evidence.objects.filter(scope.agency_q("agency"))
    if kind:
        qs = qs.filter(kind=kind)
    if case_ref:
        qs = qs.filter(case_ref__icontains=case_ref)
    if collected_from is not None:
        qs = qs.filter(collected_at__gte=_day_start(collected_from))
    if collected_to is not None:
        qs = qs.filter(collected_at__lt=_day_start(collected_to + timedelta(days=1)))
    return (
        qs.select_related("agency", "uploaded_by")
        .prefetch_related(Prefetch("collected_by", queryset=Officer.objects.only("id", "name")))
        .order_by("-uploaded_at", "-id")
    )


def evidence_of_case(*, scope: Scope, case: Any) -> QuerySet[Evidence]:
    """The evidence filed under a case: its case number, or its id (the two ways uploads name a case, as
    review.precheck reads them), in the case's own agency."""
    refs = [ref for ref in (str(case.pk), case.case_number) if ref]  # a lead has no number yet
    return evidence_list(scope=scope).filter(agency_id=case.agency_id, case_ref__in=refs)


def evidence_get(*, scope: Scope, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(scope.agency_q("agency"), pk=evidence_id)
        .select_related("agency", "uploaded_by", "supersedes")
        .prefetch_related("collected_by", "superseded_by")
        .first()
    )
    if evidence is None:
        raise NotFound("未找到该证据，或您无权查看")
    return evidence


def custody_history(*, scope: Scope, evidence: Evidence) -> QuerySet[JournalEntry]:
    """Every journal entry about this item (upload, views, downloads, corrections): its chain of custody."""
    return journal_selectors.entries_for_subject(
        subject=subject_of(evidence), visible_agency_ids=visible_agency_ids(scope=scope)
    )


def same_bytes(*, scope: Scope, evidence: Evidence) -> QuerySet[Evidence]:
    """Other evidence items with the same file (the same blob), that the caller may see."""
    return (
        Evidence.objects.filter(scope.agency_q("agency"), sha256=evidence.sha256)
        .exclude(pk=evidence.pk)
        .order_by("id")
    )


def upload_get(*, scope: Scope, user: Any, upload_id: uuid.UUID) -> Upload | None:
    """An upload is visible to the user who created it, within their scope; to nobody else."""
    if scope.is_empty or getattr(user, "pk", None) is None:
        return None
    return (
        Upload.objects.filter(scope.agency_q("agency"), pk=upload_id, created_by_id=user.pk)
        .select_related("agency")
        .first()
    )


def uploads_in_progress(*, scope: Scope, user: Any) -> QuerySet[Upload]:
    return Upload.objects.filter(
        scope.agency_q("agency"),
        created_by_id=getattr(user, "pk", None),
        completed_at__isnull=True,
        terminated_at__isnull=True,
        purged_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def officers_for_upload(*, agency_id: int) -> QuerySet[Officer]:
    return Officer.objects.filter(agency_id=agency_id, status=Officer.Status.ACTIVE).order_by("name", "id")
