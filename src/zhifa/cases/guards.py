"""The rules a transition checks. Each guard returns None (pass) or a Refusal with a Chinese message
that says what to do and the article it enforces. Tests name each guard (tests/test_guards.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q

from zhifa.cases import rules
from zhifa.cases.engine import Context, Guard, Refusal, guard
from zhifa.cases.models import CaseOfficer, Deadline, DeadlineStatus
from zhifa.cases.violation_view import per_violation
from zhifa.catalog import calendar
from zhifa.catalog.calendar import CalendarYearNotLoaded
from zhifa.catalog.models import BenchmarkTier, LenienceEntry, LenienceKind, Tier
from zhifa.journal.models import JournalEntry
from zhifa.lib.fine_ranges import FineRange
from zhifa.lib.workdays import age_on, months_later
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.selectors import ActCheck, may_act

LAW = "《中华人民共和国行政处罚法》"
COMPULSION_LAW = "《中华人民共和国行政强制法》"

# 行政处罚法 Art.9: the kinds of administrative penalty.
WARNING = "警告"
CRITICISM = "通报批评"
FINE = "罚款"
CONFISCATE_INCOME = "没收违法所得"
CONFISCATE_PROPERTY = "没收非法财物"
SUSPEND_LICENSE = "暂扣许可证件"
DOWNGRADE = "降低资质等级"
REVOKE_LICENSE = "吊销许可证件"
RESTRICT_BUSINESS = "限制开展生产经营活动"
SUSPEND_BUSINESS = "责令停产停业"
CLOSE = "责令关闭"
RESTRICT_EMPLOYMENT = "限制从业"
PENALTY_KINDS = (
    WARNING,
    CRITICISM,
    FINE,
    CONFISCATE_INCOME,
    CONFISCATE_PROPERTY,
    SUSPEND_LICENSE,
    DOWNGRADE,
    REVOKE_LICENSE,
    RESTRICT_BUSINESS,
    SUSPEND_BUSINESS,
    CLOSE,
    RESTRICT_EMPLOYMENT,
)
# Art.63 (3)–(4): kinds that always carry the right to a hearing.
HEARING_KINDS = {DOWNGRADE, REVOKE_LICENSE, SUSPEND_BUSINESS, CLOSE, RESTRICT_EMPLOYMENT}
# Art.51: the summary procedure's fixed limits (a law may set others; none is encoded here).
SUMMARY_FINE_NATURAL = Decimal("200")
SUMMARY_FINE_ORGANIZATION = Decimal("3000")


def _officers(ctx: Context) -> list[CaseOfficer]:
    """The case's officers (but those whose recusal was granted) with their certificates, the
    certificates' areas, fields and events: four queries, once per guard run."""
    return ctx.memo(
        "officers",
        lambda: list(
            CaseOfficer.objects.filter(case=ctx.case)
            .exclude(recusal=CaseOfficer.Recusal.GRANTED)
            .select_related("officer")
            .prefetch_related(
                Prefetch(
                    "officer__certificates",
                    queryset=Certificate.objects.select_related("area").prefetch_related("fields", "events"),
                )
            )
            .order_by("id")
        ),
    )


def _may_act(ctx: Context, officer: Officer) -> ActCheck:
    checks: dict[int, ActCheck] = ctx.memo("may_act", dict)
    if officer.pk not in checks:
        checks[officer.pk] = may_act(officer=officer, item=ctx.case.item, area=ctx.case.place, on=ctx.on)
    return checks[officer.pk]


