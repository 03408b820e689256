"""Who inspects: the officer behind a staff login, an inspection's inspectors in their draw order, and
whether they may inspect (the certificate question every procedure asks, personnel.selectors.may_act)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from zhifa.accounts.permissions import refusal_for
from zhifa.cases import rules
from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inspections.models import Inspection, InspectionOfficer
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Certificate, CertificateStatus, Officer
from zhifa.personnel.selectors import may_act, status_on

MIN_KEY = "inspection_min_inspectors"
_LAW = "《中华人民共和国行政处罚法》第四十二条、第五十五条"
CERT_RULE = f"{_LAW}；国办发〔2024〕54号（严禁未取得执法证件的人员实施检查）"


def officer_of(user: Any) -> Officer | None:
    """The officer record of a staff login (Officer.user), if any."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return Officer.objects.filter(user_id=user.pk).first()


def partner_agency_ids(inspection: Inspection) -> set[int]:
    """The partner agencies of a joint task's inspection (部门联合抽查): their inspectors visit with the
    lead agency's and record their own part (inspections.joint)."""
    if inspection.task_id is None:
        return set()
    ids = Agency.objects.filter(joint_inspection_tasks=inspection.task_id).values_list("pk", flat=True)
    return set(ids) - {inspection.agency_id}


def participant_agency(actor: Any, inspection: Inspection, action: str) -> int:
    """The agency `actor` acts for on `inspection`: the inspecting agency, or a partner agency of its
    joint task; officers and heads only (accounts.permissions.refusal_for). An officer of an unrelated
    agency is refused (行政处罚法 第十七条、第十八条: an agency inspects within its own remit)."""
    if actor is None:
        return inspection.agency_id  # the platform itself
    why = refusal_for(actor, action=action)  # the role first: a supervisor reads, a clerk publishes
    if why:
        raise PermissionDenied(why)
    own = getattr(actor, "agency_id", None)
    agency_id = inspection.agency_id
    if own != agency_id:
        if own is None or own not in partner_agency_ids(inspection):
            raise PermissionDenied(f"只有本次检查的实施机关或联合检查部门的执法人员、负责人可以{action}")
        agency_id = own
    why = refusal_for(actor, action=action, agency_id=agency_id)
    if why:
        raise PermissionDenied(why)
    return agency_id


def assigned_officers(inspection: Inspection) -> list[Officer]:
    """The inspectors in their draw order, with their certificates for the qualification checks."""
    rows = (
        InspectionOfficer.objects.filter(inspection=inspection)
        .select_related("officer")
        .prefetch_related(
            Prefetch(
                "officer__certificates",
                queryset=Certificate.objects.select_related("area").prefetch_related("fields", "events"),
            )
        )
        .order_by("rank", "id")
    )
    return [r.officer for r in rows]


@dataclass(frozen=True)
class Qualification:
    officer: Officer
    certificate: Certificate | None
    reasons: Sequence[str]

    @property
    def ok(self) -> bool:
        return self.certificate is not None and not self.reasons


def qualification(officer: Officer, items: Sequence[InspectionItem], area: Region, on: date) -> Qualification:
    """May `officer` inspect these items in `area` on `on` (DESIGN.md invariant 3)? The same `may_act`
    question a case asks, for each item linked to an enforcement item of the officer's agency. An item
    linked to none (the list names the matter but not its 权责清单 entry) still needs a certificate valid
    on the date whose area holds the business: 国办发〔2024〕54号 forbids inspecting without one."""
    linked = [i.item for i in items if i.item is not None and i.item.agency_id == officer.agency_id]
    covering: Certificate | None = None
    if linked:
        for enforcement_item in linked:
            check = may_act(officer=officer, item=enforcement_item, area=area, on=on)
            if not check.allowed:
                return Qualification(officer, None, check.reasons)
            covering = covering or check.certificate
        return Qualification(officer, covering, ())
    if officer.status != Officer.Status.ACTIVE:
        return Qualification(
            officer, None, [f"{officer.name}已不在执法岗位（{officer.get_status_display()}）"]
        )
    certs = list(officer.certificates.all())
    for cert in certs:
        if status_on(cert, on) == CertificateStatus.VALID and cert.area.contains(area):
            return Qualification(officer, cert, ())
    return Qualification(
        officer,
        None,
        [f"{officer.name}没有在{on.isoformat()}有效、执法区域包含“{area.name}”的行政执法证"],
    )


def require_qualified(
    officers: Sequence[Officer], items: Sequence[InspectionItem], area: Region, on: date, agency: Agency
) -> list[Qualification]:
    """≥ the regional minimum of inspectors (2 by default), each qualified on the date."""
    minimum = rules.int_value(MIN_KEY, agency)
    if len({o.pk for o in officers}) < minimum:
        raise DomainError(
            f"现场检查应当由不少于{minimum}名执法人员实施",
            rule=rules.DEFAULTS[MIN_KEY].basis,
            field="officers",
        )
    checks = [qualification(o, items, area, on) for o in officers]
    refused = [reason for q in checks for reason in q.reasons]
    if refused:
        raise DomainError("；".join(refused), rule=CERT_RULE, field="officers")
    return checks
