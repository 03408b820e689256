"""Publicity over REST: registering licensing and other decisions for publication (a licensing system
posts each decision as it is made). Published items are open data at /decisions.json."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.core.api import ERRORS
from zhifa.core.errors import PermissionDenied
from zhifa.core.params import Day
from zhifa.organizations.models import Agency
from zhifa.publicity.registration import RegisteredDecision, decision_register

router = Router(tags=["行政执法公示"])


class DecisionIn(Schema):
    kind: str  # licensing | other
    decision_number: str
    decided_on: Day
    title: str
    party_name: str
    party_kind: str
    content: str
    text: str
    legal_representative: str = ""
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""


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
    "/publicity/decisions", response={201: DraftOut, **ERRORS}, summary="登记待公示的行政许可或其他决定"
)
def register(request: HttpRequest, body: DecisionIn) -> Status[DraftOut]:
    user = request.user
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        raise PermissionDenied("只有执法主体的公示管理员可以登记待公示的决定")
    pub = decision_register(
        agency=Agency.objects.get(pk=agency_id), decision=RegisteredDecision(**body.dict()), actor=user
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
