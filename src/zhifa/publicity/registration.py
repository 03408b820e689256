"""Registering decisions made outside the case workflow, for publication.

Penalty decisions made here reach publicity through the journal (`decision.issued`, pipeline.py).
Licensing decisions are made in the 政务服务 licensing system and other decisions (行政确认, 行政裁决, …) in
the agency's own systems; a penalty decision may have been made in another case system, or in an older
one before this platform. 国办发〔2018〕118号 二(六) still requires the enforcement platform to publish them:
licensing and penalties within 7 working days, others within 20 (rules.DEADLINE_WD). A publicity clerk
registers them here, by form, through the API, or in bulk (importing.py); the service redacts every
published field (the title, the penalty shown, the text, the party) against everyone the text names and
opens a draft with its deadline. The clerk then checks and publishes it like any other draft, and from
then on it follows the same rules as a penalty decided here (rules.PenaltyFacts): display period by kind
and amount (SAMR 公示规定 Art.13), early stop (Art.14), withdrawal (Art.11).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.cases.guards import PENALTY_KINDS
from zhifa.cases.models import PartyKind
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.services import record
from zhifa.lib.redact import Party, Policy, redact_together
from zhifa.lib.workdays import CalendarYearNotLoaded, DeadlineResult
from zhifa.organizations.models import Agency
from zhifa.publicity import pipeline, redaction, rules
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus

REGISTRABLE = (PublicationKind.PENALTY, PublicationKind.LICENSING, PublicationKind.OTHER)

# The people a decision's text names besides the party, by role (lib.redact's PARTY_ROLES, plus the
# party's employees, which the redaction treats as "other"). Chinese labels are accepted as given.
PERSON_ROLES = {
    "party": "当事人",
    "legal_representative": "法定代表人",
    "agent": "委托代理人",
    "witness": "证人",
    "employee": "工作人员",
    "other": "其他人员",
}
ROLE_ALIASES = {
    **{label: code for code, label in PERSON_ROLES.items()},
    "负责人": "legal_representative",
    "经营者": "legal_representative",
    "代理人": "agent",
    "员工": "employee",
    "从业人员": "employee",
    "其他": "other",
}
# 行政处罚法 Art.9's kinds (cases.guards.PENALTY_KINDS) and the 吊销营业执照 older decisions name
# (SAMR 公示规定 Art.14 lists it among the kinds never stopped early).
REGISTRABLE_PENALTY_KINDS = (*PENALTY_KINDS, "吊销营业执照")
# The columns' sizes (Publication, lib.redact.Party), checked here so that the form and the API refuse
# the same input with the same Chinese message instead of a database error.
LIMITS = (
    ("decision_number", "决定书文号", 60),
    ("title", "事项名称", 200),
    ("party_name", "当事人名称", 200),
    ("content", "决定内容", 300),
    ("source_system", "来源系统", 100),
    ("legal_representative", "法定代表人", 100),
    ("party_id_number", "当事人身份证件号码", 30),
    ("party_address", "当事人住址", 300),
    ("party_phone", "当事人电话", 30),
    ("text", "决定书正文", 100_000),
)
NATURAL = (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)


@dataclass(frozen=True)
class NamedPerson:
    """Someone the decision's text names besides the party: known by name to the redaction, whatever
    context the text puts the name in."""

    name: str
    role: str  # a PERSON_ROLES code or its Chinese label
    kind: str = "natural_person"
    id_number: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class RegisteredDecision:
    kind: str
    decision_number: str
    decided_on: date
    title: str  # the item: 许可事项 or the matter decided
    party_name: str
    party_kind: str
    content: str  # what was decided: 准予许可（食品经营许可证 JY…）, 不予许可, …
    text: str  # the decision document's text
    legal_representative: str = ""
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    # A penalty (kind "penalty"): the kinds (行政处罚法 Art.9) and the fine, which decide the display
    # period (SAMR 公示规定 Art.13); a restriction's end when it outlasts that period.
    penalty_kinds: tuple[str, ...] = ()
    fine_amount: Decimal | None = None
    restriction_until: date | None = None
    persons: tuple[NamedPerson, ...] = ()
    source_system: str = ""  # the case system it was made in: "某某市场监管执法办案系统", "纸质案卷"


def role_code(role: str) -> str:
    """A person's role as a PERSON_ROLES code, from the code or its Chinese label; "" when unknown."""
    role = role.strip()
    return role if role in PERSON_ROLES else ROLE_ALIASES.get(role, "")


