"""A violation found by an inspection opens a lead (线索) in the general procedure: the cases app's
reaction to `inspection.violation_found` (issue 13: "发现违法 → a case is opened with the inspection as
its source"). It reads the entry's payload only and never imports the inspections app (which imports
this one: DESIGN.md, apps react to the journal).

The reaction runs at least once (journal.services: retried until it succeeds, and a replay is possible),
so it is idempotent: a lead whose 案件来源 names the inspection code already exists → nothing to do. A
violation the platform cannot turn into a case (the enforcement item gone from the agency's list, the
business outside its area …) is not retried for ever: the reason is journaled on the inspection
(`case.lead_not_opened`), which its page shows, and the officers open the case by hand."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.permissions import refusal_for
from zhifa.cases.models import Case, PartyKind, ProcedureKind
from zhifa.cases.services import OPEN_CASE, case_open, party_create
from zhifa.catalog.models import EnforcementItem
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import record
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer

logger = logging.getLogger(__name__)

SUBSCRIBER = "cases.from_inspection"
EVENT = "inspection.violation_found"

# The directory's kinds of business (inspections.TargetKind values) as parties: a 农民专业合作社 is a
# legal person (农民专业合作社法 Art.5); a foreign company's representative office is not.
PARTY_KINDS = {
    "enterprise": PartyKind.LEGAL_PERSON,
    "cooperative": PartyKind.LEGAL_PERSON,
    "individual": PartyKind.INDIVIDUAL_BUSINESS,
    "foreign_office": PartyKind.OTHER_ORGANIZATION,
    "other": PartyKind.OTHER_ORGANIZATION,
}


class _NoCase(Exception):
    """Why no lead could be opened (a Chinese sentence for the inspection's page)."""


def on_violation_found(entry: JournalEntry) -> None:
    data = entry.payload_data
    code, source = str(data["code"]), str(data["source"])
    agency = Agency.objects.select_related("region").filter(pk=data["agency_id"]).first()
    if agency is None:
        raise RuntimeError(f"agency {data['agency_id']} of inspection {code} does not exist")
    if Case.objects.filter(agency=agency, source=source).exists():
        return  # opened by an earlier run of this reaction
    try:
        with transaction.atomic():  # a party written for a case that then cannot open is rolled back
            case = _open(entry, agency, data)
    except (_NoCase, DomainError) as exc:
        reason = exc.message if isinstance(exc, DomainError) else str(exc)
        record(
            event_type="case.lead_not_opened",
            subject=entry.subject,
            agency_id=agency.pk,
            payload={"code": code, "reason": reason},
        )
        return
    record(
        event_type="case.lead_from_inspection",
        subject=case,
        agency_id=agency.pk,
        actor=None,
        payload={"code": code, "source": source, "inspection": entry.subject},
    )


def _open(entry: JournalEntry, agency: Agency, data: dict[str, Any]) -> Case:
    item_id = data.get("item_id")
    item = EnforcementItem.objects.filter(pk=int(item_id)).first() if item_id else None
    if item is None:
        raise _NoCase("检查事项未关联执法事项，无法自动登记案源，请手工登记案件线索")
    place = Region.objects.filter(code=data["region"]).first()
    if place is None:
        raise _NoCase(f"检查对象所在区划（{data['region']}）不在区划库中，请手工登记案件线索")
    officers = list(Officer.objects.filter(pk__in=data["officers"], agency=agency))
    officers.sort(key=lambda o: list(data["officers"]).index(o.pk))  # the inspection's order: first leads
    on = date.fromisoformat(str(data["on"]))
    party = party_create(
        agency=agency,
        kind=PARTY_KINDS.get(str(data["kind"]), PartyKind.OTHER_ORGANIZATION),
        name=str(data["name"]),
        address=str(data.get("address") or "").strip() or f"{place.name}（住所待核实）",
        credit_code=str(data["credit_code"]),
    )
    return case_open(
        agency=agency,
        procedure=ProcedureKind.GENERAL,
        item=item,
        party=party,
        title=item.name,
        place=place,
        discovered_on=on,
        act_on=on,  # observed on the inspection day; the investigation establishes when it began
        officers=officers,
        lead_officer=officers[0] if officers else None,
        source=str(data["source"]),
        actor=_actor(entry, agency),
    )


def _actor(entry: JournalEntry, agency: Agency) -> User | None:
    """Whoever entered the result opens the lead in their name when they may open cases (an officer or
    the head of the agency); otherwise the platform does (actor None)."""
    user = User.objects.filter(pk=entry.actor_id).first() if entry.actor_id else None
    if user is None or refusal_for(user, action=OPEN_CASE, agency_id=agency.pk):
        return None
    return user
