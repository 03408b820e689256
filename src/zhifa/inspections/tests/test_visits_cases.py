# ruff: noqa: F811 — the fixtures (vw, isolated_store) are imported from visits_world, not a shared conftest
"""发现违法 → a case: a violation result journals `inspection.violation_found`; the cases app's durable
reaction opens a lead (general procedure, 线索) with the inspection as its source; replaying the reaction
does not open a second one; the inspections app links the lead and copies its number once filed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases.models import Case, CaseOfficer, PartyKind
from zhifa.inspections import visits
from zhifa.inspections.models import InspectionResult
from zhifa.inspections.tests.visits_world import (  # noqa: F401 (fixtures)
    drawn_inspection,
    isolated_store,
    visit,
    vw,
)
from zhifa.journal.models import JournalEntry, PendingReaction
from zhifa.journal.services import react, record, subject_of, sweep

pytestmark = pytest.mark.django_db

SUBSCRIBER = "cases.from_inspection"


def _drain():
    """Run owed reactions until none is left (a reaction's own entries owe reactions in turn; outside a
    test they are dispatched when each transaction commits)."""
    while PendingReaction.objects.exists():
        assert sweep(everything=True).failed == 0


def _violation(vw):
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20), findings="货架上陈列超过保质期的食品12盒。")
    visits.result_enter(
        inspection=inspection,
        outcome="violation",
        findings="发现超过保质期的食品12盒，已先行登记保存。",
        actor=vw.officer_user,
        on=date(2026, 4, 20),
    )
    entry = JournalEntry.objects.get(event_type="inspection.violation_found", subject=subject_of(inspection))
    return inspection, entry


def test_the_violation_entry_carries_what_the_cases_app_needs(vw):
    inspection, entry = _violation(vw)
    data = entry.payload_data
    assert data["item_id"] == vw.cw.world.item_a.pk and data["credit_code"] == vw.target.credit_code
    assert data["source"] == f"双随机抽查（检查码 {inspection.code}）"
    assert data["officers"] == [o.pk for o in vw.officers[:2]] and data["on"] == "2026-04-20"
    # Natural persons' data of the business stays out of the journal (it is forever).
    assert vw.target.legal_representative not in entry.payload and vw.target.contact not in entry.payload
    # The reaction is owed in the entry's own transaction (journal.services).
    assert PendingReaction.objects.filter(subscriber=SUBSCRIBER, entry_id=entry.pk).exists()


def test_a_violation_opens_a_lead_through_the_durable_reaction_and_a_replay_opens_no_second(vw):
    inspection, entry = _violation(vw)
    assert not Case.objects.exists()  # nothing before the reaction runs (tests never commit)
    sweep(everything=True)  # what the worker / the daily job does with owed reactions
    case = Case.objects.get()
    assert case.procedure == "general" and case.state == engine.PROCEDURES["general"].initial == "lead"
    assert case.source == f"双随机抽查（检查码 {inspection.code}）"
    assert case.item == vw.cw.world.item_a and case.discovered_on == date(2026, 4, 20)
    assert case.party.kind == PartyKind.LEGAL_PERSON and case.party.credit_code == vw.target.credit_code
    assert case.party.address == vw.target.address and case.party.legal_representative == ""
    assert list(
        CaseOfficer.objects.filter(case=case).order_by("officer_id").values_list("officer_id", flat=True)
    ) == [o.pk for o in vw.officers[:2]]
    assert CaseOfficer.objects.get(case=case, role="lead").officer == vw.officers[0]
    opened = JournalEntry.objects.get(event_type="case.opened", subject=subject_of(case))
    assert opened.actor_id == vw.officer_user.pk  # the officer who entered the result
    lead_entry = JournalEntry.objects.get(event_type="case.lead_from_inspection")
    assert lead_entry.subject == subject_of(case) and lead_entry.payload_data["code"] == inspection.code

    # Replays: the reaction already paid is not owed again; owed again (a re-dispatch), it changes nothing.
    assert react(SUBSCRIBER, entry) is True
    with transaction.atomic():
        PendingReaction.objects.create(
            subscriber=SUBSCRIBER, entry_id=entry.pk, next_attempt_at=timezone.now()
        )
    sweep(everything=True)
    assert Case.objects.count() == 1
    assert not PendingReaction.objects.filter(subscriber=SUBSCRIBER).exists()

    # The inspections app linked the lead to the result (its own reaction to case.lead_from_inspection).
    result = InspectionResult.objects.get(inspection=inspection)
    assert result.case_ref == subject_of(case) and result.case_number == ""
    # Once filed (立案 numbers the case), the number is copied back.
    filed = engine.execute(case=case, transition="file", actor=vw.head, on=date(2026, 4, 24))
    assert filed.case_number
    assert visits.filed_case_number(result.case_ref) == filed.case_number
    assert visits.fill_case_numbers() == 1
    result.refresh_from_db()
    assert result.case_number == filed.case_number
    assert visits.fill_case_numbers() == 0


def test_publication_copies_the_number_of_a_filed_lead(vw):
    inspection, _ = _violation(vw)
    _drain()
    case = Case.objects.get()
    filed = engine.execute(case=case, transition="file", actor=vw.head, on=date(2026, 4, 24))
    result = visits.result_publish(inspection=inspection, actor=vw.clerk, on=date(2026, 4, 27))
    assert result.case_number == filed.case_number


def test_an_entry_whose_item_cannot_open_a_case_is_recorded_not_crashed(vw):
    """The reaction must not fail for ever on a violation it cannot turn into a case: it journals why on
    the inspection (case.lead_not_opened), and is done."""
    inspection = drawn_inspection(vw)
    with transaction.atomic():
        entry = record(
            event_type="inspection.violation_found",
            subject=inspection,
            agency_id=vw.agency.pk,
            payload={
                "code": inspection.code,
                "agency_id": vw.agency.pk,
                "item_id": None,
                "credit_code": vw.target.credit_code,
                "name": vw.target.name,
                "kind": vw.target.kind,
                "region": vw.target.region.code,
                "address": vw.target.address,
                "on": "2026-04-20",
                "officers": [o.pk for o in vw.officers[:2]],
                "source": visits.case_source(inspection),
            },
        )
    result = sweep(everything=True)
    assert result.failed == 0
    assert not Case.objects.exists()
    note = JournalEntry.objects.get(event_type="case.lead_not_opened")
    assert note.subject == entry.subject and "未关联执法事项" in note.payload_data["reason"]
    assert visits.case_note(inspection) == note.payload_data["reason"]


def test_a_refusal_of_the_case_engine_is_recorded_and_leaves_no_party(vw):
    """A business outside the agency's area (moved since): case_open refuses; the party written for it is
    rolled back with it, and the reason is journaled."""
    from zhifa.cases.models import Party
    from zhifa.organizations.services import region_create

    far = region_create(code="980000", name="远方省", level="province", parent=None, actor=None)
    inspection = drawn_inspection(vw)
    with transaction.atomic():
        record(
            event_type="inspection.violation_found",
            subject=inspection,
            agency_id=vw.agency.pk,
            payload={
                "code": inspection.code,
                "agency_id": vw.agency.pk,
                "item_id": vw.cw.world.item_a.pk,
                "credit_code": vw.target.credit_code,
                "name": vw.target.name,
                "kind": "individual",
                "region": far.code,
                "address": "",
                "on": "2026-04-20",
                "officers": [o.pk for o in vw.officers[:2]],
                "source": visits.case_source(inspection),
            },
        )
    sweep(everything=True)
    assert not Case.objects.exists() and not Party.objects.exists()
    assert "管辖区域" in visits.case_note(inspection)
