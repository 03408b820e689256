from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from zhifa.catalog import calendar, selectors
from zhifa.catalog.models import BenchmarkTier, DiscretionBenchmark, EnforcementItem
from zhifa.core.api import scope_of
from zhifa.core.errors import DomainError
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


@router.get("/items", response=list[ItemOut], summary="执法事项清单")
@paginate(LimitOffsetPagination)
def list_items(
    request: HttpRequest, agency_id: int | None = None, kind: str = "", search: str = ""
) -> object:
    return selectors.item_list(scope=scope_of(request), agency_id=agency_id, kind=kind, search=search)


@router.get("/items/{item_id}", response=ItemOut, summary="执法事项详情")
def get_item(request: HttpRequest, item_id: int) -> EnforcementItem:
    return selectors.item_get(scope=scope_of(request), item_id=item_id)


@router.get("/benchmarks", response=list[BenchmarkOut], summary="裁量基准")
@paginate(LimitOffsetPagination)
def list_benchmarks(request: HttpRequest, agency_id: int | None = None) -> object:
    return selectors.benchmark_list(scope=scope_of(request), agency_id=agency_id)


@router.get("/calendar/add-working-days", response=DeadlineOut, summary="工作日期限计算（起算日不计入）")
def add_working_days(request: HttpRequest, start: date, days: int) -> dict[str, object]:
    if days < 0 or days > 3650:
        raise DomainError("天数应在 0 到 3650 之间", field="days")
    try:
        result = calendar.add_working_days(start, days)
    except CalendarYearNotLoaded as exc:
        raise DomainError(str(exc)) from exc
    return {"start": start, "days": days, "due": result.date, "provisional": result.provisional}
