"""案卷评查 (case-file evaluation): the rubric as data, plans per region and year with their verifiable
draw of closed files, each file's evaluators and their independent score sheets, the result notice to
each agency, objections and the rectification ledger.

Modelled on 广东省行政执法案卷评查办法 (广东省人民政府令第231号; reference/legal-rules.md §10)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.cases.models import Case
from zhifa.organizations.models import Agency, Region


class Rubric(models.Model):
    """A rubric (评查标准): veto items, scored items and the grade thresholds. The one that applies to a
    region is the newest version of the nearest region up the tree; with none, the national default
    (region empty)."""

    code = models.CharField("标准代码", max_length=40)
    name = models.CharField("名称", max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name="适用区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="留空为全国默认评查标准",
    )
    version = models.PositiveIntegerField("版本", default=1)
    total_points = models.DecimalField("满分", max_digits=6, decimal_places=2, default=Decimal(100))
    # 广东省令第231号 第十六条: ≥ 90 优秀, 75–< 90 良好, 60–< 75 合格, < 60 不合格. A province that has no
    # 良好 grade leaves good_min empty.
    excellent_min = models.DecimalField("优秀（不低于）", max_digits=6, decimal_places=2, default=Decimal(90))
    good_min = models.DecimalField(
        "良好（不低于）", max_digits=6, decimal_places=2, null=True, blank=True, default=Decimal(75)
    )
    pass_min = models.DecimalField("合格（不低于）", max_digits=6, decimal_places=2, default=Decimal(60))
    basis = models.CharField("依据", max_length=300, blank=True)

    objects: ClassVar[models.Manager[Rubric]]

    class Meta:
        verbose_name = "案卷评查标准"
        verbose_name_plural = "案卷评查标准"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class RubricItem(models.Model):
    class Kind(models.TextChoices):
        SCORED = "scored", "评分项"
        VETO = "veto", "否决项"

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("代码", max_length=20)
    section = models.CharField("类别", max_length=50)
    text = models.CharField("评查内容", max_length=300)
    kind = models.CharField("种类", max_length=8, choices=Kind.choices)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, default=Decimal(0))
    deduction_rule = models.CharField("扣分规则", max_length=300, blank=True)
    auto_check = models.CharField("记录核查项", max_length=40, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    objects: ClassVar[models.Manager[RubricItem]]

    class Meta:
        verbose_name = "评查标准条目"
        verbose_name_plural = "评查标准条目"
        ordering = ["rubric", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="rubric_item_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class EvaluationPlan(models.Model):
    """One region's evaluation of a year: the rubric, the evaluator roster (评查人员名录), the draw of each
    agency's closed files (one commitment entry, one seed entry for all agencies)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待固定抽取库"
        COMMITTED = "committed", "已固定抽取库，待录入随机数"
        DRAWN = "drawn", "已抽取，评查中"

    code = models.CharField("方案编号", max_length=40, unique=True)
    name = models.CharField("名称", max_length=200)
    region = models.ForeignKey(Region, verbose_name="评查区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("评查年度")
    rubric = models.ForeignKey(Rubric, verbose_name="评查标准", on_delete=models.PROTECT, related_name="+")
    files_per_agency = models.PositiveSmallIntegerField("每个执法主体抽取案卷数")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    random_source = models.CharField("公开随机数来源", max_length=300)
    random_source_on = models.DateField("随机数产生日期")
    commitment_seq = models.BigIntegerField("承诺记录序号", null=True, blank=True)
    random_value = models.CharField("公开随机数", max_length=200, blank=True)
    seed_seq = models.BigIntegerField("随机数记录序号", null=True, blank=True)
    notice_serial = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[EvaluationPlan]]

    class Meta:
        verbose_name = "案卷评查方案"
        verbose_name_plural = "案卷评查方案"
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="evaluation_plan_region_year")]

    def __str__(self) -> str:
        return self.name


class PlanEvaluator(models.Model):
    """The plan's evaluator roster: the pool of the draw (two of them are drawn for each file)."""

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager[PlanEvaluator]]

    class Meta:
        verbose_name = "评查人员名录"
        verbose_name_plural = "评查人员名录"
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="plan_evaluator_once")]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.user_id}"


class AgencyDraw(models.Model):
    """The draw of one agency's closed files: the canonical bytes of its list (eligible.tsv) and of the
    roster (pool.tsv), its commitment (lib.draw, algorithm zhifa-draw-1) and, once seeded, the result."""

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="draws")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    task_code = models.CharField(max_length=60)
    eligible_tsv = models.TextField()
    pool_tsv = models.TextField()
    exclusions = models.JSONField(default=list)
    commitment = models.JSONField()
    commitment_hash = models.CharField(max_length=64)
    seed = models.CharField(max_length=64, blank=True)
    selected = models.JSONField(default=list)
    assignments = models.JSONField(default=dict)

    objects: ClassVar[models.Manager[AgencyDraw]]

    class Meta:
        verbose_name = "评查案卷抽取"
        verbose_name_plural = "评查案卷抽取"
        ordering = ["plan", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="agency_draw_once")]

    def __str__(self) -> str:
        return self.task_code


