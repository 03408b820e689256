"""The portal's pages of random inspections (issue 13 part 5, 一公开; part 1, the item list on the
portal): each page renders what is published and nothing else, with its filters, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from zhifa.inspections.tests.public_world import PublicWorld, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw() -> PublicWorld:
    return build()


def html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def tbody(page: str) -> str:
    """The table's rows (the filter's <select> names every outcome)."""
    return page[page.index("<tbody>") : page.rindex("</tbody>")]


def csv_rows(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def get_json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return json.loads(response.content)


# --------------------------------------------------------------------------- landing and navigation


def test_landing_says_what_it_is_and_links_every_list(client, pw):
    page = html(client, "/inspections/")
    assert "双随机、一公开" in page and "国办发〔2015〕58号" in page
    for link in (
        "/inspections/items/",
        "/inspections/plans/",
        "/inspections/results/",
        "/inspections/draws.json",
    ):
        assert f'href="{link}"' in page
    assert pw.task.name in page and pw.plan.name in page
    assert pw.draft_task.name not in page and pw.hidden_task.name not in page


def test_portal_home_links_to_random_inspections(client, pw):
    page = html(client, "/")
    assert '<a href="/inspections/">双随机一公开</a>' in page
    assert 'action="/inspections/businesses/"' in page


# --------------------------------------------------------------------------- 一单


def test_item_list_per_agency_with_every_column(client, pw):
    page = html(client, "/inspections/items/")
    for text in (
        pw.w.agency_a.name,
        pw.w.agency_b.name,
        "食品销售者经营条件检查",
        "食品销售者",  # 检查对象
        "《中华人民共和国食品安全法》第一百一十条",  # 依据
        "现场检查",  # 检查方式
        "一般检查事项",
        "重点检查事项",
        "5%",
        "2.5%",
        "每年1次",
        "江北市生态环境局",  # 配合部门
        "市县级",  # 层级
    ):
        assert text in page, text


def test_item_list_filters_by_agency_field_and_kind(client, pw):
    page = html(client, f"/inspections/items/?agency={pw.w.agency_b.pk}")
    assert "排污单位排放情况检查" in page and "食品销售者经营条件检查" not in page
    page = html(client, "/inspections/items/?field=特种设备")
    assert "特种设备使用单位检查" in page and "食品销售者经营条件检查" not in page
    page = html(client, "/inspections/items/?kind=key")
    assert "特种设备使用单位检查" in page and "排污单位排放情况检查" not in page


def test_item_list_bad_agency_is_400_in_chinese(client, pw):
    response = client.get("/inspections/items/?agency=abc")
    assert response.status_code == 400
    assert "执法主体" in response.content.decode()


def test_item_json_and_csv(client, pw):
    data = get_json(client, f"/inspections/items.json?agency={pw.w.agency_a.pk}")
    assert data["count"] == 2
    general = next(i for i in data["items"] if i["name"] == "食品销售者经营条件检查")
    assert general["ratio_percent"] == "5" and general["kind_label"] == "一般检查事项"
    assert general["partner_agencies"] == "江北市生态环境局" and general["level"] == "市县级"
    rows = csv_rows(client, "/inspections/items.csv?field=生态环境")
    assert rows[0][:3] == ["执法主体", "抽查领域", "抽查事项"]
    assert [r[2] for r in rows[1:]] == ["排污单位排放情况检查"]
    assert rows[1][8] == "2.5%"


# --------------------------------------------------------------------------- plans and tasks


def test_plans_lists_published_plans_only(client, pw):
    page = html(client, "/inspections/plans/")
    assert pw.plan.name in page and pw.draft_plan.name not in page
    assert pw.plan.name not in html(client, "/inspections/plans/?year=2025")
    data = get_json(client, "/inspections/plans.json")
    assert [p["code"] for p in data["plans"]] == [pw.plan.code]
    assert [t["code"] for t in data["plans"][0]["tasks"]] == [pw.task.code]  # not the draft task


def test_plan_page_lists_its_public_tasks(client, pw):
    page = html(client, f"/inspections/plans/{pw.plan.pk}/")
    assert pw.task.name in page and pw.draft_task.name not in page
    assert "联合：江北市生态环境局" in page
    assert f'href="/inspections/draws/{pw.draw.pk}/"' in page


def test_draft_plan_task_and_draw_are_404_in_chinese(client, pw):
    assert "尚未公布" in html(client, f"/inspections/plans/{pw.draft_plan.pk}/", 404)
    assert "尚未公布" in html(client, f"/inspections/tasks/{pw.draft_task.pk}/", 404)
    # approved, but its plan is a draft: not public either
    html(client, f"/inspections/tasks/{pw.hidden_task.pk}/", 404)


def test_task_page_says_conditions_in_words(client, pw):
    page = html(client, f"/inspections/tasks/{pw.task.pk}/")
    assert "主体类型" in page and "企业、个体工商户" in page
    assert "江北区（990102）" in page  # a region code named
    assert "C类（信用风险较高）、D类（信用风险高）" in page
    assert "食品销售" in page
    assert "5%" in page
    assert "2026-04-01 至 2026-06-30" in page
    assert "第2026031期" in page and "2026年3月20日" in page  # the random source named in advance
    assert "已抽取" in page
    assert "食品销售者经营条件检查" in page and "排污单位排放情况检查" in page  # items of both agencies
    assert "江北市生态环境局" in page  # partner agency
    assert f'href="/inspections/draws/{pw.draw.pk}/"' in page
    assert f'href="/inspections/results/?task={pw.task.pk}"' in page


def test_undirected_task_without_conditions_says_the_whole_directory(client, pw):
    pw.task.conditions = {}
    pw.task.save()
    assert "检查对象名录库中在册的全部检查对象" in html(client, f"/inspections/tasks/{pw.task.pk}/")


# --------------------------------------------------------------------------- the draw


def test_draw_page_shows_commitment_seed_businesses_and_inspectors(client, pw):
    page = html(client, f"/inspections/draws/{pw.draw.pk}/")
    d = pw.draw
    assert d.commitment_hash in page and d.list_hash in page and d.pool_hash in page
    assert f"{d.commitment_seq}" in page and f"{d.seed_seq}" in page
    assert "承诺（第" in page and "先于随机数" in page
    assert d.random_value in page and d.seed in page
    assert "34 户" in page and "3 人" in page  # counts of the list and the pool
    assert "C类（信用风险较高）" in page  # strata
    # the businesses drawn, with their inspectors by name and certificate number
    assert pw.company.name in page and pw.company.credit_code in page
    assert pw.individual.name in page and pw.individual.credit_code in page
    for officer, cert in zip(pw.officers, pw.certificates, strict=True):
        assert f"{officer.name}（" in page
        assert f'href="/verify/certificate/{cert.number}/"' in page
    # not drawn: the business inspected outside the task
    assert pw.other.credit_code not in page
    # how to verify
    assert f'href="/inspections/draws/{d.pk}.json"' in page
    assert f"python tools/verify_draw.py draw-{d.pk}.json" in page
    assert f"http://testserver/inspections/draws/{d.pk}.json" in page


def test_draw_before_its_seed_says_so(client, pw):
    from zhifa.inspections.models import Draw

    Draw.objects.filter(pk=pw.draw.pk).update(seed="", seed_seq=None, random_value="", status="committed")
    page = html(client, f"/inspections/draws/{pw.draw.pk}/")
    assert "尚未录入公开随机数" in page
    assert pw.draw.commitment_hash in page
    assert pw.company.name not in page


def test_unknown_draw_is_404(client, pw):
    assert "没有找到该抽取记录" in html(client, "/inspections/draws/999999/", 404)


# --------------------------------------------------------------------------- results


def test_results_show_published_results_newest_publication_first(client, pw):
    page = html(client, "/inspections/results/")
    for header in ("检查实施机关", "类型", "日期", "结果"):
        assert f"<th>{header}</th>" in page
    order = [page.index(pw.company.name), page.index(pw.individual.name)]
    assert order == sorted(order)  # company's 2026-06-10 publication before the individual's 2026-04-28
    rows = tbody(page)
    assert "发现问题已责令改正" in rows and "发现违法行为（已立案查处）" in rows
    assert "日常检查" in rows and "双随机抽查" in rows
    # a joint task's result names every agency (综合查一次)
    assert "江北市市场监督管理局、江北市生态环境局" in rows
    # entered but not published
    assert "不配合检查情节严重" not in rows and "专项检查" not in rows


def test_results_filters(client, pw):
    a, b = pw.w.agency_a.pk, pw.w.agency_b.pk
    assert "发现问题已责令改正" not in tbody(html(client, f"/inspections/results/?agency={a}"))
    assert "发现问题已责令改正" in tbody(html(client, f"/inspections/results/?agency={b}"))
    page = html(client, "/inspections/results/?outcome=violation")
    assert pw.individual.name in page and pw.company.name not in page
    page = tbody(html(client, "/inspections/results/?from=2026-04-11&to=2026-05-31"))
    assert pw.individual.name in page and "通过登记的住所" in page and pw.company.name not in page
    page = html(client, f"/inspections/results/?q={pw.company.credit_code.lower()}")
    assert pw.company.name in page and pw.individual.name not in page
    assert f'href="/inspections/businesses/{pw.company.credit_code}/"' in page
    page = html(client, "/inspections/results/?q=江北区欧阳")
    assert pw.individual.name in page and pw.company.name not in page
    page = tbody(html(client, f"/inspections/results/?task={pw.task.pk}"))
    assert "发现问题已责令改正" not in page and "发现违法行为" in page
    assert client.get("/inspections/results/?from=2026-13-01").status_code == 400


def test_results_json(client, pw):
    data = get_json(client, f"/inspections/results.json?agency={pw.w.agency_a.pk}")
    assert data["has_next"] is False and data["next"] is None
    codes = [i["target"]["credit_code"] for i in data["items"]]
    assert codes == [pw.other.credit_code, pw.individual.credit_code, pw.company.credit_code]
    first = data["items"][1]
    assert first["outcome"] == "violation" and first["inspected_on"] == "2026-04-12"
    assert first["agency"] == "江北市市场监督管理局、江北市生态环境局"
    assert first["task"]["code"] == pw.task.code
    assert first["target"]["url"] == f"/inspections/businesses/{pw.individual.credit_code}/"


def test_results_pages_without_counting(client, pw, settings):
    from zhifa.inspections import views_public

    views_public.RESULTS_PER_JSON_PAGE, old = 2, views_public.RESULTS_PER_JSON_PAGE
    try:
        first = get_json(client, "/inspections/results.json")
        assert len(first["items"]) == 2 and first["has_next"] is True
        assert first["next"] == "/inspections/results.json?page=2"
        second = get_json(client, first["next"])
        assert len(second["items"]) == 2 and second["has_next"] is False
        settings.ZHIFA_PORTAL_MAX_ROWS = 2  # paging stops at the limit; the filters reach the rest
        capped = get_json(client, "/inspections/results.json?page=2")
        assert capped["page"] == 1 and capped["has_next"] is False
    finally:
        views_public.RESULTS_PER_JSON_PAGE = old


def test_results_csv_has_the_credit_system_columns_and_neutralises_formulas(client, pw):
    rows = csv_rows(client, "/inspections/results.csv")
    assert rows[0] == [
        "检查实施机关",
        "类型",
        "日期",
        "结果",
        "检查对象",
        "统一社会信用代码",
        "抽查任务",
        "公示日期",
    ]
    assert len(rows) == 1 + 4
    names = [r[4] for r in rows[1:]]
    assert "'" + pw.other.name in names  # '=HYPERLINK(…) reaches the spreadsheet as text
    assert pw.other.name not in names


# --------------------------------------------------------------------------- one business


def test_business_page_gathers_every_agency_newest_first(client, pw):
    page = html(client, f"/inspections/businesses/{pw.company.credit_code}/")
    assert pw.company.name in page and pw.company.credit_code in page
    assert "企业" in page and "江北区" in page
    assert page.index("2026-06-02") < page.index("2026-04-10")
    assert "江北市生态环境局" in page and "日常检查" in page and "发现问题已责令改正" in page
    assert f'href="/inspections/tasks/{pw.task.pk}/"' in page


def test_business_page_shows_published_results_only(client, pw):
    page = html(client, f"/inspections/businesses/{pw.individual.credit_code}/")
    assert "发现违法行为（已立案查处）" in page
    assert "不配合检查情节严重" not in page and "专项检查" not in page


def test_business_page_of_a_business_without_published_results(client, pw):
    from zhifa.inspections.tests.public_world import make_target

    quiet = make_target(name="江北市安静贸易有限公司", region=pw.w.county_a, serial=9)
    assert "暂无已公示的检查结果" in html(client, f"/inspections/businesses/{quiet.credit_code}/")


def test_business_json_and_csv(client, pw):
    data = get_json(client, f"/inspections/businesses/{pw.company.credit_code}.json")
    assert data["business"] == {
        "credit_code": pw.company.credit_code,
        "name": pw.company.name,
        "kind": "enterprise",
        "kind_label": "企业",
        "region": {"code": pw.w.county_a.code, "name": "江北区"},
        "active": True,
        "url": f"/inspections/businesses/{pw.company.credit_code}/",
    }
    assert [i["inspected_on"] for i in data["inspections"]] == ["2026-06-02", "2026-04-10"]
    rows = csv_rows(client, f"/inspections/businesses/{pw.company.credit_code}.csv")
    assert [r[2] for r in rows[1:]] == ["2026-06-02", "2026-04-10"]
    rows = csv_rows(client, f"/inspections/businesses/{pw.other.credit_code}.csv")
    assert rows[1][4].startswith("'=HYPERLINK")


def test_business_bad_credit_code_is_400_in_chinese(client, pw):
    wrong = pw.company.credit_code[:-1] + ("1" if pw.company.credit_code[-1] != "1" else "2")
    for url in (
        f"/inspections/businesses/{wrong}/",
        "/inspections/businesses/12345/",
        f"/inspections/businesses/{wrong}.csv",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "不是有效的统一社会信用代码" in response.content.decode()
    data = get_json(client, f"/inspections/businesses/{wrong}.json", 400)
    assert "校验位" in data["error"]


def test_business_unknown_is_404_in_chinese(client, pw):
    from zhifa.inspections.tests.public_world import credit_code

    unknown = credit_code("91", pw.w.county_b, 424242)
    assert "检查对象名录库中没有" in html(client, f"/inspections/businesses/{unknown}/", 404)
    assert "没有" in get_json(client, f"/inspections/businesses/{unknown}.json", 404)["error"]


def test_business_lower_case_code_is_read(client, pw):
    html(client, f"/inspections/businesses/{pw.company.credit_code.lower()}/")


def test_search_box_leads_to_the_business(client, pw):
    response = client.get(f"/inspections/businesses/?q={pw.company.credit_code}")
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/businesses/{pw.company.credit_code}/"
    response = client.get("/inspections/businesses/?q=江北区欧阳")  # one name starts so
    assert response["Location"] == f"/inspections/businesses/{pw.individual.credit_code}/"
    page = html(client, "/inspections/businesses/?q=江北")
    assert pw.company.name in page and pw.individual.name in page
    assert "没有找到" in html(client, "/inspections/businesses/?q=无此企业")
    # the beginning of a name, not a word inside it (a substring would read the whole directory)
    assert "没有找到" in html(client, "/inspections/businesses/?q=鑫源食品")


def test_name_prefix_uses_the_name_index(pw):
    """SQLite's LIKE never uses an index (it ignores ASCII case): the prefix is a range there."""
    from django.db import connection

    from zhifa.inspections.models import InspectionTarget
    from zhifa.inspections.selectors_public import name_prefix

    qs = InspectionTarget.objects.filter(name_prefix("name", "江北")).values_list("id", flat=True)
    assert set(qs) == {pw.company.pk, pw.individual.pk}
    if connection.vendor != "sqlite":  # PostgreSQL plans a tiny table as a scan; the bench shows the index
        return
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as c:
        c.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(r) for r in c.fetchall())
    assert "SEARCH" in plan and "INDEX" in plan and "(name>? AND name<?)" in plan, plan


