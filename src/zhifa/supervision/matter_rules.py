"""Rectification periods of the supervision documents: regional settings with the best-sourced default.

《行政执法监督条例》(国务院令第825号, in force 2026-02-01) has the supervising body issue 行政执法监督通知书,
意见书 and 决定书 (reference/supervision.md §1.1), but the periods for answering them are in articles not
retrieved (supervision.md §6: articles 7 and 9–36 not found). Until they are, each period is a regional
setting (cases.rules: a province sets its own ProcedureSetting row) over the nearest rule that fixes one:

- 通知书: 市场监督管理执法监督暂行规定 (总局令第22号) 第十八条 — the body supervised supplies what the
  通知书 asks for within 10 working days (legal-rules.md §5.5);
- 意见书: 广东省行政执法案卷评查办法 (广东省人民政府令第231号) 第二十一条 — rectify within 30 days of a
  督察建议书, the document the 意见书 succeeds (legal-rules.md §10); SAMR's 意见书 (第二十一条) has no period;
- 决定书: 同办法 第二十二条 — a 督察决定书 is carried out at once and the result reported within 30 days
  (总局令第22号 第十九条 leaves the correction period to the document and adds 10 working days to report).

A period counts from the day after service (行政处罚法 Art.85 convention, the engine's); one in calendar days
that ends on a rest day moves to the next working day (catalog.calendar.add_calendar_days). The supervisor may
set a different period on the document (总局令第22号 第十九条: 在规定期限内纠正)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from zhifa.cases import rules as regional
from zhifa.cases.rules import Default
from zhifa.catalog import calendar
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency, Region
from zhifa.supervision.models_matters import DocumentKind, PeriodUnit

SAMR_22_ART_18 = "市场监督管理执法监督暂行规定（总局令第22号）第十八条"
GD_231_ART_21 = "广东省行政执法案卷评查办法（广东省人民政府令第231号）第二十一条"
GD_231_ART_22 = "广东省行政执法案卷评查办法（广东省人民政府令第231号）第二十二条；总局令第22号第十九条"
NOT_FOUND = "；《行政执法监督条例》本身的期限未查到，暂作区域设置"

REGIONAL: dict[str, Default] = {
    "matter_notice_working_days": regional.register(
        "matter_notice_working_days", 10, SAMR_22_ART_18 + NOT_FOUND
    ),
    "matter_opinion_days": regional.register("matter_opinion_days", 30, GD_231_ART_21 + NOT_FOUND),
    "matter_decision_days": regional.register("matter_decision_days", 30, GD_231_ART_22 + NOT_FOUND),
}


class Period(NamedTuple):
    days: int
    unit: str
    basis: str


_KEYS = {
    DocumentKind.NOTICE: ("matter_notice_working_days", PeriodUnit.WORKING_DAYS, SAMR_22_ART_18),
    DocumentKind.OPINION: ("matter_opinion_days", PeriodUnit.DAYS, GD_231_ART_21),
    DocumentKind.DECISION: ("matter_decision_days", PeriodUnit.DAYS, GD_231_ART_22),
}


def default_period(kind: str, region: Region) -> Period:
    """The region's period for a document of `kind` (read for the region: an unsaved Agency carrying it)."""
    key, unit, basis = _KEYS[DocumentKind(kind)]
    return Period(regional.int_value(key, Agency(region=region)), unit, basis)


def basis(kind: str) -> str:
    return _KEYS[DocumentKind(kind)][2]


def due(served_on: date, days: int, unit: str) -> tuple[date, bool]:
    """(deadline, provisional) of a period served on `served_on`. Raises CalendarYearNotLoaded when it
    runs into a year whose calendar is not loaded (the caller says so in Chinese)."""
    if unit == PeriodUnit.WORKING_DAYS:
        result = calendar.add_working_days(served_on, days)
    else:
        result = calendar.add_calendar_days(served_on, days)
    return result.date, result.provisional


__all__ = ["CalendarYearNotLoaded", "Period", "basis", "default_period", "due"]
