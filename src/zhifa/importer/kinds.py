"""The seven registry kinds: their columns and how a row becomes calls to the owning app's services.

Import order for a database built from nothing: fields, laws, regions, agencies, officers, items,
benchmarks (the sample files in ``samples/`` follow it). A row may refer to a row earlier in the same
file only where stated (a region's parent); everything else it names must already exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.db.models import Model, Q
from django.utils import timezone

from zhifa.cases.numbering import validate_template
from zhifa.cases.services import numbering_template_set
from zhifa.catalog.models import (
    DayKind,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    ItemKind,
    Law,
    Tier,
)
from zhifa.catalog.services import (
    BasisRef,
    TierSpec,
    benchmark_create,
    field_get_or_create,
    item_create,
    law_get_or_create,
)
from zhifa.core.errors import DomainError
from zhifa.importer import cells
from zhifa.importer.basis import parse_basis
from zhifa.importer.job import Column, Job, Kind, Row
from zhifa.importer.reading import DataRow
from zhifa.lib.identifiers import check_credit_code, check_phone, check_resident_id
from zhifa.lib.parents_first import parents_first
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
    )

    def handle(self, job: Job, row: Row) -> None:
        name = row.text("name").strip("《》 ")
        level = row.choice("level", Law.Level)
        issuer = row.text("issuer")
        effective = row.date("effective_date")
        if name and job.claim(row, "name", "name", name) and Law.objects.filter(name=name).exists():
            row.error("name", f"法律法规库中已有《{name}》")
        if row.failed or level is None:
            return
        job.apply(
            row.number,
            lambda: law_get_or_create(
                name=name, level=level, issuer=issuer, effective_date=effective, actor=job.actor
            ),
        )


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


class ItemsKind(Kind):
    name = "items"
    label = "执法事项"
    columns = (
        Column("agency", "执法主体", required=True, note="已有执法主体的名称或统一社会信用代码"),
        Column("code", "事项编码", required=True, max_length=_max(EnforcementItem, "code")),
        Column("name", "事项名称", required=True, max_length=_max(EnforcementItem, "name")),
        Column(
            "kind",
            "事项类别",
            required=True,
            note="行政许可、行政处罚、行政强制、行政征收、行政检查、行政确认或其他",
        ),
        Column("field", "执法领域", required=True, note="已有执法领域的名称或代码"),
        Column("legal_basis", "执法依据", required=True, note="见 basis.py 的语法，多条用分号分隔"),
        Column("procedure", "办理程序"),
        Column("time_limit", "办理时限", note="整数"),
        Column("time_limit_unit", "时限单位", note="工作日或自然日，默认工作日"),
        Column("remedy", "救济渠道"),
        Column(
            "fee", "收费", aliases=("收费标准",), max_length=_max(EnforcementItem, "fee"), note="默认“不收费”"
        ),
        Column("limitation_years", "追责时效", aliases=("追责时效（年）",), note="2 或 5（年），默认 2"),
    )
    field_map: ClassVar[dict[str, str]] = {"bases": "legal_basis", "agency": "agency"}

    def handle(self, job: Job, row: Row) -> None:
        agency = find_agency(job, row, "agency")
        code = row.text("code").strip()
        name = row.text("name")
        kind = row.choice("kind", ItemKind)
        fields = find_fields(job, row, "field")
        if len(fields) > 1:
            row.error("field", "执法事项只能填一个执法领域")
        bases: list[BasisRef] = []
        basis_text = row.text("legal_basis")
        if basis_text:
            try:
                bases = parse_basis(basis_text)
            except cells.CellProblem as exc:
                row.error("legal_basis", exc.message)
            wanted = {b.law for b in bases}
            missing = sorted(wanted - set(Law.objects.filter(name__in=wanted).values_list("name", flat=True)))
            if missing:
                names = "、".join(f"《{m}》" for m in missing)
                row.error("legal_basis", f"法律法规库中没有{names}，请先导入法律法规（名称须完全一致）")
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
        if code:
            job.claim(row, "code", "code", (agency.pk if agency else row.raw("agency"), code), shown=code)
        if row.failed or agency is None or kind is None or not fields:
            return
        job.apply(
            row.number,
            lambda: item_create(
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
                actor=job.actor,
            ),
        )


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
        Column(
            "tier", "裁量阶次", required=True, aliases=("阶次", "违法程度"), note="轻微、一般、较重或严重"
        ),
        Column("conditions", "适用情形", required=True, aliases=("情形",)),
        Column("fine_min", "罚款下限", aliases=("罚款下限（元）",)),
        Column("fine_max", "罚款上限", aliases=("罚款上限（元）",)),
        Column("basis", "裁量依据"),
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
        tier = row.choice("tier", Tier)
        conditions = row.text("conditions")
        fine_min, fine_max = row.amount("fine_min"), row.amount("fine_max")
        if fine_min is not None and fine_max is not None and fine_min > fine_max:
            row.error("fine_max", f"罚款上限（{fine_max}）低于下限（{fine_min}）")
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
        if tier is not None:
            job.claim(row, "tier", f"tier:{item.pk}:{name}", tier, shown=Tier(tier).label)
        group.rows.append(row.number)
        if row.failed or tier is None:
            group.failed = True
            return
        group.tiers.append(TierSpec(tier=tier, conditions=conditions, fine_min=fine_min, fine_max=fine_max))

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
    )
}