@guard("two_qualified_officers")
def two_qualified_officers(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.42, Art.55; 行政强制法 Art.18(2); SAMR 程序规定 Art.22: at least two officers whose
    certificates are valid and cover the item's field and the place on that day."""
    qualified, problems = 0, []
    for co in _officers(ctx):
        check = _may_act(ctx, co.officer)
        if check.allowed:
            qualified += 1
        else:
            problems.append(f"{co.officer.name}：{check.reasons[0]}")
    if qualified >= 2:
        return None
    detail = f"（{'；'.join(problems)}）" if problems else ""
    return Refusal(
        "two_qualified_officers",
        "须由两名以上持有效执法证、执法类别和区域覆盖本事项的执法人员办理，"
        f"目前符合条件的有 {qualified} 名{detail}",
        f"{LAW}第四十二条、第五十五条",
    )


@guard("one_qualified_officer")
def one_qualified_officer(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.52: the officer deciding on the spot shows a valid certificate covering the act."""
    for co in _officers(ctx):
        if _may_act(ctx, co.officer).allowed:
            return None
    return Refusal(
        "one_qualified_officer",
        "当场处罚的执法人员须持有有效执法证，且执法类别和区域覆盖本事项",
        f"{LAW}第五十二条",
    )


@guard("on_spot_officers")
def on_spot_officers(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.42: administrative penalties are enforced by two or more officers, 法律另有规定的除外;
    Art.52 lets one officer decide on the spot only where a law so provides. The exception is the item's
    configuration (EnforcementItem.single_officer_basis, the law that provides it): with it one qualified
    officer suffices; without it two qualified officers are required."""
    if ctx.case.item.single_officer_basis.strip():
        return one_qualified_officer(ctx)
    refusal = two_qualified_officers(ctx)
    if refusal is None:
        return None
    return Refusal(
        "on_spot_officers",
        f"当场处罚{refusal.message}（法律规定可由一名执法人员当场处罚的事项除外）",
        f"{LAW}第四十二条、第五十二条",
    )


@guard("recusal_decided")
def recusal_decided(ctx: Context) -> Refusal | None:
    """Art.43: a recusal request is decided by the agency head before the officer acts on."""
    pending = [co.officer.name for co in _officers(ctx) if co.recusal == CaseOfficer.Recusal.PENDING]
    if not pending:
        return None
    return Refusal(
        "recusal_decided", f"{'、'.join(pending)}的回避申请尚未决定，请负责人先作出决定", f"{LAW}第四十三条"
    )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@guard("within_limitation")
def within_limitation(ctx: Context) -> Refusal | None:
    """Art.36: not discovered within two years (five where the law says so) → no penalty; counted
    from the act, or from its end when it continued."""
    case = ctx.case
    start = case.act_ended_on or case.act_on
    years = case.item.limitation_years
    limit = _add_years(start, years)
    if case.discovered_on <= limit:
        return None
    return Refusal(
        "within_limitation",
        f"违法行为自 {start.isoformat()} 起 {years} 年内未被发现"
        f"（发现于 {case.discovered_on.isoformat()}），不再给予行政处罚",
        f"{LAW}第三十六条",
    )


@guard("proposal_complete")
@per_violation  # each violation of a case with several (issue 17)
def proposal_complete(ctx: Context) -> Refusal | None:
    """SAMR 程序规定 Art.48: the investigation report states the proposed decision and the reasons for the
    discretion chosen."""
    case = ctx.case
    missing = []
    if not case.penalty_kinds:
        missing.append("处罚种类")
    unknown = [k for k in case.penalty_kinds if k not in PENALTY_KINDS]
    if unknown:
        return Refusal("proposal_complete", f"处罚种类“{'、'.join(unknown)}”不是法定处罚种类", f"{LAW}第九条")
    if FINE in case.penalty_kinds and not case.fine_amount:
        missing.append("罚款金额")
    if not (case.benchmark_id and case.benchmark_tier) and ctx.memo(
        "item_has_benchmark", lambda: case.item.benchmarks.filter(active=True).exists()
    ):
        missing.append("适用的裁量基准和阶次")
    if case.benchmark_id and not case.tier_reason.strip():
        missing.append("裁量理由")
    if not case.facts.strip():
        missing.append("违法事实")
    if missing:
        return Refusal(
            "proposal_complete",
            f"调查终结报告缺少：{'、'.join(missing)}",
            "市场监督管理行政处罚程序规定第四十八条",
        )
    return None


def _tier_of(ctx: Context) -> BenchmarkTier | Refusal | None:
    """The proposal's tier: by the agency's label first, else by severity (today's codes)."""
    case = ctx.case

    def find() -> BenchmarkTier | Refusal | None:
        # A severity by its code ("serious") or its Chinese name ("较重"); one query for both ways.
        code = {str(label): str(c) for c, label in Tier.choices}.get(case.benchmark_tier, case.benchmark_tier)
        candidates = list(
            BenchmarkTier.objects.filter(benchmark_id=case.benchmark_id).filter(
                Q(label=case.benchmark_tier) | Q(tier=code)
            )
        )
        by_label = [t for t in candidates if t.label == case.benchmark_tier]
        if by_label:
            return by_label[0]
        by_code = [t for t in candidates if t.tier == code]
        if len(by_code) > 1:
            return Refusal(
                "amount_within_tier",
                f"该裁量基准有多个“{by_code[0].get_tier_display()}”阶次，请按阶次名称选择"
                f"（如“{by_code[0].display_label}”）",
                f"{LAW}第三十四条",
            )
        return by_code[0] if by_code else None

    found: BenchmarkTier | Refusal | None = ctx.memo(f"tier:{case.benchmark_id}:{case.benchmark_tier}", find)
    return found


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f} 元"


def _band(tier: BenchmarkTier, ranges: list[FineRange], base: Decimal | None) -> str:
    parts = []
    for r in ranges:
        if r.base:
            text = r.describe()
        elif r.low is not None and r.high is not None:
            text = f" {r.low}–{r.high} 元"
        else:
            text = f" {r.high} 元以下" if r.high is not None else f" {r.low} 元以上"
        text = (f"{r.condition}" if r.condition else "") + text
        if r.base and base is not None:
            low, high = r.bounds(base)
            shown = "–".join(x for x in (_yuan(low), _yuan(high)) if x)
            text += f"（即 {shown}）"
        parts.append(text)
    name = f"“{tier.label}”" if tier.label else tier.get_tier_display()
    return f"{name}阶次罚款幅度为{'；'.join(parts)}"


@guard("amount_within_tier")
@per_violation  # each violation of a case with several (issue 17)
def amount_within_tier(ctx: Context) -> Refusal | None:
    """Art.34 and the published benchmark: the fine lies inside the chosen tier's range, in whichever form
    the tier states it — in 元, as a multiple or percentage of a base such as 货值金额 or 违法所得 (then the
    proposal must state the base amount), or open at one end (only the bound it has is checked); 从轻 stays
    in the lowest 30% of it and 减轻 goes below it (国市监法规〔2022〕2号 Art.10). A fine on the responsible
    persons (双罚) is checked against the tier's own range for them (Art.4: only as the law provides)."""
    case = ctx.case
    if not (case.benchmark_id and case.benchmark_tier):
        return None
    if case.fine_amount is None and case.person_fine_amount is None:
        return None
    tier = _tier_of(ctx)
    if isinstance(tier, Refusal):
        return tier
    if tier is None:
        return Refusal("amount_within_tier", "所选裁量阶次不属于该裁量基准", f"{LAW}第三十四条")
    if case.fine_amount is not None:
        refusal = _fine_within(ctx, tier, case.fine_amount)
        if refusal is not None:
            return refusal
    if case.person_fine_amount is not None:
        person = tier.person_range()
        if person is None:
            return Refusal(
                "amount_within_tier",
                f"“{tier.display_label}”阶次未规定对直接负责的主管人员和其他直接责任人员的罚款",
                f"{LAW}第四条；裁量基准",
            )
        if not person.contains(case.person_fine_amount):
            return Refusal(
                "amount_within_tier",
                f"对责任人员罚款 {case.person_fine_amount} 元超出“{tier.display_label}”阶次"
                f"对直接负责的主管人员和其他直接责任人员{person.describe()}的幅度",
                f"{LAW}第三十四条；裁量基准",
            )
    return None


def _fine_within(ctx: Context, tier: BenchmarkTier, amount: Decimal) -> Refusal | None:
    case = ctx.case
    if tier.tier == Tier.NO_PENALTY and amount > 0:
        return Refusal(
            "amount_within_tier", f"“{tier.display_label}”是不予处罚阶次，不能处以罚款", f"{LAW}第三十三条"
        )
    ranges = tier.ranges()
    if not ranges:
        return None
    base = case.base_amount
    bases = sorted({r.base for r in ranges if r.base})
    if bases:
        if base is None:
            return Refusal(
                "amount_within_tier",
                f"“{tier.display_label}”阶次的罚款按{'或'.join(bases)}的倍数或比例计算，"
                f"请填写{'或'.join(bases)}的金额（计算基数）",
                f"{LAW}第三十四条；国市监法规〔2022〕2号",
            )
        if case.base_kind and case.base_kind not in bases:
            return Refusal(
                "amount_within_tier",
                f"计算基数应为{'或'.join(bases)}，提议填写的是{case.base_kind}",
                f"{LAW}第三十四条；裁量基准",
            )
    # A branch whose base is not the one the proposal states cannot be the one applied.
    usable = [
        r
        for r in ranges
        if not r.base or (base is not None and (not case.base_kind or r.base == case.base_kind))
    ]
    matching = [r for r in usable if r.contains(amount, base)]
    if case.lenience == "mitigated":
        # 减轻 goes below the lower bound of the range that applies (Art.32); with no lower bound it
        # cannot go below, and any amount under the upper bound is allowed.
        lows = [r.bounds(base)[0] for r in usable]
        if all(low is not None and amount >= low for low in lows):
            return Refusal(
                "amount_within_tier", f"减轻处罚应低于{_band(tier, usable, base)}的下限", f"{LAW}第三十二条"
            )
        return None
    if not matching:
        return Refusal(
            "amount_within_tier",
            f"罚款 {amount} 元超出{_band(tier, usable, base)}",
            f"{LAW}第三十四条；裁量基准",
        )
    if case.lenience == "lighter":
        share = rules.value("lighter_band_percent", case.agency, cache=ctx.cache)  # 30 unless configured
        for r in matching:
            low, high = r.bounds(base)
            if high is None:
                return None  # no upper bound: no "lower part" to stay in
            low = low or Decimal(0)
            ceiling = low + (high - low) * share / Decimal(100)
            if amount <= ceiling:
                return None
        return Refusal(
            "amount_within_tier",
            f"从轻处罚应在{_band(tier, matching, base)}的较低 {share.normalize():f}% 以内"
            f"（不超过 {ceiling.quantize(Decimal('0.01'))} 元）",
            "国市监法规〔2022〕2号第十条",
        )
    return None


@guard("lenience_applied")
@per_violation  # each violation of a case with several (issue 17)
def lenience_applied(ctx: Context) -> Refusal | None:
    """Art.30: under 14 → no penalty; 14–18 → 应当从轻或者减轻 — on every procedure that imposes a penalty
    (the general procedure's proposal and decision, the summary procedure's on-the-spot decision). Art.32/33
    and the agency's lists: an entry that says 应当 must be applied."""
    case = ctx.case
    party = case.party
    if party.is_natural_person and party.birth_date:
        age = age_on(party.birth_date, case.act_on)
        if age < 14:
            return Refusal(
                "lenience_applied",
                "当事人违法时不满十四周岁，不予行政处罚，应责令监护人加以管教",
                f"{LAW}第三十条",
            )
        if age < 18 and case.lenience not in ("lighter", "mitigated"):
            return Refusal(
                "lenience_applied",
                "当事人违法时已满十四周岁不满十八周岁，应当从轻或者减轻行政处罚",
                f"{LAW}第三十条",
            )
    ids = ctx.data.get("applicable_lenience") or []
    entries = (
        LenienceEntry.objects.filter(
            pk__in=ids, agency=case.agency, obligation=LenienceEntry.Obligation.SHALL
        )
        if ids
        else LenienceEntry.objects.none()
    )
    if ids:
        # A list applies to acts committed while it is in force (施行日期 … 有效期至): an expired
        # 首违免罚 list no longer spares an act committed after it ended.
        entries = entries.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=case.act_on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=case.act_on),
        )
    for entry in entries:
        spares = (LenienceKind.NO_PENALTY, LenienceKind.FIRST_VIOLATION)
        if entry.kind in spares and case.penalty_kinds:
            return Refusal(
                "lenience_applied",
                f"适用不予处罚清单（{entry.circumstances}），应当不予处罚",
                f"{LAW}第三十三条",
            )
        if entry.kind in (LenienceKind.LIGHTER, LenienceKind.MITIGATED) and case.lenience not in (
            "lighter",
            "mitigated",
        ):
            return Refusal(
                "lenience_applied",
                f"适用从轻减轻清单（{entry.circumstances}），应当从轻或者减轻处罚",
                f"{LAW}第三十二条",
            )
    return None


