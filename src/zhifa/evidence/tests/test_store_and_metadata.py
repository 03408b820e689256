"""DESIGN.md invariant 2 (bytes stored under their hash, never overwritten; a correction is a new item) and
the capture metadata of legal-rules §11."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.evidence import blobstore, services
from zhifa.evidence.hashing import Digests
from zhifa.evidence.models import Evidence, ImmutableEvidenceError
from zhifa.evidence.services import MetadataError, evidence_metadata_parse
from zhifa.evidence.tests.helpers import location_path, meta, tus_url
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _ingest(env, data: bytes, **overrides: str) -> Evidence:
    metadata = evidence_metadata_parse(agency=env.world.agency_a, data=meta(env, **overrides))
    return services.evidence_ingest_file(
        metadata=metadata, content=ContentFile(data, name="x.bin"), actor=env.user_a
    )


def test_blob_is_stored_under_its_sha256(env, isolated_store: Path):
    evidence = _ingest(env, PNG, kind="photo", filename="现场照片.png")
    digest = hashlib.sha256(PNG).hexdigest()
    assert evidence.blob_name == f"sha256/{digest[:2]}/{digest[2:4]}/{digest}"
    path = isolated_store / "blobs" / evidence.blob_name
    assert path.read_bytes() == PNG
    assert evidence.content_type == "image/png"  # sniffed from the bytes, not from the name
    assert evidence.sm3 == hashlib.new("sm3", PNG).hexdigest()


def test_same_bytes_twice_reuse_the_blob_and_make_two_items(env, tus_a, isolated_store: Path):
    first = _ingest(env, PNG, kind="photo", case_ref="案一")
    blob_path = isolated_store / "blobs" / first.blob_name
    before = blob_path.stat()
    # The same bytes through tus, filed in another case.
    url = location_path(tus_a.create(len(PNG), meta(env, kind="photo", case_ref="案二")))
    assert tus_a.patch(url, 0, PNG).status_code == 204
    second = Evidence.objects.exclude(pk=first.pk).get()
    assert second.sha256 == first.sha256 and second.case_ref == "案二"
    after = blob_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # untouched
    assert len(list((isolated_store / "blobs").rglob("*"))) == 4  # sha256/ab/cd/<hex>: one file
    assert second.journal_entry_id is not None
    payload = JournalEntry.objects.get(pk=second.journal_entry_id).payload_data
    assert payload["blob_reused"] is True


def test_an_existing_blob_is_never_overwritten_even_if_it_differs(env):
    digest = hashlib.sha256(PNG).hexdigest()
    name = blobstore.blob_name(digest)
    storages["default"].save(name, ContentFile(b"damaged"))
    with pytest.raises(DomainError, match="大小不同"):
        _ingest(env, PNG, kind="photo")
    with storages["default"].open(name) as fh:
        assert fh.read() == b"damaged"
    assert not Evidence.objects.exists()


def test_racing_writer_loses_and_its_copy_is_dropped(env, monkeypatch):
    """Between exists() and save() another request stored the same bytes: keep the first, drop ours."""
    store = storages["default"]
    digests = Digests(hashlib.sha256(PNG).hexdigest(), hashlib.new("sm3", PNG).hexdigest(), len(PNG))
    name = blobstore.blob_name(digests.sha256)
    real_exists = store.exists
    calls = []

    def exists_but_first_check_misses(n):
        calls.append(n)
        return False if len(calls) == 1 else real_exists(n)

    store.save(name, ContentFile(PNG))
    monkeypatch.setattr(store, "exists", exists_but_first_check_misses)
    blob = blobstore.put(ContentFile(PNG), digests)
    monkeypatch.undo()
    assert blob.name == name and blob.created is False
    _, files = store.listdir(name.rsplit("/", 1)[0])
    assert files == [digests.sha256]


def test_evidence_rows_are_immutable(env):
    evidence = _ingest(env, b"%PDF-1.7\n" + b"x" * 100, kind="document", collected_place="")
    evidence.proves = "改写"
    with pytest.raises(ImmutableEvidenceError):
        evidence.save()
    with pytest.raises(ImmutableEvidenceError):
        evidence.delete()
    assert evidence.content_type == "application/pdf"


def test_immutable_in_the_database_behind_the_application(env):
    """DESIGN.md invariant 2, enforced by triggers (evidence.db): every column refuses an UPDATE, rows and
    collector links refuse DELETE; only the journal link may be set once, from empty."""
    evidence = _ingest(env, b"%PDF-1.7\n" + b"y" * 100, kind="document", collected_place="")
    assert evidence.journal_entry_id is not None
    table = Evidence._meta.db_table
    columns = [f.column for f in Evidence._meta.concrete_fields]
    for column in columns:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(f"UPDATE {table} SET {column} = {column} WHERE id = %s", [evidence.pk])
    links = Evidence.collected_by.through._meta.db_table
    for sql in (
        f"DELETE FROM {table} WHERE id = %s",
        f"DELETE FROM {links} WHERE evidence_id = %s",
        f"UPDATE {links} SET officer_id = officer_id WHERE evidence_id = %s",
    ):
        # Refused by the guard itself, not by an error inside it.
        refused = pytest.raises(DatabaseError, match="evidence is immutable")
        with refused, transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [evidence.pk])
    fresh = Evidence.objects.get(pk=evidence.pk)
    assert fresh.sha256 == evidence.sha256 and fresh.collected_by.count() == 2  # both officers kept


def test_every_migrate_re_creates_the_triggers(env):
    """SQLite drops a table's triggers when a migration rebuilds the table (alter_field does): the
    post_migrate handler puts them back, with the table's current columns."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from zhifa.evidence.db import drop_immutability_triggers

    evidence = _ingest(env, b"%PDF-1.7\n" + b"w" * 100, kind="document", collected_place="")
    drop_immutability_triggers(connection)  # what a table rebuild does
    with transaction.atomic(), connection.cursor() as c:  # unguarded now: the update goes through
        c.execute(f"UPDATE {Evidence._meta.db_table} SET device_id = device_id WHERE id = %s", [evidence.pk])
    post_migrate.send(
        sender=apps.get_app_config("evidence"), app_config=apps.get_app_config("evidence"), using="default"
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"UPDATE {Evidence._meta.db_table} SET device_id = device_id WHERE id = %s", [evidence.pk])


