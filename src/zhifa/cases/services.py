"""Opening cases and staffing them. Everything after opening goes through engine.execute()."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.permissions import require_case_worker
from zhifa.cases import engine, rules
from zhifa.cases.models import (
    Case,
    CaseOfficer,
    Deadline,
    DeadlineStatus,
    NumberingTemplate,
    Party,
    PartyKind,
    ProcedureKind,
)
from zhifa.cases.numbering import KIND_CODES, validate_template
from zhifa.catalog.models import EnforcementItem, ItemKind
from zhifa.core.errors import DomainError
from zhifa.journal.services import record
from zhifa.lib.identifiers import check_credit_code, check_resident_id
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer


def party_create(
    *,
    agency: Agency,
    kind: str,
    name: str,
    address: str,
    id_number: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    phone: str = "",
    birth_date: date | None = None,
) -> Party:
    if kind not in PartyKind.values:
        raise DomainError("当事人类型无效", field="kind")
    if not name.strip() or not address.strip():
        raise DomainError("请填写当事人姓名或名称及地址", field="name" if not name.strip() else "address")
    if id_number:
        check = check_resident_id(id_number)
        if not check.ok:
            raise DomainError(check.error or "身份证号无效", field="id_number")
        id_number = check.normalized or id_number
        birth_date = birth_date or check.birth_date
    if credit_code:
        cc = check_credit_code(credit_code)
        if not cc.ok:
            raise DomainError(cc.error or "统一社会信用代码无效", field="credit_code")
        credit_code = cc.normalized or credit_code
    if kind == PartyKind.LEGAL_PERSON and not credit_code:
        raise DomainError("法人当事人须填写统一社会信用代码", field="credit_code")
    with transaction.atomic():
        party = Party.objects.create(
            agency=agency,
            kind=kind,
            name=name.strip(),
            address=address.strip(),
            id_number=id_number,
            credit_code=credit_code,
            legal_representative=legal_representative,
            phone=phone,
            birth_date=birth_date,
        )
        # The journal keeps who the party is (kind and name, the credit code of an organization), not their
        # ID number, address or phone: the journal is forever and those are personal data.
        record(
            event_type="party.created",
            subject=party,
            agency_id=agency.pk,
            actor=None,
            payload={"kind": kind, "name": party.name, "credit_code": credit_code},
        )
    return party


# SAMR 程序规定 Art.18: decide whether to file within 15 WD of discovering the clue. Started when a lead is
# opened (not by a transition); the portal's flowchart (cases.outline) shows it on the first state.
FILING_CLOCK = engine.Clock(
    "filing",
    "立案审查",
    rules.DEFAULTS["filing_working_days"].basis,
    lambda c: rules.int_value("filing_working_days", c.case.agency),
)
OPENING_CLOCKS: dict[str, tuple[engine.Clock, ...]] = {
    ProcedureKind.GENERAL: (FILING_CLOCK,),
    ProcedureKind.NO_PENALTY: (FILING_CLOCK,),
}


def _initial_clocks(case: Case) -> None:
    ctx = engine.Context(case, None, {}, case.discovered_on)
    for clock in OPENING_CLOCKS.get(case.procedure, ()):
        engine.start_clock(case, clock, case.discovered_on, ctx)


OPEN_CASE = "登记线索或新建案件"


def case_open(
    *,
    agency: Agency,
    procedure: str,
    item: EnforcementItem,
    party: Party,
    title: str,
    place: Region,
    discovered_on: date,
    act_on: date,
    officers: Sequence[Officer],
    lead_officer: Officer | None = None,
    act_ended_on: date | None = None,
    place_text: str = "",
    source: str = "",
    penalty_kinds: Sequence[str] = (),
    fine_amount: Decimal | None = None,
    actor: Any,
) -> Case:
    """Open a case in its procedure's initial state: a lead (线索), an on-the-spot case or a proposed
    compulsion. The proposal of an on-the-spot case is known when it is opened. Only the agency's
    officers and heads open cases (accounts.permissions)."""
    require_case_worker(actor, action=OPEN_CASE, agency_id=agency.pk)
    if procedure not in engine.PROCEDURES:
        raise DomainError("程序类型无效", field="procedure")
    if item.agency_id != agency.pk:
        raise DomainError(f"事项“{item.name}”不属于{agency.name}", field="item")
    if (
        procedure in (ProcedureKind.GENERAL, ProcedureKind.SUMMARY, ProcedureKind.NO_PENALTY)
        and item.kind != ItemKind.PENALTY
    ):
        raise DomainError("行政处罚程序只能适用于行政处罚事项", field="item")
    if procedure == ProcedureKind.COMPULSION and item.kind not in (ItemKind.COMPULSION, ItemKind.PENALTY):
        raise DomainError("行政强制措施须对应行政强制或行政处罚事项", field="item")
    if not agency.region.contains(place):
        raise DomainError(f"违法行为发生地“{place.name}”不在{agency.name}的管辖区域内", field="place")
    if act_on > discovered_on or discovered_on > timezone.localdate():
        raise DomainError("违法行为日期不能晚于发现日期，发现日期不能晚于今天", field="act_on")
    if party.agency_id != agency.pk:
        raise DomainError("当事人不属于本执法主体的案件", field="party")
    if not title.strip():
        raise DomainError("请填写案由", field="title")
    proc = engine.PROCEDURES[procedure]
    with transaction.atomic():
        case = Case.objects.create(
            agency=agency,
            procedure=procedure,
            state=proc.initial,
            title=title.strip(),
            item=item,
            party=party,
            source=source,
            place=place,
            place_text=place_text,
            discovered_on=discovered_on,
            act_on=act_on,
            act_ended_on=act_ended_on,
            penalty_kinds=list(penalty_kinds),
            fine_amount=fine_amount,
        )
        for officer in officers:
            _add_officer(case, officer, lead=officer == lead_officer)
        _initial_clocks(case)
        record(
            event_type="case.opened",
            subject=case,
            agency_id=agency.pk,
            actor=actor,
            occurred_at=None,
            payload={
                "procedure": procedure,
                "item": item.code,
                "title": case.title,
                "party": {"kind": party.kind, "name": party.name},
                "place": place.code,
                "discovered_on": discovered_on,
                "act_on": act_on,
                "officers": [o.pk for o in officers],
            },
        )
    return case


def case_open_with_party(*, agency: Agency, party: Mapping[str, Any], actor: Any, **case: Any) -> Case:
    """Register the party and open its case in one transaction, so that a refusal of either leaves
    neither behind: the workbench's 线索登记 form and the API's `POST /cases` both open cases this way.
    `party` holds party_create's fields, `case` case_open's."""
    require_case_worker(actor, action=OPEN_CASE, agency_id=agency.pk)
    with transaction.atomic():
        new_party = party_create(agency=agency, **party)
        return case_open(agency=agency, party=new_party, actor=actor, **case)


def _add_officer(case: Case, officer: Officer, *, lead: bool) -> CaseOfficer:
    if officer.agency_id != case.agency_id:
        raise DomainError(f"{officer.name}不属于{case.agency.name}", field="officers")
    role = CaseOfficer.Role.LEAD if lead else CaseOfficer.Role.ASSIST
    co, _ = CaseOfficer.objects.get_or_create(case=case, officer=officer, defaults={"role": role})
    return co


def case_assign_officer(*, case: Case, officer: Officer, lead: bool = False, actor: Any) -> CaseOfficer:
    require_case_worker(actor, action="调整办案人员", agency_id=case.agency_id)
    with transaction.atomic():
        co = _add_officer(case, officer, lead=lead)
        record(
            event_type="case.officer_assigned",
            subject=case,
            agency_id=case.agency_id,
            actor=actor,
            payload={"officer_id": officer.pk, "name": officer.name, "lead": lead},
        )
    return co


def deadlines_mark_missed(*, today: date | None = None) -> int:
    """Daily: running clocks past their due date are missed, each journaled on its case in the
    transaction that marks it (one entry per clock, naming it as a step's entry does). A clock a step met
    or paused after the job read the list is left alone: the row is re-read, locked, in that
    transaction."""
    today = today or timezone.localdate()
    overdue = (
        Deadline.objects.filter(status=DeadlineStatus.RUNNING, due_on__lt=today)
        .exclude(kind__in=engine.PARTY_WINDOWS)
        .order_by("id")
    )
    count = 0
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            d = (
                Deadline.objects.select_for_update(of=("self",))
                .select_related("case")
                .filter(pk=pk, status=DeadlineStatus.RUNNING, due_on__lt=today)
                .first()
            )
            if d is None:
                continue
            d.status = DeadlineStatus.MISSED
            d.save(update_fields=["status"])
            record(
                event_type="case.deadline_missed",
                subject=d.case,
                agency_id=d.case.agency_id,
                actor=None,
                payload={
                    "kind": d.kind,
                    "due_on": d.due_on,
                    "rule": d.rule,
                    "missed": [{"kind": d.kind, "due_on": d.due_on}],
                },
            )
            count += 1
    return count


def numbering_template_set(*, agency: Agency, kind: str, template: str, actor: Any) -> None:
    """Set how ``agency`` numbers documents of ``kind`` (cases.numbering); an empty template returns to
    the default. A template without the year or the serial is refused with a clear message."""
    if kind not in KIND_CODES:
        raise DomainError(f"文书种类“{kind}”无效", field="kind")
    text = template.strip()
    if text:
        text = validate_template(text).text
    with transaction.atomic():
        current = NumberingTemplate.objects.select_for_update().filter(agency=agency, kind=kind).first()
        old = current.template if current else ""
        if old == text:
            return
        if not text:
            NumberingTemplate.objects.filter(agency=agency, kind=kind).delete()
        elif current is None:
            NumberingTemplate.objects.create(agency=agency, kind=kind, template=text)
        else:
            current.template = text
            current.save(update_fields=["template"])
        record(
            event_type="numbering_template.set",
            subject=agency,
            agency_id=agency.pk,
            actor=actor,
            payload={"kind": kind, "old": old, "new": text},
        )
