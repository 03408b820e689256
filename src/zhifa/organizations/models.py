"""Regions (行政区划), agencies (行政执法主体) and their units (内设机构)."""

from __future__ import annotations

import re
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from zhifa.lib.identifiers import check_credit_code


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


# GB/T 2260 codes: province, city and county are 6 digits (2+2+2); townships add 3 (GB/T 10114).
CODE_LENGTH = {
    RegionLevel.PROVINCE: 6,
    RegionLevel.CITY: 6,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
}
PARENT_LEVEL = {
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.COUNTY: RegionLevel.CITY,
    RegionLevel.TOWNSHIP: RegionLevel.COUNTY,
}
# Province-level codes of the four 直辖市 (GB/T 2260): their 区 and 县 sit directly under the city
# (北京市 110000 → 东城区 110101), with no 地级 level between them (lists publish no "市辖区 110100").
MUNICIPALITY_PREFIXES = frozenset({"11", "12", "31", "50"})


# Levels a region may sit directly under, besides PARENT_LEVEL's: a county-level region under a 直辖市
# or a 省直辖县级行政区 (GB/T 2260 xx90xx: 湖北 仙桃市 429004); a township of a 不设区的地级市 (东莞市
# 441900 → 441900003, GB/T 10114).
def allowed_parent_levels(code: str, level: str) -> tuple[str, ...]:
    wanted = PARENT_LEVEL.get(RegionLevel(level))
    if wanted is None:
        return ()
    extra: tuple[str, ...] = ()
    if level == RegionLevel.COUNTY and (code[:2] in MUNICIPALITY_PREFIXES or code[2:4] == "90"):
        extra = (RegionLevel.PROVINCE,)
    elif level == RegionLevel.TOWNSHIP:
        extra = (RegionLevel.CITY,)
    return (wanted, *extra)


# A 开发区/新区/功能区 has no GB/T 2260 code: it carries a local code, the significant code prefix of the
# region it belongs to followed by 1–6 digits or capital letters (苏州工业园区 320571 in the statistical
# division codes, or 雄安新区 "13XA"), unique like every region code.
LOCAL_CODE = re.compile(r"\d{2,9}[0-9A-Z]{1,6}")


class Region(models.Model):
    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("级别", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_functional_area = models.BooleanField(
        "开发区/新区/功能区", default=False, help_text="没有国家行政区划代码，使用本地代码"
    )
    # Materialized path of significant code prefixes ("/99/9901/990102/"): a subtree is one prefix match.
    path = models.CharField(max_length=64, db_index=True, editable=False)

    objects: ClassVar[models.Manager[Region]]

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def significant(code: str, level: str) -> str:
        return {"province": code[:2], "city": code[:4], "county": code[:6]}.get(level, code)

    def compute_path(self) -> str:
        # A local code is significant in full: two areas "1306K12" and "1306K13" must not share a path.
        own = self.code if self.is_functional_area else self.significant(self.code, self.level)
        base = self.parent.path if self.parent else "/"
        return f"{base}{own}/"

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)


class AgencyKind(models.TextChoices):
    STATUTORY_ORGAN = "statutory_organ", "行政机关"
    AUTHORIZED_ORGANIZATION = "authorized_organization", "法律法规授权组织"
    ENTRUSTED_ORGANIZATION = "entrusted_organization", "受委托组织"


class BranchKind(models.TextChoices):
    DISPATCHED = "dispatched", "派出机构"
    BRANCH = "branch", "分局"


class Agency(models.Model):
    name = models.CharField("名称", max_length=200, unique=True)
    short_code = models.CharField(
        "机关代字", max_length=20, blank=True, help_text="用于文书编号，例如“江北市监”"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    kind = models.CharField("主体类型", max_length=32, choices=AgencyKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="agencies"
    )
    field = models.CharField("执法领域", max_length=50, blank=True)
    legal_basis = models.TextField("职权依据", blank=True)
    legal_unit = models.ForeignKey(
        "Unit",
        verbose_name="法制审核机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
        help_text="派出机构或分局所属的机关",
    )
    branch_kind = models.CharField(
        "下属机构类型", max_length=16, choices=BranchKind.choices, blank=True, default=""
    )
    entrusted_by = models.ForeignKey(
        "self",
        verbose_name="委托机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entrusted",
        help_text="受委托组织以委托机关的名义实施行政处罚",
    )
    address = models.CharField("地址", max_length=300, blank=True)
    consultation_phone = models.CharField("咨询电话", max_length=40, blank=True)
    supervision_phone = models.CharField("监督电话", max_length=40, blank=True)
    is_supervising_body = models.BooleanField("行政执法监督机构", default=False)
    active = models.BooleanField("有效", default=True)

    objects: ClassVar[models.Manager[Agency]]

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def deciding_agency(self) -> Agency:
        """The agency in whose name decisions are made: for a 受委托组织 the agency that entrusted it
        (行政处罚法 Art.20 ¶2-3: the entrusted organization acts in the entrusting agency's name, and the
        entrusting agency answers for the consequences)."""
        if self.kind == AgencyKind.ENTRUSTED_ORGANIZATION and self.entrusted_by is not None:
            return self.entrusted_by
        return self

    def clean(self) -> None:
        errors: dict[str, str] = {}
        result = check_credit_code(self.credit_code)
        if not result.ok:
            errors["credit_code"] = result.error or "统一社会信用代码无效"
        errors.update(self._hierarchy_errors())
        if errors:
            raise ValidationError(errors)

    def _hierarchy_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        entrusting = self.entrusted_by
        if self.kind == AgencyKind.ENTRUSTED_ORGANIZATION:
            if entrusting is None:
                errors["entrusted_by"] = "受委托组织必须填写委托机关（行政处罚法第二十条）"
            elif entrusting.pk is not None and entrusting.pk == self.pk:
                errors["entrusted_by"] = "委托机关不能是本组织"
            elif entrusting.kind == AgencyKind.ENTRUSTED_ORGANIZATION:
                # 行政处罚法 Art.20 ¶3: 受委托组织不得再委托其他组织或者个人实施行政处罚.
                errors["entrusted_by"] = f"“{entrusting.name}”是受委托组织，不得再委托（行政处罚法第二十条）"
        elif entrusting is not None:
            errors["entrusted_by"] = "只有受委托组织才有委托机关"
        if self.branch_kind and self.parent is None:
            errors["parent"] = f"{BranchKind(self.branch_kind).label}必须填写上级机关"
        seen: set[int] = set()
        ancestor = self.parent
        while ancestor is not None:
            if (self.pk is not None and ancestor.pk == self.pk) or ancestor.pk in seen:
                errors["parent"] = "上级机关不能是本机关或其下属机构"
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return errors


class Unit(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("名称", max_length=100)
    short_code = models.CharField(
        "内设机构代字", max_length=20, blank=True, help_text="按内设机构分别编号时用于文号，例如“朝阳门”"
    )
    is_legal_unit = models.BooleanField("法制审核机构", default=False)

    objects: ClassVar[models.Manager[Unit]]

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.name}"
