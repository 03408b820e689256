"""Journal reactions are at least once: each subscriber of an entry's type is owed a reaction from the
moment the entry commits (a PendingReaction row in the entry's transaction); a reaction that fails, or
that never ran because the process died between the commit and the dispatch, is kept and retried by the
worker and by the daily job; one failing entry does not hold back the ones after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.journal import services, tasks
from zhifa.journal.models import JournalEntry, PendingReaction, SubscriberCursor
from zhifa.journal.services import SWEEP_GRACE, record, subscribe, unsubscribe

pytestmark = pytest.mark.django_db


class Listener:
    """A subscriber that remembers what it handled and fails on entries whose payload says so."""

    def __init__(self) -> None:
        self.seen: list[int] = []
        self.fail_on: set[int] = set()

    def __call__(self, entry: JournalEntry) -> None:
        if entry.pk in self.fail_on or entry.payload_data.get("fail"):
            raise RuntimeError(f"cannot handle {entry.pk}")
        self.seen.append(entry.pk)


@pytest.fixture
def listener():
    handler = Listener()
    subscribe("test.listener", "test.react.*", handler)
    yield handler
    unsubscribe("test.listener")


def _record(event_type="test.react.one", **payload):
    with transaction.atomic():
        return record(event_type=event_type, subject="x:1", agency_id=None, payload=payload)


def test_an_entry_nobody_subscribes_to_costs_no_extra_write(listener):
    """record() of a type without subscribers is one INSERT; a subscribed one adds one row per subscriber."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as plain:
            record(event_type="test.quiet", subject="x:1", agency_id=None)
        with CaptureQueriesContext(connection) as heard:
            e = record(event_type="test.react.one", subject="x:1", agency_id=None)
    assert len(plain.captured_queries) == 1
    assert len(heard.captured_queries) == 2
    assert list(PendingReaction.objects.values_list("subscriber", "entry_id")) == [("test.listener", e.pk)]


def test_a_dispatched_reaction_is_paid_off_and_moves_the_cursor(listener, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        e = _record()
    assert listener.seen == [e.pk]
    assert not PendingReaction.objects.exists()
    cursor = SubscriberCursor.objects.get(subscriber="test.listener")
    assert (cursor.last_entry_id, cursor.handled) == (e.pk, 1)
    # Dispatched again (a duplicate task, a sweep racing the dispatch): nothing is owed, nothing runs.
    services.dispatch(e)
    assert listener.seen == [e.pk]


def test_a_crash_between_commit_and_dispatch_is_caught_up_by_the_sweeper(listener):
    """The entry committed, its on-commit dispatch never ran (here: the test transaction's callbacks are
    never executed, as when the process is killed right after COMMIT). The owed row is there; the
    worker's sweep runs it once it is due, and the daily job runs it whatever its delay."""
    e = _record()
    assert listener.seen == []
    assert services.sweep().handled == 0  # not due yet: the normal dispatch may still be on its way
    assert services.sweep(now=timezone.now() + SWEEP_GRACE + timedelta(seconds=1)).handled == 1
    assert listener.seen == [e.pk] and not PendingReaction.objects.exists()

    late = _record()
    assert tasks.catch_up_reactions.call() == {"handled": 1, "failed": 0, "still_owed": 0}
    assert listener.seen == [e.pk, late.pk]


def test_a_failed_reaction_is_kept_and_retried_until_it_succeeds(
    listener, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    e = _record()
    listener.fail_on.add(e.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch(e)
    row = PendingReaction.objects.get(entry_id=e.pk)
    assert row.attempts == 1 and "RuntimeError: cannot handle" in row.last_error
    assert row.next_attempt_at > timezone.now()
    # The worker is asked to retry when the delay has passed.
    retry = DBTaskResult.objects.get(task_path="zhifa.journal.tasks.retry_reactions")
    assert retry.run_after == row.next_attempt_at

    services.sweep(now=row.next_attempt_at)  # fails again: kept, with a longer delay
    again = PendingReaction.objects.get(entry_id=e.pk)
    assert again.attempts == 2 and again.next_attempt_at - timezone.now() > timedelta(seconds=90)  # 2 min

    listener.fail_on.clear()
    PendingReaction.objects.update(next_attempt_at=timezone.now())  # the delay has passed
    assert tasks.retry_reactions.call() == {"handled": 1, "failed": 0}
    assert listener.seen == [e.pk] and not PendingReaction.objects.exists()


def test_a_failing_entry_does_not_hold_back_the_entries_after_it(listener):
    bad = _record(fail=True)
    good = [_record(), _record()]
    result = services.sweep(everything=True)
    assert (result.handled, result.failed) == (2, 1)
    assert listener.seen == [g.pk for g in good]
    assert list(PendingReaction.objects.values_list("entry_id", flat=True)) == [bad.pk]
    assert SubscriberCursor.objects.get(subscriber="test.listener").last_entry_id == good[-1].pk


def test_a_reaction_that_fails_leaves_none_of_its_writes(listener):
    """The handler's writes and the owed row's deletion are one transaction: a handler that wrote and then
    failed leaves nothing behind, so running it again cannot duplicate what it wrote."""

    def half_then_fail(entry: JournalEntry) -> None:
        record(event_type="test.side_effect", subject="x:2", agency_id=None)
        raise RuntimeError("after writing")

    subscribe("test.listener", "test.react.*", half_then_fail)
    e = _record()
    services.sweep(everything=True)
    assert not JournalEntry.objects.filter(event_type="test.side_effect").exists()
    assert PendingReaction.objects.get(entry_id=e.pk).attempts == 1


def test_the_worker_dispatch_also_sweeps_what_is_due(listener, settings, django_capture_on_commit_callbacks):
    """ZHIFA_JOURNAL_SUBSCRIBERS="worker": a reaction whose dispatch was lost is run by the next dispatch
    task once it is due."""
    settings.ZHIFA_JOURNAL_SUBSCRIBERS = "worker"
    lost = _record()  # its task was never queued (callbacks not executed)
    PendingReaction.objects.filter(entry_id=lost.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        e = _record()
    assert tasks.dispatch_entry.call(e.pk) == "test.react.one"
    assert sorted(listener.seen) == [lost.pk, e.pk]


def test_the_daily_job_is_registered():
    from zhifa.core.jobs import daily_jobs

    assert any(j.task.module_path == "zhifa.journal.tasks.catch_up_reactions" for j in daily_jobs())
