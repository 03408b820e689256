"""Memory stays flat however large the file (tech-notes §4.3 goal: "streams chunks with O(chunk) memory",
and better: O(block), since a chunk is never held whole). A 64 MiB upload in 8 MiB PATCHes goes through the
full WSGI stack (middleware, authentication, the tus view) with the request body read from a file, as a
WSGI server hands it over; tracemalloc sees every Python allocation, in every thread."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from zhifa.evidence.models import Evidence
from zhifa.evidence.tests.helpers import b64, location_path, meta

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
SIZE = 64 * MIB
CHUNK = 8 * MIB


class _Window(io.RawIOBase):
    """`length` bytes of a file from `start`: what a WSGI server offers as wsgi.input."""

    def __init__(self, path: Path, start: int, length: int) -> None:
        self._fh = path.open("rb")
        self._fh.seek(start)
        self._left = length

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        n = self._left if size is None or size < 0 else min(size, self._left)
        data = self._fh.read(n)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._fh.close()
        super().close()


def _patch(handler: WSGIHandler, path: str, source: Path, start: int, length: int, headers: dict[str, str]):
    body = _Window(source, start, length)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "PATCH",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/offset+octet-stream",
        "CONTENT_LENGTH": str(length),
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    }
    status: list[str] = []

    def start_response(
        s: str, h: list[tuple[str, str]], exc_info: Any = None, /
    ) -> Callable[[bytes], object]:
        status.append(s)
        return lambda data: None

    # As Django's test client does: the test's database connection must survive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = handler(environ, start_response)
        b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        body.close()
    return status[0]


def test_64_mib_upload_in_8_mib_chunks_keeps_python_memory_flat(env, tus_a, tmp_path):
    source = tmp_path / "video.bin"
    sha, sm3 = hashlib.sha256(), hashlib.new("sm3")
    chunk_sums = []
    with source.open("wb") as fh:
        for _ in range(SIZE // CHUNK):
            chunk_hash = hashlib.sha256()
            for _ in range(CHUNK // MIB):
                block = os.urandom(MIB)
                fh.write(block)
                sha.update(block)
                sm3.update(block)
                chunk_hash.update(block)
            chunk_sums.append(b64(chunk_hash.digest()))
        del block
    url = location_path(tus_a.create(SIZE, meta(env)))
    handler = WSGIHandler()

    tracemalloc.start()
    try:
        for i, start in enumerate(range(0, SIZE, CHUNK)):
            status = _patch(
                handler,
                url,
                source,
                start,
                CHUNK,
                {
                    "Tus-Resumable": "1.0.0",
                    "Authorization": f"Bearer {env.token_a}",
                    "Upload-Offset": str(start),
                    "Upload-Checksum": f"sha256 {chunk_sums[i]}",
                },
            )
            assert status.startswith("204"), status
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    evidence = Evidence.objects.get()
    assert evidence.sha256 == sha.hexdigest() and evidence.sm3 == sm3.hexdigest()
    assert evidence.size == SIZE
    # Blocks of 1 MiB, a few queued for the SM3 thread: single-digit MiB, not the chunk, not the file.
    assert peak < 16 * MIB, f"peak Python allocation {peak / MIB:.1f} MiB"
