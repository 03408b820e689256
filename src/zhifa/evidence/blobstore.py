"""Content-addressed evidence blobs through Django's storage API (`storages["default"]`).

A blob's name is `sha256/ab/cd/<64 hex>`: its SHA-256, fanned out over two directory levels. The storage
is whatever STORAGES["default"] says (the local `var/blobs` folder by default; an S3-compatible store by
setting), and this module never reads a whole file into memory.

DESIGN.md invariant 2: bytes are stored under their hash and never overwritten. If a blob of that name
exists, its size is checked and it is reused; the new copy is dropped. If two writers race, the storage's
own "never overwrite" rule (get_available_name) gives the loser another name, which is then deleted.

Content types are sniffed from the first bytes (`filetype`, pure Python, no libmagic), never taken from
the client.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import filetype  # type: ignore[import-untyped]
from django.core.files import File
from django.core.files.storage import Storage, storages

from zhifa.core.errors import DomainError
from zhifa.evidence.hashing import BLOCK, Digests, Hasher

SNIFF_BYTES = 8192
_HEX64 = re.compile(r"[0-9a-f]{64}")


class BlobError(DomainError):
    pass


@dataclass(frozen=True)
class StoredBlob:
    name: str
    sha256: str
    sm3: str
    size: int
    created: bool  # False when an existing blob with the same bytes was reused


def storage() -> Storage:
    return storages["default"]


def blob_name(sha256: str) -> str:
    if not _HEX64.fullmatch(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class _LocalFile(File):  # type: ignore[type-arg]
    """A finished upload on local disk. Offering `temporary_file_path()` lets FileSystemStorage move the
    file into place (one rename) instead of copying it, exactly as it does for Django's
    TemporaryUploadedFile; other storages stream it with `chunks()`."""

    def __init__(self, path: Path) -> None:
        super().__init__(path.open("rb"), name=path.name)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def _sync_local(store: Storage, name: str) -> None:
    """On a local storage, make the new blob and its directory entry durable (a rename is not, until the
    directory is fsynced). Remote storages acknowledge durable writes themselves."""
    try:
        path = Path(store.path(name))
    except NotImplementedError:
        return
    for target, flags in ((path, os.O_RDONLY), (path.parent, os.O_RDONLY | os.O_DIRECTORY)):
        fd = os.open(target, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reuse(store: Storage, name: str, digests: Digests) -> StoredBlob:
    existing = store.size(name)
    if existing != digests.size:
        # Same SHA-256, different size: a damaged blob (or a collision). Never overwrite evidence; stop.
        raise BlobError(
            f"存储中已有同一摘要的文件但大小不同（{existing} ≠ {digests.size} 字节），"
            "可能已损坏；请联系系统管理员核查，本次未入库"
        )
    return StoredBlob(name, digests.sha256, digests.sm3, digests.size, created=False)


def put(content: File, digests: Digests) -> StoredBlob:  # type: ignore[type-arg]
    """Store `content`, whose digests the caller computed while receiving it, under its SHA-256."""
    store = storage()
    name = blob_name(digests.sha256)
    if store.exists(name):
        return _reuse(store, name, digests)
    saved = store.save(name, content)
    if saved != name:
        # Another request stored the same bytes between exists() and save(); keep the first one.
        store.delete(saved)
        return _reuse(store, name, digests)
    _sync_local(store, name)
    if store.size(name) != digests.size:
        raise BlobError("证据文件写入存储后大小不符，请重新上传")
    return StoredBlob(name, digests.sha256, digests.sm3, digests.size, created=True)


def put_file(path: Path, digests: Digests) -> StoredBlob:
    """Store a finished local file (moved on local storage) and remove the local copy."""
    with _LocalFile(path) as fh:
        blob = put(fh, digests)
    path.unlink(missing_ok=True)
    return blob


def existing(digests: Digests) -> StoredBlob | None:
    store = storage()
    name = blob_name(digests.sha256)
    return _reuse(store, name, digests) if store.exists(name) else None


def open_blob(sha256: str) -> File:  # type: ignore[type-arg]
    return storage().open(blob_name(sha256), "rb")


def sniff(head: bytes) -> str:
    """The MIME type of a file from its first bytes; text/plain for UTF-8 text; else octet-stream."""
    kind: Any = filetype.guess(head[:SNIFF_BYTES]) if head else None
    if kind is not None:
        return str(kind.mime)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "text/plain"
        except UnicodeDecodeError as exc:
            # The sample may end inside a multi-byte character.
            if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
                return "text/plain"
    return "application/octet-stream"


def sniff_blob(sha256: str) -> str:
    with open_blob(sha256) as fh:
        head = fh.read(SNIFF_BYTES)
    return sniff(head if isinstance(head, bytes) else head.encode())


def verify(sha256: str) -> Digests:
    """Hash a stored blob again, streaming (for audits: does the store still hold the recorded bytes?)."""
    hasher = Hasher()
    with open_blob(sha256) as fh, hasher.feeding():
        stream: IO[Any] = fh
        while block := stream.read(BLOCK):
            hasher.update(block)
    return hasher.digests()
