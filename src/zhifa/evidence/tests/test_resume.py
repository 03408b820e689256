"""Durability (tech-notes §4.3 goal: survive a process kill mid-PATCH with the offset durable in the
database): bytes are fsynced before the offset moves, so a crash leaves at most bytes beyond the offset,
which the next PATCH discards; the running hash, lost with the process, is rebuilt from disk."""

from __future__ import annotations

import hashlib
import logging

import pytest

from zhifa.evidence import blobstore, services, uploads
from zhifa.evidence.hashing import Digests
from zhifa.evidence.models import Evidence, Upload
from zhifa.evidence.tests.helpers import location_path, meta, random_bytes

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def test_kill_mid_patch_then_a_new_process_resumes_from_the_durable_offset(env, tus_a, caplog):
    data = random_bytes(3 * MIB + 777)
    url = location_path(tus_a.create(len(data), meta(env)))
    assert tus_a.patch(url, 0, data[:MIB]).status_code == 204
    upload = Upload.objects.get()
    part = uploads.part_path(upload)

    # The crash: a PATCH wrote 300 KiB of the next chunk (here, garbage from a torn write) past the
    # durable offset, and died before updating the database. Its process memory (the running hash) is gone.
    with part.open("ab") as fh:
        fh.write(b"\xde\xad" * (150 * 1024))
    uploads.forget_all_running_hashes()
    assert part.stat().st_size == MIB + 300 * 1024

    # A fresh process: HEAD tells the client the durable offset, not what happens to be on disk.
    head = tus_a.head(url)
    assert head.status_code == 200 and head["Upload-Offset"] == str(MIB)

    with caplog.at_level(logging.INFO, logger="zhifa.evidence.uploads"):
        assert tus_a.patch(url, MIB, data[MIB : 2 * MIB], checksum="sm3").status_code == 204
    assert any("re-hashing" in r.message for r in caplog.records)  # once, on the first resumed PATCH
    assert part.stat().st_size == 2 * MIB  # the torn bytes were discarded
    assert tus_a.patch(url, 2 * MIB, data[2 * MIB :]).status_code == 204

    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.sm3 == hashlib.new("sm3", data).hexdigest()
    with blobstore.open_blob(evidence.sha256) as fh:
        assert fh.read() == data


def test_crash_between_blob_move_and_commit_is_finished_by_head(env, tus_a, monkeypatch):
    """The last chunk is durable and the file already moved to the blob store when the process dies before
    the Evidence row commits: the next HEAD finds the blob by the saved digest and finishes the job."""
    data = random_bytes(4096)
    url = location_path(tus_a.create(len(data), meta(env)))

    def die(**kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(services, "evidence_create", die)
    with pytest.raises(SystemExit):
        tus_a.patch(url, 0, data)
    monkeypatch.undo()
    upload = Upload.objects.get()
    assert upload.offset == len(data) and upload.sha256 == hashlib.sha256(data).hexdigest()
    assert not uploads.part_path(upload).exists()  # moved into the store
    assert Evidence.objects.count() == 0

    head = tus_a.head(url)
    evidence = Evidence.objects.get()
    assert head["X-Zhifa-Evidence-Id"] == str(evidence.pk)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    # Finalizing again is a no-op: still one evidence item.
    assert uploads.upload_finalize(upload=Upload.objects.get()) == evidence
    assert Evidence.objects.count() == 1


def test_resume_refuses_when_the_partial_file_lost_durable_bytes(env, tus_a):
    data = random_bytes(2000)
    url = location_path(tus_a.create(len(data), meta(env)))
    assert tus_a.patch(url, 0, data[:1000]).status_code == 204
    upload = Upload.objects.get()
    uploads.forget_all_running_hashes()
    with uploads.part_path(upload).open("r+b") as fh:
        fh.truncate(500)  # the disk lost what the database says was durable
    response = tus_a.patch(url, 1000, data[1000:])
    assert response.status_code == 500
    assert "重新上传" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_blob_digest_helper_round_trip(env):
    digests = Digests(hashlib.sha256(b"x").hexdigest(), hashlib.new("sm3", b"x").hexdigest(), 1)
    assert blobstore.existing(digests) is None
