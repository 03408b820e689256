"""Writes to the registry of regions, agencies and units. Each one journals in its transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zhifa.core.errors import DomainError
from zhifa.journal.services import record
from zhifa.lib.identifiers import check_credit_code
from zhifa.organizations.models import (
    CODE_LENGTH,
    LOCAL_CODE,
    Agency,
    Region,
    RegionLevel,
    Unit,
    allowed_parent_levels,
)


def _validate_region(*, code: str, level: str, parent: Region | None, functional: bool = False) -> None:
    if level not in RegionLevel.values:
        raise DomainError(f"区划级别“{level}”无效，应为省级、市级、县级或乡级", field="level")
    if functional:
        _validate_local_code(code=code, level=level, parent=parent)
        return
    expected = CODE_LENGTH[RegionLevel(level)]
    if not (code.isdigit() and len(code) == expected):
        raise DomainError(
            f"{RegionLevel(level).label}区划代码应为 {expected} 位数字，收到“{code}”", field="code"
        )
    allowed = allowed_parent_levels(code, level)
    if not allowed:
        if parent is not None:
            raise DomainError("省级区划不能有上级区划", field="parent")
        return
    if parent is None or parent.level not in allowed:
        wanted = "或".join(RegionLevel(a).label for a in allowed)
        raise DomainError(f"{RegionLevel(level).label}区划的上级应为{wanted}区划", field="parent")
    if parent.is_functional_area:
        # A street run by a 开发区 keeps its own GB/T 10114 code, which need not extend a local code.
        return
    prefix = Region.significant(parent.code, parent.level)
    if not code.startswith(prefix):
        raise DomainError(f"区划代码“{code}”与上级区划代码“{parent.code}”不一致", field="code")


def _validate_local_code(*, code: str, level: str, parent: Region | None) -> None:
    """A 开发区/新区/功能区: a local code under its parent's significant prefix (models.LOCAL_CODE)."""
    if level == RegionLevel.PROVINCE or parent is None:
        raise DomainError("开发区、新区、功能区必须填写所属的上级区划", field="parent")
    if RegionLevel.values.index(parent.level) >= RegionLevel.values.index(level):
        raise DomainError(
            f"开发区、新区、功能区的上级区划应高于{RegionLevel(level).label}，"
            f"“{parent.name}”为{RegionLevel(parent.level).label}",
            field="parent",
        )
    prefix = parent.code if parent.is_functional_area else Region.significant(parent.code, parent.level)
    if not (
        LOCAL_CODE.fullmatch(code) and len(code) <= 12 and code.startswith(prefix) and len(code) > len(prefix)
    ):
        raise DomainError(
            f"开发区、新区、功能区的本地代码应以上级区划代码前缀“{prefix}”开头，"
            f"后接 1 至 6 位数字或大写字母，总长不超过 12 位，收到“{code}”",
            field="code",
        )


def region_create(
    *,
    code: str,
    name: str,
    level: str,
    parent: Region | None,
    actor: Any,
    is_functional_area: bool = False,
) -> Region:
    code, name = code.strip(), name.strip()
    _validate_region(code=code, level=level, parent=parent, functional=is_functional_area)
    if not name:
        raise DomainError("区划名称不能为空", field="name")
    with transaction.atomic():
        if Region.objects.filter(code=code).exists():
            raise DomainError(f"区划代码“{code}”已存在", field="code")
        region = Region(
            code=code, name=name, level=level, parent=parent, is_functional_area=is_functional_area
        )
        region.path = region.compute_path()
        region.save()
        payload: dict[str, Any] = {
            "code": code,
            "name": name,
            "level": level,
            "parent": parent.code if parent else None,
        }
        if is_functional_area:  # a local code, not GB/T 2260
            payload["is_functional_area"] = True
        record(
            event_type="region.created",
            subject=region,
            agency_id=None,
            actor=actor,
            payload=payload,
        )
    return region


AGENCY_FIELDS = (
    "name",
    "short_code",
    "credit_code",
    "kind",
    "region",
    "field",
    "legal_basis",
    "address",
    "consultation_phone",
    "supervision_phone",
    "is_supervising_body",
    "parent",
    "branch_kind",
    "entrusted_by",
)
_AGENCY_REFS = ("region", "parent", "entrusted_by")


def _agency_snapshot(agency: Agency) -> dict[str, Any]:
    data = {f: getattr(agency, f) for f in AGENCY_FIELDS if f not in _AGENCY_REFS}
    data["region"] = agency.region.code
    data["parent"] = agency.parent.name if agency.parent else None
    data["entrusted_by"] = agency.entrusted_by.name if agency.entrusted_by else None
    return data


def _full_clean(obj: Agency | Unit) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        fields = list(exc.message_dict)
        text = "；".join(f"{_label(obj, f)}：{'、'.join(m)}" for f, m in exc.message_dict.items())
        raise DomainError(text, field=fields[0]) from exc


def _label(obj: Agency | Unit, field: str) -> str:
    try:
        return str(getattr(obj._meta.get_field(field), "verbose_name", field))
    except Exception:
        return field


def agency_create(*, actor: Any, **fields: Any) -> Agency:
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    check = check_credit_code(str(fields.get("credit_code", "")))
    if not check.ok:
        raise DomainError(check.error or "统一社会信用代码无效", field="credit_code")
    fields["credit_code"] = check.normalized
    agency = Agency(**fields)
    _full_clean(agency)
    with transaction.atomic():
        agency.save()
        record(
            event_type="agency.created",
            subject=agency,
            agency_id=agency.pk,
            actor=actor,
            payload=_agency_snapshot(agency),
        )
    return agency


def agency_update(*, agency: Agency, actor: Any, **changes: Any) -> Agency:
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = _agency_snapshot(agency)
        for key, value in changes.items():
            setattr(agency, key, value)
        _full_clean(agency)
        agency.save()
        after = _agency_snapshot(agency)
        diff = {k: {"old": before[k], "new": after[k]} for k in after if before[k] != after[k]}
        if diff:
            record(
                event_type="agency.updated", subject=agency, agency_id=agency.pk, actor=actor, payload=diff
            )
    return agency


def unit_create(*, agency: Agency, name: str, is_legal_unit: bool = False, actor: Any) -> Unit:
    name = name.strip()
    if not name:
        raise DomainError("内设机构名称不能为空", field="name")
    with transaction.atomic():
        if Unit.objects.filter(agency=agency, name=name).exists():
            raise DomainError(f"{agency.name}已有名为“{name}”的内设机构", field="name")
        unit = Unit.objects.create(agency=agency, name=name, is_legal_unit=is_legal_unit)
        if is_legal_unit and agency.legal_unit_id is None:
            agency.legal_unit = unit
            agency.save(update_fields=["legal_unit"])
        record(
            event_type="unit.created",
            subject=unit,
            agency_id=agency.pk,
            actor=actor,
            payload={"name": name, "is_legal_unit": is_legal_unit},
        )
    return unit
