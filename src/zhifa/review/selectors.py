"""Reviewer desk reads, scoped to the caller's agencies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case as Cond
from django.db.models import CharField, QuerySet, Value, When
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.catalog import calendar
from zhifa.catalog.calendar import CalendarYearNotLoaded
from zhifa.catalog.models import Tier
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.organizations.models import Agency
from zhifa.personnel import selectors as personnel_selectors
from zhifa.review import rules
from zhifa.review.models import ReviewSubmission, SubmissionStatus

OPEN = (SubmissionStatus.PENDING, SubmissionStatus.ASSIGNED, SubmissionStatus.DISPUTED)


# The desk marks a review "due soon" when its time limit ends within this many working days.
DUE_SOON_WORKING_DAYS = 2


def due_soon_until(today: date) -> date:
    """The last day that is "due soon" seen from `today`. The review time limit is counted in working
    days (SAMR 程序规定 Art.55: 10 working days), so is its warning: on a Friday before a holiday
    weekend, a review due on the second working day after it is due soon, a week of calendar days away.
    Until the year ahead is loaded in the calendar, weekdays are counted."""
    try:
        return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).date
    except CalendarYearNotLoaded:
        day, left = today, DUE_SOON_WORKING_DAYS
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day


def queue(
    *,
    scope: Scope,
    reviewer_user_id: int | None = None,
    include_closed: bool = False,
    today: date | None = None,
) -> QuerySet[ReviewSubmission]:
    """The submissions in scope, soonest due first, each annotated with `due_state`: "overdue" (its
    time limit has passed), "soon" (it ends today or within DUE_SOON_WORKING_DAYS working days) or ""."""
    today = today or timezone.localdate()
    qs = ReviewSubmission.objects.filter(scope.agency_q("case__agency"))
    if not include_closed:
        qs = qs.filter(status__in=OPEN)
    if reviewer_user_id is not None:
        qs = qs.filter(reviewer__officer__user_id=reviewer_user_id)
    due_state = Cond(
        When(due_on__lt=today, then=Value("overdue")),
        When(due_on__lte=due_soon_until(today), then=Value("soon")),
        default=Value(""),
        output_field=CharField(),
    )
    return (
        qs.select_related("case", "case__party", "reviewer__officer")
        .annotate(due_state=due_state)
        .order_by("due_on", "id")
    )


def submissions_of(*, case: Case) -> QuerySet[ReviewSubmission]:
    return ReviewSubmission.objects.filter(case=case).order_by("-round")


def submission_get(*, scope: Scope, submission_id: int) -> ReviewSubmission:
    sub = (
        ReviewSubmission.objects.filter(scope.agency_q("case__agency"), pk=submission_id)
        .select_related(
            "case", "case__agency", "case__item", "case__party", "case__place", "reviewer__officer"
        )
        .first()
    )
    if sub is None:
        raise NotFound("未找到该送审，或您无权查看")
    return sub


@dataclass(frozen=True)
class VersionRow:
    key: str
    values: list[Any]
    changed: bool


LABELS = {
    "facts": "违法事实",
    "penalty_kinds": "处罚种类",
    "fine_amount": "罚款金额",
    "confiscation_amount": "没收金额",
    "benchmark_tier": "裁量阶次",
    "base_kind": "计算基数",
    "base_amount": "计算基数金额",
    "person_fine_amount": "对责任人员罚款",
    "tier_reason": "裁量理由",
    "lenience": "从轻减轻",
    "lenience_reason": "从轻减轻理由",
    "legal_basis": "法律依据",
    "benchmark_history_id": "裁量基准版本",
    "violations": "各项违法行为",
}


LENIENCE_WORDS = {"lighter": "从轻", "mitigated": "减轻"}


def shown(key: str, value: Any) -> Any:
    """A proposal value as the reviewer reads it (issue 18 §4): lists as Chinese lists, a tier by its
    Chinese name, lenience in words; never Python syntax or internal codes."""
    if value is None or value == "" or value == []:
        return None
    if key == "violations":  # issue 17: each violation, its provision and penalty, in order
        return "；".join(_violation_shown(v) for v in value if isinstance(v, dict))
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if key == "benchmark_tier" and value in Tier.values:
        return Tier(value).label
    if key == "lenience":
        return LENIENCE_WORDS.get(str(value), str(value))
    if key == "benchmark_history_id":
        return f"第 {value} 号版本"
    return value


def _violation_shown(v: dict[str, Any]) -> str:
    penalty = "、".join(str(k) for k in v.get("penalty_kinds") or [])
    if v.get("fine_amount") not in (None, ""):
        penalty += f"，罚款{v['fine_amount']}元"
    basis = f"（{v['legal_basis']}）" if v.get("legal_basis") else ""
    return f"{v.get('ordinal', '')}. 事项{v.get('item', '')}{basis}：{penalty or '无'}"


def versions(*, submission: ReviewSubmission) -> tuple[list[ReviewSubmission], list[VersionRow]]:
    """Every round of the case side by side, with the fields that changed between rounds."""
    rounds = list(ReviewSubmission.objects.filter(case=submission.case).order_by("round"))
    data = [r.proposal_data for r in rounds]
    rows = []
    for key, label in LABELS.items():
        values = [d.get(key) for d in data]
        changed = len({repr(v) for v in values}) > 1
        rows.append(VersionRow(label, [shown(key, v) for v in values], changed))
    return rounds, rows


@dataclass(frozen=True)
class ReviewerStaffing:
    """An agency's legal reviewers against its officers, and the share its region asks for."""

    agency: Agency
    officers: int
    reviewers: int
    percent: Decimal

    @property
    def required(self) -> int:
        return rules.reviewers_required(self.officers, self.percent)

    @property
    def percent_text(self) -> str:
        """The share as written in a rule: 5, 12.5 (a setting row stores 12.50)."""
        return f"{self.percent.normalize():f}"

    @property
    def sufficient(self) -> bool:
        return self.reviewers >= self.required


def reviewer_staffing(*, agencies: Sequence[Agency]) -> list[ReviewerStaffing]:
    """国办发〔2018〕118号 四(十一): legal reviewers 原则上不少于本单位执法人员总数的5%, the share being
    the agency's region's setting (review.rules): the counts in two grouped queries, the settings in
    one, whatever the number of agencies (their regions loaded by the caller)."""
    counts = personnel_selectors.reviewer_counts_many(agency_ids=[a.pk for a in agencies])
    cache: dict[str, Any] = {}
    return [
        ReviewerStaffing(
            agency=a,
            officers=counts[a.pk].officers,
            reviewers=counts[a.pk].reviewers,
            percent=rules.reviewer_ratio_percent(a, cache=cache),
        )
        for a in agencies
    ]


def understaffed(*, scope: Scope) -> list[ReviewerStaffing]:
    """The agencies in scope below their region's legal-reviewer share (118号 四(十一)), in four
    queries whatever their number."""
    agencies = list(Agency.objects.filter(scope.agency_q("")).select_related("region").order_by("name"))
    return [s for s in reviewer_staffing(agencies=agencies) if not s.sufficient]