def test_the_journal_link_is_set_once_from_empty(env):
    """Ingest sets journal_entry_id from NULL (every ingest above passes through it); changing it after
    that would point the item at another record, and is refused."""
    evidence = _ingest(env, b"%PDF-1.7\n" + b"z" * 100, kind="document", collected_place="")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(
            f"UPDATE {Evidence._meta.db_table} SET journal_entry_id = %s WHERE id = %s", [999999, evidence.pk]
        )
    assert Evidence.objects.get(pk=evidence.pk).journal_entry_id == evidence.journal_entry_id


def test_correction_is_a_new_item_pointing_at_the_old_one(env):
    old = _ingest(env, PNG, kind="photo")
    with pytest.raises(MetadataError, match="更正原因"):
        _ingest(env, PNG + b"1", kind="photo", supersedes=str(old.pk))
    new = _ingest(env, PNG + b"1", kind="photo", supersedes=str(old.pk), description="原照片拍摄角度有误")
    assert new.supersedes == old
    assert Evidence.objects.get(pk=old.pk).sha256 == hashlib.sha256(PNG).hexdigest()  # unchanged
    entry = JournalEntry.objects.get(event_type="evidence.superseded")
    assert entry.subject == f"evidence.evidence:{old.pk}" and entry.payload_data["by"] == new.pk
    # A correction chain is linear: the old item cannot be corrected a second time.
    with pytest.raises(MetadataError, match=f"已被证据 {new.pk} 更正"):
        _ingest(env, PNG + b"2", kind="photo", supersedes=str(old.pk), description="再改")


