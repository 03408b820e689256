"""`record()`: the one call every service makes to write the whole-process record.

It must run inside the caller's transaction, so that the state change and its journal entry commit or
roll back together (DESIGN.md: "every state change writes its journal entry in the same transaction").
Subscribers (other apps reacting to an event type) run only after that transaction commits, at least
once: record() owes each subscriber of the entry's type a reaction (a PendingReaction row, in the same
transaction), and the reaction pays it off in the transaction of its own writes. A reaction that fails,
or that never ran because the process died between the commit and the dispatch, is retried by the worker
and by the daily job (journal.tasks) until it succeeds.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from zhifa.journal import events
from zhifa.journal.canonical import canonical_json
from zhifa.journal.models import JournalEntry, PendingReaction, SubscriberCursor

logger = logging.getLogger(__name__)

Handler = Callable[[JournalEntry], None]


@dataclass(frozen=True)
class Subscription:
    name: str  # stable: it names the subscriber's cursor and the reactions it owes
    pattern: str
    handler: Handler


_subscribers: dict[str, Subscription] = {}
# event type -> names of its subscribers; rebuilt when a subscription changes.
_by_type: dict[str, tuple[str, ...]] = {}
# A reaction not run right after its commit (the process died, the queue refused) is swept up this long
# after its entry; a failed one waits a growing delay (`_backoff`) before its next attempt.
SWEEP_GRACE = timedelta(minutes=5)


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
    if events.get(event_type) is None:
        raise JournalUsageError(
            f"event type {event_type!r} is not in the catalogue: add it to zhifa/journal/events.py"
        )
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
    owed = _subscribers_of(event_type)
    if owed:
        _owe(entry, owed, now)
        _dispatch_after_commit(entry)
    return entry


def _dispatch_after_commit(entry: JournalEntry) -> None:
    """Run the entry's reactions once its transaction commits (or queue them for the worker)."""
    if getattr(settings, "ZHIFA_JOURNAL_SUBSCRIBERS", "after_commit") == "worker":
        from zhifa.journal.tasks import dispatch_entry  # tasks import this module

        # robust: a queue that refuses must not skip the step's other callbacks.
        transaction.on_commit(lambda: dispatch_entry.enqueue(entry.pk), robust=True)
    else:
        transaction.on_commit(lambda: dispatch(entry))


@dataclass(frozen=True)
class Record:
    """One entry of :func:`record_many`: what a record() call would name besides the shared event type
    and actor."""

    subject: models.Model | str
    agency_id: int | None
    payload: Mapping[str, Any]


# Rows per INSERT statement of record_many (SQLite's bound on variables cuts this further itself).
RECORD_MANY_BATCH = 500


def record_many(*, event_type: str, records: Sequence[Record], actor: Any = None) -> list[JournalEntry]:
    """Append one entry per record, of one event type and by one actor: exactly the rows that as many
    record() calls would write (the same columns and values, checked the same way), but inserted a few
    hundred per statement, for services that change many rows in one transaction (a 10,000-row list
    import). Each entry keeps its own subject, agency and payload: every state change still has its
    entry. Sound for the sequencer because it does not depend on how rows were inserted: the database
    queues every inserted entry itself (a row trigger on SQLite, a statement trigger over the transition
    table on PostgreSQL, journal.db), leaves are appended in queue order, and the entries commit or roll
    back with the caller's transaction exactly as record()'s do. They share one ``recorded_at``."""
    if not connection.in_atomic_block:
        raise JournalUsageError("journal.record_many() must be called inside the service's transaction")
    if events.get(event_type) is None:
        raise JournalUsageError(
            f"event type {event_type!r} is not in the catalogue: add it to zhifa/journal/events.py"
        )
    now = timezone.now()
    occurred_at = now.astimezone(UTC)
    actor_id, actor_label = getattr(actor, "pk", None), _actor_label(actor)
    no_attachments = canonical_json([])
    entries = [
        JournalEntry(
            event_type=event_type,
            subject=subject_of(r.subject),
            agency_id=r.agency_id,
            actor_id=actor_id,
            actor_label=actor_label,
            occurred_at=occurred_at,
            recorded_at=now,
            place="",
            payload=canonical_json(dict(r.payload)),
            attachments=no_attachments,
        )
        for r in records
    ]
    if not entries:
        return entries
    if connection.features.can_return_rows_from_bulk_insert:
        # bulk_create writes each field's get_db_prep_save value, as _insert does, and sets the ids.
        JournalEntry.objects.bulk_create(entries, batch_size=RECORD_MANY_BATCH)
    else:  # an SQLite older than 3.35 cannot return the ids of a multi-row INSERT
        for entry in entries:
            _insert(entry)
    owed = _subscribers_of(event_type)
    if owed:
        for entry in entries:
            _owe(entry, owed, now)
            _dispatch_after_commit(entry)
    return entries


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


def _owe(entry: JournalEntry, names: tuple[str, ...], now: datetime) -> None:
    """One PendingReaction row per subscriber, in the entry's transaction (plain SQL: this runs inside
    every decision step)."""
    q = connection.ops.quote_name
    due = connection.ops.adapt_datetimefield_value(now + SWEEP_GRACE)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {q(PendingReaction._meta.db_table)} "
            f"({q('subscriber')}, {q('entry_id')}, {q('attempts')}, {q('last_error')}, "
            f"{q('next_attempt_at')}) VALUES (%s, %s, 0, '', %s)",
            [(name, entry.pk, due) for name in names],
        )


