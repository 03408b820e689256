# ruff: noqa: F811 — the fixtures (vw, isolated_store) are imported from visits_world, not a shared conftest
"""The pages: the public page of an inspection code (no login, no JavaScript, no personal data, a rating
once, routed to supervisors only) and the staff pages of a visit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from zhifa.inspections import codes, views_visits, visits
from zhifa.inspections.models import Inspection, InspectionRating, InspectionResult, SiteInspectionRecord
from zhifa.inspections.tests.visits_world import (  # noqa: F401 (fixtures)
    CONTACT,
    LEGAL_REPRESENTATIVE,
    at,
    drawn_inspection,
    isolated_store,
    visit,
    vw,
)
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the unknown-code counter lives in the local-memory cache
    yield
    cache.clear()


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _page(response) -> str:
    return str(response.content.decode())


# --- public ---------------------------------------------------------------------------------------------


def test_the_code_page_shows_the_inspection_and_no_personal_data(vw):
    inspection = drawn_inspection(vw)
    response = _client().get(f"/inspections/code/{inspection.code}/")
    assert response.status_code == 200
    page = _page(response)
    assert "这是一次已登记的行政检查" in page and vw.agency.name in page and vw.linked_item.name in page
    for officer in vw.officers[:2]:
        number = officer.certificates.get().number
        assert officer.name in page and f'href="/verify/certificate/{number}/"' in page
    assert vw.target.name in page and vw.target.credit_code in page
    # 法定代表人 and 联系方式 are natural persons' data: never on a public page.
    assert LEGAL_REPRESENTATIVE not in page and CONTACT not in page and vw.target.address not in page
    assert "<script" not in page and "style=" not in page
    assert "尚未公示" in page and "评价本次检查" not in page  # not inspected yet: nothing to rate
    assert "抽查期间" in page and "2026年3月1日 至 2026年6月30日" in page


def test_the_result_appears_only_once_published(vw):
    inspection = drawn_inspection(vw)
    visit(vw, inspection, date(2026, 4, 20))
    visits.result_enter(
        inspection=inspection,
        outcome="corrected",
        findings="标签不规范，已责令改正",
        actor=vw.head,
        on=date(2026, 4, 21),
    )
    url = f"/inspections/code/{inspection.code}/"
    page = _page(_client().get(url))
    assert "发现问题已责令改正" not in page and "标签不规范" not in page
    visits.result_publish(inspection=inspection, actor=vw.clerk, on=date(2026, 4, 22))
    page = _page(_client().get(url))
    assert "发现问题已责令改正" in page and "2026年4月22日" in page
    assert "标签不规范" not in page  # the findings are staff-side


def test_an_unknown_code_is_a_clear_404_and_many_are_throttled(vw):
    for bad in ("ABCDEFGHJKLMNPQR", "not-a-code", "ABCDEFGHJKLMNPQ0"):
        response = _client().get(f"/inspections/code/{bad}/")
        assert response.status_code == 404 and "检查码不存在，请核实" in _page(response)
    for _ in range(views_visits.MISS_LIMIT):
        _client().get("/inspections/code/ABCDEFGHJKLMNPQR/")
    inspection = drawn_inspection(vw)
    throttled = _client().get(f"/inspections/code/{inspection.code}/")
    assert throttled.status_code == 429 and "查询过于频繁" in _page(throttled)


def test_a_cancelled_inspection_says_so(vw):
    inspection = drawn_inspection(vw)
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.CANCELLED)
    page = _page(_client().get(f"/inspections/code/{inspection.code}/"))
    assert "此检查已取消" in page and "已登记的行政检查" not in page and "评价本次检查" not in page


def test_a_code_typed_with_dashes_or_lower_case_goes_to_its_page(vw):
    inspection = drawn_inspection(vw)
    typed = codes.grouped(inspection.code).lower()
    response = _client().get(f"/inspections/code/{typed}/")
    assert response.status_code == 302 and response["Location"] == f"/inspections/code/{inspection.code}/"


def test_the_business_rates_once_and_only_supervisors_see_it(vw):
    """深圳龙华 (supervision.md §2.3): the rating goes to the supervisors, 执法部门"不可见、不可溯"."""
    inspection = drawn_inspection(vw)
    url = f"/inspections/code/{inspection.code}/"
    refused = _client().post(url, {"rating": "satisfied"})
    assert refused.status_code == 302 and not InspectionRating.objects.exists()  # not inspected yet
    visit(vw, inspection, date(2026, 4, 20))
    assert "评价本次检查" in _page(_client().get(url))
    comment = "检查人员态度粗暴，要求我们停业配合"
    response = _client().post(url, {"rating": "dissatisfied", "comment": comment})
    assert response.status_code == 302
    rating = InspectionRating.objects.get()
    assert rating.rating == "dissatisfied" and rating.comment == comment
    entry = JournalEntry.objects.get(event_type="inspection.rated")
    assert entry.agency_id is None and entry.payload_data == {
        "code": inspection.code,
        "rating": "dissatisfied",
    }
    assert comment not in entry.payload  # the text is vouched for by its digest only
    # Once per inspection.
    again = _client().post(url, {"rating": "satisfied"})
    assert again.status_code == 302 and InspectionRating.objects.count() == 1
    assert "本次检查已评价" in _page(_client().get(url))
    # The agency's staff cannot see it, on the ratings page or the inspection's page.
    for user in (vw.officer_user, vw.head, vw.clerk):
        assert _client(user).get("/workbench/inspections/ratings/").status_code == 403
        detail = _page(_client(user).get(f"/workbench/inspections/visits/{inspection.pk}/"))
        assert comment not in detail and "不满意" not in detail
    seen = _client(vw.supervisor).get("/workbench/inspections/ratings/")
    assert seen.status_code == 200 and comment in _page(seen)


def test_the_qr_image_of_a_code(vw):
    inspection = drawn_inspection(vw)
    response = _client().get(f"/inspections/code/{inspection.code}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.decode() == codes.code_svg(inspection.code)


# --- staff ----------------------------------------------------------------------------------------------


def test_the_officer_sees_the_inspection_on_the_to_do_list_and_the_home_page_links_it(vw):
    inspection = drawn_inspection(vw)
    other = drawn_inspection(vw)
    other.assignments.filter(officer=vw.officers[0]).delete()
    page = _page(_client(vw.officer_user).get("/workbench/inspections/todo/"))
    assert f"/workbench/inspections/visits/{inspection.pk}/" in page
    assert f"/workbench/inspections/visits/{other.pk}/" not in page
    assert "/workbench/inspections/todo/" in _page(_client(vw.officer_user).get("/workbench/"))


def test_a_visit_through_the_pages(vw):
    inspection = drawn_inspection(vw)
    officer = _client(vw.officer_user)
    detail_url = f"/workbench/inspections/visits/{inspection.pk}/"
    page = _page(officer.get(detail_url))
    assert "登记到达（扫码入企）" in page and codes.grouped(inspection.code) in page
    assert "登记到达（扫码入企）" not in _page(_client(vw.head).get(detail_url))  # not an assigned inspector
    # Check-in on the visit's day (the pages check in "now"; the service is called with the day).
    visits.inspection_check_in(inspection=inspection, actor=vw.officer_user, at=at(date(2026, 4, 20)))
    form = _page(officer.get(f"{detail_url}site-record/"))
    assert 'value="2026-04-20T09:30"' in form
    data = {
        "started_at": "2026-04-20T09:40",
        "ended_at": "2026-04-20T10:30",
        "place": "江北市城关街道人民路8号",
        "representative_name": "刘建国",
        "representative_title": "店长",
        "officers": [o.pk for o in vw.officers[:2]],
        "items": [vw.linked_item.pk],
        "findings": "货架食品标签规范，进货查验记录齐全。",
    }
    bad = officer.post(f"{detail_url}site-record/", {**data, "officers": [vw.officers[0].pk]})
    assert bad.status_code == 200 and "不少于2名" in _page(bad)
    response = officer.post(f"{detail_url}site-record/", data)
    assert response.status_code == 302
    record = SiteInspectionRecord.objects.get(inspection=inspection)
    pdf = officer.get(f"{detail_url}site-record.pdf")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    assert record.number in _page(officer.get(detail_url))

    response = officer.post(f"{detail_url}result/", {"outcome": "no_problem", "findings": ""})
    assert response.status_code == 302
    assert InspectionResult.objects.get(inspection=inspection).outcome == "no_problem"
    assert "公示检查结果" not in _page(officer.get(detail_url))
    assert officer.post(f"{detail_url}publish/").status_code == 302
    assert InspectionResult.objects.get(inspection=inspection).published_on is None  # an officer cannot
    clerk = _client(vw.clerk)
    assert "公示检查结果" in _page(clerk.get(detail_url))
    assert clerk.post(f"{detail_url}publish/").status_code == 302
    assert InspectionResult.objects.get(inspection=inspection).published_on == timezone.localdate()


def test_register_through_the_page_with_the_repeat_warning(vw):
    Inspection.objects.create(
        agency=vw.cw.world.agency_b,
        target=vw.target,
        kind=Inspection.Kind.ROUTINE,
        code=codes.new_code(),
        status=Inspection.Status.INSPECTED,
        inspected_on=timezone.localdate() - timedelta(days=10),
    )
    officer = _client(vw.officer_user)
    assert officer.get("/workbench/inspections/visits/register/").status_code == 200
    data = {
        "credit_code": vw.target.credit_code,
        "kind": "routine",
        "items": [vw.linked_item.pk],
        "officers": [o.pk for o in vw.officers[:2]],
        "planned_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "reason": "",
    }
    warned = officer.post("/workbench/inspections/visits/register/", data)
    assert warned.status_code == 200 and vw.cw.world.agency_b.name in _page(warned)
    assert "确需检查" in _page(warned) and not Inspection.objects.filter(agency=vw.agency).exists()
    done = officer.post("/workbench/inspections/visits/register/", {**data, "confirm_repeat": "on"})
    assert done.status_code == 302
    created = Inspection.objects.get(agency=vw.agency)
    assert done["Location"] == f"/workbench/inspections/visits/{created.pk}/"
    unknown = officer.post(
        "/workbench/inspections/visits/register/", {**data, "credit_code": "91350100M000100Y43"}
    )
    assert "名录库中没有" in _page(unknown)


def test_staff_pages_carry_no_inline_style_or_script(vw):
    inspection = drawn_inspection(vw)
    officer = _client(vw.officer_user)
    for url in (
        "/workbench/inspections/todo/",
        f"/workbench/inspections/visits/{inspection.pk}/",
        "/workbench/inspections/visits/register/",
    ):
        page = _page(officer.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "style=" not in page, url
