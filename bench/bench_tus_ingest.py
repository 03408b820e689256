"""Benchmark evidence ingest over tus 1.0 on loopback against the real server.

Run from the repository root:

    .venv/bin/python bench/bench_tus_ingest.py [--size-mb 1024] [--chunk-mb 32] [--threads 4]
                                               [--settings MODULE] [--keep]

What it does, in a temporary folder (ZHIFA_VAR_DIR) that it removes afterwards:

1. migrates a fresh SQLite database, creates an agency, an officer user and an officer (zhifa.testing
   builders, which go through the services), and an API token with `zhifa manage create_api_token`;
2. starts `zhifa serve` (cheroot, the production server) in a subprocess;
3. writes a random file of --size-mb MiB and times `sha256sum` on it (page cache warm), plus Python's
   hashlib SHA-256 and SM3 alone (the ceilings of server-side hashing);
4. uploads the file through tus: POST, then PATCHes of --chunk-mb MiB, each with
   `Upload-Checksum: sha256 <base64>`; the client hashes each chunk before sending it, as a real client
   must (the next chunk on a thread while the current one is sent), and that time is included;
5. reads the server's peak resident memory (VmHWM in /proc/<pid>/status) and checks that the evidence
   row's SHA-256 equals sha256sum's and its SM3 hashlib's;
6. reports the CPU seconds the upload took in the server (all its threads), in this process (the client)
   and in everything else on the machine (`other_cpu_seconds`, from /proc/stat: a few tenths means the
   machine was quiet; the engineers' test runs share these cores).

Prints one JSON object per line. Targets (issue): ingest >= 70 % of sha256sum's throughput; server peak
RSS < 150 MB. The server computes SHA-256 and SM3 of the whole file and SHA-256 of every chunk while
receiving, so SM3 (tech-notes §2.1) bounds ingest whatever the network does.

If the project's settings do not yet list `zhifa.evidence` in INSTALLED_APPS, the bench writes an
override settings module (INSTALLED_APPS + evidence, URLs under /evidence/) into its temporary folder.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
REPO = Path(__file__).resolve().parents[1]

OVERRIDE_SETTINGS = """\
from zhifa.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "zhifa.evidence"]  # noqa: F405
ROOT_URLCONF = "bench_tus_urls"
"""
OVERRIDE_URLS = """\
from django.urls import include, path

from zhifa.urls import urlpatterns as base

