"""The portal's complaint pages through the real views: the form and its challenge, the rate limit per
address, attachments through the blob store, the receipt, the progress query, and the complainant's
privacy on every public page."""

from __future__ import annotations

import re
import time
from typing import Any

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhifa.cases.models import ProcedureSetting
from zhifa.evidence.blobstore import blob_name
from zhifa.journal.models import JournalEntry
from zhifa.supervision import challenge, services
from zhifa.supervision.models import Complaint, ComplaintAttachment, IntakeHit
from zhifa.supervision.services import RouteTarget

from .conftest import NAME, PHONE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(300)

NEW = "/complaints/new/"
QUERY = "/complaints/query/"


def old_token(seconds: int = 60) -> str:
    return challenge.issue(now=time.time() - seconds)


def form_data(sw, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": str(sw.world.agency_a.pk),
        "region": "",
        "subject_kind": "enterprise",
        "content": "江北区某餐馆后厨卫生极差，老鼠出没，2026年9月发现。",
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "token": old_token(),
        "website": "",
    }
    data.update(over)
    return data


def post(client: Client, data: dict[str, Any], address: str = "10.0.0.1"):
    return client.post(NEW, data, REMOTE_ADDR=address)


def receipt_of(response) -> tuple[str, str]:
    text = response.content.decode()
    number = re.search(r'id="receipt-number">([^<]+)<', text).group(1)
    code = re.search(r'id="query-code">([^<]+)<', text).group(1)
    return number, code


# --- the form -----------------------------------------------------------------------------------------


def test_portal_home_links_to_the_complaint_form(sw, client):
    text = client.get("/").content.decode()
    assert 'href="/complaints/new/"' in text and "投诉举报" in text


def test_form_page_works_without_javascript_and_is_never_cached(sw, client):
    r = client.get(NEW)
    text = r.content.decode()
    assert r.status_code == 200
    assert "<script" not in text and 'method="post"' in text and 'enctype="multipart/form-data"' in text
    # Each page carries its own single-use token: never from a shared cache, always asked again.
    assert "private" in r["Cache-Control"] and "no-cache" in r["Cache-Control"]
    assert 'name="token"' in text and 'class="hp"' in text
    assert "不清楚" in text and sw.world.agency_a.name in text
    assert 'name="viewport"' in text  # phone-sized layout (base.html)


def test_filing_gives_a_receipt_number_and_a_query_code_shown_once(sw, client):
    r = post(client, form_data(sw))
    assert r.status_code == 200, r.content.decode()[:2000]
    number, code = receipt_of(r)
    assert number.startswith("TS-990100-")
    assert "private" in r["Cache-Control"]
    c = Complaint.objects.get(receipt_number=number)
    assert c.complainant_name == NAME and c.complainant_phone == PHONE
    assert code not in c.query_code_hash
    text = r.content.decode()
    assert NAME not in text and PHONE not in text


def test_no_content_is_refused_and_nothing_is_written(sw, client):
    r = post(client, form_data(sw, content="   "))
    assert r.status_code == 400
    assert "请填写投诉举报内容" in r.content.decode()
    assert (
        Complaint.objects.count() == 0
        and JournalEntry.objects.filter(event_type="complaint.received").count() == 0
    )


def test_unknown_agency_needs_a_region(sw, client):
    r = post(client, form_data(sw, agency=""))
    assert r.status_code == 400 and "不清楚的，请选择事发地区" in r.content.decode()
    r = post(client, form_data(sw, agency="", region=str(sw.world.county_a.pk)))
    assert r.status_code == 200
    assert (
        Complaint.objects.get().region == sw.world.county_a
        and Complaint.objects.get().agency_concerned is None
    )


def test_bad_phone_is_refused_in_chinese(sw, client):
    r = post(client, form_data(sw, complainant_phone="123"))
    assert r.status_code == 400 and "电话号码格式错误" in r.content.decode()
    assert Complaint.objects.count() == 0


# --- the challenge ------------------------------------------------------------------------------------


def test_challenge_a_fresh_token_is_too_fast_and_kept(sw, client, settings):
    settings.ZHIFA_COMPLAINT_FORM_MIN_SECONDS = 5
    token = challenge.issue()
    r = post(client, form_data(sw, token=token))
    assert r.status_code == 400
    text = r.content.decode()
    assert "提交过快" in text and "至少 5 秒" in text
    assert token in text  # the same token: the citizen does not have to wait again
    assert Complaint.objects.count() == 0


def test_challenge_honeypot_filled_is_refused(sw, client):
    r = post(client, form_data(sw, website="http://spam.example"))
    assert r.status_code == 400 and "请勿填写" in r.content.decode()
    assert Complaint.objects.count() == 0


