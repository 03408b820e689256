"""查封、扣押 (行政强制法 Art.18–28): approval (or on the spot with a report within 24 hours, Art.19), the
measure with its site record and decision, 30 days plus one extension of at most 30 (Art.25), release or
disposal. The decision (Art.24), the extension (Art.25) and the release (Art.27, 28) are written
decisions issued by their steps; the time of a test, inspection, quarantine or technical appraisal is not
counted in the period (Art.25 para.3: start_testing pauses the clock and issues the written notice of it,
end_testing runs it again)."""

from __future__ import annotations

from zhifa.accounts.models import Role
from zhifa.cases import documents
from zhifa.cases import guards as g
from zhifa.cases.engine import Clock, Context, Procedure, Transition, register
from zhifa.cases.models import ProcedureKind
from zhifa.cases.procedures.common import day, extend_clock, pause_clocks, resume_clocks, text
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry

HEAD = frozenset({Role.AGENCY_HEAD})
STAFF = frozenset({Role.OFFICER, Role.AGENCY_HEAD})
LAW = "《中华人民共和国行政强制法》"
STATES = {
    "proposed": "拟采取强制措施",
    "on_spot": "当场实施待补批",
    "in_force": "查封扣押中",
    "released": "已解除",
    "disposed": "已处理",
}


def _approve(ctx: Context) -> None:
    ctx.payload["approved_by"] = str(ctx.actor) if ctx.actor else ""


def _enforce(ctx: Context) -> None:
    ctx.payload["measure"] = text(ctx, "measure", "查封或扣押")
    ctx.payload["items"] = text(ctx, "items", "查封扣押物品清单")
    ctx.payload["site_record"] = text(ctx, "site_record", "现场笔录")
    ctx.case.decided_on = ctx.on


def _issue(ctx: Context) -> None:
    ctx.case.decision_number = documents.issue(ctx, "compulsion_decision")


def _on_spot(ctx: Context) -> None:
    _enforce(ctx)
    ctx.payload["emergency_reason"] = text(ctx, "reason", "紧急情况说明")


def _report_on_spot(ctx: Context) -> None:
    ctx.payload["approved_by"] = str(ctx.actor) if ctx.actor else ""


def _extend(ctx: Context) -> None:
    raw = str(ctx.data.get("days") or 30).strip()
    days = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else 0
    if not 0 < days <= 30:
        raise DomainError("延长期限不得超过三十日", rule=f"{LAW}第二十五条")
    d = extend_clock(ctx, "compulsion_period", days)
    ctx.payload["reason"] = text(ctx, "reason", "延长理由")
    ctx.payload["until"] = d.due_on


def _issue_extension(ctx: Context) -> None:
    """Art.25 para.2: the extension is told to the party in writing, with the reasons."""
    extra = {
        "reason": ctx.payload["reason"],
        "days": ctx.payload["extended"]["days"],
        "until": ctx.payload["until"],
    }
    ctx.payload["extension_number"] = documents.issue(ctx, "compulsion_extension", extra)


# 行政强制法 Art.25 para.3: the kinds of examination whose time is not counted in the seizure's period.
TESTS = ("检测", "检验", "检疫", "技术鉴定")


def _start_testing(ctx: Context) -> None:
    """Art.25 para.3: 对物品需要进行检测、检验、检疫或者技术鉴定的，查封、扣押的期间不包括检测、检验、检疫或者
    技术鉴定的期间 — the seizure's clock stands still from today until the result is in (end_testing). The
    period is stated and told to the party in writing (the 告知书 this step issues); the agency bears the
    cost."""
    test = str(ctx.data.get("test") or "")
    if test not in TESTS:
        raise DomainError(f"请选择{'、'.join(TESTS)}之一", field="test", rule=f"{LAW}第二十五条第三款")
    until = day(ctx, "until", "预计完成日期")
    if until < ctx.on:
        raise DomainError("预计完成日期不能早于送检日期", field="until")
    paused = pause_clocks(ctx, ("compulsion_period",))
    if not paused:
        raise DomainError(
            "没有正在计时的查封扣押期限（检测等期间已在进行中？）", rule=f"{LAW}第二十五条第三款"
        )
    ctx.payload["testing"] = {
        "test": test,
        "items": text(ctx, "items", "送检的物品"),
        "institution": text(ctx, "institution", "检测、检验、检疫或者技术鉴定机构"),
        "since": ctx.on,
        "until": until,
    }
    ctx.payload["paused"] = paused


def _issue_testing_notice(ctx: Context) -> None:
    ctx.payload["testing"]["number"] = documents.issue(ctx, "testing_notice", ctx.payload["testing"])


