"""Catalogues an agency publishes and enforces by: items (权责清单), discretion benchmarks (裁量基准),
the four lenience lists (四张清单), the major-decision catalogue (重大执法决定法制审核目录清单),
the recording-requirement list, the random-inspection item list; and the working-day calendar.

Every catalogue model keeps its history (django-simple-history): a case records the history id of the
benchmark version that applied, so a later edit never changes what an old decision stood on.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from zhifa.lib.chinese_numbers import to_chinese
from zhifa.lib.fine_ranges import FineRange
from zhifa.organizations.models import Agency


class EnforcementField(models.Model):
    """执法类别 / 执法领域: what a certificate covers and an item belongs to."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[EnforcementField]]

    class Meta:
        verbose_name = "执法领域"
        verbose_name_plural = "执法领域"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Law(models.Model):
    class Level(models.TextChoices):
        LAW = "law", "法律"
        ADMINISTRATIVE_REGULATION = "administrative_regulation", "行政法规"
        LOCAL_REGULATION = "local_regulation", "地方性法规"
        DEPARTMENTAL_RULE = "departmental_rule", "部门规章"
        LOCAL_RULE = "local_rule", "地方政府规章"
        # Issue 12: real lists also cite these (a 规范性文件 is not a law but items stand on them).
        AUTONOMOUS_REGULATION = "autonomous_regulation", "自治条例和单行条例"
        JUDICIAL_INTERPRETATION = "judicial_interpretation", "司法解释"
        NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=200, unique=True)
    level = models.CharField("效力级别", max_length=32, choices=Level.choices)
    issuer = models.CharField("制定机关", max_length=100, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[Law]]

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def version_on(self, day: date) -> LawVersion | None:
        """The version in force on ``day``: the latest one whose 施行日期 is not after it."""
        versions = sorted(self.versions.all(), key=LawVersion.sort_key, reverse=True)
        for version in versions:
            if version.in_force_from <= day:
                return version
        return None


class LawVersion(models.Model):
    """One text of a law: as first promulgated, or as amended (修正) or revised (修订) in a year.
    A citation such as "（2015年修订）" names one; an undated citation means the one in force."""

    class Kind(models.TextChoices):
        PROMULGATED = "promulgated", "公布"
        AMENDED = "amended", "修正"
        REVISED = "revised", "修订"

    law = models.ForeignKey(Law, verbose_name="法律法规", on_delete=models.CASCADE, related_name="versions")
    year = models.PositiveSmallIntegerField("年份")
    kind = models.CharField("版本类型", max_length=12, choices=Kind.choices)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[LawVersion]]

    class Meta:
        verbose_name = "法律法规版本"
        verbose_name_plural = "法律法规版本"
        ordering = ["law", "year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["law", "year", "kind"], name="law_version_unique"),
        ]

    def __str__(self) -> str:
        return f"《{self.law.name}》（{self.label}）"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.get_kind_display()}"

    @property
    def in_force_from(self) -> date:
        # Without a recorded 施行日期 the version counts from the start of its year.
        return self.effective_from or date(self.year, 1, 1)

    @staticmethod
    def sort_key(version: LawVersion) -> tuple[date, int]:
        return (version.in_force_from, version.pk or 0)


