"""The grouped computation (one query per source over every agency, conditional aggregates by month)
against the plain per-agency, per-month computation on a hand-built set of cases written with the ORM,
and the drill-down's pages: every row behind a figure reachable, a page's queries pinned."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.cases import services as case_services
from zhifa.cases.models import Case
from zhifa.core.scope import Scope
from zhifa.statistics import compute, selectors
from zhifa.statistics.sources.base import Period, Tally
from zhifa.statistics.sources.penalties import CASE_COUNTS
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db

YEAR = 2026
AFTER = date(2027, 1, 10)


@pytest.fixture
def province():
    """Two agencies, 60 cases each written directly: the four procedures, dates spread over the year and
    a little outside it, filed / closed / referred / revoked on their own days."""
    w = make_world()
    start = date(YEAR, 1, 1) - timedelta(days=20)
    for agency, item in ((w.agency_a, w.item_a), (w.agency_b, w.item_b)):
        party = case_services.party_create(
            agency=agency, kind="natural_person", name="王五", address="江北市城关街道"
        )
        rows = []
        for g in range(60):
            decided = start + timedelta(days=(g * 53) % 400)
            procedure = ("general", "general", "summary", "no_penalty", "compulsion")[g % 5]
            kinds = [[], ["罚款"], ["警告"], ["没收违法所得", "罚款"]][g % 4] if g % 5 < 3 else []
            rows.append(
                Case(
                    agency=agency,
                    procedure=procedure,
                    state="closed",
                    case_number=f"G{agency.pk}-{g}",
                    title=f"案件{g}",
                    item=item,
                    party=party,
                    place=agency.region,
                    discovered_on=decided - timedelta(days=40),
                    act_on=decided - timedelta(days=45),
                    filed_on=decided - timedelta(days=31) if procedure != "summary" else None,
                    penalty_kinds=kinds,
                    fine_amount=Decimal(100 * g + 50) if "罚款" in kinds else None,
                    decided_on=decided,
                    decision_number=f"罚〔{YEAR}〕{agency.pk}-{g}号",
                    closed_on=decided + timedelta(days=17) if g % 7 else None,
                    decision_revoked_on=decided + timedelta(days=9) if g % 11 == 0 else None,
                    referred_on=decided + timedelta(days=3) if g % 13 == 1 else None,
                )
            )
        Case.objects.bulk_create(rows)
    return w


def _per_agency_per_month(agency_id: int, month: int) -> dict[str, int]:
    """The reference: each count of one agency in one month, by its own date, one plain query each."""
    out = {}
    for key, column, which in CASE_COUNTS:
        out[key] = Case.objects.filter(
            which,
            agency_id=agency_id,
            **{f"{column}__year": YEAR, f"{column}__month": month},
        ).count()
    out["penalty_total"] = Case.objects.filter(
        agency_id=agency_id,
        procedure__in=("general", "summary"),
        decided_on__year=YEAR,
        decided_on__month=month,
    ).count()
    return out


def test_the_grouped_month_counts_equal_the_per_agency_per_month_counts(province):
    ids = [province.agency_a.pk, province.agency_b.pk]
    monthly = compute.tally(ids, Period.of(YEAR, AFTER), by_month=True)
    keys = [key for key, _, _ in CASE_COUNTS] + ["penalty_total"]
    for agency_id in ids:
        for month in range(1, 13):
            got = monthly.get((agency_id, month), Tally()).values
            assert {k: int(got.get(k, 0)) for k in keys} == _per_agency_per_month(agency_id, month), (
                agency_id,
                month,
            )


def test_one_grouped_tally_of_all_agencies_equals_each_agency_tallied_alone(province):
    period = Period.of(YEAR, AFTER)
    ids = [province.agency_a.pk, province.agency_b.pk]
    together = compute.tally(ids, period)
    for agency_id in ids:
        alone = compute.tally([agency_id], period)[(agency_id, 0)]
        assert together[(agency_id, 0)].values == alone.values
        assert together[(agency_id, 0)].combos == alone.combos


def test_the_months_add_up_to_the_whole_year_for_every_count(province):
    period = Period.of(YEAR, AFTER)
    ids = [province.agency_a.pk, province.agency_b.pk]
    whole = compute.tally(ids, period)
    summed: dict[int, Tally] = {}
    for (agency_id, _), t in compute.tally(ids, period, by_month=True).items():
        summed.setdefault(agency_id, Tally()).merge(t)
    for agency_id in ids:
        for key, _, _ in CASE_COUNTS:
            assert summed[agency_id].values.get(key, 0) == whole[(agency_id, 0)].values.get(key, 0), key
        for key in ("penalty_total", "penalty_revoked", "fines"):
            assert summed[agency_id].values[key] == whole[(agency_id, 0)].values[key], key


def test_the_drill_down_pages_through_every_row_behind_a_figure(province):
    agency = province.agency_a.pk

    def page(n: int, key: str = "penalty_total") -> selectors.FigureDetail:
        return selectors.figure_detail(
            scope=Scope.all(), year=YEAR, key=key, as_of=AFTER, agency_id=agency, page=n, per_page=7
        )

    first = page(1)
    assert first.rows == first.value and first.pages == -(-first.rows // 7) and len(first.items) == 7
    seen = [ref for n in range(1, first.pages + 1) for ref in page(n).refs]
    assert len(seen) == len(set(seen)) == first.value
    dates = [i.on or date.min for n in range(1, first.pages + 1) for i in page(n).items]
    assert dates == sorted(dates, reverse=True)
    assert page(first.pages + 5).page == first.pages  # past the end: the last page
    fines = page(1, "fines")  # an amount: its rows are the decisions that imposed a fine
    decided = Case.objects.filter(
        agency_id=agency, procedure__in=("general", "summary"), decided_on__year=YEAR
    ).values_list("penalty_kinds", flat=True)
    assert isinstance(fines.value, Decimal) and fines.rows == sum("罚款" in k for k in decided)


def test_the_drill_down_page_lists_one_page_and_its_queries_are_pinned(client, province, monkeypatch):
    monkeypatch.setattr(selectors, "DETAIL_PAGE", 5)
    supervisor = make_user(username="sup_g", role="supervisor", region=province.city)
    client.force_login(supervisor)
    base = f"/workbench/statistics/{YEAR}/detail/?agency={province.agency_a.pk}&figure=penalty_total"
    counts = []
    for n in (1, 2, 4):
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(f"{base}&page={n}")
        assert resp.status_code == 200
        counts.append(len(ctx.captured_queries))
        html = resp.content.decode()
        assert f"第 {n} / " in html and len(re.findall(r"/workbench/cases/\d+/", html)) == 5
    # session and user, the agency (scope), the template, the counts of cases and registered
    # decisions, the page's cases and registered decisions: whatever the page.
    assert counts == [10, 10, 10], counts
    assert "page=3" in client.get(f"{base}&page=2").content.decode()
    assert client.get(f"{base}&page=x").status_code == 400


def test_the_dashboard_is_served_from_its_cache_until_the_journal_moves(province):
    """Cached per scope, day and journal head: a case written without a journal entry (as only this test
    can) is not seen until the journal moves; any journaled change is a new key."""
    today = date(YEAR, 12, 31)
    before = selectors.dashboard(scope=Scope.all(), year=YEAR, today=today)
    with CaptureQueriesContext(connection) as ctx:
        again = selectors.dashboard(scope=Scope.all(), year=YEAR, today=today)
    assert len(ctx.captured_queries) == 1  # the journal's head
    assert again.total == before.total
    case = Case.objects.filter(agency=province.agency_a, procedure="general").first()
    case.pk, case.case_number, case.decided_on = None, "G-new", date(YEAR, 3, 3)
    case.save()
    assert selectors.dashboard(scope=Scope.all(), year=YEAR, today=today).total == before.total
    case_services.party_create(agency=province.agency_a, kind="natural_person", name="赵六", address="江北市")
    after = selectors.dashboard(scope=Scope.all(), year=YEAR, today=today)
    assert after.total["penalty_total"] == int(before.total["penalty_total"] or 0) + 1


def test_the_dashboard_page_queries_are_pinned(client, province):
    supervisor = make_user(username="sup_d", role="supervisor", region=province.city)
    client.force_login(supervisor)
    url = f"/workbench/statistics/?year={YEAR}"
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/workbench/statistics/{YEAR}/chart.svg").status_code == 200
    counts.append(len(ctx.captured_queries))
    # Computed (17: the sources' grouped queries by month, in a savepoint; agencies, template, reports,
    # pending reports, session, user), then served from the cache: session, user, journal head, pending
    # reports, user's region; the chart alike without the pending list.
    # PostgreSQL adds one: `SET LOCAL jit = off` before the grouped queries (selectors).
    computed = 17 + (connection.vendor == "postgresql")
    assert counts == [computed, 5, 4], counts


def test_the_dashboards_lean_tally_equals_the_full_one_for_what_it_shows(province):
    """The dashboard asks the sources for its figures only (no filings, closings, court applications,
    submissions, officers, nor the journal's measure words): the same values as the full tally."""
    period = Period.of(YEAR, AFTER)
    ids = [province.agency_a.pk, province.agency_b.pk]
    full = compute.tally(ids, period, by_month=True)
    lean = compute.tally(ids, period, by_month=True, keys=selectors.DASHBOARD_NEEDS)
    assert "fines" in selectors.DASHBOARD_NEEDS and "fine_amount" not in selectors.DASHBOARD_NEEDS
    for key in full.keys() | lean.keys():
        for name in selectors.DASHBOARD_NEEDS:
            got = lean.get(key, Tally()).values.get(name, 0)
            assert got == full.get(key, Tally()).values.get(name, 0), (key, name)
