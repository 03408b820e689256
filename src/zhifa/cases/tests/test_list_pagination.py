"""The case list pages with a deferred join (core.pagination): the same rows in the same order as slicing
the whole list, whatever the page, with the filters applied once to find the ids."""

from datetime import date

import pytest
from django.core.paginator import Paginator

from zhifa.cases import selectors, services
from zhifa.cases.selectors import CaseFilters
from zhifa.core.pagination import DeferredJoinPaginator
from zhifa.core.scope import Scope

pytestmark = pytest.mark.django_db


def _open(cw, party, n):
    return [
        services.case_open(
            agency=cw.world.agency_a,
            procedure="general",
            item=cw.world.item_a,
            party=party,
            title=f"案件{i:02d}" + ("食品" if i % 3 == 0 else ""),
            place=cw.world.city,
            discovered_on=date(2026, 3, 2),
            act_on=date(2026, 2, 20),
            officers=cw.officers[:2],
            actor=None,
        )
        for i in range(n)
    ]


@pytest.fixture
def cases(cw, party):
    return _open(cw, party, 23)


@pytest.mark.parametrize("search", ["", "食品"])
def test_every_page_matches_plain_slicing(cw, cases, search):
    scope = Scope(everything=True)
    qs = selectors.case_list(scope=scope, filters=CaseFilters(search=search))
    plain = Paginator(qs, 5, orphans=2)
    deferred = DeferredJoinPaginator(qs, 5, orphans=2)
    assert deferred.count == plain.count and deferred.num_pages == plain.num_pages
    for n in plain.page_range:
        assert [c.pk for c in deferred.page(n)] == [c.pk for c in plain.page(n)]
    last = deferred.page(deferred.num_pages)
    assert last.end_index() == plain.count
    # The rows come with what the list shows (joins and the running clocks), not lazily.
    row = deferred.page(1)[0]
    assert "agency" in row._state.fields_cache and hasattr(row, "running_deadlines")


def test_an_unordered_list_is_refused(cw):
    from zhifa.cases.models import Case

    with pytest.raises(ValueError, match="ordered"):
        DeferredJoinPaginator(Case.objects.all().order_by(), 5)


def test_a_deep_page_reads_a_fixed_number_of_queries(client, cw, party):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _open(cw, party, 55)  # two pages of 50
    client.force_login(cw.head)
    with CaptureQueriesContext(connection) as page1:
        client.get("/workbench/cases/?page=1")
    with CaptureQueriesContext(connection) as page_last:
        resp = client.get("/workbench/cases/?page=2")
    assert resp.status_code == 200 and resp.context["page"].number == 2
    assert len(resp.context["page"].object_list) == 5
    assert len(page_last.captured_queries) == len(page1.captured_queries)
    ids_query = [q["sql"] for q in page_last.captured_queries if "LIMIT" in q["sql"] and "OFFSET" in q["sql"]]
    # The OFFSET is taken on the case table's ids alone, without the joins the page shows.
    assert ids_query and all("organizations_agency" not in sql for sql in ids_query)
