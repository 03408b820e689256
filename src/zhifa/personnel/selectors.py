"""Reads of officers and certificates, scoped; and the question every procedure asks:
may this officer act on item X in area Y on date D?"""

from __future__ import annotations

from bisect import bisect_left
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


@dataclass(frozen=True)
class CertificateOn:
    """One certificate as it stood on a date: what `may_act` asks of it, read once. Built by
    `certificates_on`; the questions below are the ONE statement of the rule, used by `may_act` (one
    act, with reasons) and by `regions_where_may_act` (a whole pool at once, as a draw needs)."""

    certificate: Certificate
    status: str  # status_on(certificate, on): "" when not yet in force
    field_ids: frozenset[int]
    area_path: str

    def in_force(self) -> bool:
        return self.status == CertificateStatus.VALID

    def covers_field(self, field_id: int) -> bool:
        return field_id in self.field_ids

    def covers_area(self, area_path: str) -> bool:
        # Region.contains: the area's subtree is one prefix of the materialised path.
        return area_path.startswith(self.area_path)

    def problems(self, *, item: EnforcementItem, area: Region, on: date) -> list[str]:
        cert = self.certificate
        out: list[str] = []
        if not self.in_force():
            out.append(self._not_in_force(on))
        if not self.covers_field(item.field_id):
            out.append(f"执法证 {cert.number} 的执法类别不含“{item.field.name}”")
        if not self.covers_area(area.path):
            out.append(f"执法证 {cert.number} 的执法区域为“{cert.area.name}”，不含“{area.name}”")
        return out

    def _not_in_force(self, on: date) -> str:
        cert = self.certificate
        if self.status == "":
            return f"执法证 {cert.number} 在 {on.isoformat()} 尚未生效"
        if self.status == CertificateStatus.EXPIRED:
            return f"执法证 {cert.number} 已于 {cert.valid_until.isoformat()} 过期"
        if self.status == CertificateStatus.SUSPENDED:
            return f"执法证 {cert.number} 已被暂扣"
        if self.status == CertificateStatus.REVOKED:
            return f"执法证 {cert.number} 已被收回"
        return f"执法证 {cert.number} 当前状态为“{self.status}”"


def certificates_on(officer: Officer, on: date) -> list[CertificateOn]:
    """The officer's certificates as they stood on `on` (no query when the officer's certificates were
    prefetched with their area, fields and events, as `officers_for_acts` does)."""
    return [
        CertificateOn(c, status_on(c, on), frozenset(f.pk for f in c.fields.all()), c.area.path)
        for c in _certificates_of(officer)
    ]


def _officer_problems(officer: Officer, item: EnforcementItem) -> list[str]:
    reasons: list[str] = []
    if officer.status != Officer.Status.ACTIVE:
        reasons.append(f"{officer.name}已不在执法岗位（{officer.get_status_display()}）")
    if item.agency_id != officer.agency_id:
        reasons.append(f"事项“{item.name}”不属于{officer.name}所在的执法主体")
    return reasons


def may_act(*, officer: Officer, item: EnforcementItem, area: Region, on: date) -> ActCheck:
    """行政处罚法 Art.42 / 行政强制法 Art.17: only officers holding a valid enforcement certificate act.
    A certificate covers an act when, on that date, it was valid (not suspended, revoked or expired), its
    fields include the item's field, and its area contains the place."""
    return act_check(officer=officer, item=item, area=area, on=on, certificates=certificates_on(officer, on))


def act_check(
    *,
    officer: Officer,
    item: EnforcementItem,
    area: Region,
    on: date,
    certificates: Sequence[CertificateOn],
) -> ActCheck:
    """`may_act` over certificates already read (`certificates_on(officer, on)`): no query."""
    reasons = _officer_problems(officer, item)
    if not certificates:
        reasons.append(f"{officer.name}未持有行政执法证")
    covering: Certificate | None = None
    cert_reasons: list[str] = []
    for facts in certificates:
        problems = facts.problems(item=item, area=area, on=on)
        if not problems:
            covering = facts.certificate
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


def officers_for_acts(*, agency_ids: Sequence[int]) -> QuerySet[Officer]:
    """The active officers of the agencies with everything `may_act` reads prefetched (four queries in
    all, however many officers)."""
    return (
        Officer.objects.filter(agency_id__in=list(agency_ids), status=Officer.Status.ACTIVE)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("area").prefetch_related("fields", "events"),
            )
        )
        .order_by("pk")
    )


def regions_where_may_act(
    *,
    officers: Sequence[Officer],
    items: Sequence[EnforcementItem],
    regions: Sequence[Region],
    on: date,
) -> dict[int, set[str]]:
    """For each officer, the codes of those `regions` where `may_act(officer, item, region, on)` holds
    for EVERY one of `items` that belongs to the officer's agency (an officer whose agency has none of
    the items qualifies nowhere). The same rule as `may_act` (the same `CertificateOn` questions), asked
    for a whole pool at once: a random-inspection draw asks it of ~400 officers × ~150 regions × a few
    items, which one `may_act` call each would make a few hundred thousand calls building reasons nobody
    reads. A certificate's area is a subtree, i.e. one contiguous range of the regions sorted by path."""
    ordered = sorted(regions, key=lambda r: r.path)
    paths = [r.path for r in ordered]
    out: dict[int, set[str]] = {}
    for officer in officers:
        own_items = [i for i in items if i.agency_id == officer.agency_id]
        if not own_items or any(_officer_problems(officer, i) for i in own_items):
            out[officer.pk] = set()
            continue
        certs = [c for c in certificates_on(officer, on) if c.in_force()]
        allowed: set[int] | None = None
        for item in own_items:
            covered: set[int] = set()
            for c in certs:
                if c.covers_field(item.field_id):
                    lo = bisect_left(paths, c.area_path)
                    hi = lo
                    while hi < len(paths) and c.covers_area(paths[hi]):
                        hi += 1
                    covered.update(range(lo, hi))
            allowed = covered if allowed is None else allowed & covered
            if not allowed:
                break
        out[officer.pk] = {ordered[i].code for i in allowed or ()}
    return out


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
