"""Resumable uploads (tus 1.0): the state machine behind tus.py, usable without HTTP.

Durability (tech-notes §4.3 goal "survives a process kill mid-PATCH, with the offset durable in the
database"): a chunk's bytes are written to `uploads/<id>.part` at the durable offset, fsynced, and only
then does `Upload.offset` move, in the database. (Writeback starts every WRITEBACK_EVERY bytes while the
chunk is written, so that the fsync has little left to wait for; it is still the fsync that makes the
chunk durable before the 204.) The body is read from the connection as it arrives (`zhifa serve` runs a
server that streams request bodies to the application, see cli._serve), and a PATCH without
`Upload-Checksum` also makes its progress durable every `conf.patch_commit_every()` bytes (fdatasync,
then the offset commits), so a connection or a server killed in the middle of a large PATCH resumes from
the last of those points, not from the previous PATCH. A process killed mid-PATCH leaves bytes beyond the
offset; the next PATCH truncates the file back to the database offset before writing, so those bytes are
discarded and the client resends them (it learns the offset from HEAD).

The whole-file SHA-256 + SM3 is computed by a per-upload `TailHasher` thread in this process, which
follows the partial file up to the durable offset: a PATCH writes, fsyncs and commits its offset, and the
chunk is hashed while the client sends the next one; the last PATCH waits for it and saves the digests.
hashlib objects cannot be serialized, so after a restart (or in a process that did not see the earlier
chunks) a new TailHasher hashes the bytes on disk up to the offset again, once, streaming, in the
background, and the upload goes on (`_tail_for`). That costs one read of the partial file per resume.

Checksum extension: a chunk with `Upload-Checksum` is written beyond the durable offset and verified
before the offset moves; on mismatch the file is truncated back and the offset is unchanged (tus 1.0
"Checksum": 460). Such a chunk is all or nothing: none of it is committed mid-PATCH, and a chunk cut off
(client gone, server killed) is discarded whole, since the checksum covers bytes that never arrived and
cannot be verified; the client resends it from the previous offset. The partial file itself is the
spool: nothing past the durable offset counts, so no second temporary copy of the chunk is needed.

Concurrency: one writer per upload, enforced by an exclusive, non-blocking `flock` on `uploads/<id>.lock`
(it holds across processes and threads); a second writer gets 423 Locked, as tusd answers.

Completion: once the last byte is durable, the final digests are saved with the offset, the file moves to
the blob store under its SHA-256 and the Evidence row plus its journal entry are written in one
transaction (`upload_finalize`). Finalizing is idempotent and is retried on HEAD: after a crash between
the move and the commit the blob is found by the saved SHA-256.
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import logging
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.evidence import blobstore, conf, services
from zhifa.evidence.hashing import BLOCK, Digests, TailError, TailHasher
from zhifa.evidence.models import Evidence, Upload
from zhifa.journal.services import record

logger = logging.getLogger(__name__)

# tus 1.0 "Checksum": sha1 is mandatory; sm3 is a legal custom name (lowercase ASCII).
CHECKSUM_ALGORITHMS = ("sha1", "sha256", "sm3")


class UploadError(DomainError):
    """A refused tus operation; `status` is the HTTP status tus 1.0 prescribes for it."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class UploadGone(UploadError):
    status = 410


class OffsetMismatch(UploadError):
    status = 409


class ChecksumMismatch(UploadError):
    status = 460


class UploadTooLarge(UploadError):
    status = 413


class UploadLocked(UploadError):
    status = 423


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class Checksum:
    algorithm: str
    digest: bytes


@dataclass(frozen=True)
class AppendResult:
    upload: Upload
    evidence: Evidence | None


def part_path(upload: Upload) -> Path:
    return conf.uploads_dir() / upload.file_name


def _lock_path(upload_id: uuid.UUID) -> Path:
    return conf.uploads_dir() / f"{upload_id}.lock"


