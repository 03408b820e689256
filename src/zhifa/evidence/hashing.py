"""Whole-file SHA-256 + SM3, computed while the bytes stream in, with flat memory.

SM3 from OpenSSL runs at about a quarter of SHA-256's speed (tech-notes §2.1: 276 vs 1,757 MB/s on the
reference machine), so it bounds ingest. hashlib releases the GIL for updates larger than 2 KiB, so hashing
on another thread uses the second core:

- `Hasher.feeding()` runs the SM3 updates on a worker thread while the caller reads, writes and computes
  SHA-256 (the plain form, audits);
- `TailHasher` follows a tus upload's partial file on a background thread that reads it and computes
  SHA-256, with SM3 on a worker of its own (the two in series on one thread took ~3.9 s of CPU per GiB,
  the longest path of an upload; SM3 alone is ~3.0 s): the request that receives a chunk only writes and
  fsyncs it, and the chunk is hashed while the client sends the next one. Once hashed, the chunk's pages
  leave the page cache (`_drop_cached`).

hashlib objects cannot be pickled or exported, so a running hash lives only in the process that computed
it. After a restart (or in a process that did not see the earlier chunks) the bytes already on disk are
hashed again, once, streaming, by a new TailHasher, and the upload continues from there.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BLOCK = 1024 * 1024
QUEUE_DEPTH = 3


def _drop_cached(fd: int, offset: int, length: int) -> None:
    """Let the kernel drop the page cache of bytes already hashed and fsynced (posix_fadvise DONTNEED; a
    no-op where it does not exist). A tus upload is written once, read once by the tail hasher, then moved
    to the store: keeping gigabytes of it cached evicts what the server does need, and on a VM whose free
    memory is handed back to the host, writing into new page-cache pages cost ~2.5 s of CPU per GiB against
    ~0.3 s when the dropped pages are reused (bench/README.md, bench_tus_ingest.py)."""
    fadvise = getattr(os, "posix_fadvise", None)
    if fadvise is not None and length > 0:
        fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


@dataclass(frozen=True)
class Digests:
    sha256: str
    sm3: str
    size: int


class _Worker:
    """Applies `update` to one hash object on a thread, in order."""

    def __init__(self, target: hashlib._Hash) -> None:
        self._target = target
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUE_DEPTH)
        self._thread = threading.Thread(target=self._run, name="zhifa-sm3", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (block := self._queue.get()) is not None:
            self._target.update(block)
            self._queue.task_done()
        self._queue.task_done()

    def update(self, block: bytes) -> None:
        self._queue.put(block)

    def drain(self) -> None:
        """Block until every block given so far has been hashed."""
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()


class Hasher:
    """SHA-256 and SM3 of a byte stream, with the number of bytes seen."""

    def __init__(
        self, sha256: hashlib._Hash | None = None, sm3: hashlib._Hash | None = None, size: int = 0
    ) -> None:
        self.sha256 = sha256 or hashlib.sha256()
        self.sm3 = sm3 or hashlib.new("sm3")
        self.size = size
        self._worker: _Worker | None = None

    def copy(self) -> Hasher:
        if self._worker is not None:
            raise RuntimeError("cannot copy a hasher while it is feeding")
        return Hasher(self.sha256.copy(), self.sm3.copy(), self.size)

    def update(self, block: bytes) -> None:
        self.sha256.update(block)
        if self._worker is not None:
            self._worker.update(block)
        else:
            self.sm3.update(block)
        self.size += len(block)

    @contextmanager
    def feeding(self) -> Iterator[Hasher]:
        """Within the block, SM3 updates run on a worker thread; on exit the worker has caught up."""
        self._worker = _Worker(self.sm3)
        try:
            yield self
        finally:
            worker, self._worker = self._worker, None
            worker.close()

    def drain(self) -> None:
        """While feeding: block until the SM3 worker has caught up with every update so far."""
        if self._worker is not None:
            self._worker.drain()

    def digests(self) -> Digests:
        if self._worker is not None:
            raise RuntimeError("digests are available once feeding has ended")
        return Digests(self.sha256.hexdigest(), self.sm3.hexdigest(), self.size)


class TailError(RuntimeError):
    pass


class TailHasher:
    """SHA-256 + SM3 of a file that grows by appends, computed on a background thread that follows the
    writer up to the offset it is told is durable (`advance`). The request that appends a chunk only writes
    and fsyncs; the whole-file hashing of that chunk then overlaps with the network transfer of the next
    one, and `wait` at the end collects the digests. Memory: a few blocks (QUEUE_DEPTH for the SM3 worker).

    The thread reads only below the target, bytes that are never rewritten; if it stays idle for
    `idle_seconds` it ends (and the next user starts a new one, re-hashing from the start of the file)."""

    def __init__(self, path: Path, *, idle_seconds: float = 600.0) -> None:
        self.path = path
        self._hasher = Hasher()
        self._done = 0  # bytes hashed by both digests (SM3 runs on its own worker, behind the reader)
        self._target = 0
        self._error: BaseException | None = None
        self._closed = False
        self._idle = idle_seconds
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="zhifa-tail-hash", daemon=True)
        self._thread.start()

    @property
    def target(self) -> int:
        with self._cond:
            return self._target

    @property
    def alive(self) -> bool:
        with self._cond:
            return not self._closed and self._error is None

    def advance(self, target: int) -> None:
        with self._cond:
            if target < self._target:
                raise ValueError(f"a tail hasher cannot go back from {self._target} to {target}")
            self._target = target
            self._cond.notify_all()

    def wait(self, target: int) -> Digests:
        """Block until every byte below `target` is hashed; return the digests of exactly those bytes."""
        with self._cond:
            if target != self._target:
                raise ValueError(f"wait({target}) but the target is {self._target}")
            self._cond.wait_for(lambda: self._done >= target or self._error is not None or self._closed)
            if self._error is not None:
                raise TailError(str(self._error)) from self._error
            if self._done != target:
                raise TailError("the tail hasher was closed before reaching its target")
            # The reader waits for a new target and the SM3 worker has drained: nothing updates them now.
            return Digests(self._hasher.sha256.hexdigest(), self._hasher.sm3.hexdigest(), self._done)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _run(self) -> None:
        try:
            with self.path.open("rb") as fh, self._hasher.feeding() as hasher:
                while True:
                    with self._cond:
                        ready = self._cond.wait_for(
                            lambda: self._closed or self._target > self._done, timeout=self._idle
                        )
                        if self._closed or not ready:
                            self._closed = True
                            self._cond.notify_all()
                            return
                        position, end = self._done, self._target
                    fh.seek(position)
                    start = position
                    while position < end:
                        block = fh.read(min(BLOCK, end - position))
                        if not block:
                            raise TailError(f"{self.path.name} ends at {position}, before the durable {end}")
                        hasher.update(block)
                        position += len(block)
                    hasher.drain()
                    _drop_cached(fh.fileno(), start, position - start)
                    with self._cond:
                        self._done = position
                        self._cond.notify_all()
        except BaseException as exc:  # reported to the waiter, never lost in the thread
            with self._cond:
                self._error = exc
                self._cond.notify_all()
