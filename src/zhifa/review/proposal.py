"""The frozen proposed decision: what a review approves is the SHA-256 of this canonical JSON, so any
change to the proposal after agreement voids the agreement (the hash no longer matches)."""

from __future__ import annotations

import hashlib
from typing import Any

from zhifa.cases.models import Case, Violation
from zhifa.journal.canonical import canonical_json


def snapshot(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": case.pk,
        "case_number": case.case_number,
        "item": case.item.code,
        "legal_basis": [b.citation for b in case.item.legal_bases.select_related("law")],
        "party": {"kind": case.party.kind, "name": case.party.name, "credit_code": case.party.credit_code},
        "facts": case.facts,
        "penalty_kinds": sorted(case.penalty_kinds),
        "fine_amount": case.fine_amount,
        "confiscation_amount": case.confiscation_amount,
        "benchmark_id": case.benchmark_id,
        "benchmark_history_id": case.benchmark_history_id,
        "benchmark_tier": case.benchmark_tier,
        "tier_reason": case.tier_reason,
        "lenience": case.lenience,
        "lenience_reason": case.lenience_reason,
    }
    # The base of a multiple-of-base tier and a 双罚 fine are part of what the reviewer approves; added
    # only when the proposal has them, so that proposals without them keep their hashes.
    for key in ("base_kind", "base_amount", "person_fine_amount"):
        value = getattr(case, key)
        if value not in (None, ""):
            data[key] = value
    violations = _violations(case)
    if violations:
        data["violations"] = violations
    return data


def _violations(case: Case) -> list[dict[str, Any]]:
    """Issue 17: every violation of a case that has several, so that a change to any of them voids an
    agreed review; for a case with one, what its violation adds to the columns above (the provisions it
    cites, another item), if anything — a proposal without them keeps its hash."""
    rows = list(Violation.objects.filter(case=case).select_related("item").order_by("ordinal"))
    if case.violation_count > 1:
        return [
            {
                "ordinal": v.ordinal,
                "item": v.item.code,
                "facts": v.facts,
                "legal_basis": v.legal_basis,
                "penalty_basis": v.penalty_basis,
                "benchmark_id": v.benchmark_id,
                "benchmark_history_id": v.benchmark_history_id,
                "benchmark_tier": v.benchmark_tier,
                "base_kind": v.base_kind,
                "base_amount": v.base_amount,
                "tier_reason": v.tier_reason,
                "penalty_kinds": sorted(v.penalty_kinds),
                "fine_amount": v.fine_amount,
                "confiscation_amount": v.confiscation_amount,
                "lenience": v.lenience,
                "lenience_reason": v.lenience_reason,
                "same_act_as": v.same_act_as,
            }
            for v in rows
        ]
    one = rows[0] if rows else None
    if one is None or (not one.legal_basis and not one.penalty_basis and one.item_id == case.item_id):
        return []
    return [{"item": one.item.code, "legal_basis": one.legal_basis, "penalty_basis": one.penalty_basis}]


def freeze(case: Case) -> tuple[str, str]:
    text = canonical_json(snapshot(case))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
