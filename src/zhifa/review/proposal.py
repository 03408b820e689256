"""The frozen proposed decision: what a review approves is the SHA-256 of this canonical JSON, so any
change to the proposal after agreement voids the agreement (the hash no longer matches)."""

from __future__ import annotations

import hashlib
from typing import Any

from zhifa.cases.models import Case
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
    return data


def freeze(case: Case) -> tuple[str, str]:
    text = canonical_json(snapshot(case))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
