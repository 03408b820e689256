"""A PATCH without Upload-Checksum makes its progress durable as its body arrives; one with a checksum
counts whole or not at all (tus 1.0 "Checksum"). In process: the server's death is an exception that
escapes the request in the middle of the body (the real kill: test_server_kill.py)."""

from __future__ import annotations

import hashlib

import pytest

from zhifa.evidence import uploads
from zhifa.evidence.models import Evidence, Upload
from zhifa.evidence.tests.helpers import meta, random_bytes

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


class Killed(BaseException):
    """What SIGKILL does to a request: nothing after it runs (not even `except Exception`)."""


class DyingBody:
    def __init__(self, data: bytes, die_after: int) -> None:
        self.data, self.pos, self.die_after = data, 0, die_after

    def read(self, size: int = -1, /) -> bytes:
        if self.pos >= self.die_after:
            raise Killed
        block = self.data[self.pos : min(self.pos + size, self.die_after)]
        self.pos += len(block)
        return block


@pytest.mark.parametrize("with_checksum", [False, True])
def test_a_patch_killed_mid_body_keeps_what_was_made_durable(env, settings, with_checksum):
    settings.ZHIFA_EVIDENCE_PATCH_COMMIT_BYTES = MIB
    data = random_bytes(8 * MIB + 123)
    upload = uploads.upload_create(actor=env.user_a, length=len(data), metadata=meta(env))
    uploads.upload_append(upload=upload, offset=0, body=DyingBody(data, MIB), content_length=MIB)
    checksum = uploads.Checksum("sha256", hashlib.sha256(data[MIB:]).digest()) if with_checksum else None
    with pytest.raises(Killed):
        uploads.upload_append(
            upload=Upload.objects.get(pk=upload.pk),
            offset=MIB,
            body=DyingBody(data[MIB:], int(3.5 * MIB)),
            content_length=len(data) - MIB,
            checksum=checksum,
        )
    uploads.forget_all_running_hashes()  # the process is gone
    offset = Upload.objects.get(pk=upload.pk).offset
    if with_checksum:
        assert offset == MIB  # an unverified chunk counts not at all
    else:
        assert offset == MIB + 3 * MIB  # the last whole MiB committed before the kill
    uploads.upload_append(
        upload=Upload.objects.get(pk=upload.pk),
        offset=offset,
        body=DyingBody(data[offset:], len(data)),
        content_length=len(data) - offset,
    )
    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.sm3 == hashlib.new("sm3", data).hexdigest()


def test_commit_every_zero_commits_only_at_the_end(env, settings):
    settings.ZHIFA_EVIDENCE_PATCH_COMMIT_BYTES = 0
    data = random_bytes(4 * MIB)
    upload = uploads.upload_create(actor=env.user_a, length=len(data), metadata=meta(env))
    with pytest.raises(Killed):
        uploads.upload_append(
            upload=upload, offset=0, body=DyingBody(data, 3 * MIB), content_length=len(data)
        )
    assert Upload.objects.get(pk=upload.pk).offset == 0