def hearing_required(ctx: Context) -> bool:
    """Art.63: kinds that carry a hearing, or fines/confiscations of a 较大数额 (thresholds are settings)."""
    case = ctx.case
    if HEARING_KINDS & set(case.penalty_kinds):
        return True
    # Per person and per total (市场监督管理行政处罚听证办法 Art.5(1)): the party's total — the sum over
    # all the case's violations, one decision imposing them (行政处罚法 Art.29, 63) — against its own
    # threshold, and a fine on the unit's responsible persons (双罚), natural persons, against theirs.
    natural = rules.value("hearing_fine_natural", case.agency, cache=ctx.cache)
    if case.person_fine_amount is not None and case.person_fine_amount >= natural:
        return True
    if case.party.is_natural_person:
        return case.total_amount >= natural
    return case.total_amount >= rules.value("hearing_fine_organization", case.agency, cache=ctx.cache)


@guard("hearing_offered")
def hearing_offered(ctx: Context) -> Refusal | None:
    if not hearing_required(ctx) or ctx.case.hearing_offered:
        return None
    return Refusal(
        "hearing_offered",
        "拟作出的处罚属于应当告知听证权利的情形，告知书必须载明当事人有权要求听证",
        f"{LAW}第六十三条",
    )


def _deadlines(ctx: Context) -> list[Deadline]:
    """The case's clocks, oldest first: one query per guard run (the guards run after the step's effects,
    so they see the clocks those moved)."""
    return ctx.memo("deadlines", lambda: list(Deadline.objects.filter(case=ctx.case).order_by("id")))


