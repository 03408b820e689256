"""The portal's 统计年报 (published reports only; tables, SVG charts as images, JSON, XLSX) and the staff
pages (dashboard, agency report with its buttons, region roll-up, drill-down), scoped by role."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zhifa.statistics import services
from zhifa.statistics.models import AnnualReport, ReportStatus
from zhifa.testing import make_agency, make_user

pytestmark = pytest.mark.django_db

NARRATIVE = "本年度行政执法工作总体情况：……\n存在的问题：……"


@pytest.fixture
def published(year):
    agency = year.cw.world.agency_a
    report = services.report_submit(
        agency=agency, year=2026, narrative=NARRATIVE, actor=year.head, on=date(2027, 1, 8)
    )
    services.report_approve(report=report, actor=year.supervisor, on=date(2027, 1, 12))
    return services.report_publish(report=report, actor=year.clerk, on=date(2027, 1, 20))


def test_the_year_page_lists_published_reports_only_with_a_chart_image(client, year, published):
    other = make_agency(name="临江县市场监督管理局", region=year.cw.world.county_b)
    make_user(username="head_o", role="agency_head", agency=other)
    report = services.report_submit(
        agency=other, year=2026, narrative="说明", actor=None, on=date(2027, 1, 8)
    )
    services.report_approve(report=report, actor=None)  # approved, not published: not public
    resp = client.get("/statistics/2026/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "江北市市场监督管理局" in html and "临江县市场监督管理局" not in html
    assert "155,150.00" in html and '<img class="fit" src="/statistics/2026/chart.svg"' in html
    # The CSP forbids inline styles and scripts: the page carries neither (the chart is its own response).
    assert "style=" not in html and "<script" not in html and "<svg" not in html
    assert "style-src 'self'" in resp["Content-Security-Policy"]


def test_the_chart_is_svg_drawn_by_reportlab_on_the_server(client, year, published):
    resp = client.get("/statistics/2026/chart.svg")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("image/svg+xml")
    body = resp.content.decode()
    assert body.startswith("<?xml") and "<svg" in body and "江北市市场监督管理局" in body
    assert "<title>2026年度行政处罚决定数</title>" in body and "<script" not in body
    agency_chart = client.get(f"/statistics/2026/agencies/{published.agency_id}/chart.svg").content.decode()
    assert "没收违法所得" in agency_chart


def test_the_agency_page_renders_the_frozen_tables_narrative_and_digest(client, year, published):
    resp = client.get(f"/statistics/2026/agencies/{published.agency_id}/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "行政处罚实施情况" in html and "本年度行政执法工作总体情况" in html and published.sha256 in html
    assert "style=" not in html
    assert client.get(f"/statistics/2026/agencies/{year.cw.world.agency_b.pk}/").status_code == 404
    assert client.get("/statistics/2999/").status_code == 404


def test_open_data_json_one_row_per_agency(client, year, published):
    body = client.get("/statistics/2026.json").json()
    assert body["year"] == 2026 and body["amount_unit"] == "yuan" and body["count"] == 1
    row = body["agencies"][0]
    # penalty_total an integer; fine_amount (罚没金额) a decimal string in yuan.
    assert row["penalty_total"] == 4 and row["fine_amount"] == "155150.00"
    assert row["fines"] == "150150.00" and row["confiscations"] == "5000.00"
    assert row["licensing_applied"] is None and row["certified_share"] == "75.0"
    assert row["agency"] == "江北市市场监督管理局" and row["snapshot_sha256"] == published.sha256
    assert {"code": "confiscate_income", "label": "没收违法所得", "count": 1} in row["penalty_categories"]
    assert row["published_on"] == "2027-01-20" and row["publish_by"] == "2027-01-31" and row["late"] is False
    assert body["totals"]["penalty_total"] == 4 and body["totals"]["fine_amount"] == "155150.00"
    assert client.get("/statistics/2025.json").json()["agencies"] == []


def test_xlsx_exports_open_with_openpyxl_in_the_templates_layout(client, year, published):
    resp = client.get(f"/statistics/2026/agencies/{published.agency_id}.xlsx")
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["统计年报"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["行政处罚决定数（宗）"][:2] == (4, "件")
    assert rows["罚没金额"][0] == 155150 and rows["罚没金额"][1] == "元"
    assert rows["申请数量"][0] == "—"
    assert "行政处罚实施情况" in rows and wb["情况说明"]["A2"].value.startswith("本年度")
    overview = load_workbook(io.BytesIO(client.get("/statistics/2026.xlsx").content))["2026年度"]
    header = [c.value for c in overview[1]]
    assert header[0] == "执法主体" and "行政处罚决定数" in header
    assert overview.cell(row=2, column=header.index("行政处罚决定数") + 1).value == 4


def test_the_portal_links_to_the_report_and_the_index_lists_years(client, year, published):
    assert 'href="/statistics/"' in client.get("/").content.decode()
    html = client.get("/statistics/").content.decode()
    assert "2026 年度" in html and "1 个" in html


def test_the_year_page_reads_snapshots_in_constant_queries(client, year, published):
    for n in range(3):
        a = make_agency(name=f"江北市第{n}执法局", region=year.cw.world.city)
        r = services.report_submit(agency=a, year=2026, narrative="说明", actor=None, on=date(2027, 1, 8))
        services.report_approve(report=r, actor=None)
        services.report_publish(report=r, actor=None)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/statistics/2026/").status_code == 200
    assert len(ctx.captured_queries) <= 2


# --- staff -------------------------------------------------------------------------------------------------


def test_the_dashboard_is_scoped_agency_staff_see_their_agency(client, year):
    client.force_login(year.cw.officer_user)
    html = client.get("/workbench/statistics/?year=2026").content.decode()
    assert "江北市市场监督管理局" in html and "江北市生态环境局" not in html
    other = make_user(username="off_b", role="officer", agency=year.cw.world.agency_b)
    client.force_login(other)
    html = client.get("/workbench/statistics/?year=2026").content.decode()
    assert "江北市生态环境局" in html and "江北市市场监督管理局" not in html
    # agency_b's staff cannot drill into agency_a's figures.
    url = f"/workbench/statistics/2026/detail/?agency={year.cw.world.agency_a.pk}&figure=penalty_total"
    assert client.get(url).status_code == 404


def test_the_supervisor_sees_the_region_and_the_rows_behind_a_figure(client, year):
    client.force_login(year.supervisor)
    html = client.get("/workbench/statistics/?year=2026").content.decode()
    assert "江北市市场监督管理局" in html and "江北市生态环境局" in html and "/regions/990100/" in html
    region = client.get("/workbench/statistics/2026/regions/990100/").content.decode()
    assert "江北市市场监督管理局" in region
    agency = year.cw.world.agency_a.pk
    detail = client.get(
        f"/workbench/statistics/2026/detail/?agency={agency}&figure=penalty_total"
    ).content.decode()
    assert year.a.decision_number in detail and year.s.decision_number in detail
    assert "江北市监罚（外）〔2026〕1号" in detail
    assert f"/workbench/cases/{year.a.pk}/" in detail
    assert client.get("/workbench/statistics/2026/regions/980000/").status_code == 404
    chart = client.get("/workbench/statistics/2026/chart.svg")
    assert chart["Content-Type"].startswith("image/svg+xml") and "4月" in chart.content.decode()


def test_the_buttons_walk_the_approval(client, year):
    agency = year.cw.world.agency_a.pk
    base = f"/workbench/statistics/2026/agencies/{agency}/"
    client.force_login(year.head)
    page = client.get(base).content.decode()
    assert 'name="narrative"' in page and "核对无误，报送统计年报" in page
    client.post(base + "submit/", {"narrative": ""})
    assert not AnnualReport.objects.exists()
    assert "情况说明不能为空" in client.get(base).content.decode()
    client.post(base + "submit/", {"narrative": NARRATIVE})
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED
    client.force_login(year.supervisor)
    page = client.get(base).content.decode()
    assert "审核通过（冻结报送的数据）" in page and "退回修改" in page
    client.post(base + "approve/")
    client.force_login(year.clerk)
    client.post(base + "publish/")
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.PUBLISHED and report.frozen.published_on is not None
    assert client.get(f"/statistics/{report.year}/agencies/{agency}/").status_code == 200


def test_live_figures_link_to_their_drill_down(client, year):
    client.force_login(year.head)
    html = client.get(f"/workbench/statistics/2026/agencies/{year.cw.world.agency_a.pk}/").content.decode()
    links = set(re.findall(r"figure=([\w:]+)", html))
    assert {
        "penalty_total",
        "penalty_revoked",
        "penalty_category:confiscate_income",
        "licensing_granted",
    } <= links
    assert "licensing_applied" not in links and "fine_amount" not in links  # not recorded / derived


def test_the_year_page_is_cached_until_another_report_is_published(client, year, published):
    first = client.get("/statistics/2026/").content
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/statistics/2026/").content == first
    assert len(ctx.captured_queries) == 1  # the version only: the page itself comes from the cache
    other = make_agency(name="临江县市场监督管理局", region=year.cw.world.county_b)
    r = services.report_submit(agency=other, year=2026, narrative="说明", actor=None, on=date(2027, 1, 8))
    services.report_approve(report=r, actor=None)
    assert client.get("/statistics/2026/").content == first  # approved is not published
    services.report_publish(report=r, actor=None)
    html = client.get("/statistics/2026/").content.decode()
    assert "临江县市场监督管理局" in html and client.get("/statistics/2026.json").json()["count"] == 2