class ItemKind(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    LEVY = "levy", "行政征收"
    EXPROPRIATION = "expropriation", "行政征用"
    BENEFIT = "benefit", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他"


class DayKind(models.TextChoices):
    WORKING = "working", "工作日"
    CALENDAR = "calendar", "自然日"


class EnforcementItem(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField("事项编码", max_length=50)
    name = models.CharField("事项名称", max_length=200)
    kind = models.CharField("事项类别", max_length=20, choices=ItemKind.choices)
    field = models.ForeignKey(
        EnforcementField, verbose_name="执法领域", on_delete=models.PROTECT, related_name="items"
    )
    procedure = models.TextField("办理程序", blank=True)
    time_limit = models.PositiveIntegerField("办理时限", null=True, blank=True)
    time_limit_unit = models.CharField(
        "时限单位", max_length=10, choices=DayKind.choices, default=DayKind.WORKING
    )
    remedy = models.TextField("救济渠道", blank=True)
    fee = models.CharField("收费", max_length=200, blank=True, default="不收费")
    # 行政处罚法 Art.36: 2 years, 5 where life, health, financial safety is involved and the law says so.
    limitation_years = models.PositiveSmallIntegerField("追责时效（年）", default=2)
    # 行政处罚法 Art.42: enforcement by two or more officers, 法律另有规定的除外 (Art.52: one officer on the
    # spot only where a law provides it, e.g. 道路交通安全法 Art.107). Empty: two officers are required; the
    # article of the law that allows one officer otherwise (printed in the step's record).
    single_officer_basis = models.CharField(
        "当场处罚可由一名执法人员实施的法律依据", max_length=200, blank=True
    )
    service_guide = models.TextField("服务指南", blank=True)
    # Issue 12: what 权责清单 publish beside the item itself.
    parent = models.ForeignKey(
        "self",
        verbose_name="上级事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    implementing_body = models.CharField("实施主体", max_length=200, blank=True)
    handling_unit = models.CharField("承办机构", max_length=200, blank=True)
    responsibilities = models.TextField("责任事项", blank=True)
    accountability = models.TextField("追责情形", blank=True)
    levels = models.CharField("实施层级", max_length=100, blank=True)
    entrusted_to = models.CharField("委托", max_length=200, blank=True, help_text="受委托实施的组织")
    active = models.BooleanField("有效", default=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[EnforcementItem]]

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项"
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="item_unique_code")]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    """A structured reference: which article of which law an item stands on."""

    class Role(models.TextChoices):
        DUTY = "duty", "设定依据"
        PENALTY = "penalty", "处罚依据"
        PROCEDURE = "procedure", "程序依据"

    item = models.ForeignKey(EnforcementItem, on_delete=models.CASCADE, related_name="legal_bases")
    # A citation that could not be resolved keeps law empty, its words in ``text`` and needs_review set.
    law = models.ForeignKey(
        Law, verbose_name="法律法规", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The version the citation names ("（2015年修订）"); empty: the version in force on the date asked.
    version = models.ForeignKey(
        LawVersion, verbose_name="版本", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    article = models.PositiveIntegerField("条", null=True, blank=True)  # empty: the whole document
    article_suffix = models.PositiveSmallIntegerField("之", null=True, blank=True)  # 第十条之一 → 1
    paragraph = models.PositiveSmallIntegerField("款", null=True, blank=True)
    clause = models.PositiveSmallIntegerField("项", null=True, blank=True)
    role = models.CharField("依据类型", max_length=20, choices=Role.choices, default=Role.DUTY)
    text = models.TextField("原文", blank=True)
    quoted_text = models.TextField("条文内容", blank=True)
    needs_review = models.BooleanField("待核实", default=False)
    review_note = models.CharField("待核实原因", max_length=200, blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[LegalBasis]]

    class Meta:
        verbose_name = "执法依据"
        verbose_name_plural = "执法依据"
        ordering = ["item", "role", "id"]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        if self.law is None:
            return self.text
        text = f"《{self.law.name}》"
        if self.version is not None:
            text += f"（{self.version.label}）"
        if self.article is None:
            return text
        text += f"第{to_chinese(self.article)}条"
        if self.article_suffix:
            text += f"之{to_chinese(self.article_suffix)}"
        if self.paragraph:
            text += f"第{to_chinese(self.paragraph)}款"
        if self.clause:
            text += f"第（{to_chinese(self.clause)}）项"
        return text

    def version_on(self, day: date) -> LawVersion | None:
        """The text this reference stands on for a decision of ``day``: the cited version if the
        citation names one, otherwise the version in force that day."""
        if self.version is not None:
            return self.version
        return self.law.version_on(day) if self.law is not None else None


class Tier(models.TextChoices):
    MINOR = "minor", "轻微"
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "较重"
    PARTICULARLY_SERIOUS = "particularly_serious", "严重"
    # 行政处罚法 Art.33: benchmarks often open with a 不予处罚 tier (首违不罚, 轻微并及时改正…).
    NO_PENALTY = "no_penalty", "不予处罚"


class DiscretionBenchmark(models.Model):
    item = models.ForeignKey(
        EnforcementItem, verbose_name="处罚事项", on_delete=models.PROTECT, related_name="benchmarks"
    )
    name = models.CharField("名称", max_length=200)
    effective_from = models.DateField("施行日期")
    basis = models.TextField("裁量依据", blank=True)
    active = models.BooleanField("有效", default=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[DiscretionBenchmark]]

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["item", "-effective_from"]

    def __str__(self) -> str:
        return self.name


class BenchmarkTier(models.Model):
    """One tier of a benchmark as the agency wrote it: its own label ("A", "第一项", "较重违法行为"…) with
    the severity the engine understands, and the fine as written (``fine_text``) beside the structured
    values read from it. A fine is absolute (``fine_min``/``fine_max`` in 元) or a multiple of a named
    base (``fine_base`` with ``rate_min``/``rate_max``, 0.5 = 50%); either end may be open. ``branches``
    holds further ranges under their own conditions ("逾期未改正的，处…"); ``person_fine_*`` the fine on
    the responsible persons (双罚)."""

    benchmark = models.ForeignKey(DiscretionBenchmark, on_delete=models.CASCADE, related_name="tiers")
    tier = models.CharField("裁量等级", max_length=24, choices=Tier.choices)
    label = models.CharField("阶次名称", max_length=60, blank=True)
    conditions = models.TextField("适用情形")
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_text = models.TextField("处罚幅度（原文）", blank=True)
    fine_min = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    fine_base = models.CharField("计算基数", max_length=40, blank=True)
    rate_min = models.DecimalField("基数倍数下限", max_digits=12, decimal_places=4, null=True, blank=True)
    rate_max = models.DecimalField("基数倍数上限", max_digits=12, decimal_places=4, null=True, blank=True)
    branches = models.JSONField("其他情形的罚款幅度", default=list, blank=True)
    person_fine_min = models.DecimalField(
        "对责任人员罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    person_fine_max = models.DecimalField(
        "对责任人员罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[BenchmarkTier]]

    class Meta:
        verbose_name = "裁量阶次"
        verbose_name_plural = "裁量阶次"
        ordering = ["benchmark", "id"]
        constraints = [
            # Two tiers may share a severity (an agency's "A" and "B" both 较重) but not a label.
            models.UniqueConstraint(fields=["benchmark", "tier", "label"], name="tier_unique_per_benchmark"),
            models.CheckConstraint(
                condition=models.Q(fine_min__isnull=True)
                | models.Q(fine_max__isnull=True)
                | models.Q(fine_min__lte=models.F("fine_max")),
                name="tier_fine_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(rate_min__isnull=True)
                | models.Q(rate_max__isnull=True)
                | models.Q(rate_min__lte=models.F("rate_max")),
                name="tier_rate_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benchmark.name} {self.display_label}"

    @property
    def display_label(self) -> str:
        """The agency's own label; today's tiers without one show the severity."""
        return self.label or self.get_tier_display()

    def main_range(self) -> FineRange | None:
        if self.fine_base:
            if self.rate_min is None and self.rate_max is None:
                return None
            return FineRange(self.rate_min, self.rate_max, self.fine_base)
        if self.fine_min is None and self.fine_max is None:
            return None
        return FineRange(self.fine_min, self.fine_max)

    def ranges(self) -> list[FineRange]:
        """The main range (if any) then the branches'."""
        main = self.main_range()
        return ([main] if main else []) + [FineRange.from_json(b) for b in self.branches or []]

    def person_range(self) -> FineRange | None:
        if self.person_fine_min is None and self.person_fine_max is None:
            return None
        return FineRange(self.person_fine_min, self.person_fine_max)

    @property
    def fine_display(self) -> str:
        """The fine as the benchmark wrote it; else as read from the structured values; "—" if none."""
        if self.fine_text.strip():
            return self.fine_text.strip()
        parts = [(f"{r.condition}，" if r.condition else "") + r.describe() for r in self.ranges()]
        person = self.person_range()
        if person:
            parts.append(f"对直接负责的主管人员和其他直接责任人员{person.describe()}")
        return "；".join(parts) or "—"


class LenienceKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚事项清单"
    LIGHTER = "lighter", "从轻处罚事项清单"
    MITIGATED = "mitigated", "减轻处罚事项清单"
    NO_COMPULSION = "no_compulsion", "免予行政强制事项清单"
    # 首违不罚 (行政处罚法 Art.33(1) second sentence: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚):
    # published as a list of its own, usually with a 施行日期 and an 有效期.
    FIRST_VIOLATION = "first_violation", "首违免罚事项清单"


class LenienceEntry(models.Model):
    class Obligation(models.TextChoices):
        SHALL = "shall", "应当"
        MAY = "may", "可以"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="lenience_entries"
    )
    kind = models.CharField("清单", max_length=20, choices=LenienceKind.choices)
    item = models.ForeignKey(
        EnforcementItem,
        verbose_name="执法事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conduct = models.TextField("违法行为", blank=True)  # as the list names it, with or without an item
    circumstances = models.TextField("适用情形")
    obligation = models.CharField(
        "适用方式", max_length=10, choices=Obligation.choices, default=Obligation.MAY
    )
    basis = models.TextField("依据", blank=True)
    # What the published list adds to a 从轻/减轻 entry: the range the agency applies then
    # ("处一万元以上两万元以下罚款"), and the supervision that goes with any entry (教育、复查整改、
    # 日常检查), kept as written.
    fine_range = models.TextField("裁量幅度", blank=True)
    measures = models.TextField("配套监管措施", blank=True)
    active = models.BooleanField("有效", default=True)
    # The period the list is in force (施行日期 / 有效期至); blank = no bound. An entry applies to an act
    # committed within it: an expired 首违免罚 list no longer spares an act committed after it ended.
    valid_from = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[LenienceEntry]]

    class Meta:
        verbose_name = "四张清单条目"
        verbose_name_plural = "四张清单条目"
        ordering = ["agency", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.circumstances[:30]}"


class MajorDecisionRule(models.Model):
    """One row of 重大执法决定法制审核目录清单 (118号 四(十二)); the review issue evaluates them.
    A rule fires when every condition it sets holds; an empty condition does not constrain."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="major_rules"
    )
    name = models.CharField("名称", max_length=200)
    item_kinds = models.JSONField("事项类别", default=list, blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_threshold_natural = models.DecimalField(
        "自然人罚没金额阈值（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_threshold_legal = models.DecimalField(
        "法人或其他组织罚没金额阈值（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Catalogues say "1万元以上（含本数）" or "万元以上（不含本数）": with this set, the amount must exceed
    # the threshold rather than reach it.
    fine_threshold_exclusive = models.BooleanField("罚没金额阈值不含本数", default=False)
    hearing_held = models.BooleanField("经过听证", default=False)
    complex_case = models.BooleanField("疑难复杂或涉及多个法律关系", default=False)
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    # Criteria the catalogue states in words (重大社会影响, 减轻处罚的…): the reviewer confirms them.
    other_criteria = models.TextField("其他情形（由审核人员确认）", blank=True)
    basis = models.TextField("依据", blank=True)
    active = models.BooleanField("有效", default=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[MajorDecisionRule]]

    class Meta:
        verbose_name = "重大执法决定目录规则"
        verbose_name_plural = "重大执法决定目录规则"
        ordering = ["agency", "id"]

    def __str__(self) -> str:
        return self.name


class RecordingRequirement(models.Model):
    class Level(models.TextChoices):
        WHEN_NEEDED = "when_needed", "根据情况音像记录"
        FULL_PROCESS = "full_process", "全程音像记录"

    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        EnforcementItem, verbose_name="执法事项", null=True, blank=True, on_delete=models.PROTECT
    )
    category = models.CharField("执法类别", max_length=100, blank=True)  # 行政处罚, 行政检查 … as written
    activity = models.CharField("执法环节", max_length=100)
    matter = models.TextField("执法事项", blank=True)  # the list's 执法事项 / 记录事项 beside the 环节
    level = models.CharField("记录要求", max_length=20, choices=Level.choices)
    # As the lists publish them: where, with what, and what the recording must show.
    venue = models.CharField("记录场所", max_length=200, blank=True)
    method = models.CharField("记录方式", max_length=200, blank=True)
    content = models.TextField("记录内容", blank=True)
    # The list's other columns (记录人, 开始/结束记录时间, 存储期限 …) as "header：value" lines.
    notes = models.TextField("其他要求", blank=True)
    basis = models.TextField("依据", blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[RecordingRequirement]]

    class Meta:
        verbose_name = "音像记录事项"
        verbose_name_plural = "音像记录事项清单"

    def __str__(self) -> str:
        return f"{self.activity}（{self.get_level_display()}）"


class InspectionItem(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", "一般检查事项"
        KEY = "key", "重点检查事项"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="inspection_items"
    )
    item = models.ForeignKey(
        EnforcementItem, verbose_name="执法事项", null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField("抽查事项", max_length=200)
    target = models.CharField("检查对象", max_length=200)
    content = models.TextField("检查内容", blank=True)
    method = models.CharField("检查方式", max_length=100, blank=True)
    kind = models.CharField("事项类别", max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    basis = models.TextField("依据", blank=True)
    # 抽查比例 as a percentage of the targets (5 = 5%); blank where the list gives none.
    ratio_percent = models.DecimalField(
        "抽查比例（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    frequency = models.CharField("抽查频次", max_length=100, blank=True)  # "每年1次", "每月" … as written
    initiating_agency = models.CharField("发起部门", max_length=200, blank=True)
    partner_agencies = models.CharField("配合部门", max_length=500, blank=True)
    level = models.CharField("实施层级", max_length=100, blank=True)  # "市县(区)级", "市级+区级" …
    field_name = models.CharField("抽查领域", max_length=100, blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[InspectionItem]]

    class Meta:
        verbose_name = "随机抽查事项"
        verbose_name_plural = "随机抽查事项清单"

    def __str__(self) -> str:
        return self.name


class CalendarYear(models.Model):
    """A year whose holiday schedule is loaded. Without a row here no deadline may touch the year."""

    class Status(models.TextChoices):
        OFFICIAL = "official", "国务院办公厅已公布"
        PROVISIONAL = "provisional", "暂定（仅法定节日，无调休）"

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    source = models.CharField("来源", max_length=200, blank=True)
    loaded_at = models.DateTimeField("录入时间", auto_now=True)

    objects: ClassVar[models.Manager[CalendarYear]]

    class Meta:
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}（{self.get_status_display()}）"


class Holiday(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        MAKEUP_WORKDAY = "makeup_workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("节日", max_length=50, blank=True)
    history = HistoricalRecords()

    objects: ClassVar[models.Manager[Holiday]]

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
