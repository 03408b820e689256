"""双随机、一公开 (国办发〔2015〕58号; 国发〔2019〕5号) and 涉企行政检查 (国办发〔2024〕54号).

一单两库: the inspection-item list is `catalog.InspectionItem`; the business directory is
`InspectionTarget`; the officer pool is never typed: it is derived from officers and their certificates
(`personnel.selectors.may_act`) when a task is drawn. A plan holds tasks; a task's draw is committed before
any randomness exists and seeded by a public random value (lib/draw.py, docs/draw-algorithm.md); each
business drawn becomes an `Inspection` with its inspectors, its inspection code and, once entered, its
`InspectionResult`, published within the result deadline."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from zhifa.catalog.models import InspectionItem
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer


class TargetKind(models.TextChoices):
    # The object types of a 抽查任务 (real systems: 企业 / 农专社 / 个体户 / 外企代表机构).
    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL = "individual", "个体工商户"
    COOPERATIVE = "cooperative", "农民专业合作社"
    FOREIGN_OFFICE = "foreign_office", "外国企业常驻代表机构"
    OTHER = "other", "其他"


class CreditClass(models.TextChoices):
    # 企业信用风险分类 (SAMR: A/B/C/D monthly); blank = not classified.
    A = "A", "A类（信用风险低）"
    B = "B", "B类（信用风险一般）"
    C = "C", "C类（信用风险较高）"
    D = "D", "D类（信用风险高）"


class InspectionTarget(models.Model):
    """检查对象名录库: one business. The directory is imported at province scale (1,000,000 rows) and
    updated incrementally by credit code. A natural person's data never reaches a public page: an
    individual business shows its trade name and credit code only."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200, db_index=True)
    kind = models.CharField("主体类型", max_length=16, choices=TargetKind.choices)
    sector = models.CharField("行业", max_length=100, blank=True, db_index=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    # Denormalised Region.path: a region's condition is a prefix query on one indexed column.
    region_path = models.CharField(max_length=64, db_index=True, editable=False)
    address = models.CharField("住所", max_length=300, blank=True)
    # Staff only: the legal representative of an individual business is a natural person.
    legal_representative = models.CharField("法定代表人（负责人、经营者）", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=50, blank=True)
    credit_class = models.CharField(
        "信用风险分类", max_length=1, choices=CreditClass.choices, blank=True, db_index=True
    )
    # Other tags as written (经营异常, 投诉多 …), stored ",a,b," so that one tag is a `contains` query.
    tags = models.CharField("标签", max_length=300, blank=True)
    active = models.BooleanField("在册", default=True)
    updated_on = models.DateField("更新日期", null=True, blank=True)

    objects: ClassVar[models.Manager[InspectionTarget]]

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录库"
        indexes = [
            models.Index(fields=["kind", "region_path"], name="insp_target_kind_region"),
            # The directory page's 不在册 filter, in its name order (a few percent of a province).
            models.Index(fields=["name"], name="insp_target_inactive_name", condition=models.Q(active=False)),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # region_path is not editable: one saved by hand (the admin, a test) takes its region's path, as
        # the directory import writes it (inspections.directory).
        self.region_path = self.region.path
        super().save(*args, **kwargs)


class InspectionPlan(models.Model):
    """年度抽查工作计划: published before it runs (国办发〔2024〕54号: 年度检查计划 formulated and filed)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公布"
        COMPLETED = "completed", "已完成"

    agency = models.ForeignKey(
        Agency, verbose_name="制定机关", on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("计划编号", max_length=40, unique=True)
    name = models.CharField("计划名称", max_length=200)
    description = models.TextField("计划内容", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("公布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager[InspectionPlan]]

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.name


class InspectionTask(models.Model):
    """抽查任务: what is inspected (items), among whom (conditions), how many (ratio) and by whom. A joint
    task (部门联合抽查, 综合查一次) lists partner agencies: each drawn business is visited once for all the
    agencies' items."""

    class Kind(models.TextChoices):
        UNDIRECTED = "undirected", "不定向抽查"
        DIRECTED = "directed", "定向抽查"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        APPROVED = "approved", "负责人已批准"
        COMMITTED = "committed", "抽取库已固定（待随机数）"
        DRAWN = "drawn", "已抽取"
        COMPLETED = "completed", "已完成"
        CANCELLED = "cancelled", "已撤销"

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name="所属计划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="发起部门", on_delete=models.PROTECT, related_name="inspection_tasks"
    )
    partner_agencies = models.ManyToManyField(
        Agency, verbose_name="联合抽查部门", blank=True, related_name="joint_inspection_tasks"
    )
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="tasks")
    code = models.CharField("任务编号", max_length=40, unique=True)
    name = models.CharField("任务名称", max_length=200)
    kind = models.CharField("抽查方式", max_length=12, choices=Kind.choices, default=Kind.UNDIRECTED)
    # Directed conditions (定向): {"kinds": [...], "sectors": [...], "region_codes": [...],
    # "credit_classes": [...], "tags": [...]}; an undirected task may still name its region.
    conditions = models.JSONField("抽取条件", default=dict, blank=True)
    ratio_percent = models.DecimalField("抽查比例（%）", max_digits=5, decimal_places=2)
    inspectors_per_target = models.PositiveSmallIntegerField("每户检查人员数", default=2)
    # A joint task: how many inspectors each participating agency sends to each business, {"<agency
    # id>": k} (each ≥ 1, together ≥ inspectors_per_target); empty for a single agency.
    inspectors_per_agency = models.JSONField("各部门每户检查人员数", default=dict, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    # The public random value fixed in advance (e.g. a lottery result on a named future date): named
    # before the commitment, entered after it is published.
    random_source = models.CharField("公开随机数来源", max_length=300, blank=True)
    random_source_on = models.DateField("随机数产生日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager[InspectionTask]]

    class Meta:
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        ordering = ["-starts_on", "code"]

    def __str__(self) -> str:
        return self.name


class Draw(models.Model):
    """One task's verifiable draw (lib/draw.py). The commitment (eligible list, pool, ratio, algorithm)
    is journaled before the random value exists; the seed is refused until then. The eligible list and
    pool files are kept under their hashes in the blob store; `record` is the public JSON."""

    class Status(models.TextChoices):
        COMMITTED = "committed", "已承诺（待随机数）"
        DRAWN = "drawn", "已抽取"

    task = models.OneToOneField(InspectionTask, on_delete=models.PROTECT, related_name="draw")
    algorithm = models.CharField("算法", max_length=40)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.COMMITTED)
    commitment = models.JSONField("承诺")
    commitment_hash = models.CharField("承诺哈希", max_length=64)
    commitment_seq = models.BigIntegerField("承诺日志序号")
    list_hash = models.CharField("抽取库哈希", max_length=64)
    list_count = models.PositiveIntegerField("抽取库户数")
    pool_hash = models.CharField("人员库哈希", max_length=64)
    pool_count = models.PositiveIntegerField("人员库人数")
    random_value = models.CharField("公开随机数", max_length=300, blank=True)
    seed = models.CharField("种子", max_length=64, blank=True)
    seed_seq = models.BigIntegerField("种子日志序号", null=True, blank=True)
    selected_count = models.PositiveIntegerField("抽中户数", default=0)
    committed_at = models.DateTimeField("承诺时间")
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)

    objects: ClassVar[models.Manager[Draw]]

    class Meta:
        verbose_name = "随机抽取"
        verbose_name_plural = "随机抽取"

    def __str__(self) -> str:
        return f"{self.task.code} 抽取"


