"""A tus PATCH reaches the disk as it arrives (issue 11, part 5): the real `zhifa serve` in its own
process is killed (SIGKILL) in the middle of a large PATCH, restarted, and the upload resumes from what
had reached the disk, beyond the end of the previous PATCH, then completes with the right digests. A
chunk sent with Upload-Checksum and cut off counts not at all (tus "Checksum")."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from zhifa.evidence.models import Evidence
from zhifa.evidence.tests.helpers import make_env, meta
from zhifa.evidence.tus import EVIDENCE_HEADER, encode_metadata
from zhifa.journal.tests.test_crash import _env

pytestmark = pytest.mark.django_db(transaction=True)

MIB = 1024 * 1024
COMMIT_EVERY = 2 * MIB


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self) -> None:
        self.port = _free_port()
        env = {**_env(), "ZHIFA_EVIDENCE_PATCH_COMMIT_BYTES": str(COMMIT_EVERY)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zhifa.cli", "serve", "--port", str(self.port), "--threads", "4"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while True:  # wait until it answers (not a timing assertion: a readiness poll)
            try:
                if self.request("OPTIONS", "/evidence/tus/", {}).status == 204:
                    return
            except OSError:
                pass
            assert self.process.poll() is None, "zhifa serve exited"
            assert time.monotonic() < deadline, "zhifa serve did not start"
            time.sleep(0.2)

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Any:
        conn = self.connect()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response
        finally:
            conn.close()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            server.kill()


def _headers(token: str, **extra: str) -> dict[str, str]:
    return {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}", **extra}


def _patch_headers(token: str, offset: int, length: int, **extra: str) -> dict[str, str]:
    return _headers(
        token,
        **{
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(length),
            **extra,
        },
    )


def _start_patch(server: Server, path: str, headers: dict[str, str]) -> http.client.HTTPConnection:
    """A PATCH whose headers are sent and whose body the caller sends piece by piece."""
    conn = server.connect()
    conn.putrequest("PATCH", path, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    return conn


def _offset(server: Server, path: str, token: str) -> int:
    response = server.request("HEAD", path, _headers(token))
    assert response.status == 200
    return int(response.getheader("Upload-Offset"))


def test_server_killed_mid_patch_resumes_from_what_reached_the_disk(servers):
    env = make_env()
    token = env.token_a
    first, big = MIB, 24 * MIB
    data = os.urandom(first + big)

    server = Server()
    servers.append(server)
    created = server.request(
        "POST",
        "/evidence/tus/",
        _headers(token, **{"Upload-Length": str(len(data)), "Upload-Metadata": encode_metadata(meta(env))}),
    )
    assert created.status == 201
    path = created.getheader("Location").split(f":{server.port}", 1)[1]
    ok = server.request("PATCH", path, _patch_headers(token, 0, first), data[:first])
    assert ok.status == 204 and ok.getheader("Upload-Offset") == str(first)

    # 1. A chunk with Upload-Checksum, cut off after 6 MiB (the client goes away): none of it counts,
    #    although more than COMMIT_EVERY bytes of it reached the server.
    digest = base64.b64encode(hashlib.sha256(data[first:]).digest()).decode()
    conn = _start_patch(
        server, path, _patch_headers(token, first, big, **{"Upload-Checksum": f"sha256 {digest}"})
    )
    for i in range(6):
        conn.send(data[first + i * MIB : first + (i + 1) * MIB])
    conn.sock.shutdown(socket.SHUT_RDWR)
    conn.close()
    deadline = time.monotonic() + 60
    while True:  # the server notices the end of the body, discards it and lets go of the upload
        probe = server.request("PATCH", path, _patch_headers(token, first, 0))
        if probe.status != 423:
            break
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert probe.status == 204 and _offset(server, path, token) == first

    # 2. The same chunk without a checksum, sent slowly; the server is killed in the middle of it.
    conn = _start_patch(server, path, _patch_headers(token, first, big))
    sent = 0
    deadline = time.monotonic() + 120
    while _offset(server, path, token) <= first:  # until some of it is durable, seen from outside
        assert sent < big - MIB and time.monotonic() < deadline, "nothing of the PATCH became durable"
        conn.send(data[first + sent : first + sent + MIB // 2])
        sent += MIB // 2
        time.sleep(0.05)
    conn.send(data[first + sent : first + sent + MIB])  # more on the wire while it dies
    sent += MIB
    server.kill()
    conn.close()

    server = Server()
    servers.append(server)
    offset = _offset(server, path, token)
    assert first < offset <= first + sent  # not the previous PATCH's end, nor more than was sent
    done = server.request("PATCH", path, _patch_headers(token, offset, len(data) - offset), data[offset:])
    assert done.status == 204 and done.getheader("Upload-Offset") == str(len(data))
    evidence = Evidence.objects.get(pk=int(done.getheader(EVIDENCE_HEADER)))
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.sm3 == hashlib.new("sm3", data).hexdigest()