def test_challenge_forged_or_expired_token_is_refused_with_a_fresh_one(sw, client, settings):
    r = post(client, form_data(sw, token="forged:token"))
    assert r.status_code == 400 and "表单校验码无效" in r.content.decode()
    settings.ZHIFA_COMPLAINT_FORM_MAX_SECONDS = 3600
    expired = old_token(7200)
    r = post(client, form_data(sw, token=expired))
    text = r.content.decode()
    assert r.status_code == 400 and "表单已过期" in text
    assert expired not in text and 'name="token"' in text  # a new token to submit with
    assert "老鼠出没" in text  # what the citizen wrote is kept
    assert Complaint.objects.count() == 0


def test_challenge_a_token_is_single_use(sw, client):
    data = form_data(sw)
    assert post(client, data).status_code == 200
    r = post(client, data)
    assert r.status_code == 400 and "该表单已经提交过" in r.content.decode()
    assert Complaint.objects.count() == 1


# --- the rate limit -------------------------------------------------------------------------------------


def test_rate_limit_per_address_with_a_chinese_429(sw, client, settings):
    settings.ZHIFA_COMPLAINT_RATE_LIMIT = 3
    for _ in range(3):
        assert post(client, form_data(sw), "10.0.0.1").status_code == 200
    r = post(client, form_data(sw), "10.0.0.1")
    assert r.status_code == 429
    text = r.content.decode()
    assert "操作过于频繁" in text and "最多提交投诉举报 3 次" in text
    assert int(r["Retry-After"]) > 0
    assert Complaint.objects.count() == 3
    # Another address is not held back; the refused request was not counted.
    assert post(client, form_data(sw), "10.0.0.2").status_code == 200
    assert IntakeHit.objects.count() == 4
    # Stored as a keyed hash, never the address.
    assert not IntakeHit.objects.filter(client__contains="10.0.0").exists()


def test_rate_limit_counts_an_ipv6_client_by_its_64(sw, client, settings):
    settings.ZHIFA_COMPLAINT_RATE_LIMIT = 2
    assert post(client, form_data(sw), "2001:db8:1:2::1").status_code == 200
    assert post(client, form_data(sw), "2001:db8:1:2:ffff::9").status_code == 200
    assert post(client, form_data(sw), "2001:db8:1:2::abcd").status_code == 429
    assert post(client, form_data(sw), "2001:db8:1:3::1").status_code == 200


def test_rate_limit_window_passes(sw, client, settings):
    from datetime import timedelta

    settings.ZHIFA_COMPLAINT_RATE_LIMIT = 1
    assert post(client, form_data(sw)).status_code == 200
    assert post(client, form_data(sw)).status_code == 429
    IntakeHit.objects.update(at=IntakeHit.objects.get().at - timedelta(hours=2))
    assert post(client, form_data(sw)).status_code == 200
    from zhifa.supervision import ratelimit

    assert ratelimit.purge() == 1


def test_client_address_header_behind_a_proxy(sw, client, settings):
    settings.ZHIFA_COMPLAINT_RATE_LIMIT = 1
    settings.ZHIFA_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    assert (
        client.post(NEW, form_data(sw), REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="1.1.1.1").status_code == 200
    )
    assert (
        client.post(NEW, form_data(sw), REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="2.2.2.2").status_code == 200
    )
    assert (
        client.post(NEW, form_data(sw), REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="1.1.1.1").status_code == 429
    )


# --- attachments --------------------------------------------------------------------------------------


def test_attachments_are_stored_under_their_hash(sw, client):
    files = [
        SimpleUploadedFile("现场.png", PNG, "image/png"),
        SimpleUploadedFile("单据.pdf", PDF, "application/pdf"),
    ]
    r = post(client, {**form_data(sw), "attachments": files})
    assert r.status_code == 200
    c = Complaint.objects.get()
    atts = list(ComplaintAttachment.objects.filter(complaint=c).order_by("original_filename"))
    assert [(a.original_filename, a.content_type) for a in atts] == [
        ("单据.pdf", "application/pdf"),
        ("现场.png", "image/png"),
    ]
    for a in atts:
        assert storages["default"].exists(blob_name(a.sha256))
    entry = JournalEntry.objects.get(event_type="complaint.received")
    assert {a.sha256 for a in atts} <= set(re.findall(r"[0-9a-f]{64}", entry.attachments))


def test_attachment_of_a_refused_type_is_refused_and_nothing_written(sw, client):
    files = [
        SimpleUploadedFile("photo.png", PNG, "image/png"),
        SimpleUploadedFile("photo.jpg", EXE, "image/jpeg"),
    ]
    r = post(client, {**form_data(sw), "attachments": files})
    assert r.status_code == 400
    text = r.content.decode()
    assert "附件“photo.jpg”的文件类型不被接受" in text and "只接受" in text
    assert Complaint.objects.count() == 0 and ComplaintAttachment.objects.count() == 0


