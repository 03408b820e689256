"""Templates in use: the platform's penalty kinds and figures that a template may name, which template
applies where, and the parsed form the computation reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from zhifa.cases.guards import PENALTY_KINDS
from zhifa.journal.canonical import canonical_json
from zhifa.lib.annual_report import Categorizer, Definition, parse_definition
from zhifa.organizations.models import Region
from zhifa.statistics.figures import figure_labels
from zhifa.statistics.models import ReportTemplate

# 行政处罚法 Art.9: the kinds the case engine knows (cases.guards), 行政拘留 (public security organs only,
# Art.18) and 其他 (Art.9(6)). A template's categories must cover them all, each once.
KINDS: tuple[str, ...] = (*PENALTY_KINDS, "行政拘留", "其他")
# Older names a registered decision may carry (publicity.registration.REGISTRABLE_PENALTY_KINDS): the
# business licence is a licence (SAMR 公示规定 Art.14 lists 吊销营业执照 beside 吊销许可证件).
ALIASES = {"吊销营业执照": "吊销许可证件"}


def parse(data: Any) -> Definition:
    """The definition of a template's JSON data; TemplateError (Chinese, located) when it cannot be used."""
    return parse_definition(data, kinds=KINDS, figures=figure_labels())


@dataclass(frozen=True)
class TemplateSpec:
    """A template as the computation reads it."""

    code: str
    name: str
    amount_unit: str
    tie_break: str
    definition: Definition
    data: dict[str, Any]

    @property
    def categorizer(self) -> Categorizer:
        return Categorizer(self.definition.categories, self.tie_break, aliases=ALIASES)

    @property
    def sha256(self) -> str:
        """Digest of everything that shapes the report: a report names the template version it used."""
        payload = {
            "code": self.code,
            "amount_unit": self.amount_unit,
            "tie_break": self.tie_break,
            "definition": self.data,
        }
        return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()

    @classmethod
    def of(cls, template: ReportTemplate) -> TemplateSpec:
        data = dict(template.definition)
        return cls(template.code, template.name, template.amount_unit, template.tie_break, parse(data), data)


def template_for(region: Region) -> ReportTemplate:
    """The template of the nearest region up from `region` (itself included); else the national default."""
    prefixes = [region.path[: i + 1] for i, ch in enumerate(region.path) if ch == "/"]
    candidates = ReportTemplate.objects.filter(region__path__in=prefixes).select_related("region")
    best = max(candidates, key=lambda t: len(t.region.path) if t.region else 0, default=None)
    if best is not None:
        return best
    default = ReportTemplate.objects.filter(is_default=True).first()
    if default is None:
        raise ReportTemplate.DoesNotExist("没有全国默认的统计年报模板（迁移 statistics 0002 应已安装）")
    return default


def ensure_shipped_templates() -> int:
    """Install the shipped templates (defaults.SHIPPED) that are missing; returns how many. Migration
    0002 installs them on a new database; this puts them back where that data is gone — a test database
    flushed by a transactional test (conftest), or an operator who deleted the default by mistake."""
    from zhifa.statistics.defaults import SHIPPED

    created = 0
    for spec in SHIPPED:
        fields = {k: v for k, v in spec.items() if k != "code"}
        created += ReportTemplate.objects.get_or_create(code=spec["code"], defaults=fields)[1]
    return created
