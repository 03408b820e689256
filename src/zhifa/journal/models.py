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
    # Indexed in Meta: each index is paid for on every record(), so only those a query uses.
    event_type = models.CharField("事件类型", max_length=100)
    subject = models.CharField("对象", max_length=200)
    agency_id = models.BigIntegerField("执法主体", null=True, blank=True)
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
        indexes = [
            # An agency's timeline; also serves agency_id alone (its leading column).
            models.Index(fields=["agency_id", "recorded_at"], name="journal_agency_time"),
            # event_type = / IN / LIKE 'case.%' (the timeline's prefix filter): one pattern-ops index
            # on PostgreSQL serves all three (opclasses are ignored elsewhere).
            models.Index(fields=["event_type"], name="journal_event_type", opclasses=["varchar_pattern_ops"]),
            # A subject's history: equality only.
            models.Index(fields=["subject"], name="journal_subject"),
        ]

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


class TreeState(models.Model):
    """The sequencer's single row: how many entries the tree holds. Locked (SELECT … FOR UPDATE) by the
    sequencer, so two sequencers never work at once."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    algorithm = models.CharField(max_length=10, default="sha256")
    size = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[TreeState]]

    class Meta:
        verbose_name = "默克尔树状态"
        verbose_name_plural = "默克尔树状态"

    def __str__(self) -> str:
        return f"{self.algorithm} size={self.size}"


class PendingEntry(models.Model):
    """A journal entry recorded but not yet in the tree: the sequencer's work queue.

    A database trigger (journal.db, migration 0005) inserts the row in the same statement that inserts
    the entry, whatever the insert path (record(), bulk loads, raw SQL), so an entry cannot be committed
    without being queued. The sequencer deletes the rows of the entries it integrated in the same
    transaction as their leaves. The queue stays as small as the backlog, so finding new work never
    scans the journal or the leaves (the former anti-join against journal_treeleaf seq-scanned a 1M-row
    table on every poll on PostgreSQL)."""

    entry_id = models.BigIntegerField(primary_key=True)

    objects: ClassVar[models.Manager[PendingEntry]]

    class Meta:
        verbose_name = "待入树条目"
        verbose_name_plural = "待入树条目"

    def __str__(self) -> str:
        return f"pending entry {self.entry_id}"


class TreeLeaf(models.Model):
    """Which journal entry is leaf number `index` (RFC 9162 leaf order). Its hash is TreeNode(0, index)."""

    index = models.BigIntegerField(primary_key=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="leaf")

    objects: ClassVar[models.Manager[TreeLeaf]]

    class Meta:
        verbose_name = "树叶"
        verbose_name_plural = "树叶"

    def __str__(self) -> str:
        return f"leaf {self.index} = entry {self.entry_id}"


class TreeNode(models.Model):
    """A perfect subtree root: level 0 are leaf hashes; (level, index) covers leaves
    [index·2^level, (index+1)·2^level). Any proof needs O(log n) of these."""

    id = models.BigAutoField(primary_key=True)
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=64)

    objects: ClassVar[models.Manager[TreeNode]]

    class Meta:
        verbose_name = "树节点"
        verbose_name_plural = "树节点"
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="tree_node_position")]

    def __str__(self) -> str:
        return f"node ({self.level}, {self.index})"


class SigningKey(models.Model):
    """A checkpoint signing key, published by its verifier key (vkey). Rotation retires the old key;
    old checkpoints stay verifiable by the key that signed them."""

    key_id = models.CharField("密钥标识", max_length=8)
    name = models.CharField("名称", max_length=200)
    vkey = models.TextField("验证公钥", unique=True)
    created_at = models.DateTimeField("启用时间")
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    objects: ClassVar[models.Manager[SigningKey]]

    class Meta:
        verbose_name = "签名密钥"
        verbose_name_plural = "签名密钥"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id}"


class SignedCheckpoint(models.Model):
    """A signed tree head in C2SP tlog-checkpoint / signed-note form."""

    size = models.BigIntegerField("树大小", primary_key=True)
    root_hash = models.BinaryField(max_length=64)
    note = models.TextField("签名检查点")
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="checkpoints")
    signed_at = models.DateTimeField("签名时间", db_index=True)

    objects: ClassVar[models.Manager[SignedCheckpoint]]

    class Meta:
        verbose_name = "签名检查点"
        verbose_name_plural = "签名检查点"
        ordering = ["size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class SubscriberCursor(models.Model):
    """How far a subscriber (an app reacting to journal events, journal.services.subscribe) has got: the
    highest entry it has handled, and how many. What it still owes is exactly its PendingReaction rows
    (entries committed out of id order on PostgreSQL are owed there, never skipped by the cursor)."""

    subscriber = models.CharField("订阅者", max_length=100, primary_key=True)
    last_entry_id = models.BigIntegerField("最后处理的记录", default=0)
    handled = models.BigIntegerField("已处理条数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[models.Manager[SubscriberCursor]]

    class Meta:
        verbose_name = "订阅进度"
        verbose_name_plural = "订阅进度"

    def __str__(self) -> str:
        return f"{self.subscriber} @ {self.last_entry_id}"


class PendingReaction(models.Model):
    """A reaction owed: subscriber `subscriber` has not yet handled entry `entry_id`.

    record() inserts one row per subscriber of the entry's type, in the entry's own transaction (types
    nobody subscribes to cost nothing), so an entry cannot commit without its reactions being owed, and a
    row becomes visible exactly when its entry does, whatever the commit order. The reaction deletes its
    row in the transaction of the handler's own writes; a handler that fails leaves it with the attempt
    counted, the error and when to try again (journal.tasks: the worker and the daily job retry it). A
    row is never dropped: it leaves only when its reaction succeeded."""

    id = models.BigAutoField(primary_key=True)
    subscriber = models.CharField("订阅者", max_length=100)
    entry_id = models.BigIntegerField("记录编号")
    attempts = models.PositiveIntegerField("失败次数", default=0)
    last_error = models.TextField("最近一次错误", blank=True)
    next_attempt_at = models.DateTimeField("下次重试时间")

    objects: ClassVar[models.Manager[PendingReaction]]

    class Meta:
        verbose_name = "待执行的订阅反应"
        verbose_name_plural = "待执行的订阅反应"
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "entry_id"], name="journal_reaction_once"),
        ]
        indexes = [models.Index(fields=["next_attempt_at"], name="journal_reaction_due")]

    def __str__(self) -> str:
        return f"{self.subscriber} owes entry {self.entry_id}"
