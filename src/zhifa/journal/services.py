"""`record()`: the one call every service makes to write the whole-process record.

It must run inside the caller's transaction, so that the state change and its journal entry commit or
roll back together (DESIGN.md: "every state change writes its journal entry in the same transaction").
Subscribers (other apps reacting to an event type) run only after that transaction commits.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from zhifa.journal.canonical import canonical_json
from zhifa.journal.models import JournalEntry

logger = logging.getLogger(__name__)

Subscriber = Callable[[JournalEntry], None]
_subscribers: list[tuple[str, Subscriber]] = []


class JournalUsageError(RuntimeError):
    pass


@dataclass(frozen=True)
class Attachment:
    """A document or evidence item the entry vouches for, by digest."""

    sha256: str
    name: str = ""
    sm3: str = ""
    size: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sha256": self.sha256}
        if self.name:
            data["name"] = self.name
        if self.sm3:
            data["sm3"] = self.sm3
        if self.size is not None:
            data["size"] = self.size
        return data


def subject_of(obj: models.Model | str) -> str:
    """`app.model:id`, the journal's way of naming what an entry is about."""
    if isinstance(obj, str):
        return obj
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "系统"
    full = getattr(actor, "display_name", "") or ""
    return str(full or getattr(actor, "username", ""))


def record(
    *,
    event_type: str,
    subject: models.Model | str,
    agency_id: int | None,
    actor: Any = None,
    payload: Mapping[str, Any] | None = None,
    occurred_at: datetime | None = None,
    place: str = "",
    attachments: Sequence[Attachment] = (),
) -> JournalEntry:
    """Append one entry. Raises JournalUsageError outside a transaction: a record that could commit
    without its state change (or the reverse) is not a record."""
    if not connection.in_atomic_block:
        raise JournalUsageError("journal.record() must be called inside the service's transaction")
    if "." not in event_type:
        raise JournalUsageError(f"event types are dotted (e.g. case.filed), got {event_type!r}")
    if occurred_at is not None and timezone.is_naive(occurred_at):
        # A time without its zone is ambiguous evidence of when something happened (a field device may
        # send UTC or local time); the caller must say which.
        raise JournalUsageError("occurred_at must be timezone-aware")
    now = timezone.now()
    entry = JournalEntry(
        event_type=event_type,
        subject=subject_of(subject),
        agency_id=agency_id,
        actor_id=getattr(actor, "pk", None),
        actor_label=_actor_label(actor),
        # In UTC, as the database returns it: the entry in hand hashes like the row read back.
        occurred_at=(occurred_at or now).astimezone(UTC),
        recorded_at=now,
        place=place,
        payload=canonical_json(dict(payload or {})),
        attachments=canonical_json([a.as_dict() for a in attachments]),
    )
    _insert(entry)
    if any(_matches(pattern, event_type) for pattern, _ in _subscribers):
        if getattr(settings, "ZHIFA_JOURNAL_SUBSCRIBERS", "after_commit") == "worker":
            from zhifa.journal.tasks import dispatch_entry  # tasks import this module

            # robust: a queue that refuses must not skip the step's other callbacks.
            transaction.on_commit(lambda: dispatch_entry.enqueue(entry.pk), robust=True)
        else:
            transaction.on_commit(lambda: dispatch(entry))
    return entry


def _insert(entry: JournalEntry) -> None:
    """INSERT … RETURNING id with the values the ORM would write (each field's get_db_prep_save), but
    without Model.save()'s machinery: every state change pays for one record(), and the ORM path cost
    ~0.15 ms more CPU per entry (PostgreSQL, one entry per transaction: 906–1,172/s with save(),
    1,473–1,572/s with this; bench/README.md). The sequencer hashes the row as read back from the
    database, so the values must be exactly the ORM's (test_record checks the round trip)."""
    fields = _insert_fields()
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(JournalEntry._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    returning = connection.features.can_return_columns_from_insert  # SQLite < 3.35 cannot
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(f"{sql} RETURNING {q('id')}", values)
            row = cursor.fetchone()
            assert row is not None
            entry.pk = row[0]
        else:
            cursor.execute(sql, values)
            entry.pk = cursor.lastrowid
    entry._state.adding = False
    entry._state.db = connection.alias


@functools.cache
def _insert_fields() -> list[models.Field[Any, Any]]:
    return [f for f in JournalEntry._meta.concrete_fields if not f.primary_key]


def subscribe(pattern: str, handler: Subscriber) -> None:
    """Call `handler(entry)` after commit for each entry whose type equals `pattern`, or starts with it
    when the pattern ends in `.*` (e.g. `certificate.*`). Apps subscribe in their AppConfig.ready()."""
    _subscribers.append((pattern, handler))


def _matches(pattern: str, event_type: str) -> bool:
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


def dispatch(entry: JournalEntry) -> None:
    """Run the subscribers of `entry`'s event type (after its transaction committed: on commit in the
    same process, or on `zhifa worker` with ZHIFA_JOURNAL_SUBSCRIBERS="worker")."""
    for pattern, handler in list(_subscribers):
        if _matches(pattern, entry.event_type):
            try:
                handler(entry)
            except Exception:  # a failing subscriber must not undo or block the committed record
                logger.exception("journal subscriber %r failed on entry %s", handler, entry.pk)
