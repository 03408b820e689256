"""The demo cases: about 200 of them, in every state of every procedure, each step taken through the
engine (so guarded and journaled), some of them overdue, and a second load that writes nothing.

The load (demo + cases) takes a few seconds, so it runs once for the class (Django TestCase
.setUpTestData, rolled back at the end).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.test import TestCase
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases.guards import SUMMARY_FINE_NATURAL, SUMMARY_FINE_ORGANIZATION
from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus, PartyKind
from zhifa.catalog.models import BenchmarkTier
from zhifa.demo.cases import build_case_plans, load_demo_cases
from zhifa.demo.data import DEFAULT_SEED, load_demo
from zhifa.journal.models import JournalEntry
from zhifa.personnel.models import CertificateStatus
from zhifa.personnel.selectors import may_act

pytestmark = pytest.mark.django_db


def _states(procedure: str) -> Counter[str]:
    return Counter(Case.objects.filter(procedure=procedure).values_list("state", flat=True))


class DemoCasesTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        load_demo(seed=DEFAULT_SEED, stdout=out)
        cls.output = out.getvalue()

    def test_about_two_hundred_cases_across_the_eight_agencies(self) -> None:
        assert Case.objects.count() >= 190
        per_agency = Counter(Case.objects.values_list("agency__name", flat=True))
        assert len(per_agency) == 8 and min(per_agency.values()) >= 10
        assert "生成案件：江北市市场监督管理局" in self.output
        assert "行政处罚普通程序：线索核查" in self.output

    def test_every_state_of_every_procedure(self) -> None:
        for kind, proc in engine.PROCEDURES.items():
            missing = set(proc.states) - set(_states(kind))
            assert not missing, (kind, missing)
        general = _states("general")
        for state in ("lead", "investigating", "closed", "archived"):
            assert general[state] >= 8, (state, general)

    def test_a_hearing_was_held_on_a_big_fine_against_a_company(self) -> None:
        held = Case.objects.filter(hearing_held_on__isnull=False).select_related("party")
        assert held.exists()
        for case in held:
            assert case.hearing_offered and case.hearing_requested
            assert case.party.kind != PartyKind.NATURAL_PERSON
            assert case.total_amount >= Decimal(100000)
            assert JournalEntry.objects.filter(
                subject=f"cases.case:{case.pk}", event_type="case.hold_hearing"
            ).exists()

    def test_compulsion_extended_once_and_on_the_spot_approved_in_time(self) -> None:
        extended = Deadline.objects.filter(kind="compulsion_period", extended_days=30)
        assert extended.exists()
        assert JournalEntry.objects.filter(event_type="case.extend").count() == extended.count()
        approved = Deadline.objects.filter(kind="on_spot_report", status=DeadlineStatus.MET)
        assert approved.exists()
        for d in approved:
            assert d.closed_on is not None and d.closed_on <= d.due_on
        assert Case.objects.filter(procedure="compulsion", state="on_spot").exists()

    def test_summary_cases_stay_within_the_on_the_spot_limits(self) -> None:
        summary = Case.objects.filter(procedure="summary").select_related("party")
        assert summary.count() >= 15
        for case in summary:
            assert set(case.penalty_kinds) <= {"警告", "罚款"}
            limit = SUMMARY_FINE_NATURAL if case.party.is_natural_person else SUMMARY_FINE_ORGANIZATION
            assert (case.fine_amount or 0) <= limit, case
            if case.state != "on_spot":
                assert "简〔" in case.decision_number

    def test_fines_lie_within_the_benchmark_tier(self) -> None:
        checked = 0
        for case in Case.objects.filter(benchmark__isnull=False, fine_amount__isnull=False):
            tier = BenchmarkTier.objects.get(benchmark_id=case.benchmark_id, tier=case.benchmark_tier)
            if tier.fine_min is None or tier.fine_max is None:
                continue  # a rate per square metre
            fine = case.fine_amount
            assert fine is not None and tier.fine_min <= fine <= tier.fine_max, case
            checked += 1
        assert checked >= 100

    def test_no_penalty_cases_record_the_education(self) -> None:
        decided = Case.objects.filter(procedure="no_penalty", decided_on__isnull=False)
        assert decided.count() >= 3
        for case in decided:
            assert "不罚〔" in case.decision_number and case.penalty_kinds == []
            entry = JournalEntry.objects.filter(
                subject=f"cases.case:{case.pk}", payload__contains='"education":'
            ).get()
            assert entry.payload_data["education"] and "第三十三条" in entry.payload_data["ground"]

    def test_some_deadlines_are_overdue(self) -> None:
        today = timezone.localdate()
        overdue = Deadline.objects.filter(status=DeadlineStatus.RUNNING, due_on__lt=today)
        assert overdue.count() >= 5
        kinds = set(overdue.values_list("kind", flat=True))
        assert {"filing", "decision_period", "payment"} <= kinds, kinds
        # Leads discovered more than 15 working days ago that are still not filed.
        assert Case.objects.filter(
            state="lead", deadlines__kind="filing", deadlines__due_on__lt=today
        ).exists()

    def test_every_case_is_staffed_by_two_qualified_officers(self) -> None:
        for case in Case.objects.select_related("item", "place"):
            team = CaseOfficer.objects.filter(case=case).exclude(recusal=CaseOfficer.Recusal.GRANTED)
            assert team.count() >= 2
            for co in team.select_related("officer"):
                check = may_act(officer=co.officer, item=case.item, area=case.place, on=case.discovered_on)
                assert check.allowed, (case, co.officer, check.reasons)
                assert co.officer.certificates.filter(status=CertificateStatus.VALID).exists()

    def test_every_case_and_step_is_journaled(self) -> None:
        cases = Case.objects.count()
        assert JournalEntry.objects.filter(event_type__startswith="case.").count() >= cases
        opened = Counter(
            JournalEntry.objects.filter(event_type="case.opened").values_list("subject", flat=True)
        )
        assert len(opened) == cases and set(opened.values()) == {1}
        # Each case's current state was reached by a journaled step (the last one names it).
        for case in Case.objects.all():
            steps = [
                e.payload_data
                for e in JournalEntry.objects.filter(subject=f"cases.case:{case.pk}").order_by("id")
                if "to" in e.payload_data
            ]
            if case.state == engine.procedure_of(case).initial:
                assert all(s["to"] == case.state for s in steps), case
            else:
                assert steps and steps[-1]["to"] == case.state, case

    def test_document_numbers_follow_the_calendar(self) -> None:
        filed = list(
            Case.objects.filter(agency__short_code="江北市监", filed_on__isnull=False)
            .exclude(case_number="")
            .values_list("filed_on", "case_number")
        )
        assert len(filed) >= 10
        by_year: dict[int, list[tuple[object, int]]] = {}
        for day, number in filed:
            serial = int(number.split("〕")[1].removesuffix("号"))
            by_year.setdefault(day.year, []).append((day, serial))
        for rows in by_year.values():
            rows.sort()
            serials = [s for _, s in rows]
            assert serials == sorted(serials) and serials[0] == 1

    def test_a_second_load_writes_nothing(self) -> None:
        entries, cases = JournalEntry.objects.count(), Case.objects.count()
        out = StringIO()
        again = load_demo_cases(seed=DEFAULT_SEED, stdout=out)
        assert not again.created and again.cases == cases
        assert "已存在" in out.getvalue()
        load_demo(seed=DEFAULT_SEED, stdout=StringIO())
        assert (JournalEntry.objects.count(), Case.objects.count()) == (entries, cases)

    def test_plans_follow_the_seed(self) -> None:
        def outline(seed: int) -> list[tuple[object, ...]]:
            return [
                (
                    p.agency.pk,
                    p.procedure,
                    p.target,
                    p.title,
                    p.party,
                    [(s.on, s.transition) for s in p.steps],
                )
                for p in build_case_plans(seed)
            ]

        first = outline(DEFAULT_SEED)
        assert first == outline(DEFAULT_SEED)
        other = outline(DEFAULT_SEED + 1)
        assert [p[4] for p in other] != [p[4] for p in first]
        # The loaded cases are the plan's cases.
        assert sorted(str(p[3]) for p in first) == sorted(Case.objects.values_list("title", flat=True))


class DemoMoneyTests(TestCase):
    """Issue 17: the demo's payments go through the bank (行政处罚法 Art.67: a receipt for every case paid),
    and one case pays by approved instalments (Art.66 para.2)."""

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(seed=DEFAULT_SEED, stdout=StringIO())

    def test_every_paid_case_has_bank_receipts_and_one_pays_by_instalments(self) -> None:
        from zhifa.cases import payments
        from zhifa.cases.models_money import BankReceipt, CollectionAccount, PaymentPlan

        assert CollectionAccount.objects.count() == 8
        today = timezone.localdate()
        paid = Case.objects.filter(paid_on__isnull=False, decision_revoked_on__isnull=True)
        assert paid.exists()
        for case in paid:
            if payments.fine_of(case) or payments.confiscation_of(case):
                assert payments.settlement(case, today).covered, case
        plan = PaymentPlan.objects.get(status="approved")
        assert plan.document_number and plan.instalments.count() == 3
        assert BankReceipt.objects.filter(case=plan.case).exists()