def _latest(ctx: Context, kind: str) -> Deadline | None:
    """The case's last clock of `kind` (a restarted clock supersedes the earlier one)."""
    return next((d for d in reversed(_deadlines(ctx)) if d.kind == kind), None)


@guard("statement_period_over")
def statement_period_over(ctx: Context) -> Refusal | None:
    """Art.44, 45, 62: no decision before the notice was served and the party's statement period ended,
    unless they waived it in writing; a requested hearing must have been held."""
    case = ctx.case
    if case.notice_served_on is None:
        return Refusal("statement_period_over", "尚未送达行政处罚事先告知书", f"{LAW}第四十四条、第六十二条")
    if case.hearing_requested and case.hearing_held_on is None:
        return Refusal(
            "statement_period_over", "当事人已申请听证，应当先举行听证", f"{LAW}第六十三条、第六十五条"
        )
    if case.statement_waived or case.hearing_held_on is not None:
        return None
    deadline = _latest(ctx, "statement_period")
    if deadline is not None and ctx.on <= deadline.due_on:
        return Refusal(
            "statement_period_over",
            f"陈述、申辩期限至 {deadline.due_on.isoformat()} 届满，期满或当事人书面放弃后方可作出决定",
            f"{LAW}第四十五条、第六十二条",
        )
    return None


@guard("not_heavier_than_notice")
def not_heavier_than_notice(ctx: Context) -> Refusal | None:
    """Art.45: 行政机关不得因当事人陈述、申辩而给予更重的处罚."""
    case = ctx.case
    if case.notice_served_on is None:
        return None
    extra = set(case.penalty_kinds) - set(case.notice_penalty_kinds)
    heavier = []
    if extra:
        heavier.append(f"增加了告知书未载明的处罚种类“{'、'.join(sorted(extra))}”")
    if (case.fine_amount or 0) > (case.notice_fine_amount or 0):
        heavier.append(f"罚款 {case.fine_amount} 元高于告知的 {case.notice_fine_amount or 0} 元")
    if (case.confiscation_amount or 0) > (case.notice_confiscation_amount or 0):
        heavier.append("没收金额高于告知金额")
    if heavier:
        return Refusal(
            "not_heavier_than_notice", f"拟作出的处罚重于告知书：{'；'.join(heavier)}", f"{LAW}第四十五条"
        )
    return None


