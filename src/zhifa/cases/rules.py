"""Thresholds and periods of the procedures: national defaults with their sources, overridable per
region by ProcedureSetting rows. Rules the statutes fix for everyone are constants in the guards.

This is the one table of regional settings (DESIGN.md: rules are data where the law varies). Other apps
add their keys with register() — publicity's display periods, review's reviewer share — from their
rules module, which their AppConfig.ready() imports, so every key resolves once Django is set up,
whatever was imported first. The cases app never imports them (it only holds the table)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError

from zhifa.cases.models import ProcedureSetting
from zhifa.organizations.models import Agency


@dataclass(frozen=True)
class Default:
    value: Decimal
    basis: str


class UnknownSetting(KeyError):
    """A key nobody registered: a typo, or the app that defines it is not installed (or not ready)."""


_REGISTRY: dict[str, Default] = {}
# Read-only view of the registry: add keys with register(), never by assignment.
DEFAULTS: Mapping[str, Default] = MappingProxyType(_REGISTRY)


def register(key: str, default: Decimal | int | str, basis: str) -> Default:
    """Add a regional setting with its national default and the article it comes from.

    Registering a key again with the same default and basis is a no-op (a module imported twice); a
    different default (or basis) is refused: two apps would read one ProcedureSetting row two ways."""
    entry = Default(Decimal(default), basis)
    existing = _REGISTRY.get(key)
    if existing is None:
        _REGISTRY[key] = entry
        return entry
    if existing != entry:
        raise ImproperlyConfigured(
            f"regional setting {key!r} is already registered with default {existing.value} "
            f"({existing.basis}); refusing {entry.value} ({entry.basis})"
        )
    return existing


# 行政处罚法 Art.63 leaves "较大数额" to ministries and provinces; SAMR's figures as the default
# (市场监督管理行政处罚听证办法 Art.5; legal-rules §5.3).
register("hearing_fine_natural", 10000, "市场监督管理行政处罚听证办法第五条")
register("hearing_fine_organization", 100000, "市场监督管理行政处罚听证办法第五条")
# 市场监督管理行政处罚程序规定 Art.18: 15 WD from discovering a clue to the filing decision.
register("filing_working_days", 15, "市场监督管理行政处罚程序规定第十八条")
# 行政处罚法 Art.60: decide within 90 days of filing.
register("decision_days", 90, "《中华人民共和国行政处罚法》第六十条")
# SAMR Art.64: one extension of 30 days approved by the agency head.
register("decision_extension_days", 30, "市场监督管理行政处罚程序规定第六十四条")
# SAMR Art.57 / 行政处罚法 Art.64: 5 WD to state, argue or ask for a hearing after the notice.
register("statement_working_days", 5, "市场监督管理行政处罚程序规定第五十七条")
# SAMR Art.70: a summary-procedure decision is filed with the agency within 7 WD.
register("summary_filing_working_days", 7, "市场监督管理行政处罚程序规定第七十条")
# SAMR Art.77: close within 15 WD of the closing event.
register("closing_working_days", 15, "市场监督管理行政处罚程序规定第七十七条")
# 国市监法规〔2022〕2号 Art.10: 从轻 stays in the lower part of the tier's range; SAMR's guidance
# says the lowest 30%, and provinces' benchmarks may set another share.
register("lighter_band_percent", 30, "国市监法规〔2022〕2号第十条")


def check_key(key: str) -> Default:
    """The registered default of `key`, or a ValidationError in Chinese naming it (the admin's form shows
    it on the 参数 field): a ProcedureSetting row under a key no rule reads would override nothing."""
    default = _REGISTRY.get(key)
    if default is None:
        message = (
            f"“{key}”不是已登记的办案参数，任何规则都不会读取它；"
            "请从列表中选择已登记的参数（列表中注明了依据和全国默认值）"
        )
        raise ValidationError({"key": ValidationError(message, code="unregistered")})
    return default


def value(key: str, agency: Agency, *, cache: dict[str, Any] | None = None) -> Decimal:
    """The setting for the agency. With `cache` (a case step's Context.cache) every setting row is read
    once for the step, whatever the number of keys it asks for."""
    try:
        default = _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownSetting(f"regional setting {key!r} is not registered (known: {known})") from None
    if cache is None:
        settings = list(ProcedureSetting.objects.filter(key=key).select_related("region"))
    else:
        if "procedure_settings" not in cache:
            cache["procedure_settings"] = list(ProcedureSetting.objects.select_related("region"))
        settings = [r for r in cache["procedure_settings"] if r.key == key]
    rows = {
        r.region.path if r.region else "": r.value
        for r in settings
        if r.region is None or agency.region.path.startswith(r.region.path)
    }
    if not rows:
        return default.value
    return rows[max(rows, key=len)]


def int_value(key: str, agency: Agency, *, cache: dict[str, Any] | None = None) -> int:
    return int(value(key, agency, cache=cache))
