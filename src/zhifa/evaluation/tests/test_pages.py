"""The 案卷评查 pages: plan list and creation, plan detail, the scoring form, the file page with the
objection form, the draw record (verifiable), the notice PDF and the rectification ledger."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from zhifa.evaluation import results
from zhifa.evaluation.models import EvaluatedFile, EvaluationPlan
from zhifa.evaluation.tests.conftest import RANDOM_SOURCE, drawn_plan, make_plan
from zhifa.evaluation.tests.test_draw import _verifier
from zhifa.evaluation.tests.test_results import SERVED, _scored_plan


def test_plan_list_and_create_with_bad_input_refused_in_chinese(ew, client):
    client.force_login(ew.supervisor)
    page = client.get(reverse("evaluation:plan_list"))
    assert page.status_code == 200 and "制定评查方案" in page.content.decode()
    data = {
        "region": ew.world.city.pk,
        "year": "2026",
        "random_source": RANDOM_SOURCE,
        "random_source_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "evaluators": [ew.ev1.pk],
    }
    bad = client.post(reverse("evaluation:plan_list"), data, follow=True)
    assert "评查人员名录至少需要 2 人" in bad.content.decode()
    assert not EvaluationPlan.objects.exists()
    ok = client.post(
        reverse("evaluation:plan_list"), {**data, "evaluators": [ew.ev1.pk, ew.ev2.pk]}, follow=True
    )
    assert "江北市2026年度行政执法案卷评查" in ok.content.decode()
    assert EvaluationPlan.objects.get().files_per_agency == 3


def test_plan_detail_commit_and_seed_through_the_page(ew, client, django_assert_max_num_queries):
    plan = make_plan(ew)
    client.force_login(ew.supervisor)
    client.post(reverse("evaluation:plan_action", args=[plan.pk, "commit"]))
    plan.refresh_from_db()
    assert plan.status == "committed"
    refused = client.post(
        reverse("evaluation:plan_action", args=[plan.pk, "seed"]), {"random_value": "01 02"}, follow=True
    )
    assert "之前不能录入" in refused.content.decode()
    with django_assert_max_num_queries(30):
        page = client.get(reverse("evaluation:plan_detail", args=[plan.pk]))
    assert "录入随机数并抽取" in page.content.decode()


def test_draw_record_json_verifies(ew, client):
    plan = drawn_plan(ew)
    client.force_login(ew.supervisor)
    response = client.get(reverse("evaluation:draw_record", args=[plan.pk, ew.world.agency_a.pk]))
    assert response.status_code == 200
    assert _verifier().verify(json.loads(response.content)) == []
    page = client.get(reverse("evaluation:plan_detail", args=[plan.pk])).content.decode()
    assert "tools/verify_draw.py" in page


def test_scoring_form_shows_items_and_submits(ew, client):
    plan = drawn_plan(ew)
    f = EvaluatedFile.objects.filter(plan=plan).first()
    sheet = f.sheets.first()
    client.force_login(sheet.evaluator)
    page = client.get(reverse("evaluation:score", args=[f.pk])).content.decode()
    assert "否决项" in page and "主要事实不清、证据不足" in page and "记录无法判断" in page
    form = {f"i-V{n}": "pass" for n in range(1, 6)}
    form.update({f"d-S{n}": "0" for n in range(1, 12)})
    form.update({"d-S1": "30"})
    bad = client.post(reverse("evaluation:score", args=[f.pk]), form, follow=True).content.decode()
    assert "扣分应在 0 至 20 分之间" in bad
    form.update({"d-S1": "3", "r-S1": "询问笔录未签名"})
    client.post(reverse("evaluation:score", args=[f.pk]), form)
    sheet.refresh_from_db()
    assert sheet.total == 97
    other = f.sheets.exclude(pk=sheet.pk).first()
    client.force_login(other.evaluator)
    detail = client.get(reverse("evaluation:file_detail", args=[f.pk])).content.decode()
    assert "互相看不到评分" in detail and "询问笔录未签名" not in detail


def test_file_page_objection_form_and_late_objection_message(ew, client):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    client.force_login(ew.staff_a)
    url = reverse("evaluation:file_detail", args=[files[0].pk])
    page = client.get(url).content.decode()
    assert "提出异议" in page and "2026-10-15" in page
    late = client.post(
        reverse("evaluation:file_action", args=[files[0].pk, "object"]), {"text": "不服"}, follow=True
    )
    assert "已超过提出异议的期限" in late.content.decode()  # today is after 2026-10-15


def test_notice_pdf_and_ledger(ew, client):
    plan, files = _scored_plan(ew)
    notice = results.notice_issue(
        plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=date(2026, 9, 25)
    )
    results.result_accept(file=EvaluatedFile.objects.get(pk=files[0].pk), actor=ew.staff_a)
    client.force_login(ew.staff_a)
    pdf = client.get(reverse("evaluation:notice_pdf", args=[notice.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(ew.staff_b)
    assert client.get(reverse("evaluation:notice_pdf", args=[notice.pk])).status_code == 404
    client.force_login(ew.supervisor)
    ledger = client.get(reverse("evaluation:ledger")).content.decode()
    assert files[0].case.case_number in ledger and "待整改" in ledger


def test_assigning_an_evaluator_of_the_files_own_agency_is_refused_on_the_page(ew, client):
    plan = drawn_plan(ew)
    f = EvaluatedFile.objects.filter(plan=plan, agency=ew.world.agency_b).first()
    client.force_login(ew.supervisor)
    page = client.post(
        reverse("evaluation:plan_action", args=[plan.pk, "assign"]),
        {"file": f.pk, "evaluator": ew.cross.pk},
        follow=True,
    ).content.decode()
    assert "评查人员与被评查案卷属于同一执法主体，应当回避" in page and "第十条" in page
    assert f.sheets.count() == 2


def test_plan_detail_query_count_does_not_grow_with_files(ew, client, django_assert_max_num_queries):
    plan = drawn_plan(ew)
    client.force_login(ew.supervisor)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("evaluation:plan_detail", args=[plan.pk]))
    assert page.status_code == 200 and page.content.decode().count("/workbench/evaluation/files/") >= 6


def test_an_evaluator_sees_their_pending_sheets_on_the_list(ew, client):
    plan = drawn_plan(ew)
    sheet = EvaluatedFile.objects.filter(plan=plan).first().sheets.first()
    client.force_login(sheet.evaluator)
    page = client.get(reverse("evaluation:plan_list")).content.decode()
    assert "待我评分的案卷" in page and sheet.file.case.case_number in page
