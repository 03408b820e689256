"""Regions (行政区划), agencies (行政执法主体) and their units (内设机构)."""

from __future__ import annotations

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
        own = self.significant(self.code, self.level)
        base = self.parent.path if self.parent else "/"
        return f"{base}{own}/"

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)


class AgencyKind(models.TextChoices):
    STATUTORY_ORGAN = "statutory_organ", "行政机关"
    AUTHORIZED_ORGANIZATION = "authorized_organization", "法律法规授权组织"
    ENTRUSTED_ORGANIZATION = "entrusted_organization", "受委托组织"


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

    def clean(self) -> None:
        result = check_credit_code(self.credit_code)
        if not result.ok:
            raise ValidationError({"credit_code": result.error})


class Unit(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("名称", max_length=100)
    is_legal_unit = models.BooleanField("法制审核机构", default=False)

    objects: ClassVar[models.Manager[Unit]]

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.name}"
