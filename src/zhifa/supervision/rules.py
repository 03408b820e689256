"""Supervision periods that vary by region, with the best-sourced national default and its basis.

《行政执法监督条例》(国务院令第825号, in force 2026-02-01) sets no complaint-handling period in the text
seen so far (reference/supervision.md §6: articles 7 and 9–36 not retrieved), so the periods are
regional settings over the market-regulation rule that does fix them, 市场监督管理投诉举报处理暂行办法
(总局令第20号, in force 2020-01-01; reference/supervision.md §5 and legal-rules.md §15). They are
ProcedureSetting rows per region (cases.rules: the most specific region wins); SupervisionConfig.ready()
imports this module so that the keys resolve whatever was imported first."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.cases import rules as regional
from zhifa.cases.rules import Default
from zhifa.catalog import calendar
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency, Region

ORDER_20_ART_14 = "市场监督管理投诉举报处理暂行办法（总局令第20号）第十四条"
ORDER_20_ART_21 = "市场监督管理投诉举报处理暂行办法（总局令第20号）第二十一条"

REGIONAL: dict[str, Default] = {
    # 总局令第20号 第十四条: 自收到投诉之日起七个工作日内作出受理或者不予受理的决定，并告知投诉人.
    "complaint_accept_days": regional.register("complaint_accept_days", 7, ORDER_20_ART_14),
    # The answer: no period in the 条例 text seen. 总局令第20号 第二十一条 gives 45 working days from
    # acceptance for the handling of a complaint (mediation ends if no agreement is reached by then, and
    # the complainant is told), the longest handling period that rule fixes: the national default here,
    # counted from acceptance. A province whose 条例 implementing rules say otherwise sets its own row.
    # (举报 of a violation: the 15-WD filing check of 行政处罚程序规定 Art.18 runs in the case, not here.)
    "complaint_answer_days": regional.register("complaint_answer_days", 45, ORDER_20_ART_21),
}


def _as_agency(region: Region, agency: Agency | None) -> Agency:
    """cases.rules reads a setting for an agency, by its region's path. A complaint whose agency is not
    known is read for its region: an unsaved Agency that only carries the region (never saved)."""
    return agency if agency is not None else Agency(region=region)


def accept_days(region: Region, agency: Agency | None, *, cache: dict[str, Any] | None = None) -> int:
    return regional.int_value("complaint_accept_days", _as_agency(region, agency), cache=cache)


def answer_days(region: Region, agency: Agency | None, *, cache: dict[str, Any] | None = None) -> int:
    return regional.int_value("complaint_answer_days", _as_agency(region, agency), cache=cache)


def due(start: date, working_days: int) -> tuple[date | None, bool]:
    """(due date, provisional): `working_days` after `start`, the start day not counted (总局令第20号
    自收到之日起; 行政处罚法 Art.85 convention, the engine's). (None, False) when the period runs into a
    year whose calendar is not loaded: a complaint is never refused for that; its clock is filled by
    the daily job once an administrator loads the year (tasks.py)."""
    try:
        result = calendar.add_working_days(start, working_days)
    except CalendarYearNotLoaded:
        return None, False
    return result.date, result.provisional
