"""Publicity reads: the public portal (published items only) and the staff views (scoped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case as Cond
from django.db.models import Count, F, IntegerField, Q, QuerySet, When
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.publicity import search
from zhifa.publicity.models import Publication, PublicationStatus


@dataclass(frozen=True)
class PublicFilters:
    q: str = ""
    agency_id: int | None = None
    kind: str = ""
    since: date | None = None
    until: date | None = None
    region_path: str = ""


def public_list(*, filters: PublicFilters) -> QuerySet[Publication]:
    qs = Publication.objects.filter(status=PublicationStatus.PUBLISHED).select_related("agency")
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.since:
        qs = qs.filter(decided_on__gte=filters.since)
    if filters.until:
        qs = qs.filter(decided_on__lte=filters.until)
    if filters.region_path:
        qs = qs.filter(region_path__startswith=filters.region_path)
    ids = search.search_ids(filters.q) if filters.q.strip() else None
    if ids is None:
        return qs.order_by("-published_on", "-id")
    ranked = Cond(*[When(pk=pk, then=i) for i, pk in enumerate(ids[:500])], output_field=IntegerField())
    return qs.filter(pk__in=ids[:500]).order_by(ranked) if ids else qs.none()


def public_get(*, publication_id: int) -> Publication:
    """Published items, and withdrawn ones (their detail page becomes the withdrawal notice)."""
    pub = (
        Publication.objects.filter(
            pk=publication_id, status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
        )
        .select_related("agency")
        .first()
    )
    if pub is None:
        raise NotFound("该信息不存在或已不在公示期内")
    return pub


def withdrawn_notices(*, agency_id: int | None = None) -> QuerySet[Publication]:
    qs = Publication.objects.filter(status=PublicationStatus.WITHDRAWN, public_notice=True).select_related(
        "agency"
    )
    return qs.filter(agency_id=agency_id) if agency_id else qs


def staff_queue(*, scope: Scope) -> QuerySet[Publication]:
    return (
        Publication.objects.filter(scope.agency_q("agency"), status=PublicationStatus.DRAFT)
        .select_related("agency")
        .order_by("due_on")
    )


def staff_get(*, scope: Scope, publication_id: int) -> Publication:
    pub = (
        Publication.objects.filter(scope.agency_q("agency"), pk=publication_id)
        .select_related("agency", "case")
        .first()
    )
    if pub is None:
        raise NotFound("未找到该公示，或您无权查看")
    return pub


@dataclass(frozen=True)
class Compliance:
    agency_id: int
    agency_name: str
    due: int
    overdue: int
    published: int
    published_late: int
    withdrawn: int
    withdrawn_late: int

    @property
    def on_time_rate(self) -> float | None:
        return None if not self.published else (self.published - self.published_late) / self.published


def compliance(*, scope: Scope, today: date | None = None) -> list[Compliance]:
    today = today or timezone.localdate()
    rows = (
        Publication.objects.filter(scope.agency_q("agency"), previous__isnull=True)
        .values("agency_id", "agency__name")
        .annotate(
            due=Count("id", filter=Q(status=PublicationStatus.DRAFT)),
            overdue=Count("id", filter=Q(status=PublicationStatus.DRAFT, due_on__lt=today)),
            published=Count("id", filter=Q(published_on__isnull=False)),
            published_late=Count("id", filter=Q(published_on__gt=F("due_on"))),
            withdrawn=Count("id", filter=Q(status=PublicationStatus.WITHDRAWN)),
            withdrawn_late=Count("id", filter=Q(withdrawn_on__gt=F("withdraw_due"))),
        )
        .order_by("agency__name")
    )
    return [
        Compliance(
            r["agency_id"],
            r["agency__name"],
            r["due"],
            r["overdue"],
            r["published"],
            r["published_late"],
            r["withdrawn"],
            r["withdrawn_late"],
        )
        for r in rows
    ]
