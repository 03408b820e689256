"""Query counts of the inspections portal, pinned (DESIGN: list pages have no N+1). The business page is
the one the issue times at 1,000,000 businesses and 3,000,000 results (bench/bench_inspection_portal.py):
its queries are the business by credit code, its published results with their agency and task in one
join, and the partner agencies of joint tasks — however many results."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhifa.inspections.models import Inspection, InspectionResult
from zhifa.inspections.tests.public_world import (
    PublicWorld,
    build,
    make_inspection,
    make_result,
    make_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw() -> PublicWorld:
    return build()


def add_results(pw: PublicWorld, n: int) -> None:
    for k in range(n):
        make_result(
            make_inspection(
                target=pw.company,
                agency_id=pw.w.agency_a.pk if k % 2 else pw.w.agency_b.pk,
                task=pw.task if k % 3 == 0 else None,
                officers=pw.officers[:2],
                inspected_on=date(2025, 1, 1) + timedelta(days=k),
                kind=Inspection.Kind.ROUTINE,
            ),
            outcome=InspectionResult.Outcome.NO_PROBLEM,
            published_on=date(2025, 3, 1) + timedelta(days=k),
        )


# business, its results (one join), the partner agencies of their tasks
BUSINESS_QUERIES = 3


def test_business_page_queries_do_not_grow_with_results(client, pw, django_assert_num_queries):
    url = f"/inspections/businesses/{pw.company.credit_code}/"
    with django_assert_num_queries(BUSINESS_QUERIES):
        assert client.get(url).status_code == 200
    add_results(pw, 12)
    with django_assert_num_queries(BUSINESS_QUERIES):
        page = client.get(url).content.decode()
    assert page.count("<tr>") == 1 + 14


def test_business_json_and_csv_queries(client, pw, django_assert_num_queries):
    add_results(pw, 6)
    with django_assert_num_queries(BUSINESS_QUERIES):
        assert client.get(f"/inspections/businesses/{pw.company.credit_code}.json").status_code == 200
    with django_assert_num_queries(BUSINESS_QUERIES):
        response = client.get(f"/inspections/businesses/{pw.company.credit_code}.csv")
        b"".join(response.streaming_content)


def test_business_without_joint_tasks_needs_two_queries(client, pw, django_assert_num_queries):
    with django_assert_num_queries(2):  # no task among its results: no partner agencies to read
        assert client.get(f"/inspections/businesses/{pw.other.credit_code}/").status_code == 200


def test_bad_or_unknown_credit_code_reads_at_most_the_directory(client, pw, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/inspections/businesses/91990102MA0000001X/").status_code == 400
    with django_assert_num_queries(1):
        code = pw.company.credit_code
        other = code[:12] + "99999"
        from zhifa.lib.identifiers import complete_credit_code

        assert client.get(f"/inspections/businesses/{complete_credit_code(other[:16])}/").status_code == 404


def test_results_page_queries_are_flat(client, pw, django_assert_num_queries):
    # the page's ids, its rows with their joins, the partner agencies, the agencies of the filter
    with django_assert_num_queries(4):
        assert client.get("/inspections/results/").status_code == 200
    add_results(pw, 15)
    with django_assert_num_queries(4):
        assert client.get("/inspections/results/?outcome=no_problem").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/inspections/results.json").status_code == 200


def test_draw_page_queries_are_flat(client, pw, django_assert_num_queries):
    """The page renders the public record (records.draw_record): the draw, the task, its items and
    partners, the two journal entries, the assignments, the businesses, the inspectors and their
    certificate numbers, the recusals and the inspections' progress — the same count however many
    businesses were drawn."""
    with django_assert_num_queries(15):
        assert client.get(f"/inspections/draws/{pw.draw.pk}/").status_code == 200
    for n in range(6):
        target = make_target(name=f"江北区新增食品店{n}", region=pw.w.county_a, serial=40 + n)
        a = pw.w.agency_a.pk
        make_inspection(target=target, agency_id=a, task=pw.task, officers=pw.officers, inspected_on=None)
    with django_assert_num_queries(15):
        page = client.get(f"/inspections/draws/{pw.draw.pk}/")
    assert page.status_code == 200 and "江北区新增食品店5" in page.content.decode()


def test_item_plan_and_task_pages_queries(client, pw, django_assert_max_num_queries):
    from zhifa.catalog.services import inspection_item_create

    for k in range(10):
        inspection_item_create(agency=pw.w.agency_b, name=f"事项{k}", target="企业", actor=None)
    # count, the page's ids, its rows, the agencies and the fields of the filters
    with django_assert_max_num_queries(5):
        assert client.get("/inspections/items/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(f"/inspections/plans/{pw.plan.pk}/").status_code == 200
    # task, partners, items, the regions its conditions name, its draw
    with django_assert_max_num_queries(5):
        assert client.get(f"/inspections/tasks/{pw.task.pk}/").status_code == 200


def test_plans_json_reads_the_tasks_of_all_its_plans_at_once(client, pw, django_assert_num_queries):
    from zhifa.inspections.models import InspectionPlan

    for k in range(5):
        InspectionPlan.objects.create(
            agency=pw.w.agency_b, year=2026, code=f"HB-{k}", name=f"计划{k}", status="published"
        )
    # count, plans, tasks, their partner agencies
    with django_assert_num_queries(4):
        data = client.get("/inspections/plans.json").json()
    assert len(data["plans"]) == 6
