"""Case lifecycle over REST: list, detail, the actions available now (with the reasons blocked ones
are refused), opening a case, and one endpoint per transition, so that other systems and field apps
drive the same engine and the same guards as the workbench."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from zhifa.accounts.permissions import require_case_worker
from zhifa.cases import engine, selectors, services
from zhifa.cases.models import Case, Violation
from zhifa.catalog import selectors as catalog_selectors
from zhifa.core.api import ERRORS, Paging, scope_of
from zhifa.core.errors import NotFound
from zhifa.core.params import Day, Id, Money
from zhifa.organizations.models import Region
from zhifa.personnel import selectors as personnel_selectors

router = Router(tags=["案件办理"])


class DeadlineOut(Schema):
    kind: str
    label: str
    rule: str
    anchor_on: date
    due_on: date
    status: str
    provisional: bool


class CaseOut(Schema):
    id: int
    case_number: str
    procedure: str
    state: str
    state_label: str
    title: str
    agency_id: int
    item_code: str
    party_name: str
    discovered_on: date
    filed_on: date | None
    decided_on: date | None
    decision_number: str
    fine_amount: Decimal | None
    penalty_kinds: list[str]

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return engine.procedure_of(obj).state_label(obj.state)

    @staticmethod
    def resolve_item_code(obj: Case) -> str:
        return obj.item.code

    @staticmethod
    def resolve_party_name(obj: Case) -> str:
        return obj.party.name


class ViolationOut(Schema):
    """One violation of the case (issue 17): its item, facts, bases, tier and proposed penalty."""

    ordinal: int
    item_code: str
    item_name: str
    facts: str
    legal_basis: str
    penalty_basis: str
    benchmark_tier: str
    penalty_kinds: list[str]
    fine_amount: Decimal | None
    confiscation_amount: Decimal | None
    same_act_as: int | None

    @staticmethod
    def resolve_item_code(obj: Violation) -> str:
        return obj.item.code

    @staticmethod
    def resolve_item_name(obj: Violation) -> str:
        return obj.item.name


class CaseDetailOut(CaseOut):
    deadlines: list[DeadlineOut]
    officers: list[str]
    violations: list[ViolationOut]

    @staticmethod
    def resolve_violations(obj: Case) -> list[Violation]:
        return selectors.case_violations(obj)

    @staticmethod
    def resolve_deadlines(obj: Case) -> list[Any]:
        return list(obj.deadlines.all())

    @staticmethod
    def resolve_officers(obj: Case) -> list[str]:
        return [co.officer.name for co in obj.case_officers.all()]


class RefusalOut(Schema):
    guard: str
    message: str
    article: str


class ActionOut(Schema):
    name: str
    label: str
    allowed: bool
    refusals: list[RefusalOut]


class TransitionIn(Schema):
    on: Day | None = None
    data: dict[str, Any] = {}


class PartyIn(Schema):
    kind: str
    name: str
    address: str
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    phone: str = ""


class CaseIn(Schema):
    procedure: str
    item_id: Id
    title: str
    place: str
    discovered_on: Day
    act_on: Day
    act_ended_on: Day | None = None
    place_text: str = ""
    source: str = ""
    party: PartyIn
    officer_ids: list[Id]
    lead_officer_id: Id | None = None
    penalty_kinds: list[str] = []
    fine_amount: Money | None = None


@router.get("/cases", response={200: list[CaseOut], **ERRORS}, summary="案件列表")
@paginate(Paging)
def list_cases(
    request: HttpRequest,
    state: str = "",
    procedure: str = "",
    item_id: Id | None = None,
    officer_id: Id | None = None,
    due_before: Day | None = None,
    search: str = "",
) -> object:
    filters = selectors.CaseFilters(
        state=state,
        procedure=procedure,
        item_id=item_id,
        officer_id=officer_id,
        due_before=due_before,
        search=search,
    )
    return selectors.case_list(scope=scope_of(request), filters=filters)


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="案件详情")
def get_case(request: HttpRequest, case_id: Id) -> Case:
    return selectors.case_get(scope=scope_of(request), case_id=case_id)


@router.get(
    "/cases/{case_id}/actions",
    response={200: list[ActionOut], **ERRORS},
    summary="当前可办理的步骤及不能办理的理由",
)
def actions(request: HttpRequest, case_id: Id) -> list[dict[str, Any]]:
    case = selectors.case_get(scope=scope_of(request), case_id=case_id)
    return [
        {"name": t.name, "label": t.label, "allowed": not refusals, "refusals": refusals}
        for t, refusals in engine.available(case=case, actor=request.user)
    ]


@router.post("/cases", response={201: CaseDetailOut, **ERRORS}, summary="立案前登记线索或当场处理")
def open_case(request: HttpRequest, body: CaseIn) -> Status[Case]:
    # Officers and heads only (a supervisor reads, a clerk or reviewer takes no case): refused with 403
    # before anything is read; case_open checks it again with the case's agency.
    require_case_worker(request.user, action=services.OPEN_CASE)
    scope = scope_of(request)
    item = catalog_selectors.item_get(scope=scope, item_id=body.item_id)
    place = Region.objects.filter(code=body.place).first()
    if place is None:
        raise NotFound(f"区划代码“{body.place}”不存在")
    officers = [personnel_selectors.officer_get(scope=scope, officer_id=i) for i in body.officer_ids]
    lead = next((o for o in officers if o.pk == body.lead_officer_id), None)
    case = services.case_open_with_party(
        agency=item.agency,
        party=body.party.dict(),
        procedure=body.procedure,
        item=item,
        title=body.title,
        place=place,
        discovered_on=body.discovered_on,
        act_on=body.act_on,
        act_ended_on=body.act_ended_on,
        place_text=body.place_text,
        source=body.source,
        officers=officers,
        lead_officer=lead,
        penalty_kinds=body.penalty_kinds,
        fine_amount=body.fine_amount,
        actor=request.user,
    )
    return Status(201, selectors.case_get(scope=scope, case_id=case.pk))


@router.post(
    "/cases/{case_id}/transitions/{name}", response={200: CaseDetailOut, **ERRORS}, summary="办理一个步骤"
)
def run_transition(request: HttpRequest, case_id: Id, name: str, body: TransitionIn) -> Case:
    """Runs one step through the engine; a refusal answers 422 with every reason and its article."""
    scope = scope_of(request)
    case = selectors.case_get(scope=scope, case_id=case_id)
    engine.execute(case=case, transition=name, actor=request.user, data=body.data, on=body.on)
    return selectors.case_get(scope=scope, case_id=case_id)
