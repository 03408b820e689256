"""The whole-process record (执法全过程记录): an append-only journal.

Entries are only ever inserted. There is no update or delete path in the model, the admin or the API,
and the database itself refuses both (triggers installed by migration 0002; see journal.db).
The journal imports no domain app: agencies and users are kept as plain ids plus a label snapshot, so
that an entry stays readable and verifiable even if the rows it names change later.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.db import models

from zhifa.journal.canonical import canonical_json


class AppendOnlyError(Exception):
    pass


class JournalEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    event_type = models.CharField("事件类型", max_length=100, db_index=True)
    subject = models.CharField("对象", max_length=200, db_index=True)
    agency_id = models.BigIntegerField("执法主体", null=True, blank=True, db_index=True)
    actor_id = models.BigIntegerField("操作人", null=True, blank=True)
    actor_label = models.CharField("操作人姓名", max_length=150, blank=True)
    occurred_at = models.DateTimeField("发生时间")
    recorded_at = models.DateTimeField("记录时间", db_index=True)
    place = models.CharField("地点", max_length=300, blank=True)
    # Canonical JSON text, not a JSON column: PostgreSQL's jsonb would reorder keys and the hash covers
    # the exact bytes.
    payload = models.TextField("内容", default="{}")
    attachments = models.TextField("附件摘要", default="[]")

    objects: ClassVar[models.Manager[JournalEntry]]

    class Meta:
        verbose_name = "记录条目"
        verbose_name_plural = "记录条目"
        ordering = ["id"]
        indexes = [models.Index(fields=["agency_id", "recorded_at"], name="journal_agency_time")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_type} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("执法全过程记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("执法全过程记录只能追加，不能删除")

    @property
    def payload_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.payload)
        return data

    @property
    def attachment_list(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.attachments)
        return data

    def leaf_bytes(self) -> bytes:
        """The bytes that become this entry's Merkle leaf (RFC 9162 leaf input)."""
        return canonical_json(
            {
                "id": self.pk,
                "event_type": self.event_type,
                "subject": self.subject,
                "agency_id": self.agency_id,
                "actor_id": self.actor_id,
                "actor_label": self.actor_label,
                "occurred_at": self.occurred_at,
                "recorded_at": self.recorded_at,
                "place": self.place,
                "payload": json.loads(self.payload),
                "attachments": json.loads(self.attachments),
            }
        ).encode("utf-8")