def test_attachment_over_the_limit_is_refused(sw, client, settings):
    settings.ZHIFA_COMPLAINT_ATTACHMENT_MAX_BYTES = 100
    r = post(client, {**form_data(sw), "attachments": [SimpleUploadedFile("big.png", PNG, "image/png")]})
    assert r.status_code == 400
    assert (
        "附件“big.png”大小为" in r.content.decode()
        and "超过上限（每个附件不超过 100 字节）" in r.content.decode()
    )
    assert Complaint.objects.count() == 0


def test_too_many_attachments_are_refused(sw, client, settings):
    settings.ZHIFA_COMPLAINT_ATTACHMENT_MAX_COUNT = 1
    files = [SimpleUploadedFile(f"{i}.png", PNG + bytes([i]), "image/png") for i in range(2)]
    r = post(client, {**form_data(sw), "attachments": files})
    assert r.status_code == 400 and "附件最多 1 个" in r.content.decode()
    assert Complaint.objects.count() == 0


# --- the progress query ---------------------------------------------------------------------------------


def query(client: Client, number: str, code: str, address: str = "10.0.1.1"):
    return client.post(QUERY, {"receipt_number": number, "query_code": code}, REMOTE_ADDR=address)


def test_query_by_receipt_number_and_code(sw, client):
    number, code = receipt_of(post(client, form_data(sw)))
    r = query(client, number, code)
    assert r.status_code == 200
    text = r.content.decode()
    assert "已收到，待受理" in text and number in text
    assert "private" in r["Cache-Control"] and "no-cache" in r["Cache-Control"]
    # Case, spaces and the dash do not matter.
    assert query(client, f" {number.lower()} ", code.replace("-", " ").lower()).status_code == 200


def test_wrong_code_or_number_gives_one_message(sw, client):
    number, code = receipt_of(post(client, form_data(sw)))
    wrong_code = query(client, number, "AAAAA-AAAAA")
    wrong_number = query(client, "TS-990100-2026-999999", code)
    for r in (wrong_code, wrong_number):
        assert r.status_code == 404
        assert "受理编号或查询码不正确" in r.content.decode()
        assert 'id="progress"' not in r.content.decode()


def test_query_is_rate_limited(sw, client, settings):
    settings.ZHIFA_COMPLAINT_QUERY_RATE_LIMIT = 2
    query(client, "TS-1", "x")
    query(client, "TS-1", "x")
    r = query(client, "TS-1", "x")
    assert r.status_code == 429 and "查询办理进度" in r.content.decode()


def test_progress_shows_refusal_reason_and_the_answer(sw, client):
    # A short answer period, so that today's clock stays inside the loaded calendar.
    ProcedureSetting.objects.create(key="complaint_answer_days", region=sw.world.city, value=5)
    number, code = receipt_of(post(client, form_data(sw)))
    c = Complaint.objects.get(receipt_number=number)
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    text = query(client, number, code).content.decode()
    assert "已转交承办" in text and sw.world.agency_a.name in text and "答复期限" in text
    services.complaint_answer(complaint=c, actor=sw.officer_a, answer="经现场检查，已责令该餐馆停业整顿。")
    text = query(client, number, code).content.decode()
    assert "已答复" in text and "已责令该餐馆停业整顿" in text
    number2, code2 = receipt_of(post(client, form_data(sw)))
    c2 = Complaint.objects.get(receipt_number=number2)
    services.complaint_refuse(
        complaint=c2, actor=sw.supervisor, reason="不属于本平台受理范围，请向人民法院起诉。"
    )
    text = query(client, number2, code2).content.decode()
    assert "不予受理" in text and "请向人民法院起诉" in text


# --- privacy --------------------------------------------------------------------------------------------


def test_no_public_page_shows_the_name_or_phone_given(sw, client):
    """Through intake, acceptance, routing and the answer: the receipt, the progress page at every stage
    and the portal's pages and public JSON never carry the complainant's name or phone."""
    seen: list[str] = []
    r = post(client, form_data(sw, content="举报内容不含联系方式。"))
    seen.append(r.content.decode())
    number, code = receipt_of(r)
    c = Complaint.objects.get(receipt_number=number)
    assert c.complainant_name == NAME
    seen.append(query(client, number, code).content.decode())
    c = services.complaint_accept(complaint=c, actor=sw.supervisor)
    seen.append(query(client, number, code).content.decode())
    c = services.complaint_route(complaint=c, actor=sw.supervisor, target=RouteTarget(sw.world.agency_a))
    services.complaint_identity_read(complaint=c, actor=sw.officer_a)
    seen.append(query(client, number, code).content.decode())
    services.complaint_answer(complaint=c, actor=sw.officer_a, answer="已处理。")
    seen.append(query(client, number, code).content.decode())
    for path in (
        "/",
        NEW,
        QUERY,
        "/decisions/",
        "/decisions.json",
        "/decisions.csv",
        "/transparency/",
        "/statistics/",
    ):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen.append(body.decode())
    for page in seen:
        assert NAME not in page and PHONE not in page
    assert "已处理" in seen[4]
