"""Cases (案件), their parties, officers, deadlines and numbered documents (文书).

The state of a case only changes through cases.engine.execute(), which checks the procedure's guards,
writes the change and its journal entry in one transaction, and starts and stops deadline clocks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models

from zhifa.catalog.models import DiscretionBenchmark, EnforcementItem
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANIZATION = "other_organization", "其他组织"


class Party(models.Model):
    """当事人. ID numbers and phones are personal data: shown masked, never published unredacted."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=24, choices=PartyKind.choices)
    name = models.CharField("姓名或名称", max_length=200)
    id_number = models.CharField("身份证件号码", max_length=30, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    address = models.CharField("住所或地址", max_length=300)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)

    objects: ClassVar[models.Manager[Party]]

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self) -> str:
        return self.name

    @property
    def is_natural_person(self) -> bool:
        return self.kind == PartyKind.NATURAL_PERSON


class ProcedureKind(models.TextChoices):
    GENERAL = "general", "普通程序"
    SUMMARY = "summary", "简易程序"
    COMPULSION = "compulsion", "行政强制措施"
    NO_PENALTY = "no_penalty", "不予处罚"


class Case(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="cases"
    )
    procedure = models.CharField("程序", max_length=16, choices=ProcedureKind.choices)
    state = models.CharField("状态", max_length=40, db_index=True)
    case_number = models.CharField("案件编号", max_length=60, blank=True, db_index=True)
    title = models.CharField("案由", max_length=200)
    item = models.ForeignKey(
        EnforcementItem, verbose_name="执法事项", on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(Party, verbose_name="当事人", on_delete=models.PROTECT, related_name="cases")
    source = models.CharField("案件来源", max_length=100, blank=True)
    place = models.ForeignKey(
        Region, verbose_name="违法行为发生地", on_delete=models.PROTECT, related_name="+"
    )
    place_text = models.CharField("具体地点", max_length=300, blank=True)
    discovered_on = models.DateField("发现日期")
    act_on = models.DateField("违法行为发生日期")
    act_ended_on = models.DateField("违法行为终了日期", null=True, blank=True)
    filed_on = models.DateField("立案日期", null=True, blank=True)
    complex_case = models.BooleanField("情节复杂或重大违法", default=False)
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)

    # The proposed decision (调查终结报告 → 告知 → 决定); frozen copies are kept in the journal.
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_amount = models.DecimalField(
        "罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscation_amount = models.DecimalField(
        "没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    benchmark = models.ForeignKey(
        DiscretionBenchmark,
        verbose_name="裁量基准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    benchmark_history_id = models.BigIntegerField("裁量基准版本", null=True, blank=True)
    # The tier's severity code or, where the benchmark labels its tiers in its own words, that label.
    benchmark_tier = models.CharField("裁量阶次", max_length=60, blank=True)
    # A tier stated as a multiple or percentage of an amount (货值金额, 违法所得…) needs that amount.
    base_amount = models.DecimalField(
        "计算基数金额（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    base_kind = models.CharField("计算基数", max_length=40, blank=True)
    # 双罚: the fine proposed on the unit's responsible persons, checked against the tier's own range.
    person_fine_amount = models.DecimalField(
        "对责任人员罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    tier_reason = models.TextField("裁量理由", blank=True)
    lenience = models.CharField("从轻减轻", max_length=12, blank=True)  # "", "lighter", "mitigated"
    lenience_reason = models.TextField("从轻减轻理由", blank=True)
    facts = models.TextField("违法事实", blank=True)

    # What the notice of intent (告知) announced: the decision may not be heavier (Art.45).
    notice_penalty_kinds = models.JSONField("告知处罚种类", default=list, blank=True)
    notice_fine_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    notice_confiscation_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    hearing_offered = models.BooleanField("告知听证权利", default=False)
    notice_served_on = models.DateField("告知书送达日期", null=True, blank=True)
    statement_waived = models.BooleanField("书面放弃陈述申辩", default=False)
    hearing_requested = models.BooleanField("申请听证", default=False)
    hearing_notified_on = models.DateField("听证通知书送达日期", null=True, blank=True)
    hearing_on = models.DateField("通知的听证日期", null=True, blank=True)
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    # SAMR 程序规定 Art.62 para.1(3): the decision states the party's statement and defence and whether
    # and why it was adopted; recorded where they are heard (close_statement, hold_hearing).
    statement_summary = models.TextField("当事人陈述、申辩", blank=True)
    statement_adoption = models.TextField("陈述、申辩的采纳情况及理由", blank=True)
    collective_discussion_on = models.DateField("集体讨论日期", null=True, blank=True)

    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, blank=True)
    paid_on = models.DateField("缴纳日期", null=True, blank=True)
    demand_served_on = models.DateField("催告书送达日期", null=True, blank=True)
    court_applied_on = models.DateField("申请法院强制执行日期", null=True, blank=True)
    # 中止调查 (SAMR 程序规定 Art.46): the day it began and the state to return to; empty when running.
    suspended_on = models.DateField("中止日期", null=True, blank=True)
    suspended_from = models.CharField("中止前状态", max_length=40, blank=True)
    # 涉嫌犯罪移送 (行政处罚法 Art.27): publicity never publishes a referred case (publicity.rules).
    referred_on = models.DateField("移送司法机关日期", null=True, blank=True)
    # 行政处罚法 Art.38, 48: the day the decision was revoked or confirmed void (decision.revoked says by
    # whom and why); a column so that every later step checks it without reading the journal.
    decision_revoked_on = models.DateField("决定撤销或确认无效日期", null=True, blank=True)
    referred_to = models.CharField("受移送机关", max_length=100, blank=True)
    # 行政处罚法 Art.73: the party's 行政复议 and 行政诉讼 against the decision, as recorded by the
    # record_challenge / end_challenge steps — [{"kind", "body", "since", "until"}], ISO dates, "until"
    # empty while pending. Execution goes on (Art.73 para.1), but 加处罚款 does not accrue meanwhile
    # (para.3).
    challenges = models.JSONField("行政复议、行政诉讼", default=list, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    # How many violations the case holds (models_violations.Violation): the proposal's guards check each
    # one when there are several, without reading them when there is one.
    violation_count = models.PositiveSmallIntegerField("违法行为数", default=1)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[Case]]

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "state", "-id"], name="case_agency_state"),
            # The statistics drill-down lists a year's decisions newest first (decided_on DESC, id DESC)
            # a page at a time: walking this index reads a page's rows instead of sorting the year's
            # (bench_statistics, 1M cases: a province's first page 1.4 s -> 0.65 s, the rest its count).
            models.Index(fields=["decided_on", "id"], name="case_decided_on"),
        ]

    def __str__(self) -> str:
        return self.case_number or f"案件 {self.pk}"

    @property
    def total_amount(self) -> Decimal:
        return (self.fine_amount or Decimal(0)) + (self.confiscation_amount or Decimal(0))


