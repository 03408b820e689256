"""The seven registry kinds: their columns and how a row becomes calls to the owning app's services.

Import order for a database built from nothing: fields, laws, regions, agencies, officers, items,
benchmarks (the sample files in ``samples/`` follow it). A row may refer to a row earlier in the same
file only where stated (a region's parent); everything else it names must already exist.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from django.db import DataError, IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone

from zhifa.cases.numbering import validate_template
from zhifa.cases.services import numbering_template_set
from zhifa.catalog.models import (
    BenchmarkTier,
    DayKind,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    InspectionItem,
    ItemKind,
    Law,
    LenienceEntry,
    LenienceKind,
    MajorDecisionRule,
    RecordingRequirement,
    Tier,
)
from zhifa.catalog.services import (
    BasisRef,
    ItemSpec,
    ItemsRefused,
    TierSpec,
    benchmark_create,
    field_get_or_create,
    inspection_item_create,
    items_check,
    items_create,
    law_get_or_create,
    law_version_add,
    lenience_entry_create,
    major_rule_create,
    parse_version_label,
    recording_requirement_create,
    tier_spec_from_text,
)
from zhifa.core.errors import DomainError
from zhifa.importer import cells
from zhifa.importer.basis import parse_basis, parse_chinese_number
from zhifa.importer.job import Column, Job, Kind, Row
from zhifa.importer.kinds_bank import BankReceiptsKind
from zhifa.importer.reading import DataRow
from zhifa.lib.fine_ranges import (
    NotAnAmount,
    parse_fine_text,
    parse_money,
    parse_range_cell,
    parse_ratio,
    severity_of,
)
from zhifa.lib.identifiers import check_credit_code, check_phone, check_resident_id
from zhifa.lib.parents_first import parents_first
from zhifa.lib.workdays import months_later
from zhifa.organizations.models import Agency, AgencyKind, BranchKind, Region, RegionLevel, Unit
from zhifa.organizations.services import agency_create, region_create, unit_create
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.services import certificate_issue, officer_create


def _max(model: type[Model], name: str) -> int | None:
    max_length = getattr(model._meta.get_field(name), "max_length", None)
    return max_length if isinstance(max_length, int) else None


# --- lookups shared by several kinds ---------------------------------------------------------------------


def find_agency(job: Job, row: Row, key: str) -> Agency | None:
    """An existing, active agency named by its name or its unified social credit code."""
    ref = row.text(key)
    if not ref:
        return None
    cache_key = ("agency", ref)
    if cache_key not in job.cache:
        code = re.sub(r"\s", "", cells.normalize(ref)).upper()
        job.cache[cache_key] = (
            Agency.objects.filter(Q(name=ref) | Q(credit_code=code)).select_related("region").first()
        )
    agency: Agency | None = job.cache[cache_key]
    if agency is None:
        row.error(key, f"执法主体“{ref}”不存在（可填执法主体名称或统一社会信用代码），请先导入执法主体")
        return None
    if not agency.active:
        row.error(key, f"执法主体“{agency.name}”已停用")
        return None
    return agency


def find_fields(job: Job, row: Row, key: str) -> list[EnforcementField]:
    """Enforcement fields named (by name or code) in one cell, separated by 、 or commas."""
    text = row.text(key)
    if not text:
        return []
    found: list[EnforcementField] = []
    unknown: list[str] = []
    for ref in cells.split_list(text):
        cache_key = ("field", ref)
        if cache_key not in job.cache:
            job.cache[cache_key] = EnforcementField.objects.filter(Q(code=ref) | Q(name=ref)).first()
        f: EnforcementField | None = job.cache[cache_key]
        if f is None:
            unknown.append(ref)
        elif f not in found:
            found.append(f)
    if unknown:
        names = "、".join(f"“{u}”" for u in unknown)
        row.error(key, f"执法领域{names}不存在（可填执法领域名称或代码），请先导入执法领域")
        return []
    return found


def find_region(row: Row, key: str, code: str) -> Region | None:
    region = Region.objects.filter(code=code).first()
    if region is None:
        row.error(key, f"区划代码“{code}”不存在，请先导入行政区划")
    return region


_SHORT_NUMBER = re.compile(r"1\d{2,5}")  # service numbers: 110, 12315, 12345 …


def phone(row: Row, key: str) -> str:
    """A contact phone: a mobile, a landline with area code, or a short service number (12345)."""
    text = row.text(key)
    if not text:
        return ""
    compact = re.sub(r"[\s-]", "", cells.normalize(text))
    if _SHORT_NUMBER.fullmatch(compact):
        return compact
    check = check_phone(text)
    if not check.ok or check.normalized is None:
        row.error(key, f"{check.error}，收到“{text}”")
        return ""
    return check.normalized


# --- 执法领域 -------------------------------------------------------------------------------------------

_FIELD_CODE = re.compile(r"[A-Za-z0-9_\-]+")


class FieldsKind(Kind):
    name = "fields"
    label = "执法领域"
    columns = (
        Column(
            "code",
            "代码",
            required=True,
            aliases=("领域代码", "执法领域代码"),
            max_length=_max(EnforcementField, "code"),
        ),
        Column(
            "name",
            "名称",
            required=True,
            aliases=("领域名称", "执法领域名称"),
            max_length=_max(EnforcementField, "name"),
        ),
    )

    def handle(self, job: Job, row: Row) -> None:
        code, name = row.text("code"), row.text("name")
        if code and not _FIELD_CODE.fullmatch(code):
            row.error("code", f"代码只能由英文字母、数字、下划线和连字符组成，收到“{code}”")
        if (
            code
            and not row.failed
            and job.claim(row, "code", "code", code)
            and EnforcementField.objects.filter(code=code).exists()
        ):
            row.error("code", f"执法领域代码“{code}”已存在")
        if name and job.claim(row, "name", "name", name):
            existing = EnforcementField.objects.filter(name=name).first()
            if existing is not None:
                row.error("name", f"执法领域“{name}”已存在（代码 {existing.code}）")
        if row.failed:
            return
        job.apply(row.number, lambda: field_get_or_create(code=code, name=name, actor=job.actor))


# --- 法律法规 -------------------------------------------------------------------------------------------


class LawsKind(Kind):
    name = "laws"
    label = "法律法规"
    columns = (
        Column(
            "name", "名称", required=True, aliases=("法律法规名称", "法规名称"), max_length=_max(Law, "name")
        ),
        Column("level", "效力级别", required=True),
        Column("issuer", "制定机关", aliases=("发布机关",), max_length=_max(Law, "issuer")),
        Column("effective_date", "施行日期", aliases=("生效日期",)),
        Column(
            "version",
            "版本",
            aliases=("修订情况", "修正情况", "时效版本"),
            note="如“2015年修订”“2018年修正”“2009年公布”；同一法律的各版本各占一行，施行日期为该版本的施行日期",
        ),
    )

    def handle(self, job: Job, row: Row) -> None:
        name = row.text("name").strip("《》 ")
        level = row.choice("level", Law.Level)
        issuer = row.text("issuer")
        effective = row.date("effective_date")
        version_text = row.text("version")
        version = parse_version_label(version_text) if version_text else None
        if version_text and version is None:
            row.error("version", f"无法识别版本“{version_text}”，应如“2015年修订”“2018年修正”“2009年公布”")
        if version is not None:
            # Rows of one law's versions: the law is created by the first, the others add versions.
            if name:
                job.claim(row, "version", "version", (name, version), shown=version_text)
        elif name and job.claim(row, "name", "name", name) and Law.objects.filter(name=name).exists():
            row.error("name", f"法律法规库中已有《{name}》")
        if row.failed or level is None:
            return

        def action() -> None:
            law = law_get_or_create(
                name=name, level=level, issuer=issuer, effective_date=effective, actor=job.actor
            )
            if version is not None:
                law_version_add(
                    law=law, year=version[0], kind=version[1], effective_from=effective, actor=job.actor
                )

        job.apply(row.number, action)


# --- 行政区划 -------------------------------------------------------------------------------------------

_LEVEL_ALIASES = {
    "省": RegionLevel.PROVINCE,
    "省级行政区": RegionLevel.PROVINCE,
    "市": RegionLevel.CITY,
    "地级": RegionLevel.CITY,
    "县": RegionLevel.COUNTY,
    "区县": RegionLevel.COUNTY,
    "县区": RegionLevel.COUNTY,
    "乡": RegionLevel.TOWNSHIP,
    "乡镇": RegionLevel.TOWNSHIP,
    "镇": RegionLevel.TOWNSHIP,
    "街道": RegionLevel.TOWNSHIP,
    "直辖市": RegionLevel.PROVINCE,
    "地级市": RegionLevel.CITY,
    "区": RegionLevel.COUNTY,
    "县级市": RegionLevel.COUNTY,
    "市辖区": RegionLevel.COUNTY,
    "街道办事处": RegionLevel.TOWNSHIP,
}
# A level cell that names a 开发区/新区/功能区 (no national code): county level, flagged, local code.
_FUNCTIONAL_LEVELS = frozenset({"开发区", "新区", "功能区", "园区", "经济技术开发区", "高新区"})


class RegionsKind(Kind):
    """A region's parent may be a region of the same file, on any row: parents are imported first.
    A 开发区/新区/功能区 (the 功能区 column, or 开发区/新区/功能区 as its level) carries a local code."""

    name = "regions"
    label = "行政区划"
    columns = (
        Column(
            "code",
            "区划代码",
            required=True,
            aliases=("代码", "行政区划代码"),
            max_length=_max(Region, "code"),
        ),
        Column("name", "名称", required=True, aliases=("区划名称",), max_length=_max(Region, "name")),
        Column("level", "级别", required=True, aliases=("区划级别",), note="省级、市级、县级或乡级"),
        Column("parent_code", "上级区划代码", aliases=("上级代码", "parent")),
        Column(
            "is_functional_area",
            "功能区",
            aliases=("开发区/新区/功能区", "是否功能区", "是否开发区", "functional_area"),
            note="是/否，默认否；开发区、新区、功能区没有国家区划代码，填本地代码",
        ),
    )
    field_map: ClassVar[dict[str, str]] = {"parent": "parent_code"}

    def run(self, job: Job) -> None:
        # Where each code appears in the file, and which rows failed: for clear messages about parents.
        rows_by_code: dict[str, int] = {}

        def code_of(data: DataRow) -> str:
            return cells.to_text(job.row(data).raw("code"))

        def parent_of(data: DataRow) -> tuple[str, ...]:
            return (cells.to_text(job.row(data).raw("parent_code")),)

        for data in job.table.rows:
            rows_by_code.setdefault(code_of(data), data.number)
        job.state["rows_by_code"] = rows_by_code
        job.state["failed_codes"] = {}
        # Published region lists come in any order (a 区 before its 直辖市): parents go first.
        for data in parents_first(job.table.rows, code_of, parent_of):
            self.handle(job, job.row(data))
            job.tick()

    def handle(self, job: Job, row: Row) -> None:
        code = row.text("code")
        name = row.text("name")
        functional = row.boolean("is_functional_area")
        if cells.normalize(cells.to_text(row.raw("level"))) in _FUNCTIONAL_LEVELS:
            level: str | None = RegionLevel.COUNTY
            functional = True
        else:
            level = row.choice("level", RegionLevel, aliases={k: str(v) for k, v in _LEVEL_ALIASES.items()})
        parent_code = row.text("parent_code")
        if code:
            job.claim(row, "code", "code", code)
        parent = self._parent(job, row, parent_code, code) if parent_code else None
        if not row.failed and level is not None:
            ok = job.apply(
                row.number,
                lambda: region_create(
                    code=code,
                    name=name,
                    level=level,
                    parent=parent,
                    is_functional_area=functional,
                    actor=job.actor,
                ),
            )
            if ok:
                return
        if code:
            job.state["failed_codes"].setdefault(code, row.number)

    def _parent(self, job: Job, row: Row, parent_code: str, own_code: str) -> Region | None:
        parent = Region.objects.filter(code=parent_code).first()
        if parent is not None:
            return parent
        failed_codes: dict[str, int] = job.state["failed_codes"]
        rows_by_code: dict[str, int] = job.state["rows_by_code"]
        if parent_code in failed_codes:
            row.error(
                "parent_code",
                f"上级区划“{parent_code}”（第 {failed_codes[parent_code]} 行）有错误未能导入，本行无法导入",
            )
        elif parent_code == own_code:
            row.error("parent_code", "上级区划代码不能与本区划代码相同")
        elif parent_code in rows_by_code:
            # Parents are imported first, so a parent of the file still missing is on a cycle.
            row.error(
                "parent_code",
                f"上级区划“{parent_code}”（第 {rows_by_code[parent_code]} 行）与本行互为上下级，无法导入",
            )
        else:
            row.error("parent_code", f"上级区划代码“{parent_code}”不存在，请先导入上级区划")
        return None


# --- 执法主体 -------------------------------------------------------------------------------------------


class AgenciesKind(Kind):
    name = "agencies"
    label = "执法主体"
    columns = (
        Column(
            "name",
            "名称",
            required=True,
            aliases=("执法主体名称", "机关名称"),
            max_length=_max(Agency, "name"),
        ),
        Column("credit_code", "统一社会信用代码", required=True, aliases=("信用代码",)),
        Column(
            "kind",
            "主体类型",
            required=True,
            aliases=("执法主体类型",),
            note="行政机关、法律法规授权组织或受委托组织",
        ),
        Column("region_code", "区划代码", required=True, aliases=("所属区划代码", "region")),
        Column("short_code", "机关代字", max_length=_max(Agency, "short_code")),
        Column("field", "执法领域", note="已有执法领域的名称或代码"),
        Column("legal_basis", "职权依据"),
        Column("address", "地址", aliases=("办公地址",), max_length=_max(Agency, "address")),
        Column("consultation_phone", "咨询电话"),
        Column("supervision_phone", "监督电话", aliases=("投诉监督电话",)),
        Column("is_supervising_body", "行政执法监督机构", aliases=("是否监督机构",), note="是/否，默认否"),
        Column(
            "parent",
            "上级机关",
            aliases=("所属机关", "上级执法主体"),
            note="派出机构、分局所属机关的名称或统一社会信用代码，可在本文件中",
        ),
        Column("branch_kind", "下属机构类型", aliases=("机构类型",), note="派出机构或分局"),
        Column(
            "entrusted_by",
            "委托机关",
            aliases=("委托行政机关", "委托单位"),
            note="受委托组织必填：委托机关的名称或统一社会信用代码，可在本文件中",
        ),
        Column(
            "decision_number_template",
            "处罚决定书文号模板",
            aliases=("文号模板",),
            note="例如“京朝市监罚〔{年}〕{n}号”；不填则按默认格式编号",
        ),
    )
    field_map: ClassVar[dict[str, str]] = {"region": "region_code"}

    def run(self, job: Job) -> None:
        # A 分局 or a 受委托组织 may come before the agency it names: those agencies go first.
        by_code: dict[str, str] = {}
        for data in job.table.rows:
            r = job.row(data)
            code = re.sub(r"\s", "", cells.normalize(cells.to_text(r.raw("credit_code")))).upper()
            by_code[code] = cells.to_text(r.raw("name"))

        def name_of(data: DataRow) -> str:
            return cells.to_text(job.row(data).raw("name"))

        def refs_of(data: DataRow) -> tuple[str, ...]:
            r = job.row(data)
            refs = (cells.to_text(r.raw("parent")), cells.to_text(r.raw("entrusted_by")))
            return tuple(by_code.get(re.sub(r"\s", "", cells.normalize(x)).upper(), x) for x in refs if x)

        for data in parents_first(job.table.rows, name_of, refs_of):
            self.handle(job, job.row(data))
            job.tick()

    def handle(self, job: Job, row: Row) -> None:
        name = row.text("name")
        raw_code = row.text("credit_code")
        credit_code = ""
        if raw_code:
            check = check_credit_code(raw_code)
            if not check.ok or check.normalized is None:
                row.error("credit_code", f"{check.error}，收到“{raw_code}”")
            else:
                credit_code = check.normalized
        kind = row.choice("kind", AgencyKind)
        region_code = row.text("region_code")
        region = find_region(row, "region_code", region_code) if region_code else None
        field_names = [f.name for f in find_fields(job, row, "field")]
        if len(field_names) > 1:
            row.error("field", "执法主体只能填一个执法领域")
        values: dict[str, Any] = {
            "short_code": row.text("short_code"),
            "legal_basis": row.text("legal_basis"),
            "address": row.text("address"),
            "consultation_phone": phone(row, "consultation_phone"),
            "supervision_phone": phone(row, "supervision_phone"),
            "is_supervising_body": row.boolean("is_supervising_body"),
        }
        parent = find_agency(job, row, "parent")
        entrusted_by = find_agency(job, row, "entrusted_by")
        branch_kind = row.choice("branch_kind", BranchKind) if not row.blank("branch_kind") else ""
        template = row.text("decision_number_template")
        if template:
            try:
                validate_template(template)
            except DomainError as exc:
                row.error("decision_number_template", str(exc))
        if name and job.claim(row, "name", "name", name) and Agency.objects.filter(name=name).exists():
            row.error("name", f"执法主体“{name}”已存在")
        if credit_code and job.claim(row, "credit_code", "credit_code", credit_code):
            holder = Agency.objects.filter(credit_code=credit_code).first()
            if holder is not None:
                row.error("credit_code", f"统一社会信用代码“{credit_code}”已由“{holder.name}”使用")
        if row.failed or kind is None or region is None:
            return

        def create() -> None:
            agency = agency_create(
                actor=job.actor,
                name=name,
                credit_code=credit_code,
                kind=kind,
                region=region,
                field=field_names[0] if field_names else "",
                parent=parent,
                branch_kind=branch_kind or "",
                entrusted_by=entrusted_by,
                **values,
            )
            if template:
                numbering_template_set(
                    agency=agency, kind="penalty_decision", template=template, actor=job.actor
                )

        job.apply(row.number, create)


# --- 执法人员及执法证 -----------------------------------------------------------------------------------


class OfficersKind(Kind):
    """One row is an officer and the certificate issued to them. The 内设机构 is created under the
    agency when it does not exist yet."""

    name = "officers"
    label = "执法人员"
    columns = (
        Column("agency", "执法主体", required=True, note="已有执法主体的名称或统一社会信用代码"),
        Column("name", "姓名", required=True, max_length=_max(Officer, "name")),
        Column("id_number", "身份证号", required=True, aliases=("身份证号码", "公民身份号码")),
        Column("unit", "内设机构", max_length=_max(Unit, "name")),
        Column("position", "职务", max_length=_max(Officer, "position")),
        Column("phone", "联系电话", aliases=("手机号码", "电话"), max_length=_max(Officer, "phone")),
        Column("law_qualification", "法律职业资格", aliases=("具有法律职业资格",), note="是/否，默认否"),
        Column(
            "certificate_number",
            "证件编号",
            required=True,
            aliases=("执法证号", "执法证件编号"),
            max_length=_max(Certificate, "number"),
        ),
        Column(
            "issuing_authority", "发证机关", required=True, max_length=_max(Certificate, "issuing_authority")
        ),
        Column(
            "fields",
            "执法类别",
            required=True,
            aliases=("执法领域",),
            note="执法领域名称或代码，多个用“、”分隔",
        ),
        Column("area_code", "执法区域代码", required=True, aliases=("执法区域",)),
        Column("valid_from", "有效期起", required=True, aliases=("有效期自",)),
        Column("valid_until", "有效期至", required=True, aliases=("有效期止",)),
    )
    field_map: ClassVar[dict[str, str]] = {
        "number": "certificate_number",
        "area": "area_code",
        "officer": "name",
    }

    def handle(self, job: Job, row: Row) -> None:
        agency = find_agency(job, row, "agency")
        name = row.text("name")
        raw_id = row.text("id_number")
        id_number = ""
        if raw_id:
            check = check_resident_id(raw_id)
            if not check.ok or check.normalized is None:
                row.error("id_number", f"{check.error}，收到“{_mask(raw_id)}”")
            else:
                id_number = check.normalized
        unit_name = row.text("unit").strip()
        position = row.text("position")
        contact = phone(row, "phone")
        qualified = row.boolean("law_qualification")
        number = row.text("certificate_number").strip()
        authority = row.text("issuing_authority")
        fields = find_fields(job, row, "fields")
        area_code = row.text("area_code")
        area = find_region(row, "area_code", area_code) if area_code else None
        valid_from, valid_until = row.date("valid_from"), row.date("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            row.error("valid_until", f"有效期至（{valid_until}）早于有效期起（{valid_from}）")
        elif valid_until and valid_until < timezone.localdate():
            # certificate_issue would record it as valid; an expired certificate is not a registry entry.
            row.error("valid_until", f"执法证已于 {valid_until} 到期，过期的执法证不能导入")
        if id_number:
            job.claim(row, "id_number", "id_number", id_number, shown=_mask(id_number))
        if number:
            job.claim(row, "certificate_number", "certificate_number", number)
        if row.failed or agency is None or area is None or valid_from is None or valid_until is None:
            return
        valid_from_, valid_until_ = valid_from, valid_until

        def action() -> None:
            unit = None
            if unit_name:
                unit = Unit.objects.filter(agency=agency, name=unit_name).first() or unit_create(
                    agency=agency, name=unit_name, actor=job.actor
                )
            officer = officer_create(
                agency=agency,
                name=name,
                id_number=id_number,
                unit=unit,
                phone=contact,
                position=position,
                law_qualification=qualified,
                actor=job.actor,
            )
            certificate_issue(
                officer=officer,
                number=number,
                issuing_authority=authority,
                fields=fields,
                area=area,
                valid_from=valid_from_,
                valid_until=valid_until_,
                actor=job.actor,
            )

        job.apply(row.number, action)


def _mask(id_number: str) -> str:
    """ID numbers are personal data: messages show only the first 6 and last 4 characters."""
    s = id_number.strip()
    return s[:6] + "*" * (len(s) - 10) + s[-4:] if len(s) > 10 else s


# --- 执法事项 -------------------------------------------------------------------------------------------


_KIND_ALIASES = {"其他行政权力": ItemKind.OTHER.value, "其他职权": ItemKind.OTHER.value}


class ItemsKind(Kind):
    """One row per item. A sub-item names its parent's code (上级事项编码): the parent may be an item
    already registered for the same agency, or a row of the same file in any position (the importer
    places parents before their children). The legal basis is optional (a blank one is a gap shown in
    the workbench); citations that cannot be resolved are kept as written and flagged for review."""

    name = "items"
    label = "执法事项"
    columns = (
        Column("agency", "执法主体", required=True, note="已有执法主体的名称或统一社会信用代码"),
        Column(
            "code", "事项编码", required=True, aliases=("职权编码",), max_length=_max(EnforcementItem, "code")
        ),
        Column(
            "name",
            "事项名称",
            required=True,
            aliases=("职权名称", "权力名称", "权责事项名称"),
            max_length=_max(EnforcementItem, "name"),
        ),
        Column(
            "kind",
            "事项类别",
            required=True,
            aliases=("事项类型", "职权类型", "权力类型", "职权类别"),
            note="行政许可、行政处罚、行政强制、行政征收、行政征用、行政给付、行政检查、行政确认、"
            "行政奖励、行政裁决或其他",
        ),
        Column("field", "执法领域", required=True, note="已有执法领域的名称或代码"),
        Column(
            "legal_basis",
            "执法依据",
            aliases=("实施依据", "法律依据", "依据"),
            note="见 basis.py 的语法，多条用分号分隔；可空（作为待补充的缺口）",
        ),
        Column("procedure", "办理程序"),
        Column("time_limit", "办理时限", note="整数"),
        Column("time_limit_unit", "时限单位", note="工作日或自然日，默认工作日"),
        Column("remedy", "救济渠道"),
        Column(
            "fee", "收费", aliases=("收费标准",), max_length=_max(EnforcementItem, "fee"), note="默认“不收费”"
        ),
        Column("limitation_years", "追责时效", aliases=("追责时效（年）",), note="2 或 5（年），默认 2"),
        Column(
            "parent_code",
            "上级事项编码",
            aliases=("主项编码", "父项编码", "所属事项编码"),
            note="子项填写所属主项的事项编码",
        ),
        Column(
            "implementing_body",
            "实施主体",
            aliases=("行使主体", "法定主体"),
            max_length=_max(EnforcementItem, "implementing_body"),
        ),
        Column(
            "handling_unit",
            "承办机构",
            aliases=("承办科室", "责任科室", "实施机构"),
            max_length=_max(EnforcementItem, "handling_unit"),
        ),
        Column("responsibilities", "责任事项"),
        Column("accountability", "追责情形", aliases=("追责情形及依据", "问责情形")),
        Column(
            "levels", "实施层级", aliases=("行使层级", "层级"), max_length=_max(EnforcementItem, "levels")
        ),
        Column(
            "entrusted_to",
            "委托",
            aliases=("受委托组织", "委托实施", "委托情况"),
            max_length=_max(EnforcementItem, "entrusted_to"),
            note="受委托实施的组织，无委托留空",
        ),
    )
    field_map: ClassVar[dict[str, str]] = {
        "bases": "legal_basis",
        "agency": "agency",
        "parent": "parent_code",
    }

    def run(self, job: Job) -> None:
        """Check every row (parents placed first), then register the file's items in one call to the
        catalogue (items_create writes them a few hundred per statement), or, if a row failed, only ask
        the catalogue what it would refuse, so that the report lists every error of the file."""
        job.state["pending"] = {}  # (agency reference, code) -> index in specs, rows checked fine
        job.state["failed"] = {}  # (agency reference, code) -> row number
        job.state["registered"] = {}  # agency id -> {code: item} of the parent codes the file names
        specs: list[ItemSpec] = []
        numbers: list[int] = []  # row number of each spec
        parents: list[int | None] = []  # index of each spec's parent in specs, if in this file
        for data in self._parents_first(job):
            row = job.row(data)
            found = self._spec(job, row)
            if found is not None:
                spec, parent_index = found
                job.state["pending"][(cells.to_text(row.raw("agency")), spec.code)] = len(specs)
                specs.append(spec)
                numbers.append(row.number)
                parents.append(parent_index)
        self._register(job, specs, numbers, parents)
        job.tick(len(job.table.rows) - job.done)

    def _register(
        self, job: Job, specs: list[ItemSpec], numbers: list[int], parents: list[int | None]
    ) -> None:
        if not specs:
            return
        if job.errors:  # nothing will be written: only what the catalogue would refuse is wanted
            problems = items_check(specs)
        else:
            try:
                with transaction.atomic():
                    items_create(specs=specs, actor=job.actor, progress=job.tick)
            except ItemsRefused as exc:
                problems = exc.problems
            except (IntegrityError, DataError) as exc:
                # Every rule is checked before the writes; this is a concurrent change or a database limit.
                job.error(None, "", f"保存时与数据库冲突，未导入任何数据（{exc}）")
                return
            else:
                job.created += len(specs)
                return
        for i, problem in sorted(problems.items()):
            parent = parents[i]
            if problem.field == "parent" and parent is not None and parent in problems:
                # The message of the former row-by-row import, which names the parent's row.
                job.error(
                    numbers[i],
                    "parent_code",
                    f"上级事项“{specs[parent].code}”（第 {numbers[parent]} 行）有错误未能导入，本行无法导入",
                )
            else:
                job.error(numbers[i], self.column_for_field(problem.field), str(problem))

    def _parents_first(self, job: Job) -> list[DataRow]:
        """The rows with every parent of the same file before its children (file order otherwise).
        A cycle is left in file order: its rows then fail with "上级事项不存在". Also notes the parent
        codes each agency reference names, to look the registered ones up once."""
        by_key: dict[tuple[str, str], DataRow] = {}
        parent_of: dict[int, tuple[str, str]] = {}
        codes: dict[str, set[str]] = {}
        for data in job.table.rows:
            row = job.row(data)
            agency, code = cells.to_text(row.raw("agency")), cells.to_text(row.raw("code")).strip()
            by_key.setdefault((agency, code), data)
            parent = cells.to_text(row.raw("parent_code")).strip()
            if parent:
                parent_of[data.number] = (agency, parent)
                codes.setdefault(agency, set()).add(parent)
        job.state["parent_codes"] = codes
        ordered: list[DataRow] = []
        placed: set[int] = set()
        visiting: set[int] = set()

        def place(data: DataRow) -> None:
            if data.number in placed or data.number in visiting:
                return
            visiting.add(data.number)
            key = parent_of.get(data.number)
            parent = by_key.get(key) if key is not None else None
            if parent is not None and parent is not data:
                place(parent)
            visiting.discard(data.number)
            placed.add(data.number)
            ordered.append(data)

        for data in job.table.rows:
            place(data)
        return ordered

    def _spec(self, job: Job, row: Row) -> tuple[ItemSpec, int | None] | None:
        """The row as an item to register and the index of its parent among this file's items; None
        (with the row's errors recorded) if the row is wrong."""
        agency = find_agency(job, row, "agency")
        agency_ref = cells.to_text(row.raw("agency"))
        code = row.text("code").strip()
        name = row.text("name")
        kind = row.choice("kind", ItemKind, aliases=_KIND_ALIASES)
        fields = find_fields(job, row, "field")
        if len(fields) > 1:
            row.error("field", "执法事项只能填一个执法领域")
        bases = self._bases(job, row)
        procedure = row.text("procedure")
        time_limit = row.integer(
            "time_limit", minimum=1, suffixes=("个工作日", "工作日", "个自然日", "自然日", "日", "天")
        )
        unit = row.choice("time_limit_unit", DayKind) or DayKind.WORKING
        remedy = row.text("remedy")
        fee = row.text("fee") or "不收费"
        years = row.integer("limitation_years", suffixes=("年",))
        if years is not None and years not in (2, 5):
            row.error(
                "limitation_years",
                f"追责时效应为 2 年或 5 年（《中华人民共和国行政处罚法》第三十六条），收到“{years}”",
            )
        extra = {
            key: row.text(key)
            for key in (
                "implementing_body",
                "handling_unit",
                "responsibilities",
                "accountability",
                "levels",
                "entrusted_to",
            )
        }
        parent_code = row.text("parent_code").strip()
        parent: EnforcementItem | None = None
        parent_index: int | None = None
        if parent_code:
            found = self._parent(job, row, agency, agency_ref, parent_code, code)
            if isinstance(found, EnforcementItem):
                parent = found
            else:
                parent_index = found
        if code:
            job.claim(row, "code", "code", (agency.pk if agency else row.raw("agency"), code), shown=code)
        if (
            row.failed
            or agency is None
            or kind is None
            or not fields
            or (parent_code and parent is None and parent_index is None)
        ):
            job.state["failed"].setdefault((agency_ref, code), row.number)
            return None
        spec = ItemSpec(
            agency=agency,
            code=code,
            name=name,
            kind=kind,
            field=fields[0],
            bases=bases,
            procedure=procedure,
            time_limit=time_limit,
            time_limit_unit=unit,
            remedy=remedy,
            fee=fee,
            limitation_years=years if years is not None else 2,
            parent=parent,
            parent_code=parent_code if parent_index is not None else "",
            **extra,
        )
        return spec, parent_index

    @staticmethod
    def _bases(job: Job, row: Row) -> tuple[BasisRef, ...]:
        """The legal-basis cell parsed, once per distinct text of the file (a list repeats its citations)."""
        if row.blank("legal_basis"):
            return ()
        text = row.text("legal_basis")
        key = ("basis", text)
        if key not in job.cache:
            job.cache[key] = tuple(parse_basis(text))
        refs: tuple[BasisRef, ...] = job.cache[key]
        return refs

    def _parent(
        self, job: Job, row: Row, agency: Agency | None, agency_ref: str, parent_code: str, own_code: str
    ) -> EnforcementItem | int | None:
        """The parent: an item already registered, or the index of a row of this file checked fine (it is
        registered in the same call); None with an error on the row."""
        if agency is None:
            return None
        if parent_code == own_code:
            row.error("parent_code", "上级事项编码不能与本事项编码相同")
            return None
        registered: dict[int, dict[str, EnforcementItem]] = job.state["registered"]
        if agency.pk not in registered:
            codes = sorted(job.state["parent_codes"].get(agency_ref, ()))
            registered[agency.pk] = {
                item.code: item
                for start in range(0, len(codes), 500)
                for item in EnforcementItem.objects.filter(agency=agency, code__in=codes[start : start + 500])
            }
        parent = registered[agency.pk].get(parent_code)
        if parent is not None:
            return parent
        pending: dict[tuple[str, str], int] = job.state["pending"]
        index = pending.get((agency_ref, parent_code))
        if index is not None:
            return index
        failed: dict[tuple[str, str], int] = job.state["failed"]
        if (agency_ref, parent_code) in failed:
            row.error(
                "parent_code",
                f"上级事项“{parent_code}”（第 {failed[(agency_ref, parent_code)]} 行）"
                "有错误未能导入，本行无法导入",
            )
        else:
            row.error("parent_code", f"{agency.name}没有编码为“{parent_code}”的事项，请先导入上级事项")
        return None


# --- 裁量基准 -------------------------------------------------------------------------------------------


@dataclass
class _Benchmark:
    item: EnforcementItem
    name: str
    effective_from: date
    basis: str
    first_row: int
    tiers: list[TierSpec] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    failed: bool = False


class BenchmarksKind(Kind):
    """One row per tier. Rows with the same item and benchmark name form one benchmark; they must agree
    on the effective date (and on the 裁量依据 where given). The item must exist and be a penalty item."""

    name = "benchmarks"
    label = "裁量基准"
    columns = (
        Column("agency", "执法主体", note="事项编码在多个执法主体下重复时必填"),
        Column("item_code", "事项编码", required=True),
        Column(
            "name",
            "基准名称",
            required=True,
            aliases=("裁量基准名称", "名称"),
            max_length=_max(DiscretionBenchmark, "name"),
        ),
        Column("effective_from", "施行日期", required=True, aliases=("生效日期",)),
        # Today's files name the severity here; agencies' own labels (A, 第一项, 较重违法行为…) are
        # accepted too, with the severity read from the words or given in this column beside 阶次名称.
        Column(
            "tier",
            "裁量阶次",
            aliases=("阶次", "违法程度", "裁量等级", "违法情节"),
            note="轻微、一般、较重、严重或不予处罚；也可填机关自定的阶次名称",
        ),
        Column("conditions", "适用情形", required=True, aliases=("情形",)),
        Column("fine_min", "罚款下限", aliases=("罚款下限（元）",), note="元；列名写“（万元）”时按万元"),
        Column("fine_max", "罚款上限", aliases=("罚款上限（元）",), note="元；列名写“（万元）”时按万元"),
        Column("basis", "裁量依据"),
        Column(
            "label",
            "阶次名称",
            aliases=("裁量阶次名称", "裁量档次", "阶次表述", "档次"),
            max_length=_max(BenchmarkTier, "label"),
            note="机关自定的名称，如 A、第一项、较重违法行为",
        ),
        Column(
            "fine_text",
            "罚款幅度",
            aliases=("处罚幅度", "裁量幅度", "处罚标准", "处罚基准", "裁量标准", "具体标准", "处罚裁量标准"),
            note="原文照录，如“处1万元以上3万元以下罚款”“货值金额百分之五十以上一倍以下”",
        ),
        Column(
            "base",
            "计算基数",
            aliases=("罚款基数", "基数"),
            note="如货值金额、违法所得；罚款上下限按倍数填写",
        ),
        Column(
            "person_fine",
            "对责任人员罚款",
            aliases=("双罚", "责任人员罚款", "对直接负责的主管人员和其他直接责任人员罚款"),
        ),
        Column("penalty_kinds", "处罚种类", aliases=("其他处罚", "处罚措施")),
    )
    field_map: ClassVar[dict[str, str]] = {"item": "item_code", "tiers": "tier", "name": "name"}

    def run(self, job: Job) -> None:
        groups: dict[tuple[int, str], _Benchmark] = {}
        for data in job.table.rows:
            self._collect(job, job.row(data), groups)
        grouped = sum(len(g.rows) for g in groups.values())
        job.tick(len(job.table.rows) - grouped)  # rows that failed before their item was known
        for group in groups.values():
            if not group.failed:
                job.apply(group.first_row, _creator(job, group), count=len(group.rows))
            job.tick(len(group.rows))

    def _collect(self, job: Job, row: Row, groups: dict[tuple[int, str], _Benchmark]) -> None:
        item = self._item(job, row)
        name = row.text("name")
        effective = row.date("effective_from")
        severity, label = self._tier(job, row)
        conditions = row.text("conditions")
        spec = self._spec(job, row, severity, label, conditions)
        basis = row.text("basis")
        if item is None or not name or effective is None:
            return
        key = (item.pk, name)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Benchmark(
                item=item, name=name, effective_from=effective, basis=basis, first_row=row.number
            )
            if DiscretionBenchmark.objects.filter(item=item, name=name, effective_from=effective).exists():
                row.error("name", f"事项“{item.code}”已有 {effective} 施行的裁量基准“{name}”")
        else:
            if effective != group.effective_from:
                row.error(
                    "effective_from",
                    f"同一裁量基准的施行日期应一致：第 {group.first_row} 行为 {group.effective_from}，"
                    f"本行为 {effective}",
                )
            if basis and group.basis and basis != group.basis:
                row.error("basis", f"同一裁量基准的裁量依据应一致，与第 {group.first_row} 行不同")
            group.basis = group.basis or basis
        if spec is not None:
            column = "tier" if "tier" in job.index and not row.blank("tier") else "label"
            job.claim(row, column, f"tier:{item.pk}:{name}", spec.shown, shown=spec.shown)
        group.rows.append(row.number)
        if row.failed or spec is None:
            group.failed = True
            return
        group.tiers.append(spec)

    def _tier(self, job: Job, row: Row) -> tuple[str | None, str]:
        """The severity and the agency's label. The 裁量阶次 cell is a severity (today's files) or, when
        it is not one, the label itself; a label that does not say its severity needs one beside it."""
        if "tier" not in job.index and "label" not in job.index:
            if not job.state.get("tier_column_missing"):
                job.state["tier_column_missing"] = True
                job.error(None, "tier", "缺少必填列“裁量阶次”（或“阶次名称”）")
            row.failed = True
            return None, ""
        label = row.text("label").strip() if "label" in job.index else ""
        cell = cells.normalize(row.text("tier")) if "tier" in job.index else ""
        severity: str | None = None
        if cell:
            try:
                severity = cells.parse_choice(cell, Tier)
            except cells.CellProblem:
                label = label or cell
        if severity is None and label:
            severity = severity_of(label)
        if severity is None:
            shown = label or cell
            column = "tier" if cell else "label"
            if not shown:
                row.error("tier", "必填，不能为空（裁量阶次或阶次名称）")
            else:
                row.error(
                    column,
                    f"无法从“{cells.shown(shown)}”判断裁量等级：请在“阶次名称”列填写机关自定的名称，"
                    "在“裁量阶次”列注明轻微、一般、较重、严重或不予处罚",
                )
        return severity, label

    def _spec(self, job: Job, row: Row, severity: str | None, label: str, conditions: str) -> TierSpec | None:
        """The tier as written: its text kept, its ranges read from the text or from the cells."""
        fine_text = row.text("fine_text").strip()
        base = row.text("base").strip()
        if base:
            low, high = _ratio_cell(row, "fine_min"), _ratio_cell(row, "fine_max")
        else:
            low, high = _money_cell(job, row, "fine_min"), _money_cell(job, row, "fine_max")
        if low is not None and high is not None and low > high:
            row.error("fine_max", f"罚款上限（{high}）低于下限（{low}）")
        if not base and not (low or high) and fine_text and not parse_fine_text(fine_text).ranges:
            # A single bound or range cell such as "三万元以下" or "百分之五十以上一倍以下".
            try:
                found = parse_range_cell(fine_text)
                base, low, high = found.base, found.low, found.high
            except NotAnAmount:
                pass  # kept as written; the tier then has no structured range
        person = row.text("person_fine").strip()
        kinds = cells.split_list(row.text("penalty_kinds"))
        if severity is None or row.failed:
            return None
        text = fine_text
        if person and person not in text:
            text = f"{text}；" if text else ""
            text += person if "责任人员" in person else f"对直接负责的主管人员和其他直接责任人员处{person}"
        spec = tier_spec_from_text(
            label=label, conditions=conditions, fine_text=text, tier=severity, penalty_kinds=kinds
        )
        if base:
            spec = replace(spec, fine_min=None, fine_max=None, fine_base=base, rate_min=low, rate_max=high)
        elif low is not None or high is not None:
            spec = replace(spec, fine_min=low, fine_max=high, fine_base="", rate_min=None, rate_max=None)
        return spec

    def _item(self, job: Job, row: Row) -> EnforcementItem | None:
        agency = find_agency(job, row, "agency")
        code = row.text("item_code").strip()
        if not code or (agency is None and not row.blank("agency")):
            return None
        items = EnforcementItem.objects.filter(code=code).select_related("agency")
        if agency is not None:
            items = items.filter(agency=agency)
        found = list(items[:2])
        if not found:
            where = f"{agency.name}没有" if agency else "没有"
            row.error("item_code", f"{where}编码为“{code}”的执法事项，请先导入执法事项")
            return None
        if len(found) > 1:
            row.error("item_code", f"编码“{code}”对应多个执法主体的事项，请填写“执法主体”列")
            return None
        item = found[0]
        if item.kind != ItemKind.PENALTY:
            row.error(
                "item_code", f"事项“{code}”是{item.get_kind_display()}事项，裁量基准只能设于行政处罚事项"
            )
            return None
        return item


def _money_cell(job: Job, row: Row, key: str) -> Decimal | None:
    """An amount in 元, or in 万元 where the header says so ("罚款上限（万元）") or the cell does ("3万元",
    "三万元", "0.5万元")."""
    if row.blank(key):
        return None
    raw = row.raw(key)
    in_wan = "万元" in job.headers.get(key, "")
    text = cells.normalize(cells.to_text(raw))
    try:
        value = parse_money(text)
    except NotAnAmount:
        row.error(key, f"应为金额（如 30000、3万元、三万元），收到“{cells.shown(raw)}”")
        return None
    if in_wan and not re.search(r"[万元]", text):
        value = (value * 10_000).quantize(Decimal("0.01"))
    return value


def _ratio_cell(row: Row, key: str) -> Decimal | None:
    """A multiple of the 计算基数: "1倍", "0.5", "50%", "百分之五十", "等值"."""
    if row.blank(key):
        return None
    raw = row.raw(key)
    try:
        return parse_ratio(cells.to_text(raw))
    except NotAnAmount:
        row.error(key, f"有计算基数时应为倍数或比例（如 1倍、50%、百分之五十），收到“{cells.shown(raw)}”")
        return None


def _creator(job: Job, group: _Benchmark) -> Callable[[], DiscretionBenchmark]:
    def create() -> DiscretionBenchmark:
        return benchmark_create(
            item=group.item,
            name=group.name,
            effective_from=group.effective_from,
            tiers=group.tiers,
            basis=group.basis,
            actor=job.actor,
        )

    return create


# --- the published lists -------------------------------------------------------------------------------
# Each list is published per agency; a row names the agency (执法主体), and may name one of its items by
# code (事项编码). Real lists carry columns beyond our model: they are mapped to the nearest field or kept
# as text rather than refused.


def find_own_item(job: Job, row: Row, key: str, agency: Agency | None) -> EnforcementItem | None:
    """The agency's item with the code in ``key`` (optional column)."""
    code = row.text(key).strip()
    if not code or agency is None:
        return None
    cache_key = ("item", f"{agency.pk}:{code}")
    if cache_key not in job.cache:
        job.cache[cache_key] = EnforcementItem.objects.filter(agency=agency, code=code).first()
    item: EnforcementItem | None = job.cache[cache_key]
    if item is None:
        row.error(key, f"{agency.name}没有编码为“{code}”的执法事项，请先导入执法事项")
    return item


def _labelled(parts: list[tuple[str, str]]) -> str:
    """Labelled parts as lines "违法依据：…" / "处罚依据：…"; a single part keeps no label."""
    present = [(label, text) for label, text in parts if text]
    if len(present) == 1:
        return present[0][1]
    return "\n".join(f"{label}：{text}" for label, text in present)


# 有效期 as lists write it: a date (有效期至), a span "2022年1月1日至2023年12月31日", or a length "两年".
_SPAN = re.compile(r"(.+?)\s*(?:至|到|—|--|~|～)\s*(.+)")
_YEARS = re.compile(r"(?:有效期)?\s*([0-9一二两三四五六七八九十]+)\s*年")


def _validity(row: Row, key: str, valid_from: date | None) -> tuple[date | None, date | None]:
    """(start, end) from the 有效期 cell; the start is None unless the cell gives it."""
    if row.blank(key):
        return None, None
    raw = row.raw(key)
    if not isinstance(raw, str):
        return None, row.date(key)
    text = cells.normalize(raw)
    years = _YEARS.fullmatch(text)
    if years:
        n = int(years[1]) if years[1].isdigit() else (parse_chinese_number(years[1]) or 0)
        if valid_from is None or n <= 0:
            row.error(key, f"有效期写为“{text}”时须填写施行日期")
            return None, None
        # n years from the 施行日期, the last day included (29 February clips to 28 February).
        return None, months_later(valid_from, 12 * n) - timedelta(days=1)
    text = text.removeprefix("有效期").lstrip(":： ")
    if text.startswith("至"):  # "有效期至2025年12月31日"
        text = text[1:].strip()
    span = _SPAN.fullmatch(text)
    if span and not cells._DATE_RE.fullmatch(text):
        start = span[1].removeprefix("自").removesuffix("起").strip()
        try:
            return cells.parse_date(start), cells.parse_date(span[2].removesuffix("止").strip())
        except cells.CellProblem:
            row.error(
                key, f"有效期应为日期（有效期至）、“起始日期至截止日期”或“N年”，收到“{cells.shown(raw)}”"
            )
            return None, None
    try:
        return None, cells.parse_date(text.removesuffix("止").strip())
    except cells.CellProblem:
        row.error(key, f"有效期应为日期（有效期至）、“起始日期至截止日期”或“N年”，收到“{cells.shown(raw)}”")
        return None, None


_LENIENCE_ALIASES = {
    "不予处罚": LenienceKind.NO_PENALTY,
    "不予行政处罚": LenienceKind.NO_PENALTY,
    "不予处罚清单": LenienceKind.NO_PENALTY,
    "不予行政处罚清单": LenienceKind.NO_PENALTY,
    "轻微违法不予处罚": LenienceKind.NO_PENALTY,
    "轻微违法行为不予行政处罚": LenienceKind.NO_PENALTY,
    "免罚": LenienceKind.NO_PENALTY,
    "免处罚": LenienceKind.NO_PENALTY,  # 广东's 减免责清单: 免处罚清单, 免强制清单
    "免处罚清单": LenienceKind.NO_PENALTY,
    "免予处罚": LenienceKind.NO_PENALTY,
    "免予行政处罚": LenienceKind.NO_PENALTY,
    "从轻": LenienceKind.LIGHTER,
    "从轻处罚": LenienceKind.LIGHTER,
    "从轻行政处罚": LenienceKind.LIGHTER,
    "从轻处罚清单": LenienceKind.LIGHTER,
    "减轻": LenienceKind.MITIGATED,
    "减轻处罚": LenienceKind.MITIGATED,
    "减轻行政处罚": LenienceKind.MITIGATED,
    "减轻处罚清单": LenienceKind.MITIGATED,
    "免予行政强制": LenienceKind.NO_COMPULSION,
    "免强制": LenienceKind.NO_COMPULSION,
    "免强制清单": LenienceKind.NO_COMPULSION,
    "免予行政强制清单": LenienceKind.NO_COMPULSION,
    "免于行政强制": LenienceKind.NO_COMPULSION,
    "不予实施行政强制": LenienceKind.NO_COMPULSION,
    "不予实施行政强制措施": LenienceKind.NO_COMPULSION,
    "首违不罚": LenienceKind.FIRST_VIOLATION,
    "首违免罚": LenienceKind.FIRST_VIOLATION,
    "首违不罚清单": LenienceKind.FIRST_VIOLATION,
    "首次违法不予处罚": LenienceKind.FIRST_VIOLATION,
    "初次违法不予处罚": LenienceKind.FIRST_VIOLATION,
}


# A combined 从轻减轻 list's 类别 cell for an entry that is both: "从轻或减轻", "从轻、减轻处罚",
# "依法从轻或者减轻行政处罚" (行政处罚法 Art.32 "应当从轻或者减轻行政处罚"). Such an entry is one entry
# of each list.
_BOTH_LIGHTER_AND_MITIGATED = re.compile(
    r"(?:依法)?(?:从轻(?:处罚)?(?:[或、/／和及与,，]|或者)?减轻|减轻(?:处罚)?(?:[或、/／和及与,，]|或者)?从轻)"
    r"(?:行政)?(?:处罚)?(?:事项)?(?:清单)?"
)


def _lenience_kinds(row: Row) -> list[str]:
    """The list(s) a row belongs to: one, or 从轻 and 减轻 both for a combined list's "从轻或减轻" entry."""
    if row.blank("kind"):
        row.error("kind", "必填，不能为空")
        return []
    text = re.sub(r"\s+", "", cells.normalize(cells.to_text(row.raw("kind"))))
    if _BOTH_LIGHTER_AND_MITIGATED.fullmatch(text):
        return [LenienceKind.LIGHTER, LenienceKind.MITIGATED]
    aliases = {k: str(v) for k, v in _LENIENCE_ALIASES.items()}
    try:
        return [cells.parse_choice(row.raw("kind"), LenienceKind, aliases=aliases)]
    except cells.CellProblem as exc:
        row.error("kind", f"{exc.message}；合并的从轻减轻清单中同时适用两者的，可填写“从轻或减轻”")
        return []


class LenienceListKind(Kind):
    """不予处罚 / 从轻 / 减轻 / 免予行政强制 lists (四张清单) and the 首违免罚 list, one row per entry;
    also a combined list (从轻减轻清单, 减免责清单) whose 类别 column says which list a row belongs to,
    "从轻或减轻" for both. The list's 违法依据, 处罚依据 and 从轻减轻依据 columns, where it has them, are
    kept together as the entry's basis, each under its header; 裁量幅度 and 配套监管措施 as written."""

    name = "lenience"
    label = "四张清单及首违免罚清单"
    columns = (
        Column(
            "agency",
            "执法主体",
            required=True,
            aliases=("实施主体",),
            note="已有执法主体的名称或统一社会信用代码",
        ),
        Column(
            "kind",
            "清单类别",
            required=True,
            aliases=(
                "清单",
                "清单类型",
                "裁量等级",
                "类别",
                "处罚类别",
                "适用类别",
                "减免责类型",
                "从轻减轻类别",
            ),
            note="不予处罚、从轻、减轻、免予行政强制或首违免罚；合并的从轻减轻清单中同时适用两者的填“从轻或减轻”",
        ),
        Column("item_code", "事项编码", aliases=("基本编码",)),
        Column(
            "conduct",
            "违法行为",
            aliases=("行政处罚事项", "违法行为(列举)", "违法行为名称", "事项名称", "行政处罚事项名称"),
        ),
        Column(
            "circumstances",
            "适用情形",
            required=True,
            aliases=(
                "适用条件",
                "情形",
                "不予处罚适用条件",
                "不予处罚条件",
                "不予处罚情形",
                "从轻处罚适用条件",
                "减轻处罚适用条件",
                "从轻减轻适用条件",
                "从轻处罚情形",
                "减轻处罚情形",
                "从轻减轻情形",
                "免罚条件",
                "免予行政强制适用条件",
            ),
        ),
        Column("obligation", "适用方式", note="应当或可以，默认可以"),
        Column("basis", "依据", aliases=("法律依据", "适用依据", "设定依据", "法定依据")),
        Column("violated_basis", "违法依据", aliases=("违反依据",)),
        Column("penalty_basis", "处罚依据"),
        Column(
            "lenience_basis",
            "从轻减轻依据",
            aliases=(
                "从轻处罚依据",
                "减轻处罚依据",
                "从轻、减轻依据",
                "不予处罚依据",
                "免处罚依据",
                "免罚依据",
                "减免责依据",
            ),
        ),
        Column("fine_range", "裁量幅度", aliases=("处罚幅度", "从轻处罚幅度", "减轻处罚幅度")),
        Column("measures", "配套监管措施", aliases=("监管措施",)),
        Column("valid_from", "施行日期", aliases=("实施日期", "生效日期")),
        Column("valid_until", "有效期至", aliases=("有效期", "截止日期", "失效日期")),
    )
    field_map: ClassVar[dict[str, str]] = {"item": "item_code"}
    # "情形" beside an "适用条件" column: the combined list's 从轻/减轻 column.
    second_meaning: ClassVar[dict[str, str]] = {"情形": "kind"}

    def handle(self, job: Job, row: Row) -> None:
        agency = find_agency(job, row, "agency")
        kinds = _lenience_kinds(row)
        item = find_own_item(job, row, "item_code", agency)
        conduct = row.text("conduct")
        circumstances = row.text("circumstances")
        obligation = (
            row.choice(
                "obligation",
                LenienceEntry.Obligation,
                aliases={"应": LenienceEntry.Obligation.SHALL, "可": LenienceEntry.Obligation.MAY},
            )
            or LenienceEntry.Obligation.MAY
        )
        basis = _labelled(
            [
                (job.label("basis"), row.text("basis")),
                (job.label("violated_basis"), row.text("violated_basis")),
                (job.label("penalty_basis"), row.text("penalty_basis")),
                (job.label("lenience_basis"), row.text("lenience_basis")),
            ]
        )
        fine_range, measures = row.text("fine_range"), row.text("measures")
        valid_from = row.date("valid_from")
        span_from, valid_until = _validity(row, "valid_until", valid_from)
        if span_from is not None:
            if valid_from is not None and valid_from != span_from:
                row.error("valid_until", f"有效期起始日期（{span_from}）与施行日期（{valid_from}）不一致")
            valid_from = span_from
        if valid_from and valid_until and valid_until < valid_from:
            row.error("valid_until", f"有效期至（{valid_until}）早于施行日期（{valid_from}）")
        if agency is not None and circumstances:
            for kind in kinds:
                key = (agency.pk, kind, item.pk if item else None, conduct, circumstances)
                if job.claim(row, "circumstances", "entry", key, shown=cells.shown(circumstances)):
                    same = LenienceEntry.objects.filter(
                        agency=agency, kind=kind, item=item, conduct=conduct, circumstances=circumstances
                    )
                    if same.exists():
                        row.error("circumstances", f"{agency.name}的{LenienceKind(kind).label}已有这一条目")
        if row.failed or agency is None or not kinds:
            return

        def create() -> None:  # both entries of a "从轻或减轻" row, or neither
            for kind in kinds:
                lenience_entry_create(
                    agency=agency,
                    kind=kind,
                    item=item,
                    conduct=conduct,
                    circumstances=circumstances,
                    obligation=obligation,
                    basis=basis,
                    fine_range=fine_range,
                    measures=measures,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    actor=job.actor,
                )

        job.apply(row.number, create, count=len(kinds))


# --- 重大执法决定法制审核目录 ------------------------------------------------------------------------------

_CN_NUM = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def _cn_number(text: str) -> int | None:
    """二十 → 20, 十 → 10, 三百 → 300, 一千五百 → 1500; None for anything else."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_NUM:
            digit = _CN_NUM[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


# "对公民处以1万元以上（含1万元）罚款", "对自然人或个体工商户处以万元以上（不含本数）",
# "对法人或者其他组织处以十万元以上": the amount, an optional 万, and a parenthesis saying whether the
# figure itself counts.
_THRESHOLD = re.compile(
    r"([0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十百千]+)?\s*(万)?\s*元\s*(?:以上|及以上)\s*"
    r"(?:\(([^()]*)\))?"
)
_NATURAL = ("公民", "自然人", "个人", "个体工商户")
_LEGAL = ("法人", "其他组织", "单位", "企业")


@dataclass(frozen=True)
class _Thresholds:
    natural: Decimal | None
    legal: Decimal | None
    exclusive: bool


def thresholds_in_text(text: str) -> _Thresholds | None:
    """The fine thresholds a catalogue row states in words, by whom they apply to (公民/自然人 or 法人/单位/
    其他组织), and whether "以上" excludes the figure ("不含本数"); None when the text states none."""
    normalized = unicodedata.normalize("NFKC", text)
    natural: Decimal | None = None
    legal: Decimal | None = None
    exclusive = False
    for clause in re.split(r"对|;|。", normalized):
        match = _THRESHOLD.search(clause)
        if match is None:
            continue
        head = clause[: match.start()]
        who_natural = any(w in head for w in _NATURAL)
        who_legal = any(w in head for w in _LEGAL)
        if who_natural == who_legal:
            continue  # neither or both named: not a per-person threshold we can place
        number = match[1]
        if number is None:
            value = Decimal(1)
        elif number[0].isdigit():
            value = Decimal(number)
        else:
            cn = _cn_number(number)
            if cn is None:
                continue
            value = Decimal(cn)
        if match[2]:
            value *= 10000
        if match[3] and "不含" in match[3]:
            exclusive = True
        if who_natural and natural is None:
            natural = value
        elif who_legal and legal is None:
            legal = value
    if natural is None and legal is None:
        return None
    return _Thresholds(natural, legal, exclusive)


_ITEM_KIND_ALIASES = {"行处": ItemKind.PENALTY}
# Art.58(1)(2): 经过听证程序的 — "需经听证程序作出决定的", "经过听证的"; not "符合听证条件的".
_HEARING_HELD = re.compile(r"经过?听证|听证程序")
_OTHER_MEASURES = re.compile(r"吊销|停产停业|停业整顿|责令关闭|限制从业|降低资质|暂扣|拘留")


class MajorDecisionsKind(Kind):
    """The 重大执法决定法制审核目录清单 (国办发〔2018〕118号 四（十二）), one row per catalogue entry.

    Catalogues state their rules in words. Where the amount columns are blank, the thresholds are read
    from the entry's text ("对公民处以1万元以上、对法人或者其他组织处以10万元以上罚款"; "（不含本数）"
    makes them exclusive); 经过听证 / 疑难复杂 / 涉及重大公共利益 in the text set those conditions; what is
    left without a condition the engine can check is kept as 其他情形 for the reviewer to confirm."""

    name = "major_decisions"
    label = "重大执法决定法制审核目录"
    columns = (
        Column("agency", "执法主体", required=True, note="已有执法主体的名称或统一社会信用代码"),
        Column(
            "name",
            "审核事项",
            required=True,
            aliases=(
                "名称",
                "目录事项",
                "审核情形",
                "具体事项",
                "审核的具体执法决定项目",
                "审核的具体行政执法项目",
                "重大执法决定事项",
                "重大行政执法决定事项",
            ),
            max_length=_max(MajorDecisionRule, "name"),
        ),
        Column(
            "item_kinds",
            "事项类别",
            aliases=("执法类别", "执法项目类别", "行政执法项目大类", "执法决定类别"),
            note="行政处罚、行政许可、行政强制…，多个用“、”分隔",
        ),
        Column("penalty_kinds", "处罚种类", note="罚款、吊销许可证件、责令停产停业…，多个用“、”分隔"),
        Column(
            "fine_threshold_natural",
            "自然人罚没金额",
            aliases=("公民罚没金额", "自然人罚款金额", "公民罚款金额", "自然人罚没金额阈值"),
        ),
        Column(
            "fine_threshold_legal",
            "法人或其他组织罚没金额",
            aliases=(
                "法人罚没金额",
                "单位罚没金额",
                "法人罚款金额",
                "单位罚款金额",
                "法人或其他组织罚没金额阈值",
            ),
        ),
        Column("fine_threshold_exclusive", "不含本数", note="是/否：金额须超过而非达到阈值，默认否"),
        Column("hearing_held", "经过听证", note="是/否"),
        Column("complex_case", "疑难复杂", aliases=("案情疑难复杂",), note="是/否"),
        Column("major_public_interest", "涉及重大公共利益", aliases=("重大公共利益",), note="是/否"),
        Column("other_criteria", "其他情形", note="由法制审核人员确认的情形"),
        Column("basis", "依据", aliases=("审核依据", "法律依据")),
    )

    def handle(self, job: Job, row: Row) -> None:
        from zhifa.cases.guards import PENALTY_KINDS

        agency = find_agency(job, row, "agency")
        name = row.text("name")
        item_kinds: list[str] = []
        for ref in cells.split_list(row.text("item_kinds")):
            try:
                item_kinds.append(
                    cells.parse_choice(ref.removesuffix("类"), ItemKind, aliases=dict(_ITEM_KIND_ALIASES))
                )
            except cells.CellProblem as exc:
                row.error("item_kinds", exc.message)
        penalty_kinds = cells.split_list(row.text("penalty_kinds"))
        unknown = [k for k in penalty_kinds if k not in PENALTY_KINDS]
        if unknown:
            row.error(
                "penalty_kinds",
                f"处罚种类{'、'.join(f'“{u}”' for u in unknown)}无效，应为：{'、'.join(PENALTY_KINDS)}",
            )
        natural = row.amount("fine_threshold_natural")
        legal = row.amount("fine_threshold_legal")
        exclusive = row.boolean("fine_threshold_exclusive")
        hearing = row.boolean("hearing_held")
        complex_case = row.boolean("complex_case")
        public_interest = row.boolean("major_public_interest")
        other = row.text("other_criteria")
        basis = row.text("basis")
        derived = False
        if (
            name
            and natural is None
            and legal is None
            and row.blank("fine_threshold_natural")
            and row.blank("fine_threshold_legal")
        ):
            found = thresholds_in_text(name)
            if found is not None:
                natural, legal = found.natural, found.legal
                exclusive = exclusive or found.exclusive
                derived = True
        hearing = hearing or (row.blank("hearing_held") and bool(_HEARING_HELD.search(name)))
        complex_case = complex_case or (
            row.blank("complex_case") and ("疑难复杂" in name or "多个法律关系" in name)
        )
        public_interest = public_interest or (row.blank("major_public_interest") and "重大公共利益" in name)
        checkable = (
            bool(item_kinds or penalty_kinds or natural is not None or legal is not None)
            or hearing
            or complex_case
            or public_interest
        )
        if not other and (not checkable or (derived and _OTHER_MEASURES.search(name))):
            # Stated only in words, or amounts read from a text that also lists other measures as
            # alternatives (责令停产停业、吊销…, which a rule's AND of conditions cannot hold): the
            # catalogue's words go to the reviewer, who confirms them.
            other = name
        if (
            name
            and agency is not None
            and job.claim(row, "name", "name", (agency.pk, name), shown=name)
            and MajorDecisionRule.objects.filter(agency=agency, name=name, active=True).exists()
        ):
            row.error("name", f"{agency.name}的目录中已有“{cells.shown(name)}”")
        if row.failed or agency is None:
            return
        job.apply(
            row.number,
            lambda: major_rule_create(
                agency=agency,
                name=name,
                item_kinds=item_kinds,
                penalty_kinds=penalty_kinds,
                fine_threshold_natural=natural,
                fine_threshold_legal=legal,
                fine_threshold_exclusive=exclusive,
                hearing_held=hearing,
                complex_case=complex_case,
                major_public_interest=public_interest,
                other_criteria=other,
                basis=basis,
                actor=job.actor,
            ),
        )


# --- 随机抽查事项清单 -----------------------------------------------------------------------------------

_INSPECTION_KIND_ALIASES = {
    "一般": InspectionItem.Kind.GENERAL,
    "一般事项": InspectionItem.Kind.GENERAL,
    "一般抽查事项": InspectionItem.Kind.GENERAL,
    "重点": InspectionItem.Kind.KEY,
    "重点事项": InspectionItem.Kind.KEY,
    "重点抽查事项": InspectionItem.Kind.KEY,
}


class InspectionItemsKind(Kind):
    """The 随机抽查事项清单 (双随机、一公开), one row per 抽查事项. Lists merge the 抽查领域 (and often the
    依据, 发起部门 …) over a group of rows: an XLSX's merged cells are read as the range's value."""

    name = "inspection_items"
    label = "随机抽查事项清单"
    columns = (
        Column(
            "agency",
            "执法主体",
            required=True,
            aliases=("实施机关",),
            note="已有执法主体的名称或统一社会信用代码",
        ),
        Column(
            "field_name",
            "抽查领域",
            aliases=("抽查类别", "检查领域", "监管领域"),
            max_length=_max(InspectionItem, "field_name"),
        ),
        Column(
            "name",
            "抽查事项",
            required=True,
            aliases=("检查事项", "随机抽查事项", "抽查事项名称", "事项名称"),
            max_length=_max(InspectionItem, "name"),
        ),
        Column("item_code", "事项编码"),
        Column(
            "target",
            "检查对象",
            required=True,
            aliases=("抽查对象",),
            max_length=_max(InspectionItem, "target"),
        ),
        Column("content", "检查内容", aliases=("抽查内容",)),
        Column(
            "method",
            "检查方式",
            aliases=("抽查方式", "随机抽查方式"),
            max_length=_max(InspectionItem, "method"),
        ),
        Column("kind", "事项类别", aliases=("事项类型", "抽查类别(一般/重点)"), note="一般或重点，默认一般"),
        Column("basis", "检查依据", aliases=("抽查依据", "依据", "法律依据")),
        Column("ratio_percent", "抽查比例", note="百分比，如 5%"),
        Column(
            "frequency",
            "抽查频次",
            aliases=("频次", "检查频次", "抽查周期", "抽查频率"),
            max_length=_max(InspectionItem, "frequency"),
        ),
        Column(
            "initiating_agency",
            "发起部门",
            aliases=("牵头部门",),
            max_length=_max(InspectionItem, "initiating_agency"),
        ),
        Column(
            "partner_agencies",
            "配合部门",
            aliases=("联合部门", "配合单位"),
            max_length=_max(InspectionItem, "partner_agencies"),
        ),
        Column(
            "level",
            "实施层级",
            aliases=("抽查层级", "层级", "实施级别"),
            max_length=_max(InspectionItem, "level"),
        ),
    )
    field_map: ClassVar[dict[str, str]] = {"item": "item_code"}

    def handle(self, job: Job, row: Row) -> None:
        agency = find_agency(job, row, "agency")
        item = find_own_item(job, row, "item_code", agency)
        name, target = row.text("name"), row.text("target")
        kind = (
            row.choice(
                "kind", InspectionItem.Kind, aliases={k: str(v) for k, v in _INSPECTION_KIND_ALIASES.items()}
            )
            or InspectionItem.Kind.GENERAL
        )
        values: dict[str, Any] = {
            "field_name": row.text("field_name"),
            "content": row.text("content"),
            "method": row.text("method"),
            "basis": row.text("basis"),
            "ratio_percent": row.percent("ratio_percent"),
            "frequency": row.text("frequency"),
            "initiating_agency": row.text("initiating_agency"),
            "partner_agencies": row.text("partner_agencies"),
            "level": row.text("level"),
        }
        if agency is not None and name and target:
            key = (agency.pk, values["field_name"], name, target)
            if job.claim(row, "name", "inspection", key, shown=name):
                same = InspectionItem.objects.filter(agency=agency, name=name, target=target)
                if same.exists():
                    row.error("name", f"{agency.name}已有抽查事项“{cells.shown(name)}”（检查对象相同）")
        if row.failed or agency is None:
            return
        job.apply(
            row.number,
            lambda: inspection_item_create(
                agency=agency, item=item, name=name, target=target, kind=kind, actor=job.actor, **values
            ),
        )


# --- 音像记录事项清单 -----------------------------------------------------------------------------------

_RECORDING_LEVEL_ALIASES = {
    "全程": RecordingRequirement.Level.FULL_PROCESS,
    "全过程": RecordingRequirement.Level.FULL_PROCESS,
    "全过程记录": RecordingRequirement.Level.FULL_PROCESS,
    "全程记录": RecordingRequirement.Level.FULL_PROCESS,
    "全过程音像记录": RecordingRequirement.Level.FULL_PROCESS,
    "根据情况": RecordingRequirement.Level.WHEN_NEEDED,
    "根据需要": RecordingRequirement.Level.WHEN_NEEDED,
    "必要时": RecordingRequirement.Level.WHEN_NEEDED,
    "视情况": RecordingRequirement.Level.WHEN_NEEDED,
}
# Columns real lists carry that the model keeps together as notes ("header：value" lines).
_RECORDING_NOTES = (
    "recorder",
    "record_start",
    "record_end",
    "retention",
    "department",
    "timing",
    "record_class",
)


class RecordingItemsKind(Kind):
    """The 音像记录事项清单 (国办发〔2018〕118号 三（九）), one row per 执法环节. Lists name the step as
    执法环节, 执法事项 or 记录事项 (some all three): the first given is the step, the others are kept
    as its 执法事项.
    Without a 记录要求 column the row is a 全程音像记录 requirement: that is what the list is published
    for (118号: 全程音像记录 of 查封扣押、强制拆除 and other on-site acts the list names)."""

    name = "recording_items"
    label = "音像记录事项清单"
    columns = (
        Column("agency", "执法主体", required=True, note="已有执法主体的名称或统一社会信用代码"),
        Column(
            "category",
            "执法类别",
            aliases=("执法项目类别",),
            max_length=_max(RecordingRequirement, "category"),
        ),
        Column("stage", "执法环节", aliases=("记录环节",), max_length=_max(RecordingRequirement, "activity")),
        Column("matter", "执法事项"),
        Column("subject", "记录事项"),
        Column("item_code", "事项编码"),
        Column(
            "level",
            "记录要求",
            aliases=("记录类型", "记录形式"),
            note="全程音像记录或根据情况音像记录，默认全程",
        ),
        Column(
            "venue",
            "记录场所",
            aliases=("记录场合", "记录地点"),
            max_length=_max(RecordingRequirement, "venue"),
        ),
        Column(
            "method",
            "记录方式",
            aliases=("记录设备", "记录载体"),
            max_length=_max(RecordingRequirement, "method"),
        ),
        Column("content", "记录内容", aliases=("记录过程",)),
        Column("basis", "依据", aliases=("法律依据",)),
        Column("recorder", "记录人", aliases=("记录人员",)),
        Column("record_start", "开始记录时间", aliases=("记录开始时间",)),
        Column("record_end", "结束记录时间", aliases=("记录结束时间",)),
        Column("retention", "存储期限", aliases=("保存期限",)),
        Column("department", "执法部门", aliases=("记录部门",)),
        Column("timing", "执法时限要求"),
        Column("record_class", "执法记录类别"),
    )
    field_map: ClassVar[dict[str, str]] = {"item": "item_code", "activity": "stage"}

    def handle(self, job: Job, row: Row) -> None:
        agency = find_agency(job, row, "agency")
        item = find_own_item(job, row, "item_code", agency)
        named = [t for t in (row.text("stage"), row.text("subject"), row.text("matter")) if t]
        if not named:
            row.error("stage", "执法环节、执法事项、记录事项至少填写一项")
        activity = named[0] if named else ""
        limit = _max(RecordingRequirement, "activity") or 100
        if len(activity) > limit:
            row.error("stage", f"执法环节不能超过 {limit} 个字符（现为 {len(activity)} 个）")
        matter = "；".join(dict.fromkeys(t for t in named[1:] if t != activity))
        level = (
            row.choice(
                "level",
                RecordingRequirement.Level,
                aliases={k: str(v) for k, v in _RECORDING_LEVEL_ALIASES.items()},
            )
            or RecordingRequirement.Level.FULL_PROCESS
        )
        notes = "\n".join(f"{job.label(k)}：{row.text(k)}" for k in _RECORDING_NOTES if row.text(k))
        values: dict[str, Any] = {
            "category": row.text("category"),
            "venue": row.text("venue"),
            "method": row.text("method"),
            "content": row.text("content"),
            "basis": row.text("basis"),
        }
        if row.failed or agency is None:
            return
        job.apply(
            row.number,
            lambda: recording_requirement_create(
                agency=agency,
                item=item,
                activity=activity,
                matter=matter,
                level=level,
                notes=notes,
                actor=job.actor,
                **values,
            ),
        )


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        FieldsKind(),
        LawsKind(),
        RegionsKind(),
        AgenciesKind(),
        OfficersKind(),
        ItemsKind(),
        BenchmarksKind(),
        LenienceListKind(),
        MajorDecisionsKind(),
        InspectionItemsKind(),
        RecordingItemsKind(),
        # 罚缴分离 (行政处罚法 Art.67, 74): the bank's statement, recorded on the cases (issue 17).
        BankReceiptsKind(),
    )
}
