"""网上巡查 (seed 001: quarterly online publicity inspection): the generator against hand-built data (one
agency with a late decision and a missed withdrawal, one clean), the supervisor's review, conclusion and
publication, region scoping, and the public page that never shows personal data."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from zhifa.catalog.models import DiscretionBenchmark, InspectionItem
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inspections.models import Inspection, InspectionResult
from zhifa.inspections.tests.visits_world import make_target
from zhifa.journal.models import JournalEntry
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.supervision import patrol_services
from zhifa.supervision.models_patrol import PatrolLine, PatrolReport, PatrolStatus
from zhifa.testing import World, make_agency, make_certificate, make_officer, make_user, make_world

AS_OF = date(2026, 4, 10)  # after the first quarter of 2026
_seq = itertools.count(1)
PARTY = "张三丰"  # a natural person's name on a decision: never on a patrol page
UNCERTIFIED = "钱无证"  # an officer on duty without a certificate: staff page only


@pytest.fixture
def world(db: Any) -> World:
    w = make_world()
    for agency, item in ((w.agency_a, w.item_a), (w.agency_b, w.item_b)):
        o = make_officer(agency=agency, name=f"{agency.name[:2]}执法员")
        make_certificate(officer=o, field=w.field_market, area=w.city)
        DiscretionBenchmark.objects.create(
            item=item, name=f"{item.name}裁量基准", effective_from=date(2025, 1, 1)
        )
        InspectionItem.objects.create(agency=agency, name="日常监督检查", target="经营者")
    return w


def publication(agency: Any, **kw: Any) -> Publication:
    n = next(_seq)
    fields: dict[str, Any] = {
        "agency": agency,
        "kind": "penalty",
        "decision_number": f"{agency.name[:2]}罚〔2026〕{n}号",
        "decided_on": date(2026, 3, 2),
        "title": "销售不符合食品安全标准的食品",
        "party_display": PARTY,
        "region_path": agency.region.path,
        "original_text": f"当事人：{PARTY}",
        "redacted_text": "当事人：张某",
        "due_on": date(2026, 3, 11),
        **kw,
    }
    return Publication.objects.create(**fields)


@pytest.fixture
def records(world: World) -> dict[str, Any]:
    a, b = world.agency_a, world.agency_b
    published = PublicationStatus.PUBLISHED
    late = publication(a, status=published, published_on=date(2026, 3, 13))  # due 3-11: two days late
    publication(a, status=published, due_on=date(2026, 2, 10), published_on=date(2026, 2, 9))
    missed = publication(
        a,
        status=published,
        due_on=date(2026, 1, 20),
        published_on=date(2026, 1, 19),
        withdraw_due=date(2026, 3, 20),
    )  # never withdrawn
    publication(a, status=published, due_on=date(2026, 4, 20), published_on=None)  # next quarter's
    publication(b, status=published, published_on=date(2026, 3, 10))
    publication(
        b,
        status=PublicationStatus.WITHDRAWN,
        due_on=date(2026, 1, 9),
        published_on=date(2026, 1, 8),
        withdraw_due=date(2026, 2, 5),
        withdrawn_on=date(2026, 2, 4),
    )
    insp = Inspection.objects.create(
        agency=b,
        target=make_target(world.county_a),
        kind="random",
        code=f"P{next(_seq):010d}",
        status=Inspection.Status.PUBLISHED,
        inspected_on=date(2026, 2, 2),
        result_due=date(2026, 3, 3),
    )
    InspectionResult.objects.create(
        inspection=insp, outcome="no_problem", entered_on=date(2026, 2, 3), published_on=date(2026, 2, 20)
    )
    return {"late": late, "missed": missed}


@pytest.fixture
def supervisor(world: World) -> Any:
    return make_user(username="sup_patrol", role="supervisor", region=world.city)


def generate(world: World, supervisor: Any, region: Any = None) -> dict[int, PatrolReport]:
    done = patrol_services.generate(
        region=region or world.city, year=2026, quarter=1, actor=supervisor, today=AS_OF
    )
    return {r.agency_id: r for r in done.created}


def lines(report: PatrolReport) -> dict[str, PatrolLine]:
    return {x.key: x for x in report.lines.all()}


def test_generator_finds_the_late_decision_and_the_missed_withdrawal_art_48(
    world: World, records: dict[str, Any], supervisor: Any
) -> None:
    """行政处罚法 Art.48; 118号 二(六) (7 working days); 公示规定 Art.11 (withdrawn within 3 working days)."""
    reports = generate(world, supervisor)
    assert set(reports) == {world.agency_a.pk, world.agency_b.pk}
    a, b = lines(reports[world.agency_a.pk]), lines(reports[world.agency_b.pk])
    assert list(a) == [
        "officers",
        "items",
        "benchmarks",
        "inspection_items",
        "decisions",
        "withdrawals",
        "inspection_results",
    ]
    assert not a["decisions"].passed
    assert "应公示决定3件" in a["decisions"].figures and "逾期或未公示1件" in a["decisions"].figures
    assert a["decisions"].items == [
        {"ref": records["late"].decision_number, "note": "应于2026年03月11日前公示，2026年03月13日公示"}
    ]
    assert not a["withdrawals"].passed
    assert a["withdrawals"].items[0]["ref"] == records["missed"].decision_number
    assert "仍在公示" in a["withdrawals"].items[0]["note"]
    assert all(x.passed for k, x in a.items() if k not in ("decisions", "withdrawals"))
    assert all(x.passed for x in b.values()), {k: x.figures for k, x in b.items() if not x.passed}
    assert "按期公示1件" in b["inspection_results"].figures and "按期撤下1件" in b["withdrawals"].figures
    assert JournalEntry.objects.filter(event_type="patrol.generated").count() == 2
    # Once per agency and quarter: a second run creates nothing.
    again = patrol_services.generate(region=world.city, year=2026, quarter=1, actor=supervisor, today=AS_OF)
    assert again.created == [] and again.existing == 2


def test_prior_publicity_lines_fail_with_their_items(world: World, supervisor: Any) -> None:
    """118号 二(四) 事前公开: officers with certificates, items with their basis, benchmarks, lists."""
    make_officer(agency=world.agency_a, name=UNCERTIFIED)
    DiscretionBenchmark.objects.filter(item=world.item_a).update(active=False)
    InspectionItem.objects.filter(agency=world.agency_a).delete()
    a = lines(generate(world, supervisor)[world.agency_a.pk])
    assert not a["officers"].passed and a["officers"].items[0]["ref"] == UNCERTIFIED
    assert not a["officers"].items_public
    assert not a["benchmarks"].passed and world.item_a.code in a["benchmarks"].items[0]["ref"]
    assert not a["inspection_items"].passed
    assert a["items"].passed  # the item has its legal basis


def test_the_quarter_must_be_over_and_the_region_the_supervisors(world: World, supervisor: Any) -> None:
    with pytest.raises(DomainError, match="尚未结束"):
        patrol_services.generate(region=world.city, year=2026, quarter=2, actor=supervisor, today=AS_OF)
    county = make_user(username="sup_county_p", role="supervisor", region=world.county_a)
    with pytest.raises(PermissionDenied):
        patrol_services.generate(region=world.city, year=2026, quarter=1, actor=county, today=AS_OF)
    with pytest.raises(DomainError):
        patrol_services.quarter_bounds(2026, 5)
    assert patrol_services.quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert not PatrolReport.objects.exists()


def test_review_conclude_publish(world: World, records: dict[str, Any], supervisor: Any) -> None:
    report = generate(world, supervisor)[world.agency_a.pk]
    ls = lines(report)
    with pytest.raises(DomainError, match="尚未审核"):
        patrol_services.publish(report=report, actor=supervisor, today=AS_OF)
    with pytest.raises(DomainError, match="理由"):
        patrol_services.review_line(line=ls["withdrawals"], actor=supervisor, verdict="overridden")
    officer = make_user(username="off_p", role="officer", agency=world.agency_a)
    with pytest.raises(PermissionDenied):
        patrol_services.review_line(line=ls["decisions"], actor=officer, verdict="confirmed")
    for key, x in ls.items():
        if key != "withdrawals":
            patrol_services.review_line(line=x, actor=supervisor, verdict="confirmed")
    patrol_services.review_line(
        line=ls["withdrawals"],
        actor=supervisor,
        verdict="overridden",
        reason="该决定已于3月19日更正，原公示依规替换",
    )
    line = PatrolLine.objects.get(pk=ls["withdrawals"].pk)
    assert line.final_passed and not line.passed and line.review_reason.startswith("该决定")
    with pytest.raises(DomainError, match="巡查结论"):
        patrol_services.publish(report=report, actor=supervisor, today=AS_OF)
    patrol_services.conclude(report=report, actor=supervisor, conclusion="1件处罚决定逾期2日公示，责令整改。")
    patrol_services.publish(report=report, actor=supervisor, today=AS_OF)
    report.refresh_from_db()
    assert report.status == PatrolStatus.PUBLISHED and report.published_on == AS_OF
    with pytest.raises(DomainError, match="已发布"):
        patrol_services.review_line(line=ls["decisions"], actor=supervisor, verdict="overridden", reason="x")
    events = list(
        JournalEntry.objects.filter(subject=f"supervision.patrolreport:{report.pk}").values_list(
            "event_type", flat=True
        )
    )
    assert events.count("patrol.line_reviewed") == 7
    assert events[-2:] == ["patrol.concluded", "patrol.published"]


def _publish_all(world: World, supervisor: Any) -> dict[int, PatrolReport]:
    reports = generate(world, supervisor)
    for r in reports.values():
        for x in r.lines.all():
            patrol_services.review_line(line=x, actor=supervisor, verdict="confirmed")
        patrol_services.conclude(report=r, actor=supervisor, conclusion="巡查结论。")
        patrol_services.publish(report=r, actor=supervisor, today=AS_OF)
    return reports


def test_staff_pages_are_scoped_by_region(client: Any, world: World, records: dict[str, Any]) -> None:
    supervisor = make_user(username="sup_city_p", role="supervisor", region=world.city)
    agency_c = make_agency(name="临江县市场监督管理局", region=world.county_b)
    reports = generate(world, supervisor)
    assert agency_c.pk in reports
    county_a = make_user(username="sup_ca_p", role="supervisor", region=world.county_a)
    county_b = make_user(username="sup_cb_p", role="supervisor", region=world.county_b)

    def listed(user: Any) -> set[int]:
        client.force_login(user)
        response = client.get("/workbench/supervision/patrols/")
        assert response.status_code == 200
        return {r.agency_id for r in response.context["page"]}

    assert listed(supervisor) == {world.agency_a.pk, world.agency_b.pk, agency_c.pk}
    assert listed(county_b) == {agency_c.pk}
    assert listed(county_a) == set()
    head_a = make_user(username="head_a_p", role="agency_head", agency=world.agency_a)
    assert listed(head_a) == {world.agency_a.pk}  # its own report, read-only
    page = client.get(f"/workbench/supervision/patrols/{reports[world.agency_a.pk].pk}/").content.decode()
    assert "保存审核" not in page
    client.force_login(county_b)
    assert client.get(f"/workbench/supervision/patrols/{reports[world.agency_a.pk].pk}/").status_code == 404
    url = f"/workbench/supervision/patrols/{reports[agency_c.pk].pk}/"
    line = reports[agency_c.pk].lines.get(key="decisions")
    client.post(url + "review/", {"line": line.pk, "verdict": "overridden", "reason": ""})
    line.refresh_from_db()
    assert line.verdict == ""  # refused: an override needs its reason
    client.post(url + "review/", {"line": line.pk, "verdict": "confirmed"})
    line.refresh_from_db()
    assert line.verdict == "confirmed"


def test_generate_from_the_page(client: Any, world: World, records: dict[str, Any], supervisor: Any) -> None:
    client.force_login(supervisor)
    page = client.get("/workbench/supervision/patrols/").content.decode()
    assert "生成巡查报告" in page
    response = client.post(
        "/workbench/supervision/patrols/generate/",
        {"region": world.city.pk, "year": "2026", "quarter": "1"},
        follow=True,
    )
    assert "已生成江北市2026年第1季度网上巡查报告2份" in response.content.decode()
    response = client.post(
        "/workbench/supervision/patrols/generate/",
        {"region": world.city.pk, "year": "2099", "quarter": "1"},
        follow=True,
    )
    assert "尚未结束" in response.content.decode()


def test_public_pages_show_published_reports_without_personal_data(
    client: Any, world: World, records: dict[str, Any], supervisor: Any
) -> None:
    make_officer(agency=world.agency_a, name=UNCERTIFIED)
    reports = _publish_all(world, supervisor)
    draft_agency = make_agency(name="临江县市场监督管理局", region=world.county_b)
    draft = generate(world, supervisor, region=world.county_b)[draft_agency.pk]
    report = reports[world.agency_a.pk]
    staff = client
    staff.force_login(supervisor)
    assert UNCERTIFIED in staff.get(f"/workbench/supervision/patrols/{report.pk}/").content.decode()
    client.logout()
    listing = client.get("/supervision/patrols/").content.decode()
    assert world.agency_a.name in listing and "临江县" not in listing  # drafts are not public
    page = client.get(f"/supervision/patrols/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert records["late"].decision_number in html and "2026年03月13日公示" in html
    assert "巡查结论。" in html and "涉及1人" in html
    for personal in (PARTY, UNCERTIFIED, "张某"):
        assert personal not in html
    assert "<script" not in html
    assert client.get(f"/supervision/patrols/{draft.pk}/").status_code == 404


def test_list_pages_query_counts_are_pinned(client: Any, world: World, supervisor: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _publish_all(world, supervisor)
    client.force_login(supervisor)
    staff, public = queries("/workbench/supervision/patrols/"), queries("/supervision/patrols/")
    for i in range(5):  # more agencies, more reports: the same number of queries
        make_agency(name=f"江北市第{i}执法局", region=world.city)
    patrol_services.generate(region=world.city, year=2025, quarter=4, actor=supervisor, today=AS_OF)
    for r in PatrolReport.objects.filter(year=2025):
        for x in r.lines.all():
            patrol_services.review_line(line=x, actor=supervisor, verdict="confirmed")
        patrol_services.conclude(report=r, actor=supervisor, conclusion="结论")
        patrol_services.publish(report=r, actor=supervisor, today=AS_OF)
    assert queries("/workbench/supervision/patrols/") == staff
    assert queries("/supervision/patrols/") == public
    detail = queries(f"/supervision/patrols/{PatrolReport.objects.earliest('id').pk}/")
    assert detail <= 3, detail