class CaseOfficer(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        ASSIST = "assist", "协办"

    class Recusal(models.TextChoices):
        NONE = "", "无"
        PENDING = "pending", "申请回避待决定"
        GRANTED = "granted", "准予回避"
        REJECTED = "rejected", "驳回回避申请"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_officers")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.ASSIST)
    recusal = models.CharField(
        "回避", max_length=10, choices=Recusal.choices, default=Recusal.NONE, blank=True
    )
    recusal_reason = models.CharField("回避事由", max_length=300, blank=True)

    objects: ClassVar[models.Manager[CaseOfficer]]

    class Meta:
        verbose_name = "办案人员"
        verbose_name_plural = "办案人员"
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_officer_once")]

    def __str__(self) -> str:
        return f"{self.case} {self.officer}"


class DeadlineStatus(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "中止计时"
    MET = "met", "按期完成"
    MISSED = "missed", "已超期"
    CANCELLED = "cancelled", "已取消"


class Deadline(models.Model):
    """A running clock of a case: anchored on an event, due by the working-day engine."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField("期限", max_length=40)
    label = models.CharField("名称", max_length=100)
    rule = models.CharField("依据", max_length=200)
    anchor_on = models.DateField("起算日")
    due_on = models.DateField("届满日", db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.RUNNING
    )
    provisional = models.BooleanField("暂定日历", default=False)
    extended_days = models.PositiveIntegerField("延长天数", default=0)
    # The clock's own length and unit, so that a paused clock's due date is recomputed from its anchor
    # (a due date already moved off a holiday is not a base to add to). Null on clocks started before.
    length = models.PositiveIntegerField("期限天数", null=True, blank=True)
    working_days = models.BooleanField("按工作日计", default=False)
    paused_on = models.DateField("中止计时日期", null=True, blank=True)
    paused_days = models.PositiveIntegerField("中止天数", default=0)
    closed_on = models.DateField("完成日期", null=True, blank=True)

    objects: ClassVar[models.Manager[Deadline]]

    class Meta:
        verbose_name = "办案期限"
        verbose_name_plural = "办案期限"
        ordering = ["due_on"]
        indexes = [models.Index(fields=["status", "due_on"], name="deadline_status_due")]

    def __str__(self) -> str:
        return f"{self.label} {self.due_on}"


class DocumentSequence(models.Model):
    """The last number used per agency, document kind, year and series (GB/T 9704 §7.2.5: no gaps).
    ``series`` is empty, or the 内设机构 numbering its own series (a template with {单位})."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=40, blank=True, default="")
    last = models.PositiveIntegerField(default=0)

    objects: ClassVar[models.Manager[DocumentSequence]]

    class Meta:
        verbose_name = "文书编号序列"
        verbose_name_plural = "文书编号序列"
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year", "series"], name="document_sequence_key")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind}/{self.year}/{self.series}: {self.last}"


class NumberingTemplate(models.Model):
    """How an agency numbers one kind of document (cases.numbering): literal text with {代字}, {文种},
    {年}, {n} or {n:宽度}, {单位}. Without one, the default ``{代字}{文种}〔{年}〕{n}号`` applies."""

    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书种类", max_length=40)
    template = models.CharField(
        "文号模板",
        max_length=100,
        help_text="例如“京朝市监罚〔{年}〕{n}号”“沪市监静处字〔{年}〕第{n:6}号”；"
        "{年}为年份，{n}为序号（{n:6}补零到6位），{代字}为机关代字，{文种}为文书代字，{单位}为内设机构代字",
    )

    objects: ClassVar[models.Manager[NumberingTemplate]]

    class Meta:
        verbose_name = "文号模板"
        verbose_name_plural = "文号模板"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="numbering_template_key")]

    def __str__(self) -> str:
        return f"{self.agency} {self.kind}: {self.template}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from zhifa.cases.numbering import validate_template  # numbering reads this model
        from zhifa.core.errors import DomainError

        try:
            validate_template(self.template)
        except DomainError as exc:
            raise ValidationError({"template": str(exc)}) from exc


