from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zhifa.catalog import calendar, selectors
from zhifa.catalog.models import BenchmarkTier, DiscretionBenchmark, EnforcementItem
from zhifa.core.api import ERRORS, Paging, scope_of
from zhifa.core.errors import DomainError
from zhifa.core.params import Day, Id
from zhifa.lib.workdays import CalendarYearNotLoaded

router = Router(tags=["清单与日历"])


class ItemOut(Schema):
    id: int
    agency_id: int
    code: str
    name: str
    kind: str
    field: str
    legal_basis: list[str]
    time_limit: int | None
    time_limit_unit: str
    remedy: str
    fee: str
    limitation_years: int
    parent_id: int | None
    implementing_body: str
    handling_unit: str
    levels: str
    entrusted_to: str
    # Citations kept as written because they could not be resolved (issue 12), to review.
    legal_basis_to_review: list[str]

    @staticmethod
    def resolve_legal_basis_to_review(obj: EnforcementItem) -> list[str]:
        return [b.citation for b in obj.legal_bases.all() if b.needs_review]

    @staticmethod
    def resolve_field(obj: EnforcementItem) -> str:
        return obj.field.name

    @staticmethod
    def resolve_legal_basis(obj: EnforcementItem) -> list[str]:
        return [b.citation for b in obj.legal_bases.all()]


class TierOut(Schema):
    tier: str
    label: str  # the agency's own name for the tier ("" where it is the severity's)
    display_label: str
    conditions: str
    penalty_kinds: list[str]
    fine_text: str  # as written
    fine_display: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    fine_base: str  # 货值金额, 违法所得…: rate_min/rate_max are multiples of it
    rate_min: Decimal | None
    rate_max: Decimal | None
    branches: list[dict[str, str]]
    person_fine_min: Decimal | None
    person_fine_max: Decimal | None


class BenchmarkOut(Schema):
    id: int
    item_id: int
    name: str
    effective_from: date
    tiers: list[TierOut]

    @staticmethod
    def resolve_tiers(obj: DiscretionBenchmark) -> list[BenchmarkTier]:
        return list(obj.tiers.all())


class DeadlineOut(Schema):
    start: date
    days: int
    due: date
    provisional: bool


@router.get("/items", response={200: list[ItemOut], **ERRORS}, summary="执法事项清单")
@paginate(Paging)
def list_items(request: HttpRequest, agency_id: Id | None = None, kind: str = "", search: str = "") -> object:
    return selectors.item_list(scope=scope_of(request), agency_id=agency_id, kind=kind, search=search)


@router.get("/items/{item_id}", response={200: ItemOut, **ERRORS}, summary="执法事项详情")
def get_item(request: HttpRequest, item_id: Id) -> EnforcementItem:
    return selectors.item_get(scope=scope_of(request), item_id=item_id)


@router.get("/benchmarks", response={200: list[BenchmarkOut], **ERRORS}, summary="裁量基准")
@paginate(Paging)
def list_benchmarks(request: HttpRequest, agency_id: Id | None = None) -> object:
    return selectors.benchmark_list(scope=scope_of(request), agency_id=agency_id)


@router.get(
    "/calendar/add-working-days",
    response={200: DeadlineOut, **ERRORS},
    summary="工作日期限计算（起算日不计入）",
)
def add_working_days(
    request: HttpRequest, start: Day, days: Annotated[int, Field(ge=0, le=3650)]
) -> dict[str, object]:
    if days < 0 or days > 3650:
        raise DomainError("天数应在 0 到 3650 之间", field="days")
    try:
        result = calendar.add_working_days(start, days)
    except CalendarYearNotLoaded as exc:
        raise DomainError(str(exc)) from exc
    return {"start": start, "days": days, "due": result.date, "provisional": result.provisional}
