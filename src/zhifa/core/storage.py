"""Where evidence blobs and issued documents live: Django's `STORAGES["default"]`.

The local folder `var/blobs` by default; any S3-compatible object store (MinIO, SeaweedFS, Ceph, a cloud
provider's OSS/COS/OBS with its S3 API) when ZHIFA_S3_BUCKET is set, through django-storages. CI runs
the evidence suite against a real SeaweedFS S3 gateway (evidence/tests/test_s3.py).

No Django imports: settings.py calls this before Django is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Chunk size and parallelism of multipart uploads: boto3's defaults (8 MiB x 10 threads) may hold
# 80 MiB per upload in memory; evidence ingest promises flat memory (issue 3: peak RSS < 150 MB).
MULTIPART_CHUNK = 8 * 1024 * 1024
MULTIPART_THREADS = 2
# Reading an object spools it to a temporary file beyond this size. django-storages' default (0) means
# "never roll over", which would hold a whole 1 GB video in memory during a download.
READ_SPOOL_BYTES = 4 * 1024 * 1024


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    location: str = "",
) -> dict[str, Any]:
    """The STORAGES entry for an S3-compatible bucket."""
    from boto3.s3.transfer import TransferConfig

    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": location,
        # Evidence is never overwritten (DESIGN.md invariant 2): a second save under the same name gets
        # another name, which blobstore.put() then deletes (the first copy wins).
        "file_overwrite": False,
        "default_acl": None,  # private objects; bytes are only ever served through the journaled views
        "querystring_auth": True,
        "max_memory_size": READ_SPOOL_BYTES,
        "transfer_config": TransferConfig(
            multipart_threshold=MULTIPART_CHUNK,
            multipart_chunksize=MULTIPART_CHUNK,
            max_concurrency=MULTIPART_THREADS,
        ),
        "addressing_style": "path",  # self-hosted gateways rarely have wildcard DNS for buckets
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    if region:
        options["region_name"] = region
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def from_environment(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The S3 STORAGES entry configured by ZHIFA_S3_* variables, or None for the local folder."""
    bucket = environ.get("ZHIFA_S3_BUCKET", "")
    if not bucket:
        return None
    return s3_storage(
        bucket=bucket,
        endpoint_url=environ.get("ZHIFA_S3_ENDPOINT_URL", ""),
        access_key=environ.get("ZHIFA_S3_ACCESS_KEY", ""),
        secret_key=environ.get("ZHIFA_S3_SECRET_KEY", ""),
        region=environ.get("ZHIFA_S3_REGION", ""),
        location=environ.get("ZHIFA_S3_PREFIX", ""),
    )