class Document(models.Model):
    """A numbered 执法文书 issued in a case.

    The step that issues it stores the composed document (`content`, canonical JSON of
    lib.officialdoc.OfficialDocument) and its journal entry names `content_sha256`: that is what the
    agency issued. The PDF is rendered from `content` after the step commits (cases.documents.render),
    stored under its SHA-256 like evidence (`sha256`, empty until then) and vouched for by its own
    journal entry (`document.rendered`, `render_entry_id`). Rendering is deterministic, so anyone can
    render `content` again and get the same bytes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书种类", max_length=40)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    issued_on = models.DateField("日期")
    sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    journal_entry_id = models.BigIntegerField(null=True, blank=True)
    content = models.TextField("文书内容", blank=True)
    content_sha256 = models.CharField("内容 SHA-256", max_length=64, blank=True)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)
    render_entry_id = models.BigIntegerField(null=True, blank=True)

    objects: ClassVar[models.Manager[Document]]

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.number


class ProcedureSetting(models.Model):
    """A threshold or period that varies by province (DESIGN.md: rules are data where the law varies).
    A row for a region applies to the agencies in its subtree; the most specific region wins; with no
    row the national default in cases.rules applies."""

    key = models.CharField("参数", max_length=60)
    region = models.ForeignKey(
        Region, verbose_name="适用区域", null=True, blank=True, on_delete=models.PROTECT
    )
    value = models.DecimalField("取值", max_digits=14, decimal_places=2)
    basis = models.CharField("依据", max_length=200, blank=True)

    objects: ClassVar[models.Manager[ProcedureSetting]]

    class Meta:
        verbose_name = "办案参数"
        verbose_name_plural = "办案参数"
        constraints = [models.UniqueConstraint(fields=["key", "region"], name="procedure_setting_key_region")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"

    def clean(self) -> None:
        """The key must be one registered in code with its national default and article (cases.rules): a
        row under any other key (a typo, an app not installed) would be read by no rule and change
        nothing, silently. The admin's form runs this (ModelForm validation)."""
        from zhifa.cases import rules  # rules reads this model: imported here, not at module level

        rules.check_key(self.key)


# Orders, payment plans, bank receipts and cash collections (issue 17) live in their own module; imported
# here so that Django registers them with the app.
from zhifa.cases import models_money  # noqa: E402, F401
from zhifa.cases.models_violations import Violation as Violation  # noqa: E402  (its own module)
