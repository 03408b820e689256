"""The workbench home of a supervisor and the agency page: the legal-reviewer staffing over every agency
of the region (国办发〔2018〕118号 四(十一): 原则上不少于执法人员总数的5%, the share being the agency's
region's ProcedureSetting `legal_reviewer_ratio_percent` over that default), in a number of queries that
does not grow with the agencies."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.cases.models import ProcedureSetting
from zhifa.personnel.services import legal_reviewer_appoint
from zhifa.testing import make_agency, make_officer, make_user, make_world

pytestmark = pytest.mark.django_db

# Pinned (DESIGN: query counts of list pages are pinned), whatever the number of agencies and whichever
# regional settings apply: the staffing reads the agencies with their regions, the officer and reviewer
# counts grouped by agency, and every setting row once.
HOME_QUERIES = (
    19  # 12, the open alerts count (预警), and the to-do sections: alerts, complaints, matters, 2 each
)
AGENCY_QUERIES = 13


def _get(client, user, path: str) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_understaffed_alert_names_every_agency_below_5_percent_in_constant_queries(client):
    w = make_world()
    supervisor = make_user(username="sup", role="supervisor", region=w.city)
    for i in range(3):
        make_officer(agency=w.agency_a, name=f"甲{i}")
    before, page = _get(client, supervisor, "/workbench/")
    assert w.agency_a.name in page and "法制审核人员配备不足" in page
    assert "0 / 应配 1 人（不少于 5%）" in page  # ⌈3 × 5%⌉
    # Five more agencies with officers and no reviewers: all listed, no more queries than with one.
    extra = [make_agency(name=f"江北市第{i}执法局", region=w.city) for i in range(5)]
    for agency in extra:
        make_officer(agency=agency, name="乙")
    after, page = _get(client, supervisor, "/workbench/")
    assert all(a.name in page for a in extra)
    assert "（6 个执法主体）" in page  # agency_a and the five; agencies without officers need none
    assert after == before == HOME_QUERIES


def test_the_regional_reviewer_share_decides_what_the_home_page_says_118_four_11(client):
    """国办发〔2018〕118号 四(十一): 21 officers and 2 reviewers meet the national 5% (⌈1.05⌉ = 2); a
    province asking for 10% makes the same agency short (⌈2.1⌉ = 3), and a city under it asking for 5%
    again takes precedence for its agencies only."""
    w = make_world()
    supervisor = make_user(username="sup", role="supervisor", region=w.province)
    officers = [make_officer(agency=w.agency_a, name=f"甲{i}", law_qualification=True) for i in range(21)]
    for o in officers[:2]:
        legal_reviewer_appoint(officer=o, appointed_on=date(2026, 1, 1), first_time=True, actor=None)
    county = make_agency(name="临江县市场监督管理局", region=w.county_b)
    county_officers = [make_officer(agency=county, name=f"乙{i}", law_qualification=True) for i in range(21)]
    for o in county_officers[:2]:
        legal_reviewer_appoint(officer=o, appointed_on=date(2026, 1, 1), first_time=True, actor=None)

    queries, page = _get(client, supervisor, "/workbench/")
    assert "法制审核人员配备不足" not in page and queries == HOME_QUERIES

    ProcedureSetting.objects.create(
        key="legal_reviewer_ratio_percent", region=w.province, value=10, basis="示范省实施办法"
    )
    queries, page = _get(client, supervisor, "/workbench/")
    assert "法制审核人员配备不足（2 个执法主体）" in page
    assert f"{w.agency_a.name}</a>：2 / 应配 3 人（不少于 10%）" in page
    assert f"{county.name}</a>：2 / 应配 3 人（不少于 10%）" in page
    assert queries == HOME_QUERIES

    # The county's own 5% wins over the province's 10% for the county's agency.
    ProcedureSetting.objects.create(key="legal_reviewer_ratio_percent", region=w.county_b, value=5)
    queries, page = _get(client, supervisor, "/workbench/")
    alert = page.split("法制审核人员配备不足")[1].split("</section>")[0]
    assert "（1 个执法主体）" in alert and w.agency_a.name in alert and county.name not in alert
    assert queries == HOME_QUERIES


def test_the_agency_page_states_its_regions_share_118_four_11(client):
    w = make_world()
    admin = make_user(username="adm", role="administrator")
    for i in range(21):
        make_officer(agency=w.agency_a, name=f"甲{i}")
    path = f"/workbench/agencies/{w.agency_a.pk}/"
    queries, page = _get(client, admin, path)
    assert "执法人员 21 人，按不少于 5% 应配 2 人" in page and queries == AGENCY_QUERIES
    ProcedureSetting.objects.create(key="legal_reviewer_ratio_percent", region=w.city, value=12.5)
    queries, page = _get(client, admin, path)
    assert "执法人员 21 人，按不少于 12.5% 应配 3 人" in page  # ⌈2.625⌉
    assert queries == AGENCY_QUERIES
