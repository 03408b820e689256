"""The alert rules (预警规则), in ONE registry like the regional settings: each with its key, Chinese
title, the article it rests on, its severity, the role of the agency's staff it goes to, and a function
that returns the current findings — (subject kind, subject id, agency, reference, detail) — computed with
a few grouped queries whatever the number of rows (the daily job runs them over every agency).

《行政执法监督条例》(国务院令第825号) makes the supervising body watch 有案不立, 趋利性执法, the
qualifications of agencies and officers and the enforcement systems (reference/supervision.md §1); the
rules here are those facts as the other systems record them. The supervision app reads those systems'
models and selectors; it never changes them (issue 14).

The thresholds that vary by region are regional settings (cases.rules), registered here on import
(SupervisionConfig.ready imports this module)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Lag, RowNumber

from zhifa.accounts.models import Role
from zhifa.cases import rules as regional
from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus
from zhifa.cases.rules import Default
from zhifa.catalog import calendar
from zhifa.core.scope import Scope
from zhifa.inspections.enterprise import CAP_KEY, QUIET_KEY
from zhifa.inspections.models import Inspection
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency
from zhifa.personnel.models import Certificate, CertificateStatus
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.review import selectors as review_selectors
from zhifa.supervision.models_alerts import AlertSeverity
from zhifa.supervision.models_matters import SupervisionMatter

CONDITION_825 = "《行政执法监督条例》（国务院令第825号）"

REGIONAL: dict[str, Default] = {
    # How far ahead a running case clock is flagged: no statute fixes it (a supervision practice); 3
    # working days leaves an agency a working half-week to act before the period runs out.
    "alert_due_soon_working_days": regional.register(
        "alert_due_soon_working_days", 3, f"{CONDITION_825}（日常监督）；提前量无法定标准，地方可调整"
    ),
    # 趋利性执法 indicator (条例: 强化对…趋利性执法…的监督): an agency's fines decided in one calendar month
    # above this total, in yuan. 0 = off: no national figure exists, a region opts in with its own.
    "alert_fine_month_total_yuan": regional.register(
        "alert_fine_month_total_yuan", 0, f"{CONDITION_825}（趋利性执法监督）；0 为不启用"
    ),
}

# A case that is over: nothing it still owes (the procedures' end states; a declined lead is over too).
ENDED_STATES = ("closed", "archived", "declined")


class Finding(NamedTuple):
    subject_kind: str
    subject_id: int
    agency_id: int
    reference: str
    detail: str


Finder = Callable[[date], Iterable[Finding]]


@dataclass(frozen=True)
class AlertRule:
    key: str
    title: str
    basis: str
    severity: str
    role: str
    find: Finder


RULES: dict[str, AlertRule] = {}


def rule(key: str, title: str, basis: str, severity: str, role: str) -> Callable[[Finder], Finder]:
    def register(fn: Finder) -> Finder:
        if key in RULES and RULES[key].find is not fn:
            raise ValueError(f"alert rule {key!r} registered twice")
        RULES[key] = AlertRule(key, title, basis, severity, role, fn)
        return fn

    return register


def title(key: str) -> str:
    return RULES[key].title if key in RULES else key


def _case_ref(case_number: str, case_id: int, title_: str = "") -> str:
    return case_number or f"线索 {case_id}" + (f"（{title_[:40]}）" if title_ else "")


def _agencies() -> list[Agency]:
    return list(Agency.objects.select_related("region"))


def _working_days_after(today: date, n: int) -> date:
    try:
        return calendar.add_working_days(today, n).date
    except CalendarYearNotLoaded:
        # Next year's calendar not loaded yet: calendar weeks, a bound no shorter than the working days.
        return today + timedelta(days=n + 2 * (n // 5 + 1))


# --- a. case clocks -----------------------------------------------------------------------------------
# The clock's own article is on the clock (Deadline.rule) and in the detail; the filing clock is rule b's.


def _clock_rows(q: Q) -> Iterable[Any]:
    return (
        Deadline.objects.filter(q)
        .exclude(kind="filing")
        .exclude(case__state__in=ENDED_STATES)
        .values("id", "label", "rule", "due_on", "case_id", "case__case_number", "case__agency_id")
        .iterator(chunk_size=5000)
    )


@rule(
    "clock_overdue",
    "办案期限已超期",
    "行政处罚法第六十条等（见各期限的依据）",
    AlertSeverity.HIGH,
    Role.OFFICER,
)
def clock_overdue(today: date) -> Iterable[Finding]:
    # A running clock past its day (the cases' daily job marks it missed) or one marked missed whose
    # case is still open: the engine never closes a missed clock, so it stands until the case ends.
    q = Q(status=DeadlineStatus.RUNNING, due_on__lt=today) | Q(
        status=DeadlineStatus.MISSED, closed_on__isnull=True
    )
    for r in _clock_rows(q):
        yield Finding(
            "deadline",
            r["id"],
            r["case__agency_id"],
            _case_ref(r["case__case_number"], r["case_id"]),
            f"{r['label']}期限已于{r['due_on']:%Y年%m月%d日}届满（{r['rule']}）",
        )


@rule(
    "clock_due_soon",
    "办案期限即将届满",
    "行政处罚法第六十条等（见各期限的依据）；提前量为区域设置 alert_due_soon_working_days",
    AlertSeverity.MEDIUM,
    Role.OFFICER,
)
def clock_due_soon(today: date) -> Iterable[Finding]:
    cache: dict[str, Any] = {}
    days = {a.pk: regional.int_value("alert_due_soon_working_days", a, cache=cache) for a in _agencies()}
    cutoffs = {n: _working_days_after(today, n) for n in set(days.values())}
    if not cutoffs:
        return
    # One query up to the farthest horizon; each agency's own horizon is applied on the rows.
    for r in _clock_rows(
        Q(status=DeadlineStatus.RUNNING, due_on__gte=today, due_on__lte=max(cutoffs.values()))
    ):
        n = days.get(r["case__agency_id"])
        if n is None or r["due_on"] > cutoffs[n]:
            continue
        yield Finding(
            "deadline",
            r["id"],
            r["case__agency_id"],
            _case_ref(r["case__case_number"], r["case_id"]),
            f"{r['label']}期限将于{r['due_on']:%Y年%m月%d日}届满（{r['rule']}）",
        )


# --- b. 有案不立 ----------------------------------------------------------------------------------------


@rule(
    "lead_not_filed",
    "线索逾期未作出立案决定（有案不立）",
    "市场监督管理行政处罚程序规定第十八条；" + CONDITION_825,
    AlertSeverity.HIGH,
    Role.AGENCY_HEAD,
)
def lead_not_filed(today: date) -> Iterable[Finding]:
    # SAMR 程序规定 Art.18: file or decline within 15 WD of the clue (the filing clock, cases.services).
    rows = (
        Deadline.objects.filter(
            kind="filing",
            case__state="lead",
            status__in=(DeadlineStatus.RUNNING, DeadlineStatus.MISSED),
            due_on__lt=today,
        )
        .values("case_id", "case__title", "case__agency_id", "due_on")
        .iterator(chunk_size=5000)
    )
    for r in rows:
        yield Finding(
            "case",
            r["case_id"],
            r["case__agency_id"],
            _case_ref("", r["case_id"], r["case__title"]),
            f"立案审查期限{r['due_on']:%Y年%m月%d日}已届满，仍未立案或决定不予立案",
        )


# --- c. publicity ---------------------------------------------------------------------------------------


@rule(
    "publication_late",
    "行政执法决定逾期未公示",
    "行政处罚法第四十八条；国办发〔2018〕118号 二(六)（七个工作日内公开）",
    AlertSeverity.MEDIUM,
    Role.PUBLICITY_CLERK,
)
def publication_late(today: date) -> Iterable[Finding]:
    rows = Publication.objects.filter(status=PublicationStatus.DRAFT, due_on__lt=today).values_list(
        "id", "agency_id", "decision_number", "due_on"
    )
    for pk, agency_id, number, due in rows.iterator(chunk_size=5000):
        yield Finding("publication", pk, agency_id, number, f"应于{due:%Y年%m月%d日}前公示，尚未公示")


@rule(
    "withdrawal_overdue",
    "应撤下的公示逾期未撤下",
    "行政处罚法第四十八条；市场监督管理行政处罚信息公示规定第十一条（三个工作日内撤下）",
    AlertSeverity.HIGH,
    Role.PUBLICITY_CLERK,
)
def withdrawal_overdue(today: date) -> Iterable[Finding]:
    rows = Publication.objects.filter(
        status=PublicationStatus.PUBLISHED, withdraw_due__isnull=False, withdraw_due__lt=today
    ).values_list("id", "agency_id", "decision_number", "withdraw_due")
    for pk, agency_id, number, due in rows.iterator(chunk_size=5000):
        yield Finding("publication", pk, agency_id, number, f"应于{due:%Y年%m月%d日}前撤下，仍在公示")


# --- d. certificates ------------------------------------------------------------------------------------


@rule(
    "certificate_lapsed_open_cases",
    "执法证失效或暂扣，持证人仍承办未结案件",
    "行政处罚法第四十二条（执法人员应当具有行政执法资格）；" + CONDITION_825 + "（人员资格管理）",
    AlertSeverity.HIGH,
    Role.AGENCY_HEAD,
)
def certificate_lapsed_open_cases(today: date) -> Iterable[Finding]:
    # An officer holding another certificate still in force is qualified: only the lapse of the last one
    # matters. A recused officer no longer handles the case.
    open_cases = (
        CaseOfficer.objects.exclude(case__state__in=ENDED_STATES)
        .exclude(recusal=CaseOfficer.Recusal.GRANTED)
        .values("officer_id")
        .annotate(n=Count("case_id"))
    )
    counts = {r["officer_id"]: r["n"] for r in open_cases}
    if not counts:
        return
    in_force = Certificate.objects.filter(status=CertificateStatus.VALID, valid_until__gte=today)
    lapsed = (
        Certificate.objects.filter(
            Q(status__in=(CertificateStatus.SUSPENDED, CertificateStatus.EXPIRED))
            | Q(status=CertificateStatus.VALID, valid_until__lt=today),
            officer_id__in=list(counts),
        )
        .exclude(officer_id__in=in_force.values("officer_id"))
        .values_list(
            "id", "number", "status", "valid_until", "officer_id", "officer__name", "officer__agency_id"
        )
    )
    for pk, number, status, until, officer_id, name, agency_id in lapsed:
        what = "已暂扣" if status == CertificateStatus.SUSPENDED else f"已于{until:%Y年%m月%d日}到期"
        yield Finding(
            "certificate",
            pk,
            agency_id,
            f"{number}（{name}）",
            f"执法证{what}，持证人仍承办{counts[officer_id]}件未办结案件",
        )


# --- e. legal reviewers ---------------------------------------------------------------------------------


@rule(
    "reviewer_share_low",
    "法制审核人员不足规定比例",
    "国办发〔2018〕118号 四(十一)（原则上不少于执法人员总数的5%，区域设置 legal_reviewer_ratio_percent）",
    AlertSeverity.MEDIUM,
    Role.AGENCY_HEAD,
)
def reviewer_share_low(today: date) -> Iterable[Finding]:
    for s in review_selectors.understaffed(scope=Scope.all()):
        yield Finding(
            "agency",
            s.agency.pk,
            s.agency.pk,
            s.agency.name,
            f"执法人员{s.officers}人，法制审核人员{s.reviewers}人，按{s.percent_text}%应不少于{s.required}人",
        )


# --- f. inspections (国办发〔2024〕54号) ---------------------------------------------------------------
# The settings are the inspections app's (inspections/rules.py); which inspections count toward the cap is
# its rule too (enterprise.counts_toward_cap: not 个案, not a special inspection deployed from above).
# Only inspections that happened count: inspected_on set, not cancelled, not after today.

INSPECTION_BASIS = "国办发〔2024〕54号"


def _inspections_done(today: date) -> Any:
    return Inspection.objects.filter(inspected_on__isnull=False, inspected_on__lte=today).exclude(
        status=Inspection.Status.CANCELLED
    )


@rule(
    "inspection_over_cap",
    "同一执法主体对同一企业年度检查次数超过上限",
    INSPECTION_BASIS
    + "（年度检查频次上限，区域设置 inspection_yearly_cap；个案检查和上级部署的专项检查除外）",
    AlertSeverity.HIGH,
    Role.AGENCY_HEAD,
)
def inspection_over_cap(today: date) -> Iterable[Finding]:
    # The subject is the inspection that went over the cap: the (cap+1)-th counted inspection of the
    # business by the agency this year, in date order. Not the business: one business may be over the cap
    # of two agencies (two alerts, and the fingerprint has no agency); not the latest inspection: a 5th
    # visit would then resolve the 4th's alert and raise a new one for the same excess. This one is stable
    # while the excess stands and goes away with its cause: an inspection cancelled (count back under the
    # cap), a date corrected, the regional cap raised, or the year rolling over (only the current year is
    # counted, so on 1 January every such alert resolves itself).
    cache: dict[str, Any] = {}
    caps = {a.pk: regional.int_value(CAP_KEY, a, cache=cache) for a in _agencies()}
    if not caps:
        return
    ranked = (
        _inspections_done(today)
        .filter(inspected_on__gte=today.replace(month=1, day=1))
        .exclude(kind=Inspection.Kind.CASE)
        .exclude(kind=Inspection.Kind.SPECIAL, superior_deployed=True)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("agency_id"), F("target_id")],
                order_by=[F("inspected_on").asc(), F("id").asc()],
            )
        )
        # Filtering on the window is done after it (Django qualifies it); the rows kept are those of the
        # pairs over the lowest cap, a few whatever the number of inspections.
        .filter(rank__gt=min(caps.values()))
        .values("id", "rank", "agency_id", "inspected_on", "target__name", "target__credit_code")
    )
    for r in ranked.iterator(chunk_size=5000):
        cap = caps.get(r["agency_id"])
        if cap is None or r["rank"] != cap + 1:
            continue
        yield Finding(
            "inspection",
            r["id"],
            r["agency_id"],
            f"{r['target__name']}（{r['target__credit_code']}）",
            f"{today.year}年本机关对该企业的第{r['rank']}次检查（{r['inspected_on']:%Y年%m月%d日}），"
            f"超过年度检查频次上限{cap}次",
        )


@rule(
    "inspection_repeat",
    "同一企业在间隔期内被重复检查",
    INSPECTION_BASIS + "（避免重复检查；间隔期为区域设置 inspection_quiet_days）",
    AlertSeverity.MEDIUM,
    Role.AGENCY_HEAD,
)
def inspection_repeat(today: date) -> Iterable[Finding]:
    # Subject: the later inspection, whose agency (and whose regional quiet period) it is: it came too soon
    # after another one, by any agency. The alert stands while the later inspection is within its quiet
    # period of today (the business is still in the period it should have had in peace); it resolves when
    # that period ends, when either inspection is cancelled, or when a corrected date puts them apart.
    cache: dict[str, Any] = {}
    quiet = {a.pk: regional.int_value(QUIET_KEY, a, cache=cache) for a in _agencies()}
    if not quiet:
        return
    longest = max(quiet.values())
    # A later inspection within `longest` days of today has its predecessor within 2×`longest`: the
    # window over each business in that range sees every pair that can matter, in one query.
    rows = (
        _inspections_done(today)
        .filter(inspected_on__gte=today - timedelta(days=2 * longest))
        .annotate(
            prev_on=Window(
                Lag("inspected_on"),
                partition_by=[F("target_id")],
                order_by=[F("inspected_on").asc(), F("id").asc()],
            ),
            prev_agency=Window(
                Lag("agency__name"),
                partition_by=[F("target_id")],
                order_by=[F("inspected_on").asc(), F("id").asc()],
            ),
        )
        .filter(prev_on__isnull=False)
        .values(
            "id",
            "agency_id",
            "inspected_on",
            "prev_on",
            "prev_agency",
            "target__name",
            "target__credit_code",
        )
    )
    for r in rows.iterator(chunk_size=5000):
        days = quiet.get(r["agency_id"])
        on, prev = r["inspected_on"], r["prev_on"]
        if isinstance(prev, str):  # SQLite returns a window over a date column as text
            prev = date.fromisoformat(prev)
        if days is None or on < today - timedelta(days=days) or (on - prev).days > days:
            continue
        yield Finding(
            "inspection",
            r["id"],
            r["agency_id"],
            f"{r['target__name']}（{r['target__credit_code']}）",
            f"该企业已于{prev:%Y年%m月%d日}接受{r['prev_agency']}检查，"
            f"{(on - prev).days}日后（间隔期{days}日内）于{on:%Y年%m月%d日}再次检查",
        )


# --- g. 趋利性执法 ---------------------------------------------------------------------------------------


@rule(
    "fine_month_total",
    "罚款金额异常集中（趋利性执法指标）",
    CONDITION_825 + "（强化对趋利性执法的监督）；阈值为区域设置 alert_fine_month_total_yuan，0 为不启用",
    AlertSeverity.LOW,
    Role.SUPERVISOR,
)
def fine_month_total(today: date) -> Iterable[Finding]:
    cache: dict[str, Any] = {}
    agencies = {a.pk: a for a in _agencies()}
    limits = {pk: regional.value("alert_fine_month_total_yuan", a, cache=cache) for pk, a in agencies.items()}
    watched = [pk for pk, v in limits.items() if v > 0]
    if not watched:
        return  # off everywhere: no case is read
    month_start = today.replace(day=1)
    totals = (
        Case.objects.filter(
            agency_id__in=watched,
            decided_on__gte=month_start,
            decided_on__lte=today,
            decision_revoked_on__isnull=True,
            fine_amount__isnull=False,
        )
        .values("agency_id")
        .annotate(total=Sum("fine_amount"), n=Count("id"))
    )
    for r in totals:
        total: Decimal = r["total"]
        if total > limits[r["agency_id"]]:
            yield Finding(
                "agency",
                r["agency_id"],
                r["agency_id"],
                f"{agencies[r['agency_id']].name} {today:%Y年%m月}",
                f"本月已决定罚款{r['n']}件，合计{total:,.2f}元，超过监测阈值{limits[r['agency_id']]:,.0f}元",
            )


# --- h. supervision matters (监督事项) ------------------------------------------------------------------


@rule(
    "matter_overdue",
    "监督事项逾期未整改",
    CONDITION_825 + "（监督处理）；整改期限见文书（matter_rules）",
    AlertSeverity.HIGH,
    Role.AGENCY_HEAD,
)
def matter_overdue(today: date) -> Iterable[Finding]:
    # An escalated matter (its period ran out without an answer, or the answer came late) until the
    # supervisor accepts a report or closes it (supervision.matters). The escalation is the matters' own
    # state, so this rule and the matters' steps agree whatever order the daily jobs run in.
    rows = (
        SupervisionMatter.objects.filter(escalated=True)
        .exclude(status__in=("accepted", "closed"))
        .values("id", "agency_id", "title", "due_on", "escalated_on")
    )
    for r in rows.iterator(chunk_size=2000):
        due = f"{r['due_on']:%Y年%m月%d日}" if r["due_on"] else "（未定）"
        yield Finding(
            "matter",
            r["id"],
            r["agency_id"],
            f"监督事项{r['id']}（{r['title'][:60]}）",
            f"整改期限{due}届满，未按期提交整改报告或整改报告逾期，已于{r['escalated_on']:%Y年%m月%d日}升级督办",
        )


# The rules about how enforcement was carried out (音像记录, 违规异地执法) register in their own module.
from zhifa.supervision import alert_rules_conduct  # noqa: E402, F401