class FileStatus(models.TextChoices):
    SCORING = "scoring", "评查中"
    SCORED = "scored", "已评分"
    NOTIFIED = "notified", "已通知，异议期内"
    OBJECTED = "objected", "异议复核中"
    FINAL = "final", "结果已确定"


class EvaluatedFile(models.Model):
    """One case file under evaluation: drawn (抽查, scored by ≥ 2 evaluators) or the agency's own
    self-evaluation (自评, one evaluator of the agency may score it)."""

    class Kind(models.TextChoices):
        DRAWN = "drawn", "抽查"
        SELF = "self", "自评"

    class Rectification(models.TextChoices):
        NONE = "", "无需整改"
        REQUIRED = "required", "待整改"
        REPORTED = "reported", "已报告整改"

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.PROTECT, related_name="files")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("方式", max_length=8, choices=Kind.choices)
    draw_code = models.CharField("抽取代码", max_length=18, blank=True)
    status = models.CharField("状态", max_length=12, choices=FileStatus.choices, default=FileStatus.SCORING)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField("否决", default=False)
    grade = models.CharField("等次", max_length=8, blank=True)
    disagreement = models.CharField("评查意见分歧", max_length=300, blank=True)
    reasons = models.JSONField("不合格原因", default=list, blank=True)
    notice = models.ForeignKey(
        "ResultNotice", null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    objection_text = models.TextField("异议内容", blank=True)
    objection_on = models.DateField("异议提出日期", null=True, blank=True)
    answer_due_on = models.DateField("复核答复期限", null=True, blank=True)
    answer_text = models.TextField("复核意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    final_on = models.DateField("结果确定日期", null=True, blank=True)
    rectification = models.CharField(
        "整改", max_length=10, choices=Rectification.choices, default="", blank=True
    )
    rectification_seq = models.BigIntegerField("责令整改记录序号", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True)

    objects: ClassVar[models.Manager[EvaluatedFile]]

    class Meta:
        verbose_name = "评查案卷"
        verbose_name_plural = "评查案卷"
        ordering = ["plan", "agency_id", "kind", "case_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "case", "kind"], name="evaluated_file_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}"


class ScoreSheet(models.Model):
    """One evaluator's independent score of one file (第十条: 独立评分, 记录扣分及理由, 签名)."""

    file = models.ForeignKey(EvaluatedFile, on_delete=models.PROTECT, related_name="sheets")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn = models.BooleanField("随机指派", default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    total = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField("否决", default=False)

    objects: ClassVar[models.Manager[ScoreSheet]]

    class Meta:
        verbose_name = "评分表"
        verbose_name_plural = "评分表"
        ordering = ["file", "pk"]
        constraints = [models.UniqueConstraint(fields=["file", "evaluator"], name="score_sheet_once")]

    def __str__(self) -> str:
        return f"{self.file_id}:{self.evaluator_id}"


class ItemScore(models.Model):
    """One item of one sheet. A scored item records the points deducted; a veto item whether it passed.
    An item the record can judge keeps what the record said (auto_passed, evidence): an evaluator who
    differs gives a reason."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField("符合")
    deduction = models.DecimalField("扣分", max_digits=6, decimal_places=2, default=Decimal(0))
    reason = models.CharField("扣分或改判理由", max_length=500, blank=True)
    auto_passed = models.BooleanField("记录核查结论", null=True, blank=True)
    evidence = models.JSONField("记录核查依据", default=list, blank=True)
    overridden = models.BooleanField("改判记录核查结论", default=False)

    objects: ClassVar[models.Manager[ItemScore]]

    class Meta:
        verbose_name = "评查项目得分"
        verbose_name_plural = "评查项目得分"
        ordering = ["sheet", "item__order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="item_score_once")]

    def __str__(self) -> str:
        return f"{self.sheet_id}:{self.item_id}"


class ResultNotice(models.Model):
    """评查结果通知书 to one agency: numbered, its content (lib.officialdoc JSON) hashed and journaled;
    the objection period runs from its service."""

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.PROTECT, related_name="notices")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("文号", max_length=80, unique=True)
    issued_on = models.DateField("成文日期")
    served_on = models.DateField("送达日期")
    objection_due_on = models.DateField("异议期限")
    provisional = models.BooleanField("按暂定日历计算", default=False)
    content = models.TextField("文书内容")
    content_sha256 = models.CharField(max_length=64)
    journal_seq = models.BigIntegerField(null=True, blank=True)

    objects: ClassVar[models.Manager[ResultNotice]]

    class Meta:
        verbose_name = "案卷评查结果通知书"
        verbose_name_plural = "案卷评查结果通知书"
        ordering = ["plan", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="result_notice_once")]

    def __str__(self) -> str:
        return self.number
