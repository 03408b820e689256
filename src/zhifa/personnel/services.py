"""Officer, certificate, training and sanction writes.

Certificate lifecycle (legal-rules §8): issue, renew, suspend (暂扣), reinstate (发还), revoke (收回),
expire. Every step carries a reason, writes a CertificateEvent and a journal entry in one transaction.
The sanctions ledger applies its escalation rules here, never by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.catalog.models import EnforcementField
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.services import record
from zhifa.lib.identifiers import check_resident_id
from zhifa.organizations.models import Agency, Region, Unit
from zhifa.personnel.models import (
    AnnualAssessment,
    AssessmentGrade,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    Counsel,
    LegalReviewer,
    Officer,
    Sanction,
    SanctionKind,
    TrainingRecord,
)

Kind = CertificateEvent.Kind


# --- officers ------------------------------------------------------------------------------------------


def officer_create(
    *,
    agency: Agency,
    name: str,
    id_number: str,
    unit: Unit | None = None,
    phone: str = "",
    position: str = "",
    law_qualification: bool = False,
    actor: Any,
) -> Officer:
    name = name.strip()
    if not name or len(name) > 50:
        raise DomainError("姓名不能为空，且不超过 50 字", field="name")
    check = check_resident_id(id_number)
    if not check.ok:
        raise DomainError(check.error or "身份证号无效", field="id_number")
    assert check.normalized is not None
    if unit is not None and unit.agency_id != agency.pk:
        raise DomainError(f"内设机构“{unit.name}”不属于{agency.name}", field="unit")
    with transaction.atomic():
        if Officer.objects.filter(id_number=check.normalized).exists():
            raise DomainError("该身份证号的执法人员已存在", field="id_number")
        officer = Officer.objects.create(
            agency=agency,
            unit=unit,
            name=name,
            id_number=check.normalized,
            phone=phone,
            position=position,
            law_qualification=law_qualification,
        )
        # The journal gets no ID number: it is personal data and the journal is forever.
        record(
            event_type="officer.created",
            subject=officer,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "name": name,
                "unit": unit.name if unit else None,
                "law_qualification": law_qualification,
            },
        )
    return officer


# --- certificates -------------------------------------------------------------------------------------


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写原因", field="reason")
    return reason


def _log(
    *,
    certificate: Certificate,
    kind: str,
    reason: str,
    from_status: str,
    actor: Any,
    extra: dict[str, Any] | None = None,
) -> CertificateEvent:
    entry = record(
        event_type=f"certificate.{kind}",
        subject=certificate,
        agency_id=certificate.officer.agency_id,
        actor=actor,
        payload={
            "number": certificate.number,
            "officer_id": certificate.officer_id,
            "reason": reason,
            "from_status": from_status,
            "to_status": certificate.status,
            "valid_until": certificate.valid_until,
            **(extra or {}),
        },
    )
    return CertificateEvent.objects.create(
        certificate=certificate,
        kind=kind,
        reason=reason,
        at=entry.recorded_at,
        from_status=from_status,
        to_status=certificate.status,
        valid_until=certificate.valid_until,
        actor_label=entry.actor_label,
        journal_entry_id=entry.pk,
    )


def certificate_issue(
    *,
    officer: Officer,
    number: str,
    issuing_authority: str,
    fields: Iterable[EnforcementField],
    area: Region,
    valid_from: date,
    valid_until: date,
    reason: str = "新发执法证",
    actor: Any,
) -> Certificate:
    number = number.strip()
    field_list = list(fields)
    if not number:
        raise DomainError("证件编号不能为空", field="number")
    if valid_until < valid_from:
        raise DomainError("有效期止不能早于有效期起", field="valid_until")
    if not field_list:
        raise DomainError("至少需要一个执法类别", field="fields")
    if officer.status != Officer.Status.ACTIVE:
        raise DomainError("该人员不在执法岗位，不能发放执法证", field="officer")
    agency_region = officer.agency.region
    if not agency_region.contains(area):
        raise DomainError(
            f"执法区域“{area.name}”超出{officer.agency.name}的管辖区域“{agency_region.name}”", field="area"
        )
    with transaction.atomic():
        # 交通运输行政执法证件管理规定 Art.34 (legal-rules §8): no new certificate after a revocation.
        if Certificate.objects.filter(officer=officer, status=CertificateStatus.REVOKED).exists():
            raise DomainError(
                "该人员的执法证曾被收回，不得重新申领", rule="交通运输行政执法证件管理规定第三十四条"
            )
        if Certificate.objects.filter(number=number).exists():
            raise DomainError(f"证件编号“{number}”已存在", field="number")
        cert = Certificate.objects.create(
            number=number,
            officer=officer,
            issuing_authority=issuing_authority,
            area=area,
            valid_from=valid_from,
            valid_until=valid_until,
            # Registering an old certificate (e.g. from an import) must not make it valid again.
            status=CertificateStatus.VALID
            if valid_until >= timezone.localdate()
            else CertificateStatus.EXPIRED,
            status_reason=_require_reason(reason),
            status_changed_at=timezone.now(),
        )
        cert.fields.set(field_list)
        _log(
            certificate=cert,
            kind=Kind.ISSUE,
            reason=cert.status_reason,
            from_status="",
            actor=actor,
            extra={"fields": sorted(f.code for f in field_list), "area": area.code, "valid_from": valid_from},
        )
    return cert


def _locked(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",)).select_related("officer").get(pk=certificate.pk)
    )


def _set_status(cert: Certificate, status: str, reason: str) -> str:
    old = cert.status
    cert.status = status
    cert.status_reason = reason
    cert.status_changed_at = timezone.now()
    cert.save(update_fields=["status", "status_reason", "status_changed_at", "valid_until"])
    return old


def certificate_renew(*, certificate: Certificate, valid_until: date, reason: str, actor: Any) -> Certificate:
    reason = _require_reason(reason)
    with transaction.atomic():
        cert = _locked(certificate)
        if cert.status in (CertificateStatus.SUSPENDED, CertificateStatus.REVOKED):
            raise DomainError(f"执法证处于“{cert.get_status_display()}”状态，不能换证延期")
        if valid_until <= cert.valid_until:
            raise DomainError("新的有效期必须晚于原有效期", field="valid_until")
        cert.valid_until = valid_until
        old = _set_status(cert, CertificateStatus.VALID, reason)
        _log(certificate=cert, kind=Kind.RENEW, reason=reason, from_status=old, actor=actor)
    return cert


def certificate_suspend(*, certificate: Certificate, reason: str, actor: Any) -> Certificate:
    reason = _require_reason(reason)
    with transaction.atomic():
        cert = _locked(certificate)
        if cert.status != CertificateStatus.VALID or cert.valid_until < timezone.localdate():
            shown = "过期" if cert.status == CertificateStatus.VALID else cert.get_status_display()
            raise DomainError(f"只有有效的执法证可以暂扣，该证当前为“{shown}”")
        old = _set_status(cert, CertificateStatus.SUSPENDED, reason)
        _log(certificate=cert, kind=Kind.SUSPEND, reason=reason, from_status=old, actor=actor)
    return cert


def certificate_reinstate(
    *, certificate: Certificate, reason: str, actor: Any, today: date | None = None
) -> Certificate:
    """发还 after a suspension (e.g. retraining and a passed exam, 交通运输部令2011年第1号 Art.32).
    A certificate whose period ran out while suspended comes back as expired, not valid."""
    reason = _require_reason(reason)
    today = today or timezone.localdate()
    with transaction.atomic():
        cert = _locked(certificate)
        if cert.status != CertificateStatus.SUSPENDED:
            raise DomainError(f"只有被暂扣的执法证可以发还，该证当前为“{cert.get_status_display()}”")
        status = CertificateStatus.VALID if cert.valid_until >= today else CertificateStatus.EXPIRED
        old = _set_status(cert, status, reason)
        _log(certificate=cert, kind=Kind.REINSTATE, reason=reason, from_status=old, actor=actor)
    return cert


def certificate_revoke(*, certificate: Certificate, reason: str, actor: Any) -> Certificate:
    reason = _require_reason(reason)
    with transaction.atomic():
        cert = _locked(certificate)
        if cert.status == CertificateStatus.REVOKED:
            raise DomainError("该执法证已被收回")
        old = _set_status(cert, CertificateStatus.REVOKED, reason)
        _log(certificate=cert, kind=Kind.REVOKE, reason=reason, from_status=old, actor=actor)
    return cert


def certificates_expire(*, today: date | None = None, actor: Any = None) -> int:
    """Mark valid certificates whose period ended before `today` as expired (run daily by the worker)."""
    today = today or timezone.localdate()
    count = 0
    due = Certificate.objects.filter(status=CertificateStatus.VALID, valid_until__lt=today).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            cert = Certificate.objects.select_for_update(of=("self",)).select_related("officer").get(pk=pk)
            if cert.status != CertificateStatus.VALID or cert.valid_until >= today:
                continue
            reason = f"有效期至 {cert.valid_until.isoformat()} 届满"
            old = _set_status(cert, CertificateStatus.EXPIRED, reason)
            _log(certificate=cert, kind=Kind.EXPIRE, reason=reason, from_status=old, actor=actor)
            count += 1
    return count


# --- training and assessment ---------------------------------------------------------------------------


def training_record(
    *, officer: Officer, day: date, hours: Decimal, topic: str, provider: str = "", actor: Any
) -> TrainingRecord:
    if hours <= 0 or hours > 24:
        raise DomainError("单次培训学时应在 0 到 24 之间", field="hours")
    if not topic.strip():
        raise DomainError("请填写培训内容", field="topic")
    with transaction.atomic():
        rec = TrainingRecord.objects.create(
            officer=officer, date=day, hours=hours, topic=topic.strip(), provider=provider
        )
        record(
            event_type="officer.training_recorded",
            subject=officer,
            agency_id=officer.agency_id,
            actor=actor,
            payload={"date": day, "hours": hours, "topic": rec.topic, "provider": provider},
        )
    return rec


def training_hours(*, officer: Officer, year: int) -> Decimal:
    total = TrainingRecord.objects.filter(officer=officer, date__year=year).aggregate(s=Sum("hours"))["s"]
    return total or Decimal("0")


def assessment_record(*, officer: Officer, year: int, grade: str, actor: Any) -> list[Sanction]:
    """Record the annual assessment and apply its consequences (legal-rules §8, a sector rule used as the
    national default): a failed year suspends the certificates (交通运输部令2011年第1号 Art.31(1));
    two consecutive failed years revoke them (Art.33(7))."""
    if grade not in AssessmentGrade.values:
        raise DomainError("考核结果无效", field="grade")
    with transaction.atomic():
        if AnnualAssessment.objects.filter(officer=officer, year=year).exists():
            raise DomainError(f"{officer.name}的{year}年度考核结果已录入")
        AnnualAssessment.objects.create(officer=officer, year=year, grade=grade)
        record(
            event_type="officer.assessed",
            subject=officer,
            agency_id=officer.agency_id,
            actor=actor,
            payload={"year": year, "grade": grade},
        )
        if grade != AssessmentGrade.FAIL:
            return []
        day = date(year + 1, 1, 1) if timezone.localdate().year > year else timezone.localdate()
        failed_before = AnnualAssessment.objects.filter(
            officer=officer, year=year - 1, grade=AssessmentGrade.FAIL
        ).exists()
        if failed_before:
            return sanction_record(
                officer=officer,
                kind=SanctionKind.REVOKE,
                reason=f"{year - 1}、{year}年度连续两年考核不合格",
                day=day,
                actor=actor,
                rule="交通运输行政执法证件管理规定第三十三条第（七）项",
            )
        return sanction_record(
            officer=officer,
            kind=SanctionKind.SUSPEND,
            reason=f"{year}年度考核不合格",
            day=day,
            actor=actor,
            rule="交通运输行政执法证件管理规定第三十一条第（一）项",
        )


@dataclass(frozen=True)
class TrainingShortfall:
    officer_id: int
    hours: Decimal
    sanctions: list[Sanction]


def training_year_check(*, year: int, actor: Any, minimum: int | None = None) -> list[TrainingShortfall]:
    """At year end: an officer with no training at all has their certificates suspended
    (无故不参加岗位培训, 交通运输部令2011年第1号 Art.31(2)); one below the yearly minimum
    (ZHIFA_TRAINING_HOURS_PER_YEAR, default 60 学时, legal-rules §8 [M]) gets a reminder talk."""
    minimum = settings.ZHIFA_TRAINING_HOURS_PER_YEAR if minimum is None else minimum
    out: list[TrainingShortfall] = []
    hours_by_officer = dict(
        TrainingRecord.objects.filter(date__year=year)
        .values_list("officer_id")
        .annotate(s=Sum("hours"))
        .values_list("officer_id", "s")
    )
    for officer in Officer.objects.filter(
        status=Officer.Status.ACTIVE, certificates__status=CertificateStatus.VALID
    ).distinct():
        hours = hours_by_officer.get(officer.pk) or Decimal("0")
        if hours >= minimum:
            continue
        if hours == 0:
            sanctions = sanction_record(
                officer=officer,
                kind=SanctionKind.SUSPEND,
                reason=f"{year}年度未参加岗位培训",
                day=date(year, 12, 31),
                actor=actor,
                rule="交通运输行政执法证件管理规定第三十一条第（二）项",
            )
        else:
            sanctions = sanction_record(
                officer=officer,
                kind=SanctionKind.REMINDER_TALK,
                reason=f"{year}年度培训 {hours} 学时，少于 {minimum} 学时",
                day=date(year, 12, 31),
                actor=actor,
                rule="年度培训学时要求（ZHIFA_TRAINING_HOURS_PER_YEAR）",
            )
        out.append(TrainingShortfall(officer_id=officer.pk, hours=hours, sanctions=sanctions))
    return out


# --- sanctions ledger ----------------------------------------------------------------------------------

# The ladder of lighter measures (how many in the escalation window lead to the next step) is local
# policy ([M] in legal-rules §8, which fixes only suspension and revocation): settings
# ZHIFA_SANCTION_REMINDERS_TO_CRITICISM and ZHIFA_SANCTION_CRITICISMS_TO_SUSPENSION, default 2 each.


def _count_in_window(officer: Officer, kind: str, day: date) -> int:
    window = settings.ZHIFA_SANCTION_ESCALATION_WINDOW_DAYS
    start = date.fromordinal(day.toordinal() - window + 1)
    return Sanction.objects.filter(officer=officer, kind=kind, date__gte=start, date__lte=day).count()


def sanction_record(
    *,
    officer: Officer,
    kind: str,
    reason: str,
    day: date,
    actor: Any,
    rule: str = "",
    escalated_from: Sanction | None = None,
) -> list[Sanction]:
    """Enter a sanction and every escalation it triggers; returns them in order (the first is this one)."""
    if kind not in SanctionKind.values:
        raise DomainError("管理措施类型无效", field="kind")
    reason = _require_reason(reason)
    out: list[Sanction] = []
    with transaction.atomic():
        sanction = Sanction.objects.create(
            officer=officer,
            kind=kind,
            reason=reason,
            date=day,
            escalated_from=escalated_from,
            rule=rule,
            actor_label=str(actor) if actor else "系统",
        )
        record(
            event_type=f"sanction.{kind}",
            subject=officer,
            agency_id=officer.agency_id,
            actor=actor,
            payload={
                "sanction_id": sanction.pk,
                "reason": reason,
                "date": day,
                "rule": rule,
                "escalated_from": escalated_from.pk if escalated_from else None,
            },
        )
        out.append(sanction)
        label = SanctionKind(kind).label
        if kind == SanctionKind.SUSPEND:
            for cert in Certificate.objects.filter(
                officer=officer, status=CertificateStatus.VALID, valid_until__gte=timezone.localdate()
            ):
                certificate_suspend(certificate=cert, reason=f"{label}：{reason}", actor=actor)
        elif kind == SanctionKind.REVOKE:
            for cert in Certificate.objects.filter(officer=officer).exclude(status=CertificateStatus.REVOKED):
                certificate_revoke(certificate=cert, reason=f"{label}：{reason}", actor=actor)
        elif kind == SanctionKind.REMINDER_TALK:
            limit = settings.ZHIFA_SANCTION_REMINDERS_TO_CRITICISM
            if _count_in_window(officer, kind, day) >= limit:
                out += sanction_record(
                    officer=officer,
                    kind=SanctionKind.PUBLIC_CRITICISM,
                    reason=f"{settings.ZHIFA_SANCTION_ESCALATION_WINDOW_DAYS}日内第{limit}次谈话提醒",
                    day=day,
                    actor=actor,
                    rule="谈话提醒升级规则（ZHIFA_SANCTION_REMINDERS_TO_CRITICISM）",
                    escalated_from=sanction,
                )
        elif kind == SanctionKind.PUBLIC_CRITICISM:
            limit = settings.ZHIFA_SANCTION_CRITICISMS_TO_SUSPENSION
            if _count_in_window(officer, kind, day) >= limit:
                out += sanction_record(
                    officer=officer,
                    kind=SanctionKind.SUSPEND,
                    reason=f"{settings.ZHIFA_SANCTION_ESCALATION_WINDOW_DAYS}日内第{limit}次通报批评",
                    day=day,
                    actor=actor,
                    rule="通报批评升级规则（ZHIFA_SANCTION_CRITICISMS_TO_SUSPENSION）",
                    escalated_from=sanction,
                )
    return out


# --- legal reviewers and counsel -----------------------------------------------------------------------


def require_reviewer_manager(*, actor: Any, agency: Agency) -> None:
    """行政处罚法 Art.58; 国办发〔2018〕118号 四(十一): an agency staffs its own legal-review unit — its head
    appoints and withdraws the 法制审核人员, or an administrator of that agency or of the platform. A
    None actor is the system itself (data loading, the demo)."""
    if actor is None:
        return
    role, own = getattr(actor, "role", None), getattr(actor, "agency_id", None)
    if role == Role.AGENCY_HEAD and own == agency.pk:
        return
    if role == Role.ADMINISTRATOR and own in (None, agency.pk):
        return
    raise PermissionDenied("只有本执法主体的负责人或系统管理员可以任免法制审核人员")


def legal_reviewer_appoint(
    *, officer: Officer, appointed_on: date, first_time: bool, actor: Any
) -> LegalReviewer:
    """Appoint an officer of the agency as a 法制审核人员 (journaled `legal_reviewer.appointed`); one
    withdrawn earlier is appointed again on the same row."""
    require_reviewer_manager(actor=actor, agency=officer.agency)
    # 行政处罚法 Art.58 para.2: 初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试。
    if first_time and not officer.law_qualification:
        raise DomainError(
            "初次从事法制审核的人员应当取得法律职业资格", rule="《中华人民共和国行政处罚法》第五十八条第二款"
        )
    if officer.status != Officer.Status.ACTIVE:
        raise DomainError(f"{officer.name}不是在岗执法人员，不能任命为法制审核人员", field="officer_id")
    with transaction.atomic():
        existing = LegalReviewer.objects.select_for_update().filter(officer=officer).first()
        if existing is not None and existing.active:
            raise DomainError(f"{officer.name}已是法制审核人员")
        if existing is not None:
            existing.appointed_on, existing.first_time, existing.active = appointed_on, first_time, True
            existing.save(update_fields=["appointed_on", "first_time", "active"])
            reviewer = existing
        else:
            reviewer = LegalReviewer.objects.create(
                officer=officer, agency=officer.agency, appointed_on=appointed_on, first_time=first_time
            )
        record(
            event_type="legal_reviewer.appointed",
            subject=reviewer,
            agency_id=officer.agency_id,
            actor=actor,
            payload={
                "officer_id": officer.pk,
                "name": officer.name,
                "first_time": first_time,
                "appointed_on": appointed_on,
            },
        )
    return reviewer


def legal_reviewer_withdraw(*, reviewer: LegalReviewer, reason: str, actor: Any) -> LegalReviewer:
    """Withdraw a 法制审核人员 from review (no longer assigned new reviews; the row and its opinions stay),
    journaled `legal_reviewer.withdrawn` with the reason."""
    require_reviewer_manager(actor=actor, agency=reviewer.agency)
    if not reason.strip():
        raise DomainError("请填写免去法制审核人员的理由", field="reason")
    with transaction.atomic():
        locked = LegalReviewer.objects.select_for_update().select_related("officer").get(pk=reviewer.pk)
        if not locked.active:
            raise DomainError(f"{locked.officer.name}已不是在岗法制审核人员")
        locked.active = False
        locked.save(update_fields=["active"])
        record(
            event_type="legal_reviewer.withdrawn",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={"officer_id": locked.officer_id, "name": locked.officer.name, "reason": reason.strip()},
        )
    return locked


def counsel_add(
    *, agency: Agency, name: str, kind: str, organization: str = "", license_number: str = "", actor: Any
) -> Counsel:
    if kind not in Counsel.Kind.values:
        raise DomainError("类型无效", field="kind")
    if not name.strip():
        raise DomainError("姓名不能为空", field="name")
    with transaction.atomic():
        counsel = Counsel.objects.create(
            agency=agency,
            name=name.strip(),
            kind=kind,
            organization=organization,
            license_number=license_number,
        )
        record(
            event_type="counsel.added",
            subject=counsel,
            agency_id=agency.pk,
            actor=actor,
            payload={"name": counsel.name, "kind": kind, "organization": organization},
        )
    return counsel


def require_certificate_manager(*, actor: Any) -> None:
    """Certificates are managed by administrators and supervisors (监督机构), within their scope; the
    caller has already resolved the certificate through that scope."""
    if getattr(actor, "role", None) not in (Role.ADMINISTRATOR, Role.SUPERVISOR):
        raise PermissionDenied("只有系统管理员或监督人员可以变更执法证状态")
