"""The snapshot: the canonical JSON of a report as submitted — every figure, the tables in the template's
layout (labels, values, display), the template and its digest, the period and the narrative. What the
supervisor approves is these exact bytes; their SHA-256 is journaled with the submission and with the
approval, the portal and the XLSX export render from them alone, and nothing computed later (a case
decided afterwards, a template edited) changes them."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.journal.canonical import canonical_json
from zhifa.lib.annual_report import AMOUNT_UNITS, TIE_BREAKS
from zhifa.organizations.models import Agency
from zhifa.statistics.compute import Figures, Table
from zhifa.statistics.figures import CATEGORY_PREFIX
from zhifa.statistics.report_templates import TemplateSpec
from zhifa.statistics.sources.base import Period

FORMAT = 1


def _plain(value: Any) -> Any:
    """Counts stay numbers; amounts and shares become strings (exact decimals, no float rounding)."""
    return str(value) if isinstance(value, Decimal) else value


def build(
    *,
    agency: Agency,
    period: Period,
    spec: TemplateSpec,
    values: Figures,
    tables: list[Table],
    narrative: str,
    made_on: date,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "agency": {
            "id": agency.pk,
            "name": agency.name,
            "credit_code": agency.credit_code,
            "region_code": agency.region.code,
            "region_name": agency.region.name,
        },
        "year": period.year,
        "period": {"from": period.start, "to": period.end, "complete": period.complete},
        "made_on": made_on,
        "template": {
            "code": spec.code,
            "name": spec.name,
            "amount_unit": spec.amount_unit,
            "amount_unit_label": AMOUNT_UNITS[spec.amount_unit],
            "tie_break": spec.tie_break,
            "tie_break_label": TIE_BREAKS[spec.tie_break],
            "sha256": spec.sha256,
        },
        "figures": {k: _plain(v) for k, v in values.items()},
        "tables": [
            {
                "title": t.title,
                "note": t.note,
                "rows": [
                    {
                        "label": r.label,
                        "key": r.key,
                        "value": _plain(r.value),
                        "display": r.display,
                        "unit": r.unit,
                    }
                    for r in t.rows
                ],
            }
            for t in tables
        ],
        "narrative": narrative,
    }


def categories(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The penalty categories of a snapshot as its template words them: code, label, count."""
    seen: dict[str, dict[str, Any]] = {}
    for table in data["tables"]:
        for row in table["rows"]:
            key = row["key"]
            if key.startswith(CATEGORY_PREFIX) and key not in seen:
                seen[key] = {
                    "code": key[len(CATEGORY_PREFIX) :],
                    "label": row["label"],
                    "count": row["value"],
                }
    return list(seen.values())


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """What a list of reports shows of one (taken from the snapshot when it is frozen): no tables, no
    narrative."""
    template = data["template"]
    return {
        "agency": data["agency"],
        "year": data["year"],
        "period": data["period"],
        "template": {k: template[k] for k in ("code", "name", "amount_unit", "tie_break")},
        "figures": data["figures"],
        "categories": categories(data),
    }


def serialize(data: dict[str, Any]) -> tuple[str, str]:
    """The snapshot's canonical JSON text and its SHA-256 (hex)."""
    text = canonical_json(data)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify(text: str, sha256: str) -> bool:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() == sha256
