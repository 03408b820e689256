"""Custody (DESIGN.md invariant 8: every staff read of evidence is journaled, before the bytes go out),
scoping (a user sees only what their agency or region may see) and the workbench pages."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import PermissionDenied
from zhifa.evidence import selectors, services
from zhifa.evidence.models import Evidence
from zhifa.evidence.services import evidence_metadata_parse
from zhifa.evidence.tests.helpers import meta, tus_url, url
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8


def _evidence(env, data: bytes = JPEG, **overrides: str) -> Evidence:
    metadata = evidence_metadata_parse(
        agency=env.world.agency_a, data=meta(env, **{"kind": "photo", **overrides})
    )
    return services.evidence_ingest_file(
        metadata=metadata, content=SimpleUploadedFile("p.jpg", data), actor=env.user_a
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _events(evidence: Evidence) -> list[tuple[str, int | None]]:
    rows = JournalEntry.objects.filter(subject=f"evidence.evidence:{evidence.pk}").order_by("id")
    return list(rows.values_list("event_type", "actor_id"))


def test_download_is_journaled_before_streaming_with_the_digests(env):
    evidence = _evidence(env)
    response = _client(env.user_a).get(url("download", evidence.pk))
    assert response.status_code == 200
    # The entry exists before a single byte of the body has been read.
    entry = JournalEntry.objects.filter(event_type="evidence.downloaded").get()
    assert entry.actor_id == env.user_a.pk and entry.agency_id == env.world.agency_a.pk
    assert entry.attachment_list[0]["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert response.streaming
    assert response.getvalue() == JPEG
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Length"] == str(len(JPEG))
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]


def test_detail_page_and_inline_view_are_journaled_as_views(env):
    evidence = _evidence(env)
    client = _client(env.user_a)
    page = client.get(url("detail", evidence.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert evidence.sha256 in text and evidence.sm3 in text
    assert "当事人在经营场所销售过期食品" in text
    assert "上传入库" in text and "查看" in text  # the history already shows this very view
    inline = client.get(url("content", evidence.pk))
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline.getvalue() == JPEG
    assert _events(evidence) == [
        ("evidence.uploaded", env.user_a.pk),
        ("evidence.viewed", env.user_a.pk),
        ("evidence.viewed", env.user_a.pk),
    ]
    modes = [
        e.payload_data["mode"]
        for e in JournalEntry.objects.filter(event_type="evidence.viewed").order_by("id")
    ]
    assert modes == ["page", "inline"]


def test_unsafe_types_are_never_shown_inline(env):
    evidence = _evidence(env, data=b"<html><script>alert(1)</script></html>", kind="electronic_data")
    assert evidence.content_type == "text/plain"
    response = _client(env.user_a).get(url("content", evidence.pk))
    assert response["Content-Disposition"].startswith("attachment;")
    assert JournalEntry.objects.filter(event_type="evidence.downloaded").count() == 1


def test_other_agency_sees_nothing_and_nothing_is_journaled(env):
    evidence = _evidence(env)
    client_b = _client(env.user_b)
    before = JournalEntry.objects.count()
    for name in ("detail", "download", "content"):
        assert client_b.get(url(name, evidence.pk)).status_code == 404
    assert JournalEntry.objects.count() == before
    listing = client_b.get(url("list"))
    assert listing.status_code == 200 and "p.jpg" not in listing.content.decode()


def test_supervisor_of_the_region_sees_and_is_journaled(env):
    evidence = _evidence(env)
    supervisor = make_user(username="jd_sup", role="supervisor", region=env.world.city)
    client = _client(supervisor)
    assert "现场检查录像.mp4" in client.get(url("list")).content.decode()
    assert client.get(url("download", evidence.pk)).status_code == 200
    assert _events(evidence)[-1] == ("evidence.downloaded", supervisor.pk)


def test_anonymous_is_sent_to_login(env):
    evidence = _evidence(env)
    response = Client().get(url("download", evidence.pk))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_list_filters_and_query_count(env, django_assert_num_queries):
    _evidence(env, case_ref="案A")
    _evidence(env, data=JPEG + b"2", case_ref="案B")
    old = (timezone.localtime() - timedelta(days=40)).isoformat()
    _evidence(env, data=b"%PDF-1.4\n", kind="document", case_ref="案B", collected_at=old)
    scope = scope_for(env.user_a)
    assert selectors.evidence_list(scope=scope, case_ref="案B").count() == 2
    assert selectors.evidence_list(scope=scope, kind="document").count() == 1
    since = timezone.localdate() - timedelta(days=7)
    assert selectors.evidence_list(scope=scope, collected_from=since).count() == 2
    client = _client(env.user_a)
    client.get(url("list"))  # warm the session
    # session, user, count, page, collected_by prefetch: constant whatever the number of rows.
    with django_assert_num_queries(5):
        response = client.get(url("list") + "?case_ref=案B")
    assert response.status_code == 200
    assert response.content.decode().count('data-label="编号"') == 2


def test_upload_form_stores_small_files_through_the_same_service(env):
    client = _client(env.user_a)
    page = client.get(url("upload"))
    assert page.status_code == 200 and tus_url() in page.content.decode()
    data = meta(env, kind="photo")
    form: dict[str, Any] = {k: v for k, v in data.items() if k not in ("collected_by", "filename")}
    form["collected_by"] = [str(env.officer_a.pk)]
    form["file"] = SimpleUploadedFile("现场照片.jpg", JPEG, content_type="application/x-fake")
    response = client.post(url("upload"), form)
    assert response.status_code == 302, response.content.decode()
    evidence = Evidence.objects.get()
    assert response["Location"] == url("detail", evidence.pk)
    assert evidence.original_filename == "现场照片.jpg" and evidence.content_type == "image/jpeg"
    assert evidence.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert evidence.journal_entry_id is not None
    assert JournalEntry.objects.get(pk=evidence.journal_entry_id).payload_data["via"] == "form"


def test_upload_form_shows_every_problem_and_keeps_nothing(env):
    client = _client(env.user_a)
    response = client.post(url("upload"), {"kind": "video", "file": SimpleUploadedFile("a.mp4", b"x" * 10)})
    assert response.status_code == 400
    text = response.content.decode()
    for fragment in ("采集时间", "采集人", "证明对象", "采集地点"):
        assert fragment in text
    assert not Evidence.objects.exists()


def test_upload_form_limits_and_csrf(env, settings):
    settings.ZHIFA_EVIDENCE_FORM_MAX_BYTES = 1024
    client = _client(env.user_a)
    form = {**meta(env, kind="photo"), "file": SimpleUploadedFile("big.jpg", JPEG + b"x" * 2048)}
    response = client.post(url("upload"), form)
    assert response.status_code == 400
    assert "表单上传的文件不能超过 1 KB；大文件请用断点续传（tus）接口" in response.content.decode()
    assert not Evidence.objects.exists()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(env.user_a)
    assert (
        strict.post(url("upload"), {**meta(env), "file": SimpleUploadedFile("a.jpg", JPEG)}).status_code
        == 403
    )


def test_upload_form_refuses_users_without_an_agency(env):
    supervisor = make_user(username="jd_sup2", role="supervisor", region=env.world.city)
    response = _client(supervisor).get(url("upload"))
    assert response.status_code == 403 and "执法主体" in response.content.decode()


def test_verify_rehashes_the_store_and_journals_it(env):
    evidence = _evidence(env)
    assert services.evidence_verify(evidence=evidence, actor=env.user_a) is True
    entry = JournalEntry.objects.get(event_type="evidence.verified")
    assert entry.payload_data["ok"] is True and entry.payload_data["sm3"] == evidence.sm3


@pytest.mark.parametrize("role", ["publicity_clerk", "legal_reviewer", "administrator"])
def test_only_officers_and_heads_bring_in_evidence_for_a_case(env, role):
    """Evidence is a write on a case (case_ref): a clerk, a reviewer or an administrator of the agency is
    refused by the form, the tus creation and the service, with a Chinese reason; nothing is stored."""
    user = make_user(username=f"ev_{role}", role=role, agency=env.world.agency_a)
    page = _client(user).get(url("upload"))
    assert page.status_code == 403 and "须由执法人员或负责人办理" in page.content.decode()
    posted = _client(user).post(
        url("upload"), {**meta(env, kind="photo"), "file": SimpleUploadedFile("p.jpg", JPEG)}
    )
    assert posted.status_code == 403
    from zhifa.accounts.services import api_token_create
    from zhifa.evidence.tests.helpers import Tus

    _, token = api_token_create(user=user, name="t", actor=None)
    created = Tus(Client(), token).create(len(JPEG), meta(env))
    assert created.status_code == 403 and "上传证据" in created.content.decode()
    with pytest.raises(PermissionDenied, match="上传证据"):
        services.require_uploader(actor=user)
    assert Evidence.objects.count() == 0