def _check_penalty(d: RegisteredDecision) -> None:
    if not d.penalty_kinds:
        raise DomainError("请填写处罚种类", field="penalty_kinds")
    unknown = [k for k in d.penalty_kinds if k not in REGISTRABLE_PENALTY_KINDS]
    if unknown:
        raise DomainError(
            f"处罚种类“{'、'.join(unknown)}”不是法定处罚种类（行政处罚法第九条）", field="penalty_kinds"
        )
    if "罚款" in d.penalty_kinds and not d.fine_amount:
        raise DomainError("处罚种类含罚款的，请填写罚款金额", field="fine_amount")
    if d.fine_amount is not None and (d.fine_amount < 0 or d.fine_amount >= Decimal("1e12")):
        raise DomainError("罚款金额无效", field="fine_amount")
    if d.fine_amount and "罚款" not in d.penalty_kinds:
        raise DomainError("填写了罚款金额，处罚种类中应有罚款", field="penalty_kinds")


def _check_persons(d: RegisteredDecision) -> None:
    for i, p in enumerate(d.persons, start=1):
        if not p.name.strip():
            raise DomainError(f"第 {i} 个涉及人员未填写姓名", field="persons")
        if len(p.name.strip()) > 100:
            raise DomainError(f"第 {i} 个涉及人员的姓名不能超过 100 个字", field="persons")
        if not role_code(p.role):
            allowed = "、".join(PERSON_ROLES.values())
            raise DomainError(
                f"第 {i} 个涉及人员“{p.name.strip()}”的身份“{p.role}”无效，应为{allowed}之一", field="persons"
            )
        if p.kind not in PartyKind.values:
            raise DomainError(f"第 {i} 个涉及人员的类型无效", field="persons")


def check_registrar(agency: Agency, actor: Any) -> None:
    """Whether `actor` may register decisions for `agency`: PermissionDenied in Chinese if not."""
    if getattr(actor, "role", None) not in (Role.PUBLICITY_CLERK, Role.ADMINISTRATOR):
        raise PermissionDenied("只有公示管理员可以登记待公示的决定")
    if getattr(actor, "agency_id", None) not in (None, agency.pk):
        raise PermissionDenied("只能登记本机关作出的决定")


def check_decision(agency: Agency, d: RegisteredDecision, actor: Any) -> None:
    """Whether `actor` may register `d` for `agency` and `d` is complete: DomainError in Chinese if not."""
    check_registrar(agency, actor)
    check_content(d)


def check_content(d: RegisteredDecision) -> None:
    """Whether `d` is complete and consistent: DomainError in Chinese, naming its field, if not. Run on
    every row of a bulk import (importing.py), whose registrar is checked once."""
    if d.kind not in REGISTRABLE:
        raise DomainError("决定类别应为行政处罚、行政许可或其他行政执法决定", field="kind")
    if d.party_kind not in PartyKind.values:
        raise DomainError("当事人类型无效", field="party_kind")
    required = [
        ("decision_number", "决定书文号"),
        ("title", "违法行为类型" if d.kind == PublicationKind.PENALTY else "事项名称"),
        ("party_name", "当事人名称"),
        ("text", "决定书正文"),
    ]
    if d.kind != PublicationKind.PENALTY:  # a penalty's content is its kinds and fine
        required.append(("content", "决定内容"))
    for field, label in required:
        if not str(getattr(d, field)).strip():
            raise DomainError(f"请填写{label}", field=field)
    for field, label, limit in LIMITS:
        if len(str(getattr(d, field)).strip()) > limit:
            raise DomainError(f"{label}不能超过 {limit} 个字", field=field)
    if d.decided_on > timezone.localdate():
        raise DomainError("决定日期不能晚于今天", field="decided_on")
    if d.kind == PublicationKind.PENALTY:
        _check_penalty(d)
    elif d.penalty_kinds or d.fine_amount:
        raise DomainError("只有行政处罚决定填写处罚种类和罚款金额", field="penalty_kinds")
    _check_persons(d)


def parties_of(d: RegisteredDecision) -> list[Party]:
    """Everyone the registration names, as lib.redact parties: the party, its legal representative and
    each named person with their role (employees count as "other" for the redaction policy)."""
    parties = [
        Party(
            name=d.party_name.strip(),
            kind=d.party_kind,
            id_number=d.party_id_number.strip(),
            address=d.party_address.strip(),
            phone=d.party_phone.strip(),
            role="party",
        )
    ]
    if d.legal_representative.strip():
        parties.append(
            Party(name=d.legal_representative.strip(), kind="natural_person", role="legal_representative")
        )
    for p in d.persons:
        code = role_code(p.role)
        parties.append(
            Party(
                name=p.name.strip(),
                kind=p.kind,
                id_number=p.id_number.strip(),
                address=p.address.strip(),
                phone=p.phone.strip(),
                role="other" if code == "employee" else code,
            )
        )
    return parties


