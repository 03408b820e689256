"""Reads of officers and certificates, scoped; and the question every procedure asks:
may this officer act on item X in area Y on date D?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from zhifa.catalog.models import EnforcementItem
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.organizations.models import Region
from zhifa.personnel.models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    LegalReviewer,
    Officer,
    Sanction,
    TrainingRecord,
)


def officer_list(
    *, scope: Scope, search: str = "", agency_id: int | None = None, certificate_status: str = ""
) -> QuerySet[Officer]:
    qs = Officer.objects.filter(scope.agency_q("agency")).select_related("agency", "unit")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(certificates__number__iexact=search)).distinct()
    if certificate_status:
        qs = qs.filter(certificates__status=certificate_status).distinct()
    return qs.prefetch_related(
        Prefetch(
            "certificates", queryset=Certificate.objects.prefetch_related("fields").select_related("area")
        )
    )


def officer_get(*, scope: Scope, officer_id: int) -> Officer:
    officer = (
        Officer.objects.filter(scope.agency_q("agency"), pk=officer_id)
        .select_related("agency", "unit", "agency__region")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("area").prefetch_related(
                    "fields", Prefetch("events", queryset=CertificateEvent.objects.order_by("at", "id"))
                ),
            ),
            Prefetch("sanctions", queryset=Sanction.objects.order_by("-date", "-id")),
            Prefetch("trainings", queryset=TrainingRecord.objects.order_by("-date")),
            "assessments",
        )
        .first()
    )
    if officer is None:
        raise NotFound("未找到该执法人员，或您无权查看")
    return officer


def officer_counts(*, agency_ids: Sequence[int]) -> dict[int, int]:
    rows = (
        Officer.objects.filter(agency_id__in=list(agency_ids), status=Officer.Status.ACTIVE)
        .values("agency_id")
        .annotate(n=Count("id"))
    )
    return {r["agency_id"]: r["n"] for r in rows}


def certificate_lookup(*, number: str) -> Certificate | None:
    """Public (事中) check by certificate number: no scope, the certificate is published information."""
    return (
        Certificate.objects.select_related("officer", "officer__agency", "area")
        .prefetch_related("fields")
        .filter(number=number.strip())
        .first()
    )


def certificates_expiring(
    *, scope: Scope, within_days: int | None = None, today: date | None = None
) -> QuerySet[Certificate]:
    today = today or timezone.localdate()
    days = settings.ZHIFA_CERTIFICATE_EXPIRY_WARNING_DAYS if within_days is None else within_days
    until = date.fromordinal(today.toordinal() + days)
    return (
        Certificate.objects.filter(
            scope.agency_q("officer__agency"),
            status=CertificateStatus.VALID,
            valid_until__gte=today,
            valid_until__lte=until,
        )
        .select_related("officer", "officer__agency")
        .order_by("valid_until")
    )


def current_status(cert: Certificate, *, today: date | None = None) -> str:
    """The status as of now: a valid certificate past its end date counts as expired even before the
    daily job has marked it."""
    today = today or timezone.localdate()
    if cert.status == CertificateStatus.VALID and cert.valid_until < today:
        return CertificateStatus.EXPIRED
    return cert.status


def status_on(cert: Certificate, day: date) -> str:
    """The certificate's status at the end of `day`, replayed from its event history, so that a past act
    is judged by the certificate as it was then (a later suspension does not taint an earlier act)."""
    if day < cert.valid_from:
        return ""  # not yet in force on that day
    end = timezone.make_aware(datetime.combine(day, time.max))
    events = sorted(cert.events.all(), key=lambda e: (e.at, e.pk))
    if not events:
        return ""
    # The issue takes effect from valid_from, whenever it was entered into the platform; every later
    # step (suspension, reinstatement, renewal, revocation) takes effect when it was made.
    status, valid_until = events[0].to_status, events[0].valid_until
    for event in events[1:]:
        if event.at > end:
            break
        status, valid_until = event.to_status, event.valid_until
    if status in (CertificateStatus.VALID, CertificateStatus.EXPIRED):
        return CertificateStatus.VALID if day <= valid_until else CertificateStatus.EXPIRED
    return status


def _certificates_of(officer: Officer) -> list[Certificate]:
    cache = getattr(officer, "_prefetched_objects_cache", {})
    if "certificates" in cache:
        return list(cache["certificates"])
    return list(
        Certificate.objects.filter(officer=officer)
        .select_related("area")
        .prefetch_related("fields", "events")
    )


@dataclass
class ActCheck:
    """The answer to "may this officer act": `allowed`, the certificate that covers the act, and, when not
    allowed, every reason in Chinese."""

    allowed: bool
    certificate: Certificate | None = None
    reasons: list[str] = field(default_factory=list)
    rule: str = "《中华人民共和国行政处罚法》第四十二条；《中华人民共和国行政强制法》第十七条"


def may_act(*, officer: Officer, item: EnforcementItem, area: Region, on: date) -> ActCheck:
    """行政处罚法 Art.42 / 行政强制法 Art.17: only officers holding a valid enforcement certificate act.
    A certificate covers an act when, on that date, it was valid (not suspended, revoked or expired), its
    fields include the item's field, and its area contains the place."""
    reasons: list[str] = []
    if officer.status != Officer.Status.ACTIVE:
        reasons.append(f"{officer.name}已不在执法岗位（{officer.get_status_display()}）")
    if item.agency_id != officer.agency_id:
        reasons.append(f"事项“{item.name}”不属于{officer.name}所在的执法主体")
    certs = _certificates_of(officer)
    if not certs:
        reasons.append(f"{officer.name}未持有行政执法证")
    covering: Certificate | None = None
    cert_reasons: list[str] = []
    for cert in certs:
        problems: list[str] = []
        status = status_on(cert, on)
        if status == "":
            problems.append(f"执法证 {cert.number} 在 {on.isoformat()} 尚未生效")
        elif status == CertificateStatus.EXPIRED:
            problems.append(f"执法证 {cert.number} 已于 {cert.valid_until.isoformat()} 过期")
        elif status == CertificateStatus.SUSPENDED:
            problems.append(f"执法证 {cert.number} 已被暂扣")
        elif status == CertificateStatus.REVOKED:
            problems.append(f"执法证 {cert.number} 已被收回")
        if item.field_id not in {f.pk for f in cert.fields.all()}:
            problems.append(f"执法证 {cert.number} 的执法类别不含“{item.field.name}”")
        if not cert.area.contains(area):
            problems.append(f"执法证 {cert.number} 的执法区域为“{cert.area.name}”，不含“{area.name}”")
        if not problems:
            covering = cert
            break
        cert_reasons += problems
    if covering is None:
        reasons += cert_reasons
    if reasons:
        return ActCheck(allowed=False, certificate=None, reasons=reasons)
    return ActCheck(allowed=True, certificate=covering)


