"""Registering licensing and other decisions made outside the case workflow, for publication.

Penalty decisions reach publicity through the journal (`decision.issued`, pipeline.py). Licensing
decisions are made in the 政务服务 licensing system and other decisions (行政确认, 行政裁决, …) in the
agency's own systems; 国办发〔2018〕118号 二(六) still requires the enforcement platform to publish them:
licensing within 7 working days, others within 20 (rules.DEADLINE_WD). A publicity clerk registers
them here, by form or through the API (a licensing system can post each decision as it is made); the
service redacts the text against the party it names and opens a draft with its deadline, and the clerk
then checks and publishes it like any other draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.cases.models import PartyKind
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.services import record
from zhifa.lib.redact import Party, redact
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency
from zhifa.publicity import redaction, rules
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus

REGISTRABLE = (PublicationKind.LICENSING, PublicationKind.OTHER)
# The columns' sizes (Publication, lib.redact.Party), checked here so that the form and the API refuse
# the same input with the same Chinese message instead of a database error.
LIMITS = (
    ("decision_number", "决定书文号", 60),
    ("title", "事项名称", 200),
    ("party_name", "当事人名称", 200),
    ("content", "决定内容", 300),
    ("legal_representative", "法定代表人", 100),
    ("party_id_number", "当事人身份证件号码", 30),
    ("party_address", "当事人住址", 300),
    ("party_phone", "当事人电话", 30),
    ("text", "决定书正文", 100_000),
)
NATURAL = (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)


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


def _check(agency: Agency, d: RegisteredDecision, actor: Any) -> None:
    if getattr(actor, "role", None) not in (Role.PUBLICITY_CLERK, Role.ADMINISTRATOR):
        raise PermissionDenied("只有公示管理员可以登记待公示的决定")
    if getattr(actor, "agency_id", None) not in (None, agency.pk):
        raise PermissionDenied("只能登记本机关作出的决定")
    if d.kind not in REGISTRABLE:
        raise DomainError(
            "行政处罚决定由办案流程作出后自动进入公示，无需登记；此处只登记行政许可和其他行政执法决定",
            field="kind",
        )
    if d.party_kind not in PartyKind.values:
        raise DomainError("当事人类型无效", field="party_kind")
    for field, label in (
        ("decision_number", "决定书文号"),
        ("title", "事项名称"),
        ("party_name", "当事人名称"),
        ("content", "决定内容"),
        ("text", "决定书正文"),
    ):
        if not str(getattr(d, field)).strip():
            raise DomainError(f"请填写{label}", field=field)
    for field, label, limit in LIMITS:
        if len(str(getattr(d, field)).strip()) > limit:
            raise DomainError(f"{label}不能超过 {limit} 个字", field=field)
    if d.decided_on > timezone.localdate():
        raise DomainError("决定日期不能晚于今天", field="decided_on")


def decision_register(*, agency: Agency, decision: RegisteredDecision, actor: Any) -> Publication:
    """Open the draft publication of a licensing or other decision, journaled as `decision.registered`."""
    _check(agency, decision, actor)
    d = decision
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
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)  # one registration per number
        if Publication.objects.filter(
            agency=locked, decision_number=d.decision_number.strip(), previous__isnull=True
        ).exists():
            raise DomainError(f"文号为“{d.decision_number.strip()}”的决定已经登记", field="decision_number")
        policy = redaction.policy_for_agency(locked.pk)
        result = redact(d.text, parties=parties, policy=policy)
        shown = (
            redact(d.party_name, parties=parties, policy=policy).text
            if d.party_kind in NATURAL
            else d.party_name
        )
        try:
            due = rules.publication_due(d.kind, d.decided_on)
        except CalendarYearNotLoaded as exc:  # a year before the calendar, or next year not yet entered
            raise DomainError(str(exc), field="decided_on") from exc
        pub = Publication.objects.create(
            agency=locked,
            case=None,
            document=None,
            kind=d.kind,
            decision_number=d.decision_number.strip(),
            decided_on=d.decided_on,
            title=d.title.strip(),
            party_display=shown.strip(),
            penalty_display=d.content.strip(),
            region_path=locked.region.path,
            original_text=d.text,
            redacted_text=result.text,
            spans=redaction.spans_json(result),
            status=PublicationStatus.DRAFT,
            due_on=due.date,
            provisional_due=due.provisional,
        )
        record(
            event_type="decision.registered",
            subject=pub,
            agency_id=locked.pk,
            actor=actor,
            payload={
                "kind": d.kind,
                "decision_number": pub.decision_number,
                "decided_on": d.decided_on,
                "due_on": pub.due_on,
                "redactions": len(result.spans),
            },
        )
    return pub