@guard("within_decision_period")
def within_decision_period(ctx: Context) -> Refusal | None:
    """Art.60: decide within 90 days of filing, unless an extension was approved."""
    deadline = _latest(ctx, "decision_period")
    if deadline is None or ctx.on <= deadline.due_on:
        return None
    return Refusal(
        "within_decision_period",
        f"办案期限已于 {deadline.due_on.isoformat()} 届满，须经批准延长后方可作出决定",
        f"{LAW}第六十条",
    )


@guard("collective_discussion_held")
def collective_discussion_held(ctx: Context) -> Refusal | None:
    """Art.57 para.2: 情节复杂或者重大违法行为 → 行政机关负责人集体讨论决定. SAMR 程序规定 Art.60 para.2
    with Art.50 para.1: the cases that need 法制审核 are decided by the heads' collective discussion too —
    those touching a major public interest and those that went through a hearing (Art.50 para.1(1), (2)),
    not only the complex ones (Art.50 para.1(3)). A hearing's case is discussed after the hearing: the
    decision rests on the hearing record (行政处罚法 Art.65)."""
    case = ctx.case
    grounds = [
        label
        for holds, label in (
            (case.complex_case, "情节复杂或重大违法"),
            (case.major_public_interest, "涉及重大公共利益"),
            (case.hearing_held_on is not None, "经过听证程序"),
        )
        if holds
    ]
    if not grounds:
        return None
    held = case.collective_discussion_on
    after_hearing = case.hearing_held_on is None or (held is not None and held >= case.hearing_held_on)
    if held is not None and after_hearing:
        return None
    when = "，并应当在听证之后讨论" if held is not None else ""
    return Refusal(
        "collective_discussion_held",
        f"{'、'.join(grounds)}的案件，应当由负责人集体讨论决定{when}",
        f"{LAW}第五十七条第二款；市场监督管理行政处罚程序规定第六十条第二款、第五十条第一款",
    )


@guard("summary_thresholds")
def summary_thresholds(ctx: Context) -> Refusal | None:
    """Art.51: on-the-spot penalties only for a warning or a fine ≤ 200 元 (natural person) / ≤ 3,000 元
    (legal person or other organization)."""
    case = ctx.case
    kinds = set(case.penalty_kinds)
    if not kinds or kinds - {WARNING, FINE}:
        return Refusal("summary_thresholds", "简易程序只能给予警告或者罚款", f"{LAW}第五十一条")
    limit = SUMMARY_FINE_NATURAL if case.party.is_natural_person else SUMMARY_FINE_ORGANIZATION
    if FINE in kinds and (case.fine_amount or 0) > limit:
        who = "公民" if case.party.is_natural_person else "法人或者其他组织"
        return Refusal(
            "summary_thresholds", f"对{who}当场罚款不得超过 {limit} 元，应适用普通程序", f"{LAW}第五十一条"
        )
    return None


@guard("hearing_request_in_time")
def hearing_request_in_time(ctx: Context) -> Refusal | None:
    """Art.64(1): the party asks for a hearing within 5 days of the notice."""
    if not ctx.case.hearing_offered:
        return Refusal(
            "hearing_request_in_time", "本案告知书未载明听证权利，不适用听证程序", f"{LAW}第六十三条"
        )
    deadline = _latest(ctx, "statement_period")
    if deadline is not None and ctx.on > deadline.due_on:
        return Refusal(
            "hearing_request_in_time",
            f"听证申请期限已于 {deadline.due_on.isoformat()} 届满",
            f"{LAW}第六十四条第一项",
        )
    return None


@guard("hearing_notice_seven_days")
def hearing_notice_seven_days(ctx: Context) -> Refusal | None:
    """Art.64(2); 市场监督管理行政处罚听证办法 Art.20: the 听证通知书 reaches the party 7 days before the
    hearing (working days, Art.85)."""
    notified, hearing_on = ctx.case.hearing_notified_on, ctx.case.hearing_on
    if notified is None or hearing_on is None:
        return Refusal("hearing_notice_seven_days", "请填写听证日期", f"{LAW}第六十四条第二项")
    earliest = calendar.add_working_days(notified, 7).date
    if hearing_on < earliest:
        return Refusal(
            "hearing_notice_seven_days",
            f"听证应在通知送达七个工作日后举行（最早 {earliest.isoformat()}）",
            f"{LAW}第六十四条第二项",
        )
    return None


def _earlier_extensions(ctx: Context, kind: str) -> int:
    """Days a clock was extended before this step (guards run after the step's own extension)."""
    total = sum(d.extended_days for d in _deadlines(ctx) if d.kind == kind)
    this_step = ctx.payload.get("extended", {})
    return total - (this_step.get("days", 0) if this_step.get("kind") == kind else 0)


@guard("decision_extension_allowed")
def decision_extension_allowed(ctx: Context) -> Refusal | None:
    """SAMR Art.64: the agency head approves one 30-day extension; more needs collective discussion."""
    if _earlier_extensions(ctx, "decision_period") and not ctx.data.get("collective_discussion"):
        return Refusal(
            "decision_extension_allowed",
            "再次延长办案期限须经负责人集体讨论决定",
            "市场监督管理行政处罚程序规定第六十四条",
        )
    if not str(ctx.data.get("reason", "")).strip():
        return Refusal(
            "decision_extension_allowed", "请填写延长理由", "市场监督管理行政处罚程序规定第六十四条"
        )
    return None


