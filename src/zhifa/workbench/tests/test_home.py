"""The workbench home of a supervisor: the 5% legal-reviewer staffing alert over every agency of the
region (国办发〔2018〕118号 四(十一)), in a number of queries that does not grow with the agencies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.testing import make_agency, make_officer, make_user, make_world

pytestmark = pytest.mark.django_db


def _home_queries(client, user) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/workbench/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_understaffed_alert_names_every_agency_below_5_percent_in_constant_queries(client):
    w = make_world()
    supervisor = make_user(username="sup", role="supervisor", region=w.city)
    for i in range(3):
        make_officer(agency=w.agency_a, name=f"甲{i}")
    before, page = _home_queries(client, supervisor)
    assert w.agency_a.name in page and "法制审核人员不足 5%" in page
    # Five more agencies with officers and no reviewers: all listed, no more queries than with one.
    extra = [make_agency(name=f"江北市第{i}执法局", region=w.city) for i in range(5)]
    for agency in extra:
        make_officer(agency=agency, name="乙")
    after, page = _home_queries(client, supervisor)
    assert all(a.name in page for a in extra)
    assert "（6 个执法主体）" in page  # agency_a and the five; agencies without officers need none
    assert after == before
