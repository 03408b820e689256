"""Licensing and other decisions registered for publication (registration.py): 7 or 20 working days
(国办发〔2018〕118号 二(六)) across holidays, redacted like penalties, refused cleanly, published by the
clerk like any draft; by form and through the API."""

from datetime import date
from typing import Any

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.publicity import services
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.publicity.registration import RegisteredDecision, decision_register
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

ID = "330102199001011234"  # check digit irrelevant to the party-known redaction
TEXT = (
    "食品经营许可决定书\n申请人：王小明，身份证号码330102199001011234，住址江北市江北区滨江街道幸福路8号3幢201室，"
    "联系电话13812345678。\n经审查，申请人王小明提交的食品经营许可申请符合法定条件，决定准予许可。"
)


@pytest.fixture
def clerk(cw):
    return make_user(username="clerk_reg", role="publicity_clerk", agency=cw.world.agency_a)


def licensing(**overrides: object) -> RegisteredDecision:
    data: dict[str, Any] = {
        "kind": "licensing",
        "decision_number": "江北市监许〔2026〕88号",
        "decided_on": date(2026, 9, 29),
        "title": "食品经营许可",
        "party_name": "王小明",
        "party_kind": "natural_person",
        "content": "准予许可，许可证编号JY13301020012345",
        "text": TEXT,
        "party_id_number": ID,
        "party_address": "江北市江北区滨江街道幸福路8号3幢201室",
        "party_phone": "13812345678",
    }
    data.update(overrides)
    return RegisteredDecision(**data)


def test_licensing_is_due_in_seven_working_days_across_national_day_118(cw, clerk):
    pub = decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    # Tue 2026-09-29: 09-30 (1), 10-01..07 off, 10-08 (2), 10-09 (3), Sat 10-10 make-up (4), 10-12..14 (5–7).
    assert (pub.kind, pub.status, pub.due_on) == ("licensing", PublicationStatus.DRAFT, date(2026, 10, 14))
    entry = JournalEntry.objects.get(event_type="decision.registered")
    assert entry.subject == f"publicity.publication:{pub.pk}" and entry.actor_id == clerk.pk
    assert entry.payload_data["kind"] == "licensing" and entry.payload_data["due_on"] == "2026-10-14"


def test_other_decisions_are_due_in_twenty_working_days_118(cw, clerk):
    pub = decision_register(
        agency=cw.world.agency_a,
        decision=licensing(kind="other", decided_on=date(2026, 9, 25), title="行政确认"),
        actor=clerk,
    )
    assert pub.due_on == date(2026, 10, 29)  # as test_pipeline's twenty-working-day case


def test_the_natural_persons_name_id_phone_and_street_address_are_redacted(cw, clerk):
    pub = decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    for secret in ("王小明", ID, "13812345678", "幸福路8号"):
        assert secret in pub.original_text
        assert secret not in pub.redacted_text, secret
    assert pub.party_display.startswith("王") and "小明" not in pub.party_display
    assert "准予许可" in pub.redacted_text


