"""The pipeline's use of lib.redact: the case's known parties, the agency's policy, officers kept.

The named-entity model (lib.redact.ner, the optional ``zhifa[ner]`` extra) is used when installed;
``ZHIFA_REDACT_MODEL=off`` in the environment turns it off (the rules alone then redact). The texts of
one publication (the party shown in the summary, the title, the decision) are redacted together, so
that one person has one pseudonym in all of them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from zhifa.cases.models import Case, CaseOfficer
from zhifa.lib.redact import Party, Policy, Result, redact, redact_together
from zhifa.publicity.models import Publication, PublicitySetting


def policy_for(case: Case) -> Policy:
    return policy_for_agency(case.agency_id)


def policy_for_agency(agency_id: int) -> Policy:
    setting = PublicitySetting.objects.filter(agency_id=agency_id).first()
    base = Policy.national_default()
    return (
        base.with_overrides(setting.redaction_overrides) if setting and setting.redaction_overrides else base
    )


def parties_of(case: Case) -> list[Party]:
    p = case.party
    out = [
        Party(name=p.name, kind=p.kind, id_number=p.id_number, address=p.address, phone=p.phone, role="party")
    ]
    if p.legal_representative:
        out.append(Party(name=p.legal_representative, kind="natural_person", role="legal_representative"))
    return out


def officers_of(case: Case) -> list[str]:
    return [co.officer.name for co in CaseOfficer.objects.filter(case=case).select_related("officer")]


def redact_for_case(case: Case, text: str) -> Result:
    return redact(text, parties=parties_of(case), policy=policy_for(case), keep_names=officers_of(case))


def redact_together_for_case(case: Case, texts: Sequence[str]) -> list[Result]:
    """The texts of one publication of the case, with one pseudonym per person across them."""
    return redact_together(
        texts, parties=parties_of(case), policy=policy_for(case), keep_names=officers_of(case)
    )


def parties_of_publication(pub: Publication) -> list[Party]:
    """Whom a registered decision names (Publication.persons, set at registration)."""
    return [Party.from_mapping(p) for p in pub.person_list]


def redact_for_publication(pub: Publication, text: str) -> Result:
    """Redact `text` for `pub`: against its case's parties and officers, or, for a decision registered
    without a case, against everyone its registration named."""
    if pub.case is not None:
        return redact_for_case(pub.case, text)
    return redact(text, parties=parties_of_publication(pub), policy=policy_for_agency(pub.agency_id))


def spans_json(result: Result) -> str:
    rows: list[dict[str, Any]] = [
        {
            "start": s.start,
            "end": s.end,
            "category": s.category,
            "original": s.original,
            "replacement": s.replacement,
        }
        for s in result.spans
    ]
    return json.dumps(rows, ensure_ascii=False)