def subscribe(name: str, pattern: str, handler: Handler) -> None:
    """Subscriber `name` reacts to each entry whose type equals `pattern`, or starts with it when the
    pattern ends in `.*` (e.g. `certificate.*`): `handler(entry)` runs after the entry's transaction
    commits, inside a transaction of its own, at least once (retried until it succeeds), so it must be
    idempotent. The pattern must name catalogued types (events.py). Apps subscribe in AppConfig.ready();
    subscribing the same name again replaces it."""
    if not events.matching(pattern):
        raise JournalUsageError(f"subscription {name!r}: {pattern!r} matches no catalogued event type")
    _subscribers[name] = Subscription(name, pattern, handler)
    _by_type.clear()


def unsubscribe(name: str) -> None:
    _subscribers.pop(name, None)
    _by_type.clear()


def subscriptions() -> list[Subscription]:
    return list(_subscribers.values())


def _matches(pattern: str, event_type: str) -> bool:
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


def _subscribers_of(event_type: str) -> tuple[str, ...]:
    found = _by_type.get(event_type)
    if found is None:
        found = tuple(s.name for s in _subscribers.values() if _matches(s.pattern, event_type))
        _by_type[event_type] = found
    return found


def dispatch(entry: JournalEntry) -> None:
    """Run the reactions owed for `entry` (after its transaction committed: on commit in the same
    process, or on `zhifa worker` with ZHIFA_JOURNAL_SUBSCRIBERS="worker"). Never raises: what fails
    stays owed and is retried."""
    for name in _subscribers_of(entry.event_type):
        try:
            react(name, entry)
        except Exception:  # the bookkeeping itself failed: the reaction stays owed, the sweeper retries
            logger.exception("journal subscriber %s: reaction to entry %s not recorded", name, entry.pk)


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most 6 hours (the daily job retries whatever the delay)."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def react(name: str, entry: JournalEntry) -> bool:
    """Pay off subscriber `name`'s reaction to `entry`, if still owed. Returns False if it failed (it
    stays owed, and the worker is asked to retry it when its delay has passed)."""
    retry_at = _react(name, entry)
    if retry_at is not None:
        _schedule_retry(retry_at)
    return retry_at is None


def _react(name: str, entry: JournalEntry) -> datetime | None:
    """Delete the owed row, run the handler and move the cursor in one transaction: a reaction that
    committed is never run again, one that failed leaves nothing, not even the deletion. Deleting first
    takes the row's lock, so a second process paying the same reaction waits, then finds nothing owed.
    On failure the row gets the attempt, the error and the time of its next try, which is returned."""
    sub = _subscribers.get(name)
    owed = PendingReaction.objects.filter(subscriber=name, entry_id=entry.pk)
    try:
        with transaction.atomic():
            if not owed.delete()[0]:
                return None  # handled already (or owed to nobody)
            if sub is None:
                raise JournalUsageError(f"no subscriber named {name!r} in this process")
            sub.handler(entry)
            _advance(name, entry.pk)
        return None
    except Exception as exc:
        logger.exception("journal subscriber %s failed on entry %s; kept for retry", name, entry.pk)
        error = f"{type(exc).__name__}: {exc}"[:4000]
    with transaction.atomic():
        row = owed.select_for_update().first()
        if row is None:  # paid meanwhile by another process
            return None
        row.attempts += 1
        row.last_error = error
        row.next_attempt_at = timezone.now() + _backoff(row.attempts)
        row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        return row.next_attempt_at


def _advance(name: str, entry_id: int) -> None:
    moved = SubscriberCursor.objects.filter(subscriber=name).update(
        last_entry_id=Greatest(F("last_entry_id"), entry_id),
        handled=F("handled") + 1,
        updated_at=timezone.now(),
    )
    if not moved:
        SubscriberCursor.objects.create(subscriber=name, last_entry_id=entry_id, handled=1)


def _schedule_retry(when: datetime) -> None:
    """Ask the worker to retry at `when` (the daily job retries anyway, should the queue refuse)."""
    from zhifa.journal.tasks import retry_reactions  # tasks import this module

    def enqueue() -> None:
        retry_reactions.using(run_after=when).enqueue()

    transaction.on_commit(enqueue, robust=True)


@dataclass(frozen=True)
class SweepResult:
    handled: int
    failed: int


def sweep(*, everything: bool = False, limit: int = 1000, now: datetime | None = None) -> SweepResult:
    """Run owed reactions, oldest entry first, each in its own transaction: those due (a failure whose
    delay has passed, or a reaction never dispatched for SWEEP_GRACE), or all of them (`everything`, the
    daily job). One that fails again does not hold back the ones after it."""
    rows = PendingReaction.objects.order_by("entry_id", "id")
    if not everything:
        rows = rows.filter(next_attempt_at__lte=now or timezone.now())
    owed = list(rows.values_list("subscriber", "entry_id")[:limit])
    entries = JournalEntry.objects.in_bulk({entry_id for _, entry_id in owed})
    handled = failed = 0
    first_retry: datetime | None = None
    for name, entry_id in owed:
        entry = entries.get(entry_id)
        if entry is None:  # only a hand-edited database gets here: the journal refuses deletes
            logger.error("journal subscriber %s owes a reaction to missing entry %s", name, entry_id)
            failed += 1
            continue
        try:
            retry_at = _react(name, entry)
        except Exception:
            logger.exception("journal subscriber %s: reaction to entry %s not recorded", name, entry_id)
            failed += 1
            continue
        if retry_at is None:
            handled += 1
        else:
            failed += 1
            first_retry = min(first_retry or retry_at, retry_at)
    if first_retry is not None:
        _schedule_retry(first_retry)  # one retry task per sweep, however many failed
    return SweepResult(handled=handled, failed=failed)
