"""The demo loader: what the 江北市 demo must contain, that it writes only through journaled paths, that a
second run is a no-op, and that the same seed gives the same people and numbers.

The load takes a few seconds, so it runs once per class (Django TestCase.setUpTestData, rolled back at the
end); the plan tests need no database at all.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from zhifa.accounts.models import Role, User
from zhifa.accounts.selectors import scope_for
from zhifa.catalog.models import (
    DiscretionBenchmark,
    EnforcementItem,
    InspectionItem,
    ItemKind,
    LenienceEntry,
    LenienceKind,
    MajorDecisionRule,
    RecordingRequirement,
)
from zhifa.demo.content import AGENCIES, CITY_CODE
from zhifa.demo.data import DEFAULT_SEED, DEMO_PASSWORD, DemoSummary, build_plan, demo_summary, load_demo
from zhifa.journal.models import JournalEntry
from zhifa.lib.identifiers import check_credit_code, check_resident_id
from zhifa.organizations.models import Agency, Region, RegionLevel
from zhifa.personnel.models import (
    Certificate,
    CertificateStatus,
    Counsel,
    LegalReviewer,
    Officer,
    TrainingRecord,
)
from zhifa.personnel.selectors import certificates_expiring, current_status, officer_list
from zhifa.review.selectors import reviewer_staffing

pytestmark = pytest.mark.django_db

# "99" + two-digit agency index (01-08) + six-digit serial.
CERTIFICATE_NUMBER = re.compile(r"^99(0[1-8])(\d{6})$")
TODAY = date(2026, 11, 22)


# --- the plan (pure) --------------------------------------------------------------------------------------


def test_same_seed_same_day_gives_the_same_plan() -> None:
    a = build_plan(DEFAULT_SEED, TODAY)
    b = build_plan(DEFAULT_SEED, TODAY)
    assert a == b
    assert a.digest() == b.digest()


def test_another_seed_gives_other_people() -> None:
    a = build_plan(DEFAULT_SEED, TODAY)
    b = build_plan(DEFAULT_SEED + 1, TODAY)
    assert a.digest() != b.digest()
    assert {o.name for o in a.officers} != {o.name for o in b.officers}


def test_names_and_numbers_do_not_depend_on_the_day() -> None:
    """Only validity windows and training dates follow today; the people and numbers follow the seed."""
    a = build_plan(DEFAULT_SEED, TODAY)
    b = build_plan(DEFAULT_SEED, TODAY + timedelta(days=200))
    assert a.digest() == b.digest()
    assert [o.valid_until for o in b.officers] == [o.valid_until + timedelta(days=200) for o in a.officers]


def test_plan_identifiers_are_unique_and_valid() -> None:
    plan = build_plan(DEFAULT_SEED, TODAY)
    officers = plan.officers
    assert 140 <= len(officers) <= 160
    assert len({o.name for o in officers}) == len(officers)
    assert len({o.id_number for o in officers}) == len(officers)
    assert len({o.certificate_number for o in officers}) == len(officers)
    for o in officers:
        check = check_resident_id(o.id_number, today=TODAY)
        assert check.ok, (o.id_number, check.error)
        assert check.birth_date is not None and 1965 <= check.birth_date.year <= 1998
        assert o.valid_from < o.valid_until
    for a in plan.agencies:
        assert check_credit_code(a.credit_code).ok
        for o in a.officers:
            match = CERTIFICATE_NUMBER.match(o.certificate_number)
            assert match is not None and match[1] == f"{a.index:02d}", o.certificate_number


def test_plan_spreads_certificate_periods_around_today() -> None:
    plan = build_plan(DEFAULT_SEED, TODAY)
    days_left = [(o.valid_until - TODAY).days for o in plan.officers]
    assert sum(1 for d in days_left if 0 <= d <= 60) >= 5
    assert any(d < 0 for d in days_left)
    assert [o.fate for o in plan.officers if o.fate] in (["suspend", "revoke"], ["revoke", "suspend"])


def test_training_dates_stay_in_this_year_up_to_today() -> None:
    for today in (TODAY, date(2027, 1, 1), date(2028, 2, 29)):
        plan = build_plan(DEFAULT_SEED, today)
        days = [t.day for o in plan.officers for t in o.trainings]
        assert min(days) >= date(today.year, 1, 1)
        assert max(days) <= today
        assert all(Decimal(0) < t.hours <= 24 for o in plan.officers for t in o.trainings)


# --- the load ---------------------------------------------------------------------------------------------


class DemoLoadTests(TestCase):
    summary: DemoSummary
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        cls.summary = load_demo(seed=DEFAULT_SEED, stdout=out)
        cls.output = out.getvalue()

    def demo_agencies(self) -> list[Agency]:
        return list(Agency.objects.filter(region__code=CITY_CODE).order_by("name"))

    def test_summary_and_progress(self) -> None:
        s = self.summary
        assert s.created
        assert (s.regions, s.agencies, s.users) == (11, 8, 7)
        assert 140 <= s.officers <= 160 and s.certificates == s.officers
        assert s.items == EnforcementItem.objects.count()
        assert s.benchmarks == DiscretionBenchmark.objects.count()
        assert [u for u, _, _ in s.logins] == [
            "admin",
            "officer",
            "reviewer",
            "head",
            "clerk",
            "supervisor",
            "officer2",
        ]
        assert all(p == DEMO_PASSWORD for _, _, p in s.logins)
        assert "江北市市场监督管理局" in self.output and "完成" in self.output

    def test_regions(self) -> None:
        city = Region.objects.get(code=CITY_CODE)
        assert city.name == "江北市" and city.parent is not None and city.parent.code == "990000"
        counties = Region.objects.filter(level=RegionLevel.COUNTY, parent=city)
        assert sorted(counties.values_list("code", flat=True)) == ["990102", "990121", "990122"]
        townships = Region.objects.filter(level=RegionLevel.TOWNSHIP, path__startswith=city.path)
        assert townships.count() == 6
        assert all(t.parent is not None and t.parent.parent == city for t in townships)

    def test_agencies(self) -> None:
        agencies = self.demo_agencies()
        assert len(agencies) == 8
        assert {a.name for a in agencies} == {s.name for s in AGENCIES}
        for a in agencies:
            check = check_credit_code(a.credit_code)
            assert check.ok, (a.name, check.error)
            assert a.credit_code.startswith("11990100")  # 机构编制 / 机关, region 990100
            assert a.short_code and a.address and a.legal_basis
            assert a.consultation_phone.startswith("0799-") and a.supervision_phone.startswith("0799-")
            units = list(a.units.all())
            assert 3 <= len(units) <= 4
            assert a.legal_unit is not None and a.legal_unit.name == "法规科" and a.legal_unit.is_legal_unit

    def test_officers_and_certificates(self) -> None:
        officers = Officer.objects.filter(agency__region__code=CITY_CODE)
        assert 140 <= officers.count() <= 160
        assert all(o.certificates.count() == 1 for o in officers.prefetch_related("certificates"))
        for cert in Certificate.objects.select_related("officer__agency", "area").prefetch_related("fields"):
            match = CERTIFICATE_NUMBER.match(cert.number)
            assert match, cert.number
            assert cert.issuing_authority == "示范省人民政府"
            assert cert.area.code == CITY_CODE
            assert [f.name for f in cert.fields.all()] == [cert.officer.agency.field]
            assert check_resident_id(cert.officer.id_number).ok
        agency_index = {s.name: i for i, s in enumerate(AGENCIES, start=1)}
        for cert in Certificate.objects.select_related("officer__agency"):
            assert cert.number[2:4] == f"{agency_index[cert.officer.agency.name]:02d}"

    def test_certificate_statuses(self) -> None:
        today = timezone.localdate()
        statuses = Counter(Certificate.objects.values_list("status", flat=True))
        assert statuses[CertificateStatus.SUSPENDED] == 1
        assert statuses[CertificateStatus.REVOKED] == 1
        suspended = Certificate.objects.get(status=CertificateStatus.SUSPENDED)
        assert f"{today.year - 1}年度考核不合格" in suspended.status_reason
        revoked = Certificate.objects.get(status=CertificateStatus.REVOKED)
        assert "连续两年考核不合格" in revoked.status_reason
        from zhifa.core.scope import Scope

        expiring = list(certificates_expiring(scope=Scope.all(), within_days=60, today=today))
        assert len(expiring) >= 5
        past = [
            c
            for c in Certificate.objects.all()
            if current_status(c, today=today) == CertificateStatus.EXPIRED
        ]
        assert len(past) >= 1

    def test_legal_reviewers_and_staffing(self) -> None:
        reviewers = LegalReviewer.objects.select_related("officer")
        assert reviewers.count() >= 5
        assert len({r.agency_id for r in reviewers}) >= 5
        assert all(r.officer.law_qualification for r in reviewers)
        staffing = reviewer_staffing(agencies=self.demo_agencies())
        insufficient = [s.agency.name for s in staffing if not s.sufficient]
        assert insufficient == ["江北市城市管理综合执法局"]
        assert Counsel.objects.count() >= 2

    def test_training_hours_vary(self) -> None:
        year = timezone.localdate().year
        totals: dict[int, Decimal] = {}
        for r in TrainingRecord.objects.filter(date__year=year):
            totals[r.officer_id] = totals.get(r.officer_id, Decimal(0)) + r.hours
        assert len(totals) == Officer.objects.count()
        assert any(t < 60 for t in totals.values())
        assert sum(1 for t in totals.values() if t >= 60) > len(totals) // 2

    def test_catalogue(self) -> None:
        for agency in self.demo_agencies():
            items = list(agency.items.all())
            assert 3 <= len(items) <= 6, agency.name
            assert all(
                (item.legal_bases.exists() and item.remedy) or item.kind == ItemKind.INSPECTION
                for item in items
            )
            penalties = [i for i in items if i.kind == ItemKind.PENALTY]
            assert penalties
            for item in penalties:
                benchmarks = list(item.benchmarks.all())
                assert len(benchmarks) == 1, item.name
                tiers = list(benchmarks[0].tiers.all())
                assert 3 <= len(tiers) <= 4
                lows = [t.fine_min for t in tiers if t.fine_min is not None]
                assert lows == sorted(lows), item.name  # heavier tiers never start lower
            lenience = LenienceEntry.objects.filter(agency=agency)
            assert lenience.filter(kind=LenienceKind.NO_PENALTY, obligation="may").exists()
            assert lenience.filter(
                kind=LenienceKind.LIGHTER, obligation="shall", circumstances__contains="十四周岁"
            ).exists()
            rules = MajorDecisionRule.objects.filter(agency=agency)
            assert rules.filter(fine_threshold_legal=200000, fine_threshold_natural=20000).exists()
            assert rules.filter(hearing_held=True).exists()
            assert any("吊销许可证件" in r.penalty_kinds for r in rules)
            assert RecordingRequirement.objects.filter(
                agency=agency, activity__contains="扣押", level=RecordingRequirement.Level.FULL_PROCESS
            ).exists()
            assert InspectionItem.objects.filter(agency=agency).exists()

    def test_every_row_is_journaled(self) -> None:
        events = Counter(JournalEntry.objects.values_list("event_type", flat=True))
        assert events["region.created"] == Region.objects.count()
        assert events["agency.created"] == Agency.objects.count()
        assert events["officer.created"] == Officer.objects.count()
        assert events["certificate.issue"] == Certificate.objects.count()
        assert events["officer.training_recorded"] == TrainingRecord.objects.count()
        assert events["legal_reviewer.appointed"] == LegalReviewer.objects.count()
        assert events["catalog.item_created"] == EnforcementItem.objects.count()
        assert events["catalog.benchmark_created"] == DiscretionBenchmark.objects.count()
        assert events["catalog.lenience_entry_created"] == LenienceEntry.objects.count()
        assert events["catalog.major_rule_created"] == MajorDecisionRule.objects.count()
        assert events["catalog.recording_requirement_created"] == RecordingRequirement.objects.count()
        assert events["catalog.inspection_item_created"] == InspectionItem.objects.count()
        assert events["user.created"] == User.objects.count()
        assert events["officer.user_linked"] == Officer.objects.filter(user__isnull=False).count() == 3
        assert (
            events["certificate.suspend"] == 2
        )  # the suspended one, and the revoked one on its first failed year
        assert events["certificate.revoke"] == 1

    def test_logins(self) -> None:
        users = {u.username: u for u in User.objects.select_related("agency", "region")}
        market, ecology = "江北市市场监督管理局", "江北市生态环境局"
        assert users["admin"].role == Role.ADMINISTRATOR and users["admin"].agency is None
        assert users["admin"].is_superuser
        for username, role in (
            ("officer", Role.OFFICER),
            ("reviewer", Role.LEGAL_REVIEWER),
            ("head", Role.AGENCY_HEAD),
            ("clerk", Role.PUBLICITY_CLERK),
        ):
            user = users[username]
            assert user.role == role
            assert user.agency is not None and user.agency.name == market
        supervisor = users["supervisor"]
        assert supervisor.role == Role.SUPERVISOR and supervisor.region is not None
        assert supervisor.region.code == CITY_CODE
        assert users["officer2"].agency is not None and users["officer2"].agency.name == ecology
        assert users["officer"].check_password(DEMO_PASSWORD)
        for username in ("officer", "reviewer", "officer2"):
            officer = Officer.objects.get(user=users[username])
            assert officer.name == users[username].display_name
            assert officer.certificates.get().status == CertificateStatus.VALID
        assert LegalReviewer.objects.filter(officer__user=users["reviewer"]).exists()

    def test_scoping_between_the_two_officer_logins(self) -> None:
        mine = set(
            officer_list(scope=scope_for(User.objects.get(username="officer"))).values_list("pk", flat=True)
        )
        theirs = set(
            officer_list(scope=scope_for(User.objects.get(username="officer2"))).values_list("pk", flat=True)
        )
        city = set(
            officer_list(scope=scope_for(User.objects.get(username="supervisor"))).values_list(
                "pk", flat=True
            )
        )
        assert mine and theirs and not (mine & theirs)
        assert mine | theirs < city
        assert len(city) == Officer.objects.count()

    def test_database_matches_the_plan(self) -> None:
        """Two loads with the same seed give the same people: the database holds exactly the plan."""
        plan = build_plan(DEFAULT_SEED, timezone.localdate())
        in_db = sorted(Officer.objects.values_list("name", "id_number", "certificates__number"))
        assert in_db == sorted((o.name, o.id_number, o.certificate_number) for o in plan.officers)
        assert sorted(Agency.objects.values_list("credit_code", flat=True)) == sorted(
            a.credit_code for a in plan.agencies
        )

    def test_second_run_changes_nothing(self) -> None:
        entries = JournalEntry.objects.count()
        rows = (
            Officer.objects.count(),
            Certificate.objects.count(),
            User.objects.count(),
            Region.objects.count(),
        )
        out = StringIO()
        again = load_demo(seed=DEFAULT_SEED + 1, stdout=out)
        assert not again.created
        assert "已存在" in out.getvalue()
        assert JournalEntry.objects.count() == entries
        assert (
            Officer.objects.count(),
            Certificate.objects.count(),
            User.objects.count(),
            Region.objects.count(),
        ) == rows
        first = self.summary
        assert (again.regions, again.agencies, again.officers, again.certificates, again.items) == (
            first.regions,
            first.agencies,
            first.officers,
            first.certificates,
            first.items,
        )
        assert again == demo_summary(created=False)

    def test_command_prints_the_logins(self) -> None:
        out = StringIO()
        call_command("load_demo", stdout=out)
        text = out.getvalue()
        assert "已存在" in text
        for username, label, password in self.summary.logins:
            assert username in text and label in text and password in text
