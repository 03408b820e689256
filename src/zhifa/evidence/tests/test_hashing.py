"""The hashing helpers: digests equal hashlib's over the same bytes, whatever the threading."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from zhifa.evidence.hashing import Hasher, TailError, TailHasher


def test_feeding_hasher_matches_hashlib():
    data = os.urandom(3 * 1024 * 1024 + 5)
    hasher = Hasher()
    with hasher.feeding():
        for i in range(0, len(data), 65536):
            hasher.update(data[i : i + 65536])
    digests = hasher.digests()
    assert digests.sha256 == hashlib.sha256(data).hexdigest()
    assert digests.sm3 == hashlib.new("sm3", data).hexdigest()
    assert digests.size == len(data)


def test_tail_hasher_follows_appends_up_to_the_durable_offset(tmp_path):
    path = tmp_path / "u.part"
    path.write_bytes(b"")
    tail = TailHasher(path)
    data = b""
    with path.open("ab") as fh:
        for piece in (os.urandom(100_000), os.urandom(2_500_000), os.urandom(7)):
            fh.write(piece)
            fh.flush()
            data += piece
            tail.advance(len(data))
        fh.write(b"beyond the durable offset: never hashed")
    digests = tail.wait(len(data))
    assert digests.sha256 == hashlib.sha256(data).hexdigest()
    assert digests.sm3 == hashlib.new("sm3", data).hexdigest()
    with pytest.raises(ValueError):
        tail.advance(10)  # it never goes back
    tail.close()


def test_tail_hasher_reports_a_file_shorter_than_promised(tmp_path):
    path = tmp_path / "u.part"
    path.write_bytes(b"abc")
    tail = TailHasher(path)
    tail.advance(10)
    with pytest.raises(TailError, match="ends at 3"):
        tail.wait(10)


def test_idle_tail_hasher_ends_itself(tmp_path):
    path = tmp_path / "u.part"
    path.write_bytes(b"abc")
    tail = TailHasher(path, idle_seconds=0.05)
    deadline = time.monotonic() + 5
    while tail.alive and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not tail.alive