def _persons_json(parties: list[Party]) -> str:
    # A Party holds only strings: its fields read directly, not through asdict()'s deep copy (a tenth of
    # a bulk import's time besides the redaction).
    rows = [
        {f.name: v for f in fields(p) if (v := getattr(p, f.name)) or f.name in ("name", "kind", "role")}
        for p in parties
    ]
    return json.dumps(rows, ensure_ascii=False)


def decision_register(*, agency: Agency, decision: RegisteredDecision, actor: Any) -> Publication:
    """Open the draft publication of a decision made outside the case workflow (a penalty from another
    case system, a licensing or other decision), journaled as `decision.registered`."""
    check_decision(agency, decision, actor)
    d = decision
    with transaction.atomic():
        locked = Agency.objects.select_for_update(of=("self",)).select_related("region").get(pk=agency.pk)
        if Publication.objects.filter(  # one registration per number: the lock above serialises them
            agency=locked, decision_number=d.decision_number.strip(), previous__isnull=True
        ).exists():
            raise DomainError(f"文号为“{d.decision_number.strip()}”的决定已经登记", field="decision_number")
        try:
            due = rules.publication_due(d.kind, d.decided_on)
        except CalendarYearNotLoaded as exc:  # a year before the calendar, or next year not yet entered
            raise DomainError(str(exc), field="decided_on") from exc
        pub, payload = build_publication(locked, d, policy=redaction.policy_for_agency(locked.pk), due=due)
        pub.save()
        record(
            event_type="decision.registered", subject=pub, agency_id=locked.pk, actor=actor, payload=payload
        )
    return pub


def build_publication(
    agency: Agency, d: RegisteredDecision, *, policy: Policy, due: DeadlineResult
) -> tuple[Publication, dict[str, Any]]:
    """The draft publication of a checked decision, unsaved, with every published field redacted, and
    the payload of its `decision.registered` entry: what one registration saves, and what a bulk import
    (importing.py) inserts a batch at a time. `agency` with its region loaded; `due` the publication
    deadline (rules.publication_due)."""
    parties = parties_of(d)
    penalty = d.kind == PublicationKind.PENALTY
    content = pipeline.penalty_display(d.penalty_kinds, d.fine_amount) if penalty else d.content.strip()
    # Every published field, not only the text: a title or a penalty line may name a person too
    # (DESIGN invariant 7); redacted together, so that one person has one pseudonym in all of them.
    # A legal person's name is public (SAMR 公示规定 Art.4 摘要).
    shown_r, title_r, content_r, result = redact_together(
        [d.party_name, d.title.strip(), content, d.text], parties=parties, policy=policy
    )
    shown = shown_r.text if d.party_kind in NATURAL else d.party_name
    title = title_r.text
    content = content_r.text
    # A warning-only penalty is never published (SAMR 公示规定 Art.2), as when decided here (pipeline).
    why_not = rules.warning_only(d.penalty_kinds) if penalty else ""
    pub = Publication(
        agency=agency,
        case=None,
        document=None,
        kind=d.kind,
        decision_number=d.decision_number.strip(),
        decided_on=d.decided_on,
        title=title[:200],
        party_display=shown.strip(),
        penalty_display=content[:300],
        penalty_kinds=list(d.penalty_kinds),
        fine_amount=d.fine_amount,
        party_kind=d.party_kind,
        restriction_until=d.restriction_until,
        source_system=d.source_system.strip(),
        persons=_persons_json(parties),
        region_path=agency.region.path,
        original_text=d.text,
        redacted_text=result.text,
        spans=redaction.spans_json(result),
        status=PublicationStatus.SUPPRESSED if why_not else PublicationStatus.DRAFT,
        suppressed_reason=why_not,
        due_on=due.date,
        provisional_due=due.provisional,
    )
    payload = {
        "kind": d.kind,
        "decision_number": pub.decision_number,
        "decided_on": d.decided_on,
        "due_on": pub.due_on,
        "redactions": len(result.spans),
        "penalty_kinds": list(d.penalty_kinds),
        "fine_amount": str(d.fine_amount) if d.fine_amount is not None else None,
        "persons": len(parties),  # how many, never who: the journal holds no personal data
        "source_system": d.source_system.strip(),
        "reason": why_not,
    }
    return pub, payload