class Recusal(models.Model):
    """回避 (行政处罚法 Art.43): an officer excluded from one business, declared by the officer or requested
    by the business. Only the pair is public (in the draw record); the reason is staff-only."""

    class DeclaredBy(models.TextChoices):
        OFFICER = "officer", "执法人员自行回避"
        BUSINESS = "business", "检查对象申请回避"

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="recusals")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(InspectionTarget, on_delete=models.PROTECT, related_name="+")
    declared_by = models.CharField("提出方", max_length=10, choices=DeclaredBy.choices)
    reason = models.TextField("理由")
    after_draw = models.BooleanField("抽取后提出", default=False)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    objects: ClassVar[models.Manager[Recusal]]

    class Meta:
        verbose_name = "回避"
        verbose_name_plural = "回避"
        constraints = [
            models.UniqueConstraint(fields=["task", "officer", "target"], name="insp_recusal_once")
        ]

    def __str__(self) -> str:
        return f"回避：{self.officer_id} / {self.target_id}"


class Inspection(models.Model):
    """One visit to one business: from a draw, or an enterprise inspection outside a draw (日常 / 个案 /
    专项, 国办发〔2024〕54号 问答). Its inspection code (检查码) lets the business check on the portal that it
    is real, who came and for what."""

    class Kind(models.TextChoices):
        RANDOM = "random", "双随机抽查"
        ROUTINE = "routine", "日常检查"
        CASE = "case", "个案检查"
        SPECIAL = "special", "专项检查"

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "待检查"
        INSPECTED = "inspected", "已检查（待录入结果）"
        RESULT_ENTERED = "result_entered", "结果已录入"
        PUBLISHED = "published", "结果已公示"
        CANCELLED = "cancelled", "已取消"

    task = models.ForeignKey(
        InspectionTask, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="检查实施机关", on_delete=models.PROTECT, related_name="inspections"
    )
    target = models.ForeignKey(
        InspectionTarget, verbose_name="检查对象", on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField("检查类型", max_length=10, choices=Kind.choices, default=Kind.RANDOM)
    code = models.CharField("检查码", max_length=32, unique=True)
    officers: models.ManyToManyField[Officer, InspectionOfficer] = models.ManyToManyField(
        Officer, verbose_name="检查人员", through="InspectionOfficer", related_name="inspections"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ASSIGNED)
    inspected_on = models.DateField("检查日期", null=True, blank=True, db_index=True)
    result_due = models.DateField("结果公示期限", null=True, blank=True)
    # --- an inspection outside a draw (visits.inspection_register) and the visit itself ---
    # A drawn inspection's items are its task's; one registered outside a draw names its own.
    items = models.ManyToManyField(InspectionItem, verbose_name="检查事项", blank=True, related_name="+")
    planned_on = models.DateField("计划检查日期", null=True, blank=True)
    reason = models.TextField("检查事由", blank=True)  # 个案: the complaint, referral, application …
    # 司法部 解答 (2025-04-18): a special inspection deployed by a higher authority is outside the cap.
    superior_deployed = models.BooleanField("上级部署的专项检查", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 扫码入企: when the inspectors recorded their arrival (the business sees it through the code).
    checked_in_at = models.DateTimeField("到达（扫码入企）时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects: ClassVar[models.Manager[Inspection]]

    class Meta:
        verbose_name = "检查"
        verbose_name_plural = "检查"
        indexes = [
            models.Index(fields=["target", "inspected_on"], name="insp_target_date"),
            # The portal's results by inspection date (a date range), in full order: the walk stops at the
            # page instead of sorting every inspection of the range (selectors_public.result_list).
            models.Index(fields=["-inspected_on", "-id"], name="insp_date_id"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.target.name}"


class InspectionOfficer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    # Rank in the draw's assignment (0 = first drawn); a redraw after a recusal replaces the row.
    rank = models.PositiveSmallIntegerField(default=0)

    objects: ClassVar[models.Manager[InspectionOfficer]]

    class Meta:
        verbose_name = "检查人员指派"
        verbose_name_plural = "检查人员指派"
        constraints = [models.UniqueConstraint(fields=["inspection", "officer"], name="insp_officer_once")]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.officer_id}"


class InspectionResult(models.Model):
    """抽查结果: what the inspectors found, entered after the visit and published within the result
    deadline (20 working days by default). The public row is what the national credit system shows:
    检查实施机关 | 类型 | 日期 | 结果."""

    class Outcome(models.TextChoices):
        NO_PROBLEM = "no_problem", "未发现问题"
        CORRECTED = "corrected", "发现问题已责令改正"
        NOT_COOPERATIVE = "not_cooperative", "不配合检查情节严重"
        NOT_FOUND = "not_found", "未发现开展本次抽查涉及的经营活动"
        NOT_AT_ADDRESS = "not_at_address", "通过登记的住所（经营场所）无法联系"
        DISCLOSURE = "disclosure", "未按规定公示应当公示的信息"
        VIOLATION = "violation", "发现违法行为（已立案查处）"
        OTHER = "other", "其他"

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="result")
    outcome = models.CharField("检查结果", max_length=20, choices=Outcome.choices)
    findings = models.TextField("检查情况", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_on = models.DateField("录入日期")
    published_on = models.DateField("公示日期", null=True, blank=True, db_index=True)
    # The case opened from this inspection (cases react to `inspection.violation_found`).
    case_number = models.CharField("立案案号", max_length=60, blank=True)
    # Its journal subject ("cases.case:12"), known when the lead is opened, before it has a number.
    case_ref = models.CharField("案源", max_length=60, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Published after the result deadline: allowed (a late publication beats none), and shown as late.
    published_late = models.BooleanField("逾期公示", default=False)

    objects: ClassVar[models.Manager[InspectionResult]]

    class Meta:
        verbose_name = "抽查结果"
        verbose_name_plural = "抽查结果"
        # The portal reads published results only, newest publication first, and by outcome
        # (selectors_public.result_list): partial indexes in that order, without the unpublished.
        indexes = [
            models.Index(
                fields=["-published_on", "-id"],
                condition=models.Q(published_on__isnull=False),
                name="insp_result_public",
            ),
            models.Index(
                fields=["outcome", "-published_on", "-id"],
                condition=models.Q(published_on__isnull=False),
                name="insp_result_public_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.get_outcome_display()}"


class SiteInspectionRecord(models.Model):
    """现场检查笔录 (司法部《行政检查文书基本格式文本（试行）》): the numbered record of one visit — who came
    (names and certificate numbers: 亮证), when and where, what was checked and found, who was present
    for the business — signed on paper by both sides. Like a case's 文书, the composed content is
    vouched for by the `inspection.inspected` entry (its SHA-256) and the PDF rendered from it later,
    deterministically, with the inspection code's QR code."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="site_record")
    number = models.CharField("文号", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    issued_on = models.DateField("日期")
    started_at = models.DateTimeField("检查开始时间")
    ended_at = models.DateTimeField("检查结束时间")
    place = models.CharField("检查地点", max_length=300)
    # Staff only: the business's person present is a natural person.
    representative_name = models.CharField("现场负责人", max_length=50)
    representative_title = models.CharField("职务", max_length=50, blank=True)
    item_ids = models.JSONField("检查的事项", default=list)
    findings = models.TextField("检查情况")
    content = models.TextField("文书内容")
    content_sha256 = models.CharField("内容 SHA-256", max_length=64)
    journal_entry_id = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)
    render_entry_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager[SiteInspectionRecord]]

    class Meta:
        verbose_name = "现场检查笔录"
        verbose_name_plural = "现场检查笔录"

    def __str__(self) -> str:
        return self.number


class InspectionRating(models.Model):
    """The business's rating of an inspection, given through the code's public page. Routed to the
    supervisors only, never shown to the agency inspected (深圳龙华: 执法部门"不可见、不可溯", direct to
    the supervising body; supervision.md §2.3). One per inspection."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        FAIR = "fair", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"

    # related_name "+": no `inspection.rating` for an agency's page to print by accident.
    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField("评价", max_length=12, choices=Rating.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    objects: ClassVar[models.Manager[InspectionRating]]

    class Meta:
        verbose_name = "检查评价"
        verbose_name_plural = "检查评价"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.get_rating_display()}"


class DirectoryImport(models.Model):
    """One directory file uploaded on the workbench and imported by `zhifa worker` (a province's file
    takes minutes): its progress while it runs, then its report. The import itself is journaled
    (`inspection_target.imported`); this row is the job's state for the page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        READING = "reading", "正在读取校验"
        WRITING = "writing", "正在写入"
        SUCCEEDED = "succeeded", "已完成"
        REFUSED = "refused", "有错误，未导入"
        FAILED = "failed", "处理出错"

    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    filename = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=300, blank=True)  # in default storage until the job ends
    dry_run = models.BooleanField("仅校验", default=False)
    deactivate_missing = models.BooleanField("未列出的标为不在册", default=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(null=True, blank=True)
    rows = models.PositiveIntegerField("行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    deactivated = models.PositiveIntegerField("标为不在册", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误", default=list, blank=True)  # [[row, column, message], …] (first 200)
    file_sha256 = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects: ClassVar[models.Manager[DirectoryImport]]

    class Meta:
        verbose_name = "名录库导入"
        verbose_name_plural = "名录库导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"


class InspectionPartResult(models.Model):
    """A partner agency's part of the result of a joint inspection (部门联合抽查, 综合查一次): one visit for
    every agency's items, then each partner agency enters what its own inspectors found on its own items
    (谁检查、谁录入), beside the lead agency's `InspectionResult`. A violation on a partner's item opens a
    case for that partner (cases react to `inspection.violation_found` with its agency)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="part_results")
    agency = models.ForeignKey(
        Agency, verbose_name="联合检查部门", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField("检查结果", max_length=20, choices=InspectionResult.Outcome.choices)
    findings = models.TextField("检查情况", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_on = models.DateField("录入日期")
    case_ref = models.CharField("案源", max_length=60, blank=True)

    objects: ClassVar[models.Manager[InspectionPartResult]]

    class Meta:
        verbose_name = "联合检查部门的检查结果"
        verbose_name_plural = "联合检查部门的检查结果"
        constraints = [models.UniqueConstraint(fields=["inspection", "agency"], name="insp_part_result_once")]

    def __str__(self) -> str:
        return f"{self.inspection_id} / {self.agency_id}: {self.get_outcome_display()}"
