"""Publicity over REST: registering decisions made outside the case workflow for publication (a licensing
system posts each decision as it is made; another case system posts its penalty decisions). Published
items are open data at /decisions.json."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.core.errors import PermissionDenied
from zhifa.organizations.models import Agency
from zhifa.publicity.registration import NamedPerson, RegisteredDecision, decision_register

router = Router(tags=["行政执法公示"])


class PersonIn(Schema):
    name: str
    role: str  # legal_representative | agent | witness | employee | other (or the Chinese label)
    kind: str = "natural_person"
    id_number: str = ""
    address: str = ""
    phone: str = ""


class DecisionIn(Schema):
    kind: str  # penalty | licensing | other
    decision_number: str
    decided_on: date
    title: str
    party_name: str
    party_kind: str
    content: str = ""  # a penalty's is made from its kinds and fine
    text: str
    legal_representative: str = ""
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    # A penalty decided in another case system (kind "penalty"): 行政处罚法 Art.9 kinds, the fine in yuan,
    # a restriction's end; everyone else the text names, so that the redaction knows them.
    penalty_kinds: list[str] = []
    fine_amount: Decimal | None = None
    restriction_until: date | None = None
    persons: list[PersonIn] = []
    source_system: str = ""


class DraftOut(Schema):
    id: int
    kind: str
    status: str
    decision_number: str
    due_on: date
    provisional_due: bool
    party_display: str
    redactions: int


@router.post(
    "/publicity/decisions", response={201: DraftOut}, summary="登记待公示的行政处罚、行政许可或其他决定"
)
def register(request: HttpRequest, body: DecisionIn) -> Status[DraftOut]:
    user = request.user
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        raise PermissionDenied("只有执法主体的公示管理员可以登记待公示的决定")
    data = body.dict()
    data["penalty_kinds"] = tuple(body.penalty_kinds)
    data["persons"] = tuple(NamedPerson(**p.dict()) for p in body.persons)
    pub = decision_register(
        agency=Agency.objects.get(pk=agency_id), decision=RegisteredDecision(**data), actor=user
    )
    return Status(
        201,
        DraftOut(
            id=pub.pk,
            kind=pub.kind,
            status=pub.status,
            decision_number=pub.decision_number,
            due_on=pub.due_on,
            provisional_due=pub.provisional_due,
            party_display=pub.party_display,
            redactions=len(pub.span_list),
        ),
    )