@contextmanager
def _exclusive(upload_id: uuid.UUID) -> Iterator[None]:
    fd = os.open(_lock_path(upload_id), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UploadLocked("该上传正在被另一个请求写入，请稍后再试") from exc
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _drop_lock_file(upload_id: uuid.UUID) -> None:
    # Safe while holding the lock: every holder re-reads the upload and finds it finished.
    _lock_path(upload_id).unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Start writing a chunk's pages to disk while it is still being received, so that the fsync before the 204
# waits only for the last few MiB (Linux sync_file_range(2) with SYNC_FILE_RANGE_WRITE: asynchronous, no
# durability promise of its own; the fsync still makes the chunk durable). Where the call does not exist
# (not Linux), nothing starts early. Measured: the fsyncs of a 1 GiB upload in 32 MiB chunks waited
# 0.55-0.85 s in all, 0.19-0.26 s with it (bench/README.md, bench_tus_ingest.py).
WRITEBACK_EVERY = 8 * 1024 * 1024
_SYNC_FILE_RANGE_WRITE = 2


def _load_sync_file_range() -> Any:
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (AttributeError, OSError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_sync_file_range = _load_sync_file_range()


def _start_writeback(fd: int, offset: int, length: int) -> None:
    if _sync_file_range is not None and length > 0:
        _sync_file_range(fd, offset, length, _SYNC_FILE_RANGE_WRITE)  # a failure only loses the head start


# --- running hashes, per process -------------------------------------------------------------------------

_TAILS_MAX = 64
_tails: OrderedDict[uuid.UUID, TailHasher] = OrderedDict()
_tails_lock = threading.Lock()


def _tail_for(upload: Upload, path: Path) -> TailHasher:
    """This process's tail hasher for the upload, following the file up to the durable offset. A missing
    one (first chunk, restart, another process took the earlier chunks, idle too long) starts from byte 0:
    the bytes already on disk are re-hashed once, in the background."""
    with _tails_lock:
        tail = _tails.get(upload.id)
        if tail is not None and (not tail.alive or tail.target > upload.offset):
            tail.close()  # ended, failed, or ahead of the database (a request died after advancing it)
            tail = None
        if tail is None:
            tail = TailHasher(path)
            if upload.offset:
                logger.info("upload %s: re-hashing %d bytes from disk to resume", upload.id, upload.offset)
            _tails[upload.id] = tail
        _tails.move_to_end(upload.id)
        while len(_tails) > _TAILS_MAX:
            _, evicted = _tails.popitem(last=False)
            evicted.close()
    tail.advance(upload.offset)
    return tail


def _forget(upload_id: uuid.UUID) -> None:
    with _tails_lock:
        tail = _tails.pop(upload_id, None)
    if tail is not None:
        tail.close()


def forget_all_running_hashes() -> None:
    """What a process restart does to the running hashes (used by tests that simulate a crash)."""
    with _tails_lock:
        tails = list(_tails.values())
        _tails.clear()
    for tail in tails:
        tail.close()


# --- creation, lookup, termination ------------------------------------------------------------------------


def upload_create(*, actor: Any, length: int | None, metadata: Mapping[str, str]) -> Upload:
    """tus creation: validate the capture metadata now (not at the end of a long upload), reserve the
    partial file. `length` None is creation-defer-length."""
    agency = services.require_uploader(actor=actor)
    if length is not None:
        if length <= 0:
            raise UploadError("文件为空（Upload-Length 为 0），不能作为证据上传")
        if length > conf.max_bytes():
            raise UploadTooLarge(f"文件超过允许的最大长度 {conf.human_size(conf.max_bytes())}")
    services.evidence_metadata_parse(agency=agency, data=metadata)
    with transaction.atomic():
        upload = Upload.objects.create(
            agency=agency,
            created_by=actor,
            length=length,
            metadata=dict(metadata),
            expires_at=timezone.now() + conf.upload_expiry(),
        )
        # Custody starts here: termination and expiry are journaled, so is the start.
        record(
            event_type="evidence.upload_started",
            subject=upload,
            agency_id=agency.pk,
            actor=actor,
            payload={"filename": metadata.get("filename", ""), "length": length},
        )
    path = part_path(upload)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    _fsync_dir(path.parent)
    return upload


def check_open(upload: Upload, *, now: datetime | None = None) -> None:
    """tus "Termination" and "Expiration": a terminated or expired upload is 410 Gone."""
    if upload.terminated_at is not None:
        raise UploadGone("该上传已被终止")
    if upload.completed_at is None and (
        upload.purged_at is not None or upload.expires_at <= (now or timezone.now())
    ):
        raise UploadGone("该上传已过期，请重新上传")


def upload_terminate(*, upload: Upload, actor: Any) -> None:
    """tus "Termination": the partial file is removed; a finished upload is evidence and stays."""
    with _exclusive(upload.id):
        upload.refresh_from_db()
        check_open(upload)
        if upload.completed_at is not None or upload.evidence_id is not None:
            raise UploadError("该上传已完成并入库为证据，证据不得删除", status=403)
        with transaction.atomic():
            upload.terminated_at = timezone.now()
            upload.save(update_fields=["terminated_at"])
            record(
                event_type="evidence.upload_terminated",
                subject=upload,
                agency_id=upload.agency_id,
                actor=actor,
                payload={
                    "filename": upload.metadata.get("filename", ""),
                    "offset": upload.offset,
                    "length": upload.length,
                },
            )
        part_path(upload).unlink(missing_ok=True)
        _forget(upload.id)
        _drop_lock_file(upload.id)


def purge_expired_uploads(*, now: datetime | None = None) -> int:
    """tus "Expiration": remove the partial files of unfinished uploads past their expiry (each journaled
    as `evidence.upload_expired`). An upload being written (locked) is left for the next run."""
    now = now or timezone.now()
    count = 0
    expired = Upload.objects.filter(
        completed_at__isnull=True, terminated_at__isnull=True, purged_at__isnull=True, expires_at__lte=now
    )
    for upload in expired.iterator():
        try:
            with _exclusive(upload.id):
                upload.refresh_from_db()
                if upload.completed_at or upload.terminated_at or upload.purged_at:
                    continue
                with transaction.atomic():
                    upload.purged_at = now
                    upload.save(update_fields=["purged_at"])
                    record(
                        event_type="evidence.upload_expired",
                        subject=upload,
                        agency_id=upload.agency_id,
                        payload={
                            "filename": upload.metadata.get("filename", ""),
                            "offset": upload.offset,
                            "length": upload.length,
                        },
                    )
                part_path(upload).unlink(missing_ok=True)
                _forget(upload.id)
                _drop_lock_file(upload.id)
                count += 1
        except UploadLocked:
            continue
    return count


# --- appending -----------------------------------------------------------------------------------------


def upload_append(
    *,
    upload: Upload,
    offset: int,
    body: Readable,
    content_length: int,
    checksum: Checksum | None = None,
    declare_length: int | None = None,
) -> AppendResult:
    """tus core PATCH: append `content_length` bytes read from `body` at `offset`."""
    if content_length > conf.patch_max_bytes():
        raise UploadTooLarge(f"单次 PATCH 不能超过 {conf.human_size(conf.patch_max_bytes())}，请分块上传")
    with _exclusive(upload.id):
        upload.refresh_from_db()
        check_open(upload)
        if upload.completed_at is not None:
            raise UploadError("该上传已完成并入库为证据", status=403)
        if declare_length is not None:
            _declare_length(upload, declare_length)
        if offset != upload.offset:
            raise OffsetMismatch(f"Upload-Offset 为 {offset}，但服务器已接收 {upload.offset} 字节")
        limit = upload.length if upload.length is not None else conf.max_bytes()
        if offset + content_length > limit:
            raise UploadTooLarge(f"本次数据超出文件总长度（已接收 {offset}，总长 {limit} 字节）")
        evidence = None
        if content_length:
            _append(upload, body, content_length, checksum)
        if upload.length is not None and upload.offset == upload.length:
            if not upload.sha256:  # a deferred length declared after the last byte (empty PATCH)
                _seal(upload)
            evidence = _finalize_locked(upload)
    return AppendResult(upload, evidence)


def _seal(upload: Upload) -> None:
    """Save the whole-file digests of a fully received upload whose last PATCH did not compute them."""
    tail = _tail_for(upload, part_path(upload))
    try:
        digests = tail.wait(upload.offset)
    except TailError as exc:
        raise UploadError("计算文件摘要失败，请终止本次上传并重新上传", status=500) from exc
    finally:
        _forget(upload.id)
    Upload.objects.filter(pk=upload.pk).update(sha256=digests.sha256, sm3=digests.sm3)
    upload.sha256, upload.sm3 = digests.sha256, digests.sm3


def _declare_length(upload: Upload, length: int) -> None:
    """creation-defer-length: the first PATCH that knows the length declares it, once."""
    if upload.length is not None:
        if length != upload.length:
            raise UploadError("Upload-Length 已确定，不能更改")
        return
    if length <= 0 or length < upload.offset:
        raise UploadError(f"Upload-Length {length} 无效（已接收 {upload.offset} 字节）")
    if length > conf.max_bytes():
        raise UploadTooLarge(f"文件超过允许的最大长度 {conf.human_size(conf.max_bytes())}")
    Upload.objects.filter(pk=upload.pk).update(length=length)
    upload.length = length


def _append(upload: Upload, body: Readable, content_length: int, checksum: Checksum | None) -> None:
    path = part_path(upload)
    if not path.exists():
        raise UploadError("上传的临时文件丢失，请终止本次上传并重新上传", status=500)
    start = upload.offset
    with path.open("r+b") as fh:
        on_disk = os.fstat(fh.fileno()).st_size
        if on_disk < start:
            _forget(upload.id)
            raise UploadError(
                f"上传的临时文件只有 {on_disk} 字节，少于已确认的 {start} 字节，无法续传；"
                "请终止本次上传并重新上传",
                status=500,
            )
        if on_disk > start:
            # Bytes past the durable offset are what a killed writer left behind: discard them.
            fh.truncate(start)
        tail = _tail_for(upload, path)
        chunk_hash = hashlib.new(checksum.algorithm) if checksum else None
        # Without a checksum every byte received counts (tus core), so the offset is made durable as
        # the body arrives: a connection or server killed mid-PATCH resumes from there, not from the
        # previous PATCH. With a checksum nothing of the chunk may count before it is verified.
        commit_every = 0 if checksum is not None else conf.patch_commit_every()
        fh.seek(start)
        received = flushed = committed = 0
        while received < content_length:
            try:
                block = body.read(min(BLOCK, content_length - received))
            except OSError:  # the client went away mid-chunk
                break
            if not block:
                break
            fh.write(block)
            if chunk_hash is not None:
                chunk_hash.update(block)
            received += len(block)
            if received - flushed >= WRITEBACK_EVERY:
                fh.flush()
                _start_writeback(fh.fileno(), start + flushed, received - flushed)
                flushed = received
            if commit_every and received - committed >= commit_every and received < content_length:
                fh.flush()
                _commit_progress(upload, fh.fileno(), start + committed, start + received, tail)
                committed = received
        start += committed  # what this PATCH has already committed is the base of what follows
        received -= committed
        if checksum is not None and chunk_hash is not None:  # noqa: SIM102 (two questions, two lines)
            if received != content_length or chunk_hash.digest() != checksum.digest:  # (nothing committed)
                fh.truncate(start)
                raise ChecksumMismatch(
                    f"数据块校验失败（{checksum.algorithm}），本块已丢弃，请从偏移量 {start} 重新发送"
                )
        # tus core: keep as much as was received (a short chunk without a checksum still counts).
        fh.flush()
        os.fsync(fh.fileno())
    new_offset = start + received
    final = upload.length is not None and new_offset == upload.length
    fields: dict[str, Any] = {"offset": new_offset, "expires_at": timezone.now() + conf.upload_expiry()}
    try:
        if final:
            # The last bytes are durable on disk: let the tail hasher finish and take the digests.
            tail.advance(new_offset)
            digests = tail.wait(new_offset)
            fields.update(sha256=digests.sha256, sm3=digests.sm3)
        # Durable: the bytes are fsynced; now the offset (and, at the end, the digests) commit.
        if not Upload.objects.filter(pk=upload.pk, offset=start).update(**fields):
            raise OffsetMismatch("上传状态已被另一个请求改变，请用 HEAD 查询偏移量后重试")
    except TailError as exc:
        _forget(upload.id)
        raise UploadError(
            "重新计算已上传部分的摘要时失败（临时文件与已确认的长度不符）；请终止本次上传并重新上传",
            status=500,
        ) from exc
    except BaseException:
        _forget(upload.id)
        raise
    for name, value in fields.items():
        setattr(upload, name, value)
    if final:
        _forget(upload.id)
    else:
        tail.advance(new_offset)  # hash this chunk while the client sends the next one


def _commit_progress(upload: Upload, fd: int, old_offset: int, new_offset: int, tail: TailHasher) -> None:
    """Mid-PATCH: make the bytes received so far durable (fdatasync), then move the offset to their end,
    so that a kill from here on loses only what came after. Not for the last byte of the upload: that
    one commits with the digests, in `_append`."""
    os.fdatasync(fd)
    try:
        moved = Upload.objects.filter(pk=upload.pk, offset=old_offset).update(
            offset=new_offset, expires_at=timezone.now() + conf.upload_expiry()
        )
    except BaseException:
        _forget(upload.id)
        raise
    if not moved:
        _forget(upload.id)
        raise OffsetMismatch("上传状态已被另一个请求改变，请用 HEAD 查询偏移量后重试")
    upload.offset = new_offset
    tail.advance(new_offset)  # hash what is durable while the rest of the body arrives


# --- completion ----------------------------------------------------------------------------------------


def upload_finalize(*, upload: Upload) -> Evidence | None:
    """Turn a fully received upload into evidence if that has not happened yet (idempotent). Returns
    None if another request holds the upload right now."""
    try:
        with _exclusive(upload.id):
            upload.refresh_from_db()
            if upload.length is None or upload.offset != upload.length:
                return None
            return _finalize_locked(upload)
    except UploadLocked:
        return None


def _finalize_locked(upload: Upload) -> Evidence:
    if upload.evidence_id is not None:
        return Evidence.objects.get(pk=upload.evidence_id)
    if upload.length is None or not (upload.sha256 and upload.sm3):
        raise UploadError("上传尚未完成，不能入库", status=409)
    digests = Digests(upload.sha256, upload.sm3, upload.length)
    try:
        metadata = services.evidence_metadata_parse(
            agency=upload.agency, data=upload.metadata, now=upload.created_at
        )
        path = part_path(upload)
        if path.exists():
            blob = blobstore.put_file(path, digests)
        else:
            # A crash after the move and before the commit: the blob is in the store under its hash.
            found = blobstore.existing(digests)
            if found is None:
                raise UploadError("上传的文件丢失，无法入库；请重新上传", status=500)
            blob = found
        with transaction.atomic():
            current = Upload.objects.select_for_update().get(pk=upload.pk)
            if current.evidence_id is not None:
                return Evidence.objects.get(pk=current.evidence_id)
            evidence = services.evidence_create(
                agency=upload.agency,
                metadata=metadata,
                blob=blob,
                content_type=blobstore.sniff_blob(blob.sha256),
                actor=upload.created_by,
                via="tus",
                upload_id=str(upload.id),
            )
            now = timezone.now()
            Upload.objects.filter(pk=upload.pk).update(completed_at=now, evidence=evidence, failure="")
    except DomainError as exc:
        Upload.objects.filter(pk=upload.pk).update(failure=exc.message)
        upload.failure = exc.message
        raise
    upload.completed_at, upload.evidence, upload.failure = now, evidence, ""
    _drop_lock_file(upload.id)
    return evidence