urlpatterns = [path("evidence/", include("zhifa.evidence.urls")), *base]
"""
SETUP = """\
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from zhifa.testing import make_officer, make_user, make_world
world = make_world()
user = make_user(username="bench_officer", role="officer", agency=world.agency_a)
officer = make_officer(agency=world.agency_a, name="李明")
print(json.dumps({"username": user.username, "officer_id": officer.pk}))
"""
CHECK = """\
import json, sys
import django
django.setup()
from zhifa.evidence.models import Evidence
e = Evidence.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"sha256": e.sha256, "sm3": e.sm3, "size": e.size, "content_type": e.content_type}))
"""


def emit(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False, sort_keys=True), flush=True)


def _settings_module(requested: str | None, workdir: Path, env: dict[str, str]) -> str:
    if requested:
        return requested
    probe = subprocess.run(
        [sys.executable, "-c", "import zhifa.settings as s; print('zhifa.evidence' in s.INSTALLED_APPS)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    if probe.stdout.strip() == "True":
        return "zhifa.settings"
    override = workdir / "override"
    override.mkdir()
    (override / "bench_tus_settings.py").write_text(OVERRIDE_SETTINGS)
    (override / "bench_tus_urls.py").write_text(OVERRIDE_URLS)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(override), env.get("PYTHONPATH", "")) if p)
    return "bench_tus_settings"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, its ended threads included (/proc/<pid>/stat utime, stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy_seconds() -> float:
    """CPU time spent by the whole machine (all CPUs), idle and iowait excluded (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


WAITRESS = """\
import sys
import django
django.setup()
from waitress import serve
from zhifa.wsgi import application
port, threads, recv_bytes = (int(a) for a in sys.argv[1:4])
serve(application, host="127.0.0.1", port=port, threads=threads, recv_bytes=recv_bytes, ident="zhifa")
"""


@contextmanager
def _server(
    port: int, threads: int, recv_bytes: int | None, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`zhifa serve` as shipped; or, with recv_bytes, the same WSGI application under waitress with a
    larger socket read size (waitress reads 8 KiB per recv by default)."""
    if recv_bytes is None:
        command = [sys.executable, "-m", "zhifa.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--threads", str(threads)]
    else:
        command = [sys.executable, "-c", WAITRESS, str(port), str(threads), str(recv_bytes)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("OPTIONS", "/evidence/tus/")
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 204:
                    break
                raise RuntimeError(f"OPTIONS /evidence/tus/ answered {response.status}")
            except (TimeoutError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start within 60 s") from None
                time.sleep(0.2)
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _write_random(path: Path, size: int) -> None:
    block = 4 * MIB
    with path.open("wb") as fh:
        left = size
        while left:
            n = min(block, left)
            fh.write(os.urandom(n))
            left -= n


def _time_sha256sum(path: Path) -> tuple[str, float]:
    t0 = time.perf_counter()
    out = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True).stdout
    return out.split()[0], time.perf_counter() - t0


def _time_hashlib(path: Path, algorithm: str) -> tuple[str, float]:
    h = hashlib.new(algorithm)
    t0 = time.perf_counter()
    with path.open("rb") as fh:
        while block := fh.read(MIB):
            h.update(block)
    return h.hexdigest(), time.perf_counter() - t0


class _Window:
    """`length` bytes of an open file from `start`, read by http.client in `blocksize` pieces."""

    def __init__(self, fh: Any, start: int, length: int) -> None:
        fh.seek(start)
        self._fh, self._left = fh, length

    def read(self, size: int = -1) -> bytes:
        n = self._left if size < 0 else min(size, self._left)
        data: bytes = self._fh.read(n)
        self._left -= len(data)
        return data


def _metadata(officer_id: int, name: str) -> str:
    fields = {
        "filename": name,
        "kind": "video",
        "case_ref": "基准测试",
        "collected_at": time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600 - 60)),
        "collected_place": "江北区人民路 8 号",
        "device_id": "BENCH-01",
        "proves": "基准测试：大文件断点续传入库",
        "collected_by": str(officer_id),
    }
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in fields.items())


def _chunk_sha256(path: Path, offset: int, n: int) -> tuple[bytes, float]:
    t0 = time.perf_counter()
    h = hashlib.sha256()
    with path.open("rb") as fh:
        fh.seek(offset)
        left = n
        while left:
            block = fh.read(min(MIB, left))
            h.update(block)
            left -= len(block)
    return h.digest(), time.perf_counter() - t0


def _upload(port: int, token: str, path: Path, size: int, chunk: int, officer_id: int) -> dict[str, Any]:
    """POST, then PATCHes with a sha256 Upload-Checksum each. Like a good client, it hashes chunk i+1 on a
    thread while chunk i is on the wire (hashlib releases the GIL)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600, blocksize=MIB)
    base = {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"}
    t0 = time.perf_counter()
    conn.request(
        "POST",
        "/evidence/tus/",
        headers={**base, "Upload-Length": str(size), "Upload-Metadata": _metadata(officer_id, path.name)},
    )
    response = conn.getresponse()
    body = response.read()
    if response.status != 201:
        raise RuntimeError(f"POST {response.status}: {body.decode(errors='replace')}")
    url = response.getheader("Location", "").split(f":{port}", 1)[-1]
    offsets = list(range(0, size, chunk))
    client_hash_s = 0.0
    evidence_id = None
    with ThreadPoolExecutor(max_workers=1) as pool, path.open("rb") as fh:
        pending = pool.submit(_chunk_sha256, path, 0, min(chunk, size))
        for i, offset in enumerate(offsets):
            n = min(chunk, size - offset)
            digest, hash_s = pending.result()
            client_hash_s += hash_s
            if i + 1 < len(offsets):
                nxt = offsets[i + 1]
                pending = pool.submit(_chunk_sha256, path, nxt, min(chunk, size - nxt))
            headers = {
                **base,
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(n),
                "Upload-Checksum": f"sha256 {base64.b64encode(digest).decode()}",
            }
            conn.request("PATCH", url, body=_Window(fh, offset, n), headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.status != 204:
                raise RuntimeError(f"PATCH at {offset}: {response.status} {body.decode(errors='replace')}")
            if int(response.getheader("Upload-Offset", "-1")) != offset + n:
                raise RuntimeError(f"PATCH at {offset}: server offset {response.getheader('Upload-Offset')}")
            evidence_id = response.getheader("X-Zhifa-Evidence-Id") or evidence_id
    elapsed = time.perf_counter() - t0
    conn.close()
    return {"seconds": elapsed, "client_hash_seconds": client_hash_s, "evidence_id": evidence_id}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="file size in MiB (default 1024)")
    parser.add_argument("--chunk-mb", type=int, default=32, help="PATCH size in MiB (default 32)")
    parser.add_argument("--threads", type=int, default=4, help="server threads (default 4)")
    parser.add_argument(
        "--recv-bytes",
        type=int,
        help="run the app under waitress with this socket read size instead of `zhifa serve` (8192)",
    )
    parser.add_argument(
        "--settings", help="DJANGO_SETTINGS_MODULE (default: project settings, or an override)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="zhifa-bench-tus-"))
    env = {**os.environ, "ZHIFA_VAR_DIR": str(workdir / "var"), "ZHIFA_LOG_LEVEL": "WARNING"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p)
    try:
        env["DJANGO_SETTINGS_MODULE"] = _settings_module(args.settings, workdir, env)
        size = args.size_mb * MIB
        emit(
            bench="machine",
            cpus=os.cpu_count(),
            cpu=_cpu_model(),
            python=platform.python_version(),
            openssl=ssl.OPENSSL_VERSION,
            settings=env["DJANGO_SETTINGS_MODULE"],
            server="zhifa serve" if args.recv_bytes is None else f"waitress recv_bytes={args.recv_bytes}",
            load_average_1m=round(os.getloadavg()[0], 2),
        )
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=False
        )
        if setup.returncode:
            raise RuntimeError(setup.stderr[-3000:])
        ids = json.loads(setup.stdout.strip().splitlines()[-1])
        token = subprocess.run(
            [
                sys.executable,
                "-m",
                "zhifa.cli",
                "manage",
                "create_api_token",
                ids["username"],
                "tus 基准测试",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

        data = workdir / "bench-video.bin"
        _write_random(data, size)
        expected, sum_s = _time_sha256sum(data)
        _, sha_s = _time_hashlib(data, "sha256")
        expected_sm3, sm3_s = _time_hashlib(data, "sm3")
        mb = size / 1e6
        emit(bench="sha256sum", size_mib=args.size_mb, seconds=round(sum_s, 3), mb_per_s=round(mb / sum_s, 1))
        emit(bench="hashlib_sha256", seconds=round(sha_s, 3), mb_per_s=round(mb / sha_s, 1))
        emit(bench="hashlib_sm3", seconds=round(sm3_s, 3), mb_per_s=round(mb / sm3_s, 1))

        port = _free_port()
        with _server(port, args.threads, args.recv_bytes, env, workdir / "server.log") as proc:
            rss_idle = _status_kb(proc.pid, "VmRSS")
            cpu0 = (_process_cpu_seconds(proc.pid), os.times(), _machine_busy_seconds())
            result = _upload(port, token, data, size, args.chunk_mb * MIB, ids["officer_id"])
            cpu1 = (_process_cpu_seconds(proc.pid), os.times(), _machine_busy_seconds())
            peak_kb = _status_kb(proc.pid, "VmHWM")
            rss_after = _status_kb(proc.pid, "VmRSS")
        check = subprocess.run(
            [sys.executable, "-c", CHECK, str(result["evidence_id"])],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        stored = json.loads(check.stdout.strip().splitlines()[-1])
        ingest_mb_s = mb / result["seconds"]
        server_cpu = cpu1[0] - cpu0[0]
        client_cpu = (cpu1[1].user + cpu1[1].system) - (cpu0[1].user + cpu0[1].system)
        busy = cpu1[2] - cpu0[2]
        sha256sum_mb_s = mb / sum_s
        emit(
            bench="tus_ingest",
            size_mib=args.size_mb,
            chunk_mib=args.chunk_mb,
            seconds=round(result["seconds"], 3),
            mb_per_s=round(ingest_mb_s, 1),
            client_chunk_hash_seconds=round(result["client_hash_seconds"], 3),
            ratio_to_sha256sum=round(ingest_mb_s / sha256sum_mb_s, 3),
            target_ratio=0.7,
            ratio_to_hashlib_sm3=round(ingest_mb_s / (mb / sm3_s), 3),
            server_cpu_seconds=round(server_cpu, 2),
            client_cpu_seconds=round(client_cpu, 2),
            other_cpu_seconds=round(busy - server_cpu - client_cpu, 2),
            evidence_id=result["evidence_id"],
            sha256_matches_sha256sum=stored["sha256"] == expected,
            sm3_matches_hashlib=stored["sm3"] == expected_sm3,
            sm3=stored["sm3"],
        )
        emit(
            bench="server_memory",
            rss_idle_mb=round(rss_idle / 1024, 1),
            rss_after_mb=round(rss_after / 1024, 1),
            peak_rss_mb=round(peak_kb / 1024, 1),
            target_peak_rss_mb=150,
        )
        emit(bench="load", load_average_1m_after=round(os.getloadavg()[0], 2))
        return 0 if stored["sha256"] == expected and stored["sm3"] == expected_sm3 else 1
    finally:
        if args.keep:
            emit(bench="kept", path=str(workdir))
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