def test_a_legal_persons_name_stays_and_its_representative_goes(cw, clerk):
    text = "申请人：江北市鲜果贸易有限公司，法定代表人李建华。决定准予许可。"
    pub = decision_register(
        agency=cw.world.agency_a,
        decision=licensing(
            party_name="江北市鲜果贸易有限公司",
            party_kind="legal_person",
            legal_representative="李建华",
            text=text,
            party_id_number="",
            party_address="",
            party_phone="",
        ),
        actor=clerk,
    )
    assert pub.party_display == "江北市鲜果贸易有限公司"
    assert "江北市鲜果贸易有限公司" in pub.redacted_text and "李建华" not in pub.redacted_text


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"kind": "penalty"}, "请填写处罚种类"),
        ({"kind": "robot"}, "决定类别应为"),
        ({"penalty_kinds": ("罚款",)}, "只有行政处罚决定"),
        ({"decision_number": "  "}, "决定书文号"),
        ({"text": ""}, "决定书正文"),
        ({"decided_on": date(2099, 1, 1)}, "不能晚于今天"),
        ({"party_kind": "robot"}, "当事人类型"),
        ({"decision_number": "文" * 61}, "不能超过 60 个字"),
        ({"content": "准" * 301}, "不能超过 300 个字"),
        ({"decided_on": date(1999, 3, 1)}, "1999 年的节假日安排尚未录入"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_leaves_nothing(cw, clerk, overrides, fragment):
    with pytest.raises(DomainError, match=fragment):
        decision_register(agency=cw.world.agency_a, decision=licensing(**overrides), actor=clerk)
    assert not Publication.objects.exists()
    assert not JournalEntry.objects.filter(event_type="decision.registered").exists()


def test_a_number_is_registered_once_and_only_by_the_agencys_clerk(cw, clerk):
    decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    with pytest.raises(DomainError, match="已经登记"):
        decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    other_clerk = make_user(username="clerk_b", role="publicity_clerk", agency=cw.world.agency_b)
    for i, actor in enumerate((cw.officer_user, other_clerk)):
        with pytest.raises(PermissionDenied):
            decision_register(
                agency=cw.world.agency_a, decision=licensing(decision_number=f"X-{i}"), actor=actor
            )
    assert Publication.objects.count() == 1


def test_published_like_any_draft_for_three_years(client, cw, clerk):
    pub = decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.display_until == date(2029, 10, 9)
    page = client.get("/decisions/?kind=licensing").content.decode()
    assert "江北市监许〔2026〕88号" in page
    detail = client.get(f"/decisions/{pub.pk}/").content.decode()
    assert "准予许可" in detail and "王小明" not in detail and ID not in detail


def test_the_form_registers_and_shows_errors_in_place(client, cw, clerk):
    client.force_login(clerk)
    page = client.get("/workbench/publicity/register/")
    assert page.status_code == 200 and "决定书文号" in page.content.decode()
    data = {
        "kind": "licensing",
        "decision_number": "江北市监许〔2026〕89号",
        "decided_on": "2026-09-29",
        "title": "食品经营许可",
        "content": "准予许可",
        "party_name": "王小明",
        "party_kind": "natural_person",
        "text": TEXT,
    }
    bad = client.post("/workbench/publicity/register/", {**data, "text": ""})
    assert bad.status_code == 200 and "这个字段是必填项" in bad.content.decode()
    assert not Publication.objects.exists()
    ok = client.post("/workbench/publicity/register/", data)
    pub = Publication.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/workbench/publicity/{pub.pk}/"
    twice = client.post("/workbench/publicity/register/", data)
    assert "已经登记" in twice.content.decode() and Publication.objects.count() == 1


def test_a_user_without_an_agency_is_refused(client, cw):
    supervisor = make_user(username="sup_reg", role="supervisor", region=cw.world.city)
    client.force_login(supervisor)
    response = client.get("/workbench/publicity/register/")
    assert response.status_code == 403 and "执法主体" in response.content.decode()


def test_the_api_registers_for_a_licensing_system(client, cw, clerk):
    _, token = api_token_create(user=clerk, name="政务服务许可系统", actor=None)
    body = {
        "kind": "licensing",
        "decision_number": "江北市监许〔2026〕90号",
        "decided_on": "2026-09-29",
        "title": "食品经营许可",
        "party_name": "王小明",
        "party_kind": "natural_person",
        "content": "准予许可",
        "text": TEXT,
        "party_id_number": ID,
    }
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    created = client.post("/api/v1/publicity/decisions", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["due_on"] == "2026-10-14" and data["status"] == "draft" and data["redactions"] >= 3
    again = client.post("/api/v1/publicity/decisions", body, content_type="application/json", **auth)
    assert again.status_code == 422 and again.json()["field"] == "decision_number"
    too_long = {**body, "decision_number": "文" * 80}
    refused = client.post("/api/v1/publicity/decisions", too_long, content_type="application/json", **auth)
    assert refused.status_code == 422 and "不能超过 60 个字" in refused.json()["detail"]
    malformed = client.post(
        "/api/v1/publicity/decisions", {**body, "decided_on": "明天"}, content_type="application/json", **auth
    )
    assert malformed.status_code == 422 and "decided_on" in malformed.json()["detail"]
    assert "格式" in malformed.json()["detail"]
