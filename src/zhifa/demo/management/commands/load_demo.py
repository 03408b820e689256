"""`manage.py load_demo [--seed N]`: load the 江北市 demo and its cases (a no-op once they are there)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.errors import DomainError
from zhifa.demo.complaints import load_demo_complaints
from zhifa.demo.data import DEFAULT_SEED, load_demo
from zhifa.demo.evaluation import load_demo_evaluation
from zhifa.demo.inspections import load_demo_inspections
from zhifa.demo.publications import publish_demo_drafts
from zhifa.demo.statistics import publish_demo_reports
from zhifa.demo.supervision import describe, load_demo_supervision
from zhifa.demo.supervision_matters import load_demo_matters


class Command(BaseCommand):
    help = (
        "载入演示数据：示范省江北市的 8 个执法主体、约 150 名执法人员、执法事项清单、各角色演示账号"
        "和约 200 件处于各办案阶段的演示案件"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"随机种子（默认 {DEFAULT_SEED}），相同种子生成相同数据",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_demo(seed=options["seed"], stdout=self.stdout)
        except DomainError as exc:
            raise CommandError(f"演示数据载入失败，已全部回滚：{exc}") from exc
        published = publish_demo_drafts()
        if published:
            self.stdout.write(f"已公示演示决定 {published} 件（较新的决定留在公示管理员的待公示队列）")
        # Random inspections (issue 13): the directory, plans, a joint task drawn in the past, results.
        load_demo_inspections(seed=options["seed"], stdout=self.stdout)
        complaints = load_demo_complaints()
        if complaints:
            self.stdout.write(
                "演示投诉举报（门户“办理进度查询”凭受理编号和查询码查看；查询码只在此显示一次）："
            )
            for c in complaints:
                self.stdout.write(f"  受理编号 {c.receipt_number}  查询码 {c.query_code}  {c.status}")
        # Supervision matters (监督事项): an 意见书 served, a late report (escalated), a closed one.
        for m in load_demo_matters():
            self.stdout.write(f"演示监督事项：{m.title}（{m.status}）")
        # 案卷评查 (issue 15): a plan of the demo year, files drawn and scored (one vetoed), notices served.
        evaluation = load_demo_evaluation(seed=options["seed"])
        if evaluation.created:
            self.stdout.write(
                f"案卷评查：抽取 {evaluation.drawn} 份案卷，评分完成，其中否决 {evaluation.vetoed} 份；"
                f"送达结果通知书 {evaluation.notices} 份（/workbench/evaluation/plans/{evaluation.plan_id}/）"
            )
        # Last: the demo year's statistics reports, from the record as it now stands.
        year, reports = publish_demo_reports()
        if reports:
            self.stdout.write(f"已审核并公开 {year} 年度行政执法统计年报 {reports} 份（/statistics/{year}/）")
        # After everything else: the supervising body, last quarter's 网上巡查, and the daily alert job
        # over the whole demo, so that the supervisor's 预警 page is not empty.
        for line in describe(load_demo_supervision()):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write("演示账号：")
        width = max(len(username) for username, _, _ in summary.logins)
        for username, label, password in summary.logins:
            self.stdout.write(f"  {username.ljust(width)}  密码 {password}  {label}")
