"""tus 1.0 protocol behaviour (core, creation, creation-with-upload, creation-defer-length, checksum,
termination, expiration), end to end through Django's test client."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhifa.evidence import uploads
from zhifa.evidence.models import Evidence, Upload
from zhifa.evidence.tests.helpers import Tus, b64, location_path, meta, random_bytes, tus_url
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def _create(tus: Tus, env, length: int, **overrides: str) -> str:
    response = tus.create(length, meta(env, **overrides))
    assert response.status_code == 201, response.content.decode()
    return location_path(response)


def test_options_advertises_version_extensions_max_size_and_checksums(tus_a, settings):
    settings.ZHIFA_EVIDENCE_MAX_BYTES = 5 * 1024**3
    response = Client().options(tus_url())
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "creation-defer-length",
        "checksum",
        "termination",
        "expiration",
    }
    assert response["Tus-Max-Size"] == str(5 * 1024**3)
    # sha1 is mandatory for the checksum extension; sm3 is our national-standard addition.
    assert response["Tus-Checksum-Algorithm"].split(",") == ["sha1", "sha256", "sm3"]


def test_full_flow_chunks_with_checksums_create_evidence_with_correct_digests(env, tus_a):
    data = random_bytes(3 * MIB + 12345)
    response = tus_a.create(len(data), meta(env))
    assert response.status_code == 201
    assert response["Tus-Resumable"] == "1.0.0"
    assert "Upload-Expires" in response and response["Upload-Expires"].endswith(" GMT")
    url = location_path(response)
    started = JournalEntry.objects.get(event_type="evidence.upload_started")  # custody starts here
    assert started.actor_id == env.user_a.pk and started.payload_data["length"] == len(data)

    head = tus_a.head(url)
    assert head.status_code == 200
    assert head["Upload-Offset"] == "0" and head["Upload-Length"] == str(len(data))
    assert head["Cache-Control"] == "no-store"
    assert "filename" in head["Upload-Metadata"]

    offset = 0
    algorithms = ["sha256", "sha1", "sm3", None]
    for i, start in enumerate(range(0, len(data), MIB)):
        chunk = data[start : start + MIB]
        response = tus_a.patch(url, offset, chunk, checksum=algorithms[i % 4])
        assert response.status_code == 204, response.content.decode()
        offset += len(chunk)
        assert response["Upload-Offset"] == str(offset)
        if offset < len(data):
            assert tus_a.head(url)["Upload-Offset"] == str(offset)

    evidence = Evidence.objects.get()
    assert response["X-Zhifa-Evidence-Id"] == str(evidence.pk)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.sm3 == hashlib.new("sm3", data).hexdigest()
    assert evidence.size == len(data)
    assert evidence.original_filename == "现场检查录像.mp4"
    assert evidence.kind == "video" and evidence.device_id == "ZFJLY-0042"
    assert set(evidence.collected_by.values_list("name", flat=True)) == {"李明", "赵强"}
    assert evidence.uploaded_by == env.user_a and evidence.agency == env.world.agency_a
    # The journal entry vouches for both digests, and the row points at it.
    assert evidence.journal_entry_id is not None
    entry = JournalEntry.objects.get(pk=evidence.journal_entry_id)
    assert entry.event_type == "evidence.uploaded"
    assert entry.subject == f"evidence.evidence:{evidence.pk}"
    assert entry.attachment_list == [
        {"sha256": evidence.sha256, "sm3": evidence.sm3, "size": len(data), "name": "现场检查录像.mp4"}
    ]
    assert entry.payload_data["via"] == "tus"
    upload = Upload.objects.get()
    assert upload.completed_at is not None and upload.evidence == evidence
    assert not (uploads.part_path(upload)).exists()
    # HEAD after completion still answers, with the evidence id.
    head = tus_a.head(url)
    assert head["Upload-Offset"] == str(len(data)) and head["X-Zhifa-Evidence-Id"] == str(evidence.pk)
    # A completed upload takes no more bytes.
    assert tus_a.patch(url, len(data), b"x").status_code == 403


def test_wrong_offset_is_409_and_changes_nothing(env, tus_a):
    url = _create(tus_a, env, 100)
    assert tus_a.patch(url, 0, b"a" * 10).status_code == 204
    response = tus_a.patch(url, 5, b"b" * 10)
    assert response.status_code == 409
    assert response["Upload-Offset"] == "10"
    assert "10" in response.content.decode()
    assert tus_a.head(url)["Upload-Offset"] == "10"


def test_missing_or_wrong_tus_resumable_is_412_with_tus_version(env, tus_a):
    url = _create(tus_a, env, 100)
    auth = {"Authorization": f"Bearer {env.token_a}"}
    response = tus_a.client.head(url, headers=auth)
    assert response.status_code == 412 and response["Tus-Version"] == "1.0.0"
    response = tus_a.client.generic(
        "PATCH",
        url,
        b"abc",
        content_type="application/offset+octet-stream",
        headers={**auth, "Tus-Resumable": "0.2.2", "Upload-Offset": "0"},
    )
    assert response.status_code == 412
    assert tus_a.head(url)["Upload-Offset"] == "0"


def test_patch_with_wrong_content_type_is_415(env, tus_a):
    url = _create(tus_a, env, 100)
    response = tus_a.patch(url, 0, b"abc", content_type="application/octet-stream")
    assert response.status_code == 415
    assert "application/offset+octet-stream" in response.content.decode()


def test_checksum_mismatch_is_460_and_discards_the_chunk(env, tus_a):
    data = random_bytes(200_000)
    url = _create(tus_a, env, len(data))
    assert tus_a.patch(url, 0, data[:100_000]).status_code == 204
    bad = tus_a.client.generic(
        "PATCH",
        url,
        data[100_000:],
        content_type="application/offset+octet-stream",
        headers=tus_a.headers(
            **{
                "Upload-Offset": "100000",
                "Upload-Checksum": f"sha256 {b64(hashlib.sha256(b'something else').digest())}",
            }
        ),
    )
    assert bad.status_code == 460
    assert "校验失败" in bad.content.decode()
    assert tus_a.head(url)["Upload-Offset"] == "100000"
    upload = Upload.objects.get()
    assert uploads.part_path(upload).stat().st_size == 100_000  # nothing of the bad chunk remains
    # The same chunk, sent right, completes the upload with the right digest.
    assert tus_a.patch(url, 100_000, data[100_000:], checksum="sm3").status_code == 204
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "header", ["md5 1B2M2Y8AsgTpgAmY7PhCfg==", "crc32 AAAAAA==", "sha256", "sha256 not*base64"]
)
def test_unknown_algorithm_or_malformed_checksum_is_400(env, tus_a, header):
    url = _create(tus_a, env, 100)
    response = tus_a.client.generic(
        "PATCH",
        url,
        b"abc",
        content_type="application/offset+octet-stream",
        headers=tus_a.headers(**{"Upload-Offset": "0", "Upload-Checksum": header}),
    )
    assert response.status_code == 400
    assert tus_a.head(url)["Upload-Offset"] == "0"


def test_delete_terminates_then_410_and_unknown_is_404(env, tus_a):
    url = _create(tus_a, env, 100)
    assert tus_a.patch(url, 0, b"x" * 40).status_code == 204
    upload = Upload.objects.get()
    assert uploads.part_path(upload).exists()
    assert tus_a.delete(url).status_code == 204
    assert not uploads.part_path(upload).exists()
    assert tus_a.head(url).status_code == 410
    assert tus_a.patch(url, 40, b"y").status_code == 410
    assert tus_a.delete(url).status_code == 410
    entry = JournalEntry.objects.get(event_type="evidence.upload_terminated")
    assert entry.payload_data["offset"] == 40 and entry.actor_id == env.user_a.pk
    assert tus_a.head(tus_url() + "00000000-0000-4000-8000-000000000000").status_code == 404


def test_expired_upload_is_410_and_purged(env, tus_a):
    url = _create(tus_a, env, 100)
    assert tus_a.patch(url, 0, b"x" * 10).status_code == 204
    upload = Upload.objects.get()
    Upload.objects.filter(pk=upload.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tus_a.head(url).status_code == 410
    assert tus_a.patch(url, 10, b"y").status_code == 410
    assert uploads.purge_expired_uploads() == 1
    assert not uploads.part_path(upload).exists()
    upload.refresh_from_db()
    assert upload.purged_at is not None
    assert JournalEntry.objects.filter(event_type="evidence.upload_expired").count() == 1
    assert uploads.purge_expired_uploads() == 0  # done once


def test_each_patch_pushes_the_expiry_forward(env, tus_a):
    url = _create(tus_a, env, 100)
    Upload.objects.update(expires_at=timezone.now() + timedelta(minutes=1))
    response = tus_a.patch(url, 0, b"x" * 10)
    assert Upload.objects.get().expires_at > timezone.now() + timedelta(hours=1)
    assert response["Upload-Expires"].endswith(" GMT")


def test_creation_with_upload_and_defer_length(env, tus_a):
    data = random_bytes(5000)
    response = tus_a.client.generic(
        "POST",
        tus_url(),
        data[:2000],
        content_type="application/offset+octet-stream",
        headers=tus_a.headers(
            **{"Upload-Defer-Length": "1", "Upload-Metadata": tus_a_meta(env)},
        ),
    )
    assert response.status_code == 201, response.content.decode()
    assert response["Upload-Offset"] == "2000" and response["Upload-Defer-Length"] == "1"
    url = location_path(response)
    assert tus_a.head(url)["Upload-Defer-Length"] == "1"
    response = tus_a.patch(url, 2000, data[2000:], **{"Upload-Length": "5000"})
    assert response.status_code == 204, response.content.decode()
    assert Evidence.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def tus_a_meta(env) -> str:
    from zhifa.evidence.tus import encode_metadata

    return encode_metadata(meta(env))


def test_bytes_beyond_upload_length_are_refused_with_413(env, tus_a, settings):
    url = _create(tus_a, env, 10)
    assert tus_a.patch(url, 0, b"x" * 11).status_code == 413
    assert tus_a.head(url)["Upload-Offset"] == "0"
    settings.ZHIFA_EVIDENCE_MAX_BYTES = 1000
    assert tus_a.create(1001, meta(env)).status_code == 413
    settings.ZHIFA_EVIDENCE_PATCH_MAX_BYTES = 4
    assert tus_a.patch(url, 0, b"x" * 5).status_code == 413


def test_creation_requires_a_length_and_refuses_empty_files(env, tus_a):
    assert tus_a.create(None, meta(env)).status_code == 400
    response = tus_a.create(0, meta(env))
    assert response.status_code == 400 and "文件为空" in response.content.decode()
    assert not Upload.objects.exists()


def test_x_http_method_override(env, tus_a):
    url = _create(tus_a, env, 3)
    response = tus_a.client.generic(
        "POST",
        url,
        b"abc",
        content_type="application/offset+octet-stream",
        headers=tus_a.headers(**{"Upload-Offset": "0", "X-HTTP-Method-Override": "PATCH"}),
    )
    assert response.status_code == 204
    assert Evidence.objects.count() == 1


def test_authentication_bearer_or_session_with_custom_header(env):
    anonymous = Tus(Client(), None)
    response = anonymous.create(10, meta(env))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert Tus(Client(), "zf_not-a-token").create(10, meta(env)).status_code == 401

    session = Client()
    session.force_login(env.user_a)
    browser = Tus(session, None)
    # A logged-in session alone could be forged cross-site (tus views are CSRF-exempt): refused.
    response = browser.create(10, meta(env))
    assert response.status_code == 403 and "X-Requested-With" in response.content.decode()
    response = browser.create(10, meta(env), **{"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 201
    url = location_path(response)
    assert browser.head(url).status_code == 200  # a safe method needs no extra header
    assert browser.patch(url, 0, b"x" * 10).status_code == 403
    assert browser.patch(url, 0, b"x" * 10, **{"X-Requested-With": "XMLHttpRequest"}).status_code == 204


def test_only_agency_staff_may_create_uploads(env):
    from zhifa.testing import make_user

    supervisor = make_user(username="jd", role="supervisor", region=env.world.city)
    session = Client()
    session.force_login(supervisor)
    response = Tus(session, None).create(10, meta(env), **{"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 403
    assert "执法主体" in response.content.decode()


def test_uploads_are_private_to_their_creator(env, tus_a, tus_b):
    url = _create(tus_a, env, 100)
    # Another agency: not found, and nothing changes.
    assert tus_b.head(url).status_code == 404
    assert tus_b.patch(url, 0, b"x").status_code == 404
    assert tus_b.delete(url).status_code == 404
    # A colleague of the same agency: not found either (the upload is the uploader's until it is evidence).
    from zhifa.accounts.services import api_token_create
    from zhifa.testing import make_user

    colleague = make_user(username="li_a2", role="officer", agency=env.world.agency_a)
    _, key = api_token_create(user=colleague, name="t", actor=None)
    assert Tus(Client(), key).head(url).status_code == 404
    assert tus_a.head(url)["Upload-Offset"] == "0"


def test_concurrent_writer_gets_423(env, tus_a):
    url = _create(tus_a, env, 100)
    upload = Upload.objects.get()
    with uploads._exclusive(upload.id):
        assert tus_a.patch(url, 0, b"x" * 10).status_code == 423
    assert tus_a.patch(url, 0, b"x" * 10).status_code == 204


def test_metadata_that_became_invalid_meanwhile_is_reported_at_the_end(env, tus_a):
    """Metadata is checked at creation and again when the last byte arrives (an officer may have moved to
    another agency meanwhile): the bytes stay durable, the failure is kept on the upload, no evidence."""
    url = _create(tus_a, env, 10)
    from zhifa.personnel.models import Officer

    Officer.objects.filter(pk=env.officer_a2.pk).update(agency=env.world.agency_b)
    response = tus_a.patch(url, 0, b"0123456789")
    assert response.status_code == 400
    assert "不是江北市市场监督管理局的执法人员" in response.content.decode()
    upload = Upload.objects.get()
    assert upload.offset == 10 and "执法人员" in upload.failure
    assert not Evidence.objects.exists()
    assert tus_a.head(url)["Upload-Offset"] == "10"


def test_purge_command(env, tus_a):
    from io import StringIO

    from django.core.management import call_command

    _create(tus_a, env, 10)
    Upload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("purge_expired_uploads", stdout=out)
    assert "已清理 1 个过期上传" in out.getvalue()


def test_deferred_length_declared_after_the_last_byte(env, tus_a):
    data = random_bytes(3000)
    response = tus_a.create(None, meta(env), **{"Upload-Defer-Length": "1"})
    assert response.status_code == 201
    url = location_path(response)
    assert tus_a.patch(url, 0, data).status_code == 204
    assert not Evidence.objects.exists()  # the length is still unknown
    response = tus_a.patch(url, 3000, b"", checksum=None, **{"Upload-Length": "3000"})
    assert response.status_code == 204, response.content.decode()
    assert Evidence.objects.get().sm3 == hashlib.new("sm3", data).hexdigest()


def test_expired_token_is_401_naming_its_expiry(env):
    """A device whose token expired learns that it expired and when (not just "invalid")."""
    from zhifa.accounts.services import api_token_create

    _token, key = api_token_create(
        user=env.user_a, name="执法记录仪", expires_at=timezone.now() - timedelta(minutes=1), actor=None
    )
    response = Tus(Client(), key).create(10, meta(env))
    assert response.status_code == 401
    assert "过期" in response.content.decode() and "轮换" in response.content.decode()
    assert Tus(Client(), "zf_not-a-token").create(10, meta(env)).content.decode() == "接口令牌无效"