def qualified_officers(
    *, item: EnforcementItem, area: Region, on: date, officers: Sequence[Officer]
) -> list[Officer]:
    return [o for o in officers if may_act(officer=o, item=item, area=area, on=on).allowed]


@dataclass(frozen=True)
class ReviewerCounts:
    """An agency's active officers and active legal reviewers: what 国办发〔2018〕118号 四(十一) compares.
    The share they are held to is a regional setting: review.selectors.reviewer_staffing applies it."""

    agency_id: int
    officers: int
    reviewers: int


def reviewer_counts_many(*, agency_ids: Sequence[int]) -> dict[int, ReviewerCounts]:
    """The counts for many agencies in two grouped queries (the supervisors' home page checks every
    agency of a region; one count per agency cost two queries each)."""
    ids = list(agency_ids)
    officers = dict(
        Officer.objects.filter(agency_id__in=ids, status=Officer.Status.ACTIVE)
        .values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    reviewers = dict(
        LegalReviewer.objects.filter(agency_id__in=ids, active=True)
        .values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    return {
        i: ReviewerCounts(agency_id=i, officers=officers.get(i, 0), reviewers=reviewers.get(i, 0))
        for i in ids
    }


def certificates_suspended(*, scope: Scope) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        scope.agency_q("officer__agency"), status=CertificateStatus.SUSPENDED
    ).select_related("officer", "officer__agency")


def training_hours_by_officer(*, officer_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    rows = (
        TrainingRecord.objects.filter(officer_id__in=list(officer_ids), date__year=year)
        .values("officer_id")
        .annotate(s=Sum("hours"))
    )
    return {r["officer_id"]: r["s"] for r in rows}