@guard("compulsion_extension_once")
def compulsion_extension_once(ctx: Context) -> Refusal | None:
    """行政强制法 Art.25: 查封、扣押 ≤ 30 days, extended once by ≤ 30 days for complex cases."""
    if _earlier_extensions(ctx, "compulsion_period"):
        return Refusal(
            "compulsion_extension_once", "查封、扣押期限只能延长一次", f"{COMPULSION_LAW}第二十五条"
        )
    return None


@guard("on_spot_report_in_time")
def on_spot_report_in_time(ctx: Context) -> Refusal | None:
    """行政强制法 Art.19: an emergency measure is reported to the head within 24 hours."""
    d = _latest(ctx, "on_spot_report")
    if d is not None and d.status == DeadlineStatus.RUNNING and ctx.on > d.due_on:
        return Refusal(
            "on_spot_report_in_time",
            "当场实施的强制措施应当在二十四小时内向负责人报告并补办批准手续",
            f"{COMPULSION_LAW}第十九条",
        )
    return None


def add_months(day: date, months: int) -> date:
    """A period of calendar months after `day` (行政诉讼法's 六个月, 行政强制法's 三个月; the start day not
    counted): it ends on the same day of the month `months` later, clipped to the month's length, and
    when that day is a holiday or rest day, on the first working day after it — 期间届满的最后一日是法定
    节假日的，以节假日后的第一日为期间届满的日期 (SAMR 程序规定 Art.80; 民法典 Art.203; legal-rules §0.3,
    the 行政处罚法 Art.85 / 民事诉讼法 Art.85 rule). Through the working-day engine: a 调休 working Saturday
    ends the period; a year whose calendar is not loaded raises CalendarYearNotLoaded."""
    return calendar.add_calendar_days(day, (months_later(day, months) - day).days).date


def suit_period_ends(served_on: date) -> date:
    """行政诉讼法 Art.46: six months from service to sue (the longer of the two remedy periods; 复议 is 60
    days, 行政复议法 Art.20), moved off a holiday."""
    return add_months(served_on, 6)


@guard("hearing_as_notified")
def hearing_as_notified(ctx: Context) -> Refusal | None:
    """Art.64(2): the hearing is held at the time the served 听证通知书 names; a new time needs a new
    notice."""
    case = ctx.case
    if case.hearing_notified_on is None or case.hearing_on is None:
        return Refusal("hearing_as_notified", "尚未送达听证通知书，请先通知听证", f"{LAW}第六十四条第二项")
    if ctx.on != case.hearing_on:
        return Refusal(
            "hearing_as_notified",
            f"听证应当在听证通知书载明的 {case.hearing_on.isoformat()} 举行；改期的，应当重新通知",
            f"{LAW}第六十四条第二项",
        )
    return None


@guard("presider_not_investigator")
def presider_not_investigator(ctx: Context) -> Refusal | None:
    """Art.64(4); 市场监督管理行政处罚听证办法 Art.11: the presider is not one of the case's investigators."""
    presider = str(ctx.data.get("presider", "")).strip()
    names = set(CaseOfficer.objects.filter(case=ctx.case).values_list("officer__name", flat=True))
    if presider in names:
        return Refusal(
            "presider_not_investigator",
            f"{presider}是本案调查人员，不得担任听证主持人",
            f"{LAW}第六十四条第四项",
        )
    return None


