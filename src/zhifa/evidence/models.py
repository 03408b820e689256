"""Evidence (证据) and the resumable uploads (tus) that bring it in.

An `Evidence` row is the capture metadata of one file plus the digests of its bytes. The bytes are a blob
stored once under their SHA-256 (blobstore.py); two rows may share a blob (the same photo filed in two
cases). Rows are never changed or deleted (DESIGN.md invariant 2): a correction is a new row whose
`supersedes` points at the old one. The metadata follows legal-rules §11: 制作方法 (kind, device),
制作时间 (collected_at), 制作地点 (collected_place, GPS), 制作人 (collected_by) and 证明对象 (proves),
with the SHA-256/SM3 "consistency proof" of 交通运输行政执法程序规定 Art.38.

An `Upload` is the state of one tus 1.0 upload, kept in the database (not a cache, whose eviction would
lose the upload, tech-notes §4.3). Its `offset` is durable: bytes are written and fsynced before the offset
moves (uploads.py).
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from zhifa.organizations.models import Agency
from zhifa.personnel.models import Officer


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"
    DOCUMENT = "document", "书证"
    ELECTRONIC_DATA = "electronic_data", "电子数据"


# Kinds that are audio-visual records (音像记录, legal-rules §11): the place of recording is required.
AV_KINDS = frozenset({EvidenceKind.PHOTO, EvidenceKind.AUDIO, EvidenceKind.VIDEO})


class ImmutableEvidenceError(Exception):
    pass


class Evidence(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="evidence"
    )
    # The case app does not exist yet; this becomes a foreign key to cases.Case.
    case_ref = models.CharField("案件编号", max_length=100, blank=True, db_index=True)
    # The case step the item records (a procedure's step code, e.g. "enforce" for 查封扣押): the
    # agency's 音像记录事项清单 may require a recording of that step (118号 三（八）; evidence.recording).
    step = models.CharField("执法环节", max_length=40, blank=True)
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    # Not unique: the same bytes may be evidence in two cases. The blob itself is stored once.
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    sm3 = models.CharField("SM3", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100)
    original_filename = models.CharField("原始文件名", max_length=255)
    collected_by = models.ManyToManyField(Officer, verbose_name="采集人", related_name="collected_evidence")
    collected_at = models.DateTimeField("采集时间")
    collected_place = models.CharField("采集地点", max_length=300, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    device_id = models.CharField("采集设备编号", max_length=100, blank=True)
    proves = models.TextField("证明对象")
    description = models.TextField("说明", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")
    supersedes = models.ForeignKey(
        "self",
        verbose_name="更正的证据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    journal_entry_id = models.BigIntegerField("记录编号", null=True, blank=True)

    objects: ClassVar[models.Manager[Evidence]]

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["agency", "collected_at"], name="evidence_agency_collected")]
        constraints = [
            # A correction chain is linear: an item is corrected at most once (then correct the correction).
            models.UniqueConstraint(fields=["supersedes"], name="evidence_superseded_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_filename}"

    # DESIGN.md invariant 2: evidence is never overwritten. The only write after the insert is linking the
    # journal entry that recorded it, in the same transaction.
    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and set(kwargs.get("update_fields") or ()) != {"journal_entry_id"}:
            raise ImmutableEvidenceError("证据一经入库不得修改；如需更正，请上传更正证据")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableEvidenceError("证据不得删除")

    @property
    def blob_name(self) -> str:
        from zhifa.evidence.blobstore import blob_name

        return blob_name(self.sha256)


class Upload(models.Model):
    """One tus upload (tus 1.0 core + creation, checksum, termination, expiration)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Null while the length is deferred (tus creation-defer-length).
    length = models.PositiveBigIntegerField("总长度", null=True, blank=True)
    # Durable: every byte below it is on disk and fsynced (uploads.py).
    offset = models.PositiveBigIntegerField("已接收", default=0)
    # The decoded Upload-Metadata (key -> text).
    metadata = models.JSONField("元数据", default=dict)
    expires_at = models.DateTimeField("过期时间")
    # Final digests, saved durably before the file moves to the blob storage (so a crash in between is
    # recoverable: the blob is found by its hash).
    sha256 = models.CharField(max_length=64, blank=True)
    sm3 = models.CharField(max_length=64, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    terminated_at = models.DateTimeField("终止时间", null=True, blank=True)
    # When the reaper removed the partial file of an expired upload.
    purged_at = models.DateTimeField("清理时间", null=True, blank=True)
    evidence = models.OneToOneField(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="upload"
    )
    # Why the finished upload could not become evidence (e.g. an officer left the agency meanwhile).
    failure = models.TextField("入库失败原因", blank=True)

    objects: ClassVar[models.Manager[Upload]]

    class Meta:
        verbose_name = "断点续传上传"
        verbose_name_plural = "断点续传上传"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["completed_at", "expires_at"], name="upload_pending_expiry")]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def file_name(self) -> str:
        """The partial file under conf.uploads_dir() (a name, not a path: the var folder may move)."""
        return f"{self.id}.part"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.terminated_at is None and self.purged_at is None