def test_the_draw_page_shows_what_the_public_record_says(client, pw):
    """The page is rendered from records.draw_record, the JSON the verifier checks: every business,
    inspector, certificate, hash, journal entry and the seed on the page are the record's."""
    import json

    from zhifa.inspections import draw_page
    from zhifa.inspections.records import draw_record

    record = json.loads(client.get(f"/inspections/draws/{pw.draw.pk}.json").content)
    assert record == json.loads(json.dumps(draw_record(pw.draw)))
    view = draw_page.draw_get(draw_id=pw.draw.pk)
    assert [b.credit_code for b in view.businesses] == record["selected"]
    for b in view.businesses:
        assert b.name == record["targets"][b.credit_code]
        assert [(p.name, p.certificate) for p in b.inspectors] == [
            (record["inspectors"][str(i)]["name"], record["inspectors"][str(i)]["certificate"])
            for i in record["assignments"][b.credit_code]
        ]
    assert view.commitment_hash == record["commitment_hash"] and view.seed == record["seed"]
    assert view.commitment_entry and view.commitment_entry.seq == record["commitment_entry"]["seq"]
    assert view.seed_entry and view.seed_entry.seq == record["seed_entry"]["seq"]
    assert view.list_hash == record["commitment"]["list_hash"]
    assert view.pool_hash == record["commitment"]["pool_hash"]
    page = html(client, f"/inspections/draws/{pw.draw.pk}/")
    for b in view.businesses:
        assert b.name in page and b.credit_code in page
        for p in b.inspectors:
            assert f"{p.name}（" in page and p.certificate in page
    for value in (record["commitment_hash"], record["seed"], record["random_value"]):
        assert value in page


def test_the_draw_page_reads_nothing_of_the_draw_beside_the_record(client, pw, monkeypatch):
    """Whatever the record says is what the page shows (a record altered in memory shows altered)."""
    from zhifa.inspections import draw_page, records

    real = records.draw_record

    def altered(draw):
        r = real(draw)
        code = r["selected"][0]
        r["targets"][code] = "记录中的名称"
        r["inspectors"][str(r["assignments"][code][0])] = {"name": "记录中的人员", "certificate": "99000000"}
        r["seed"] = "e" * 64
        return r

    monkeypatch.setattr(draw_page, "draw_record", altered)
    page = html(client, f"/inspections/draws/{pw.draw.pk}/")
    assert "记录中的名称" in page and "记录中的人员（" in page and "e" * 64 in page
    assert pw.draw.seed not in page