@guard("performance_overdue")
def performance_overdue(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.72; 行政强制法 Art.54: the 催告 comes once the decision's 15-day period to pay has
    passed without payment."""
    due = _latest(ctx, "payment")
    if due is None:
        return Refusal("performance_overdue", "本案没有应缴纳的罚款，无需催告履行", f"{LAW}第七十二条")
    if ctx.on <= due.due_on:
        return Refusal(
            "performance_overdue",
            f"缴纳罚款的期限至 {due.due_on.isoformat()} 届满，期满仍未履行的方可催告",
            f"{LAW}第六十七条、第七十二条",
        )
    return None


def court_application_closes(served_on: date) -> date:
    """行政强制法 Art.53: 自期限届满之日起三个月内 — three months from the day the period to challenge the
    decision ended (suit_period_ends, itself moved off a holiday), that end moved off a holiday too."""
    return add_months(suit_period_ends(served_on), 3)


def _not_loaded(code: str, exc: CalendarYearNotLoaded, article: str) -> Refusal:
    # DESIGN.md invariant 6: a period the calendar cannot tell is refused, saying which year is missing.
    return Refusal(code, str(exc), article)


@guard("court_window_open")
def court_window_open(ctx: Context) -> Refusal | None:
    """行政强制法 Art.53: the application to the court is possible within 3 months after the remedy
    periods end; after that a 催告 leads nowhere."""
    served = ctx.case.served_on
    article = f"{COMPULSION_LAW}第五十三条"
    if served is None:
        return Refusal("court_window_open", "处罚决定书尚未送达", article)
    if ctx.on <= months_later(months_later(served, 6), 3):
        # Before the earliest day the window can close (a move off a holiday only makes it later): open,
        # without asking the calendar of a year that is usually not published yet.
        return None
    try:
        closes = court_application_closes(served)
    except CalendarYearNotLoaded as exc:
        return _not_loaded("court_window_open", exc, article)
    if ctx.on > closes:
        return Refusal(
            "court_window_open", f"申请人民法院强制执行的期限已于 {closes.isoformat()} 届满", article
        )
    return None


@guard("court_application_allowed")
def court_application_allowed(ctx: Context) -> Refusal | None:
    """行政强制法 Art.53, 54; SAMR 程序规定 Art.76: the party neither sought reconsideration nor sued within
    the legal periods (6 months from service, 行政诉讼法 Art.46), did not perform, and 10 working days
    have passed since the 催告书 was served."""
    case = ctx.case
    if any(not c.get("until") for c in case.challenges):
        # Art.53: the agency applies when the party did not challenge; a pending one is decided first.
        return Refusal(
            "court_application_allowed",
            "当事人申请的行政复议或者提起的行政诉讼尚未审结，不能申请人民法院强制执行",
            f"{COMPULSION_LAW}第五十三条",
        )
    demand = _latest(ctx, "demand_period")
    if case.demand_served_on is None or demand is None:
        return Refusal(
            "court_application_allowed", "申请强制执行前应当先催告当事人履行", f"{COMPULSION_LAW}第五十四条"
        )
    if ctx.on <= demand.due_on:
        return Refusal(
            "court_application_allowed",
            f"催告书送达满十个工作日（{demand.due_on.isoformat()}）后当事人仍未履行的，方可申请强制执行",
            f"{COMPULSION_LAW}第五十四条",
        )
    if case.served_on is not None:
        # 行政诉讼法 Art.46: six months from service, their end moved off a holiday (SAMR 程序规定 Art.80).
        nominal = months_later(case.served_on, 6)
        try:
            ends = suit_period_ends(case.served_on)
        except CalendarYearNotLoaded as exc:
            if ctx.on > nominal:
                return _not_loaded("court_application_allowed", exc, f"{COMPULSION_LAW}第五十三条")
            ends = None  # certainly not over yet; the calendar will tell the exact day
        if ctx.on <= (ends or nominal):
            until = ends.isoformat() if ends else f"{nominal.isoformat()}（遇法定节假日顺延）"
            return Refusal(
                "court_application_allowed",
                f"当事人申请行政复议、提起行政诉讼的期限至 {until} 届满，期满后方可申请人民法院强制执行",
                f"{COMPULSION_LAW}第五十三条",
            )
    if not ctx.data.get("not_challenged"):
        return Refusal(
            "court_application_allowed",
            "请确认当事人在法定期限内未申请行政复议、未提起行政诉讼",
            f"{COMPULSION_LAW}第五十三条",
        )
    return None


@guard("release_ground_holds")
def release_ground_holds(ctx: Context) -> Refusal | None:
    """行政强制法 Art.28(4): release on the ground that the period ended only once it has; Art.19: the
    head's refusal is the ground for releasing an emergency measure not yet approved."""
    ground = ctx.payload.get("ground")
    if ground == "expired":
        period = _latest(ctx, "compulsion_period")
        if period is not None and period.status == DeadlineStatus.PAUSED:
            # Art.25 para.3: the days of a test, inspection, quarantine or appraisal are not counted.
            return Refusal(
                "release_ground_holds",
                "检测、检验、检疫或者技术鉴定期间不计入查封扣押期限，期限尚未届满",
                f"{COMPULSION_LAW}第二十五条第三款",
            )
        if period is not None and ctx.on <= period.due_on:
            return Refusal(
                "release_ground_holds",
                f"查封扣押期限至 {period.due_on.isoformat()} 届满，尚未届满",
                f"{COMPULSION_LAW}第二十八条第一款第四项",
            )
    if ground == "not_approved" and ctx.case.state != "on_spot":
        return Refusal(
            "release_ground_holds", "该措施已经负责人批准，请选择其他解除情形", f"{COMPULSION_LAW}第十九条"
        )
    return None


@guard("suspension_explained")
def suspension_explained(ctx: Context) -> Refusal | None:
    """SAMR 程序规定 Art.46(5): a ground other than the four named ones is stated, not only chosen."""
    suspension = ctx.payload.get("suspension", {})
    if suspension.get("ground") == "other" and len(suspension.get("reason", "")) < 4:
        return Refusal(
            "suspension_explained",
            "以“其他应当中止调查的情形”中止的，应当具体说明理由",
            "市场监督管理行政处罚程序规定第四十六条第一款第五项",
        )
    return None


@guard("resumed_after_suspension")
def resumed_after_suspension(ctx: Context) -> Refusal | None:
    """SAMR 程序规定 Art.46 para.2: the investigation resumes when the ground is gone — not before the
    suspension began (a back-dated resumption would shorten nothing but the record)."""
    since = ctx.payload.get("resumption", {}).get("suspended_on")
    if isinstance(since, date) and ctx.on < since:
        return Refusal(
            "resumed_after_suspension",
            f"恢复调查的日期不得早于中止日期 {since.isoformat()}",
            "市场监督管理行政处罚程序规定第四十六条",
        )
    return None


def revocation(ctx: Context) -> JournalEntry | None:
    """The case's decision.revoked entry (by whom, on what ground), if its decision was revoked or confirmed
    void (行政处罚法 Art.48; Case.decision_revoked_on says whether). Read once per run."""
    return ctx.memo(
        "revocation",
        lambda: (
            JournalEntry.objects.filter(subject=f"cases.case:{ctx.case.pk}", event_type="decision.revoked")
            .order_by("-id")
            .first()
        ),
    )


@guard("decision_in_force")
def decision_in_force(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.38, 48: a decision revoked or confirmed void no longer exists to be revoked or changed
    again."""
    if ctx.case.decision_revoked_on is None:
        return None
    return Refusal(
        "decision_in_force",
        f"行政处罚决定{ctx.case.decision_number}已被撤销或者确认无效，不能再撤销或者变更",
        f"{LAW}第四十八条",
    )


@guard("decision_executable")
def decision_executable(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.38 para.2 (a void penalty has no legal effect) and Art.48; 行政强制法 Art.53 (only a
    decision in force is enforced): a decision revoked or confirmed void is no longer served, demanded,
    sent to court or paid under."""
    if ctx.case.decision_revoked_on is None:
        return None
    return Refusal(
        "decision_executable",
        f"行政处罚决定{ctx.case.decision_number}已被撤销或者确认无效，不能再送达、催告、申请强制执行或者登记履行",
        f"{LAW}第三十八条、第四十八条",
    )


@guard("changed_penalty_lawful")
def changed_penalty_lawful(ctx: Context) -> Refusal | None:
    """A decision changed with a new penalty (行政处罚法 Art.48) is checked as the report's proposal is:
    lawful kinds, and a fine amount for a 罚款 (Art.9; SAMR 程序规定 Art.48). Changed by the agency itself,
    it also keeps to its published benchmark tier (Art.34; 国市监法规〔2022〕2号 Art.10), to the
    lenience the law requires (Art.30, 32, 33), and to what the notice of intent told the party (Art.44,
    45, 62: a heavier penalty was never announced). A change decided by the reconsideration body or a
    court is recorded as decided: the benchmark binds the agency that made it (国办发〔2022〕27号 (十二):
    departing from it needs the agency's own 主要负责人 or 集体讨论), not the body reviewing its decision."""
    revision = ctx.payload.get("revision") or {}
    if "penalty" not in revision:
        return None
    heavier = _heavier_change(revision)
    if heavier is not None:
        return heavier
    checks: tuple[Guard, ...] = (proposal_complete,)
    if revision.get("authority") == "agency":
        checks += (amount_within_tier, lenience_applied, not_heavier_than_notice)
    for check in checks:
        refusal = check(ctx)
        if refusal is not None:
            return refusal
    return None


# Who may not make a change heavier for the party who challenged the decision.
NO_HEAVIER_CHANGE = {
    # 行政复议法 (2023) Art.63 para.2: 行政复议机关不得作出对申请人更为不利的变更决定.
    "reconsideration": (
        "行政复议机关不得作出对申请人更为不利的变更决定",
        "《中华人民共和国行政复议法》第六十三条第二款",
    ),
    # 行政诉讼法 Art.77 para.2: 人民法院判决变更，不得加重原告的义务或者减损原告的权益.
    "litigation": ("人民法院判决变更，不得加重原告的义务", "《中华人民共和国行政诉讼法》第七十七条第二款"),
}


def _heavier_change(revision: Mapping[str, Any]) -> Refusal | None:
    """A change ordered by the reconsideration body or a court adds no kind of penalty and raises no
    amount (the party who challenged the decision is not made worse off)."""
    rule = NO_HEAVIER_CHANGE.get(revision.get("authority", ""))
    if rule is None:
        return None
    before, after = revision["penalty"]["before"], revision["penalty"]["after"]
    added = [k for k in after["penalty_kinds"] if k not in before["penalty_kinds"]]
    amounts = (
        ("fine_amount", "罚款数额"),
        ("confiscation_amount", "没收数额"),
        ("person_fine_amount", "对责任人员的罚款数额"),  # 双罚: the persons are parties to the decision too
    )
    raised = [
        label
        for key, label in amounts
        if after.get(key) is not None
        and before.get(key) is not None
        and Decimal(after[key]) > Decimal(before[key])
    ]
    if after.get("person_fine_amount") is not None and before.get("person_fine_amount") is None:
        raised.append("对责任人员的罚款数额")
    if not added and not raised:
        return None
    what = "、".join([*(f"增加{k}" for k in added), *(f"提高{r}" for r in raised)])
    return Refusal("changed_penalty_lawful", f"变更后的处罚较原决定更重（{what}）：{rule[0]}", rule[1])


@guard("case_closable")
def case_closable(ctx: Context) -> Refusal | None:
    """SAMR 程序规定 Art.77: a case is closed once its decision was executed or it was referred — or, one
    of the 其他应予结案的情形, once its decision was revoked or confirmed void (行政处罚法 Art.48)."""
    if ctx.case.state in ("executed", "referred") or ctx.case.decision_revoked_on is not None:
        return None
    return Refusal(
        "case_closable",
        "行政处罚决定尚未执行完毕，不能结案（决定被撤销或者确认无效的除外）",
        "市场监督管理行政处罚程序规定第七十七条",
    )