def _end_testing(ctx: Context) -> None:
    """Art.25 para.3: the result is in; the seizure's period runs again for the days it had left."""
    resumed = resume_clocks(ctx)
    if not resumed:
        raise DomainError("没有正在进行的检测、检验、检疫或者技术鉴定", rule=f"{LAW}第二十五条第三款")
    ctx.payload["result"] = text(ctx, "result", "检测、检验、检疫或者技术鉴定结果")
    ctx.payload["resumed"] = resumed


def _seized_items(ctx: Context) -> str:
    """The list the measure's step recorded (its journal entry), unless the release names fewer."""
    entry = (
        JournalEntry.objects.filter(
            subject=f"cases.case:{ctx.case.pk}", event_type__in=("case.enforce", "case.enforce_on_spot")
        )
        .order_by("-id")
        .first()
    )
    return str(entry.payload_data.get("items", "")) if entry is not None else ""


def _release(ctx: Context) -> None:
    ground = str(ctx.data.get("ground") or "")
    if ground not in documents.RELEASE_GROUNDS:
        raise DomainError("请选择解除查封扣押的法定情形", field="ground", rule=f"{LAW}第二十八条")
    ctx.payload["ground"] = ground
    ctx.payload["outcome"] = text(ctx, "outcome", "解除理由说明")
    ctx.payload["items"] = text(ctx, "items", "解除的物品", required=False) or _seized_items(ctx)
    ctx.case.closed_on = ctx.on


def _issue_release(ctx: Context) -> None:
    extra = {"ground": ctx.payload["ground"], "detail": ctx.payload["outcome"], "items": ctx.payload["items"]}
    ctx.payload["release_number"] = documents.issue(ctx, "compulsion_release", extra)


def _end(ctx: Context) -> None:
    ctx.payload["outcome"] = text(ctx, "outcome", "处理结果")
    ctx.case.closed_on = ctx.on


PERIOD = Clock("compulsion_period", "查封扣押期限", f"{LAW}第二十五条", 30, working_days=False)

COMPULSION = register(
    Procedure(
        kind=ProcedureKind.COMPULSION,
        label="行政强制措施（查封、扣押）",
        states=STATES,
        initial="proposed",
        transitions={
            t.name: t
            for t in (
                Transition(
                    "enforce",
                    "经批准实施查封扣押",
                    ("proposed",),
                    "in_force",
                    guards=(g.two_qualified_officers, g.recusal_decided),
                    apply=_enforce,
                    after=_issue,
                    roles=HEAD,
                    starts=(PERIOD,),
                ),
                Transition(
                    "enforce_on_spot",
                    "情况紧急当场实施",
                    ("proposed",),
                    "on_spot",
                    guards=(g.two_qualified_officers,),
                    apply=_on_spot,
                    after=_issue,
                    roles=STAFF,  # Art.19: the officers act at once and report to the head
                    starts=(
                        PERIOD,
                        # Art.19: 二十四小时内向行政机关负责人报告 — hours, not days: one day as the
                        # engine counts (its smallest unit), never moved off a holiday or a weekend.
                        Clock(
                            "on_spot_report",
                            "向负责人报告并补办批准",
                            f"{LAW}第十九条",
                            1,
                            working_days=False,
                            moves_off_holidays=False,
                        ),
                    ),
                ),
                Transition(
                    "approve_on_spot",
                    "补办批准手续",
                    ("on_spot",),
                    "in_force",
                    guards=(g.on_spot_report_in_time,),
                    apply=_report_on_spot,
                    roles=HEAD,
                    meets=("on_spot_report",),
                ),
                Transition(
                    "extend",
                    "延长查封扣押期限",
                    ("in_force",),
                    None,
                    guards=(g.compulsion_extension_once,),
                    apply=_extend,
                    after=_issue_extension,
                    roles=HEAD,
                ),
                Transition(
                    "start_testing",
                    "送检测、检验、检疫或技术鉴定",
                    ("in_force",),
                    None,
                    apply=_start_testing,
                    after=_issue_testing_notice,
                    roles=STAFF,
                ),
                Transition(
                    "end_testing",
                    "检测、检验、检疫或技术鉴定完毕",
                    ("in_force",),
                    None,
                    apply=_end_testing,
                    roles=STAFF,
                ),
                Transition(
                    "release",
                    "解除查封扣押",
                    ("in_force", "on_spot"),
                    "released",
                    guards=(g.release_ground_holds,),
                    apply=_release,
                    after=_issue_release,
                    roles=HEAD,  # Art.27-28: the release is the agency's decision
                    meets=("compulsion_period", "on_spot_report"),
                ),
                Transition(
                    "dispose",
                    "依法处理（没收、销毁）",
                    ("in_force",),
                    "disposed",
                    apply=_end,
                    roles=HEAD,
                    meets=("compulsion_period",),
                ),
            )
        },
    )
)