def test_required_capture_metadata(env):
    with pytest.raises(MetadataError) as caught:
        evidence_metadata_parse(agency=env.world.agency_a, data={"filename": "a.mp4"})
    errors = caught.value.errors
    assert set(errors) == {"kind", "collected_at", "collected_by", "proves"}
    assert "证明对象" in errors["proves"] and "采集时间" in errors["collected_at"]
    assert "采集人" in caught.value.message  # one message lists every problem


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"kind": "movie"}, "kind", "证据种类“movie”无效"),
        ({"collected_at": "昨天下午"}, "collected_at", "格式无效"),
        ({"collected_place": ""}, "collected_place", "采集地点"),
        ({"collected_by": "abc"}, "collected_by", "无效"),
        ({"latitude": "91", "longitude": "120"}, "latitude", "-90 到 90"),
        ({"latitude": "30.5"}, "latitude", "同时填写"),
        ({"longitude": "x", "latitude": "1"}, "longitude", "不是数字"),
        ({"case_ref": "案" * 101}, "case_ref", "100"),
        ({"filename": "../"}, "filename", "文件名"),
        ({"supersedes": "999999"}, "supersedes", "不存在"),
    ],
)
def test_invalid_metadata_is_refused_with_a_chinese_message(env, overrides, field, fragment):
    with pytest.raises(MetadataError) as caught:
        evidence_metadata_parse(agency=env.world.agency_a, data=meta(env, **overrides))
    assert fragment in caught.value.errors[field]


def test_collectors_must_be_officers_of_the_agency(env):
    with pytest.raises(MetadataError, match="不是江北市市场监督管理局的执法人员"):
        evidence_metadata_parse(
            agency=env.world.agency_a, data=meta(env, collected_by=f"{env.officer_a.pk},{env.officer_b.pk}")
        )


def test_collectors_must_still_be_on_duty(env):
    """Evidence is collected by officers in enforcement posts (行政处罚法 Art.42): a transferred officer
    is refused whichever way the evidence arrives (the upload form only lists those on duty)."""
    env.officer_a2.status = "transferred"
    env.officer_a2.save()
    with pytest.raises(MetadataError) as exc:
        evidence_metadata_parse(agency=env.world.agency_a, data=meta(env))
    assert "赵强已不在执法岗位" in exc.value.errors["collected_by"]
    assert not Evidence.objects.exists()


def test_collected_in_the_future_is_refused(env):
    later = (timezone.localtime() + timedelta(hours=1)).isoformat()
    with pytest.raises(MetadataError, match="晚于当前时间"):
        evidence_metadata_parse(agency=env.world.agency_a, data=meta(env, collected_at=later))


def test_metadata_values_are_normalized(env):
    parsed = evidence_metadata_parse(
        agency=env.world.agency_a,
        data=meta(
            env,
            kind="录像",  # the Chinese label is accepted too
            filename="C:\\执法仪\\DCIM\\0001.MP4",
            collected_at="2025-03-01 14:30",
            latitude="30.123456789",
            longitude="120.1",
            collected_by=f"{env.officer_a2.pk}，{env.officer_a.pk}, {env.officer_a.pk}",
        ),
    )
    assert parsed.kind == "video" and parsed.original_filename == "0001.MP4"
    assert parsed.collected_at.utcoffset() == timedelta(hours=8)  # naive device time is local time
    assert str(parsed.latitude) == "30.123457"
    assert [o.name for o in parsed.collected_by] == ["赵强", "李明"]


def test_tus_rejects_bad_metadata_at_creation_not_at_the_end(env, tus_a):
    response = tus_a.create(10**9, meta(env, proves=""))
    assert response.status_code == 400
    assert "证明对象" in response.content.decode("utf-8")
    from zhifa.evidence.models import Upload

    assert not Upload.objects.exists()
    bad_b64 = tus_a.client.generic(
        "POST",
        tus_url(),
        b"",
        content_type="",
        headers=tus_a.headers(**{"Upload-Length": "10", "Upload-Metadata": "filename !!!"}),
    )
    assert bad_b64.status_code == 400 and "Base64" in bad_b64.content.decode()


def test_sniffing(env):
    assert blobstore.sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00") == "image/jpeg"
    assert blobstore.sniff(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41") == "video/mp4"
    assert blobstore.sniff("询问笔录：当事人称……".encode()) == "text/plain"
    assert blobstore.sniff("询问笔录".encode()[:-1]) == "text/plain"  # cut inside a character
    assert blobstore.sniff(bytes(range(256))) == "application/octet-stream"
    assert blobstore.sniff(b"") == "application/octet-stream"
