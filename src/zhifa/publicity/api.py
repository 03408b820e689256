"""Publicity over REST: registering decisions made outside the case workflow for publication (a licensing
system posts each decision as it is made; another case system posts its penalty decisions), and the
clerk's desk — the queue, a draft with its original text, publish, correct, withdraw — through the same
selectors and services as the workbench's publicity pages. Published items are open data at
/decisions.json."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.core.api import ERRORS, scope_of
from zhifa.core.errors import PermissionDenied
from zhifa.core.params import Day, Id, Money
from zhifa.organizations.models import Agency
from zhifa.publicity import selectors, services
from zhifa.publicity.models import Publication, PublicationStatus
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
    decided_on: Day
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
    fine_amount: Money | None = None
    restriction_until: Day | None = None
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
    "/publicity/decisions",
    response={201: DraftOut, **ERRORS},
    summary="登记待公示的行政处罚、行政许可或其他决定",
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


# --- the clerk's desk: the same selectors and services as the workbench's publicity pages --------------


class PublicationOut(Schema):
    id: int
    agency_id: int
    case_id: int | None
    kind: str
    status: str
    status_label: str
    version: int
    decision_number: str
    decided_on: date
    title: str
    party_display: str
    penalty_display: str
    due_on: date
    provisional_due: bool
    published_on: date | None
    display_until: date | None
    withdraw_due: date | None
    withdraw_cause: str
    withdrawn_on: date | None
    previous_id: int | None
    sha256: str

    @staticmethod
    def resolve_status_label(obj: Publication) -> str:
        return PublicationStatus(obj.status).label


class PublicationDetailOut(PublicationOut):
    redacted_text: str
    original_text: str
    redactions: list[dict[str, Any]]

    @staticmethod
    def resolve_redactions(obj: Publication) -> list[dict[str, Any]]:
        return obj.span_list


class WithdrawIn(Schema):
    reason: str = ""
    public_notice: bool = False


class CorrectIn(Schema):
    redacted_text: str
    reason: str


@router.get(
    "/publicity/queue", response={200: list[PublicationOut], **ERRORS}, summary="待公示（保密审查）队列"
)
def queue(request: HttpRequest) -> Any:
    return list(selectors.staff_queue(scope=scope_of(request))[:200])


@router.get(
    "/publicity/withdrawals",
    response={200: list[PublicationOut], **ERRORS},
    summary="应撤下的公示（三个工作日内）",
)
def withdrawals(request: HttpRequest) -> Any:
    return list(selectors.withdrawal_queue(scope=scope_of(request))[:200])


@router.get(
    "/publicity/publications/{publication_id}",
    response={200: PublicationDetailOut, **ERRORS},
    summary="公示详情",
)
def get_publication(request: HttpRequest, publication_id: Id) -> Publication:
    """The unredacted text is read here, so the read is journaled (`publication.original_viewed`), as on
    the workbench."""
    pub = selectors.staff_get(scope=scope_of(request), publication_id=publication_id)
    services.original_viewed(pub=pub, actor=request.user)
    return pub


@router.post(
    "/publicity/publications/{publication_id}/publish",
    response={200: PublicationOut, **ERRORS},
    summary="保密审查通过，公示",
)
def publish(request: HttpRequest, publication_id: Id) -> Publication:
    pub = selectors.staff_get(scope=scope_of(request), publication_id=publication_id)
    return services.approve_and_publish(pub=pub, actor=request.user)


@router.post(
    "/publicity/publications/{publication_id}/withdraw",
    response={200: PublicationOut, **ERRORS},
    summary="撤下公示（说明理由）",
)
def withdraw(request: HttpRequest, publication_id: Id, body: WithdrawIn) -> Publication:
    pub = selectors.staff_get(scope=scope_of(request), publication_id=publication_id)
    return services.withdraw(
        pub=pub, reason=body.reason, public_notice=body.public_notice, actor=request.user
    )


@router.post(
    "/publicity/publications/{publication_id}/correct",
    response={201: PublicationOut, **ERRORS},
    summary="更正公示信息（新版本替换旧版本）",
)
def correct(request: HttpRequest, publication_id: Id, body: CorrectIn) -> Status[Publication]:
    pub = selectors.staff_get(scope=scope_of(request), publication_id=publication_id)
    new = services.correct(pub=pub, redacted_text=body.redacted_text, reason=body.reason, actor=request.user)
    return Status(201, new)
