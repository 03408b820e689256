"""Demo: the city's 案卷评查 of the demo year (issue 15), through the evaluation services as the supervisor,
the evaluators and the agency would: a plan with a roster, the closed files of each agency drawn by the
verifiable draw (commitment ten days ago, the "lottery numbers" two days later), every drawn file scored
by its two evaluators — one file vetoed (违反法定程序) —, the result notices served six days ago; the
market bureau accepts its results, so that the vetoed file's rectification is journaled
(`evaluation.rectification_required`); the other agencies are still within their objection period.

Items the record can judge are entered as the record says (record_checks), so the demo never contradicts
its own record. Runs after load_demo's transaction committed; a second run writes nothing."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError
from zhifa.demo.data import DEFAULT_SEED, DEMO_REGION_PATH
from zhifa.demo.inspections import _at, demo_random_value
from zhifa.evaluation import drawing, results, scoring, services
from zhifa.evaluation.models import EvaluatedFile, EvaluationPlan, RubricItem, ScoreSheet
from zhifa.organizations.models import Region

DEMO_RANDOM_SOURCE = "中国福利彩票双色球开奖号码（演示：红球升序后接蓝球，以空格分隔）"
VETO_REASON = "未经法制审核即作出重大执法决定，且事先告知书未送达即作出处罚决定"
DEDUCTIONS = [
    {},
    {"S1": ("2", "部分现场照片未注明拍摄时间、地点")},
    {"S3": ("3", "裁量理由未对照裁量基准逐项说明"), "S11": ("1", "卷内目录页码不全")},
    {"S1": ("4", "询问笔录未逐页签名"), "S7": ("2", "送达回证未注明送达方式")},
    {
        "S1": ("8", "抽样记录与检验报告样品编号不一致"),
        "S4": ("4", "未告知当事人申请回避的权利"),
        "S2": ("2", "引用《食品安全法》条款未列明款、项"),
    },
]


@dataclass
class DemoEvaluationSummary:
    created: bool
    plan_id: int | None = None
    drawn: int = 0
    vetoed: int = 0
    notices: int = 0


def _entries(sheet: ScoreSheet, rng: random.Random, veto: bool) -> dict[str, scoring.ItemInput]:
    pre = scoring.prefill(sheet)
    picked = rng.choice(DEDUCTIONS)
    out: dict[str, scoring.ItemInput] = {}
    for item in sheet.file.plan.rubric.items.all():
        p = pre.get(item.code)
        failed = p is not None and p.passed is False
        if item.kind == RubricItem.Kind.VETO:
            if veto and item.code == "V3":
                out[item.code] = scoring.ItemInput(passed=False, reason=VETO_REASON)
            else:
                out[item.code] = scoring.ItemInput(
                    passed=not failed, reason="按记录核查结论" if failed else ""
                )
        elif failed:
            out[item.code] = scoring.ItemInput(
                passed=False, deduction=item.points, reason="按记录核查结论扣分"
            )
        elif item.code in picked and (p is None or p.passed is None):  # never against the record
            points, why = picked[item.code]
            out[item.code] = scoring.ItemInput(passed=False, deduction=Decimal(points), reason=why)
        else:
            out[item.code] = scoring.ItemInput(passed=True)
    return out


def load_demo_evaluation(*, seed: int = DEFAULT_SEED, today: date | None = None) -> DemoEvaluationSummary:
    today = today or timezone.localdate()
    city = Region.objects.filter(path__startswith=DEMO_REGION_PATH, level="city").order_by("path").first()
    logins = {
        u.username: u for u in User.objects.filter(username__in=["supervisor", "officer", "officer2", "head"])
    }
    if city is None or len(logins) < 4:
        return DemoEvaluationSummary(created=False)
    closed = Case.objects.filter(
        agency__region__path__startswith=city.path, state__in=drawing.CLOSED_STATES, closed_on__isnull=False
    ).values_list("closed_on", flat=True)
    years = Counter(d.year for d in closed if d is not None)
    if not years:
        return DemoEvaluationSummary(created=False)
    year = years.most_common(1)[0][0]
    if EvaluationPlan.objects.filter(region=city, year=year).exists():
        return DemoEvaluationSummary(created=False)
    supervisor, head = logins["supervisor"], logins["head"]
    rng = random.Random(f"zhifa-demo:{seed}:evaluation")
    committed_on = today - timedelta(days=10)
    random_on = committed_on + timedelta(days=2)
    with _at(committed_on, 9):
        plan = services.plan_create(
            region=city,
            year=year,
            evaluators=[supervisor, logins["officer"], logins["officer2"], head],
            random_source=DEMO_RANDOM_SOURCE,
            random_source_on=random_on,
            actor=supervisor,
        )
        plan = drawing.draw_commit(plan=plan, actor=supervisor)
    with _at(random_on, 20, 30):
        plan = drawing.draw_seed(plan=plan, random_value=demo_random_value(seed + 1), actor=supervisor)
    summary = DemoEvaluationSummary(created=True, plan_id=plan.pk)
    files = list(
        EvaluatedFile.objects.filter(plan=plan, kind=EvaluatedFile.Kind.DRAWN)
        .select_related("agency")
        .order_by("agency_id", "case_id")
    )
    summary.drawn = len(files)
    market = head.agency
    vetoed_file = next(
        (f for f in files if f.agency_id == getattr(market, "pk", None)), files[0] if files else None
    )
    with _at(random_on + timedelta(days=2), 10):
        for f in files:
            for sheet in f.sheets.select_related("evaluator"):
                scoring.score_submit(
                    sheet=sheet, entries=_entries(sheet, rng, veto=f == vetoed_file), actor=sheet.evaluator
                )
    served_on = random_on + timedelta(days=2)
    with _at(served_on, 15):
        for agency in sorted({f.agency for f in files}, key=lambda a: a.pk):
            try:
                results.notice_issue(plan=plan, agency=agency, actor=supervisor, served_on=served_on)
            except DomainError:  # e.g. the objection period runs into a year whose calendar is not loaded
                continue
            summary.notices += 1
    with _at(served_on + timedelta(days=1), 11):
        for f in EvaluatedFile.objects.filter(plan=plan, agency=market, status="notified").select_related(
            "case"
        ):
            results.result_accept(file=f, actor=head)
    summary.vetoed = EvaluatedFile.objects.filter(plan=plan, vetoed=True).count()
    return summary
