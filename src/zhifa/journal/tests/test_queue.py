"""The sequencer's queue (PendingEntry): filled by the database on every journal insert, drained by id.

Real processes on the test database, as in test_crash: a late commit on PostgreSQL, and an idle
sequencer that must not take SQLite's write lock."""

import subprocess

import pytest
from django.db import connection, transaction
from django.utils import timezone

from zhifa.journal import sequencer
from zhifa.journal.models import JournalEntry, PendingEntry, TreeLeaf
from zhifa.journal.services import record
from zhifa.journal.tests.test_crash import _python
from zhifa.journal.verify import verify

pytestmark = pytest.mark.django_db(transaction=True)


def _drain() -> None:
    while sequencer.integrate_batch(limit=100, force_checkpoint=True).integrated:
        pass


def test_entries_inserted_behind_record_are_still_queued_and_sequenced():
    """Whatever writes the journal (a bulk load, raw SQL), the trigger queues it in the same statement,
    so nothing committed can stay out of the tree."""
    now = timezone.now()
    JournalEntry.objects.bulk_create(
        [
            JournalEntry(event_type="test.bulk", subject=f"x:{i}", occurred_at=now, recorded_at=now)
            for i in range(250)
        ]
    )
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO journal_journalentry (event_type, subject, actor_label, occurred_at, recorded_at, "
            "place, payload, attachments) VALUES ('test.raw', 'x:raw', '', %s, %s, '', '{}', '[]')",
            [now, now],
        )
    assert PendingEntry.objects.count() == 251
    _drain()
    assert PendingEntry.objects.count() == 0
    report = verify()
    assert report.ok, report.as_text()
    # 251 plus the signing key's publication, journaled with the first checkpoint.
    assert report.size == JournalEntry.objects.count() == 252 and report.entries_not_in_tree == []


def test_a_batch_takes_the_oldest_queued_entries_and_dequeues_exactly_those():
    with transaction.atomic():
        ids = [record(event_type="test.queue", subject=f"x:{i}", agency_id=None).pk for i in range(30)]
    first = sequencer.integrate_batch(limit=10)
    assert first.integrated == 10
    queued = set(PendingEntry.objects.values_list("entry_id", flat=True))
    in_tree = list(TreeLeaf.objects.order_by("index").values_list("entry_id", flat=True))
    assert in_tree == ids[:10]
    assert set(ids[10:]) <= queued and not queued & set(in_tree)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_late_commit_with_a_lower_id_gets_a_later_leaf(monkeypatch):
    """PostgreSQL allocates ids before commit: an entry may commit after a later one was sequenced, even
    in the middle of the batch that sequences the later one. The batch read its queue before the late
    commit and dequeues by id, so the late entry stays queued (a range delete would lose it) and the
    next batch gives it the next leaf."""
    with transaction.atomic():
        record(event_type="test.first", subject="x:first", agency_id=None)
    _drain()  # the first checkpoint also journals the signing key's publication
    before = list(TreeLeaf.objects.order_by("index").values_list("entry_id", flat=True))
    slow = _python(
        """
        import sys
        from django.db import transaction
        from zhifa.journal.services import record
        with transaction.atomic():
            e = record(event_type="test.late", subject="x:late", agency_id=None)
            print(e.pk, flush=True)
            sys.stdin.readline()  # commit only when told
        """,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert slow.stdout is not None and slow.stdin is not None
    late_id = int(slow.stdout.readline())
    with transaction.atomic():
        early = record(event_type="test.early", subject="x:early", agency_id=None)
    assert early.pk > late_id

    original = sequencer._store

    def commit_the_late_one_meanwhile(*args, **kwargs):
        slow.stdin.write("\n")
        slow.stdin.flush()
        assert slow.wait(timeout=60) == 0  # committed between the batch's read and its delete
        return original(*args, **kwargs)

    monkeypatch.setattr(sequencer, "_store", commit_the_late_one_meanwhile)
    assert sequencer.integrate_batch(force_checkpoint=True).integrated == 1
    monkeypatch.undo()
    assert set(PendingEntry.objects.values_list("entry_id", flat=True)) == {late_id}
    assert sequencer.integrate_batch(force_checkpoint=True).integrated == 1
    leaves = list(TreeLeaf.objects.order_by("index").values_list("entry_id", flat=True))
    assert leaves == [*before, early.pk, late_id]
    report = verify()
    assert report.ok, report.as_text()


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_idle_poll_does_not_take_the_sqlite_write_lock(settings):
    """An idle sequencer polls ten times a second; if each poll opened an IMMEDIATE transaction, every
    service's record() would queue behind it. With the lock held by another process and nothing to
    do, a poll must return without waiting for the lock (it would otherwise fail after the timeout)."""
    with transaction.atomic():
        record(event_type="test.idle", subject="x:1", agency_id=None)
    _drain()
    size = TreeLeaf.objects.count()
    settings.ZHIFA_CHECKPOINT_EVERY_SECONDS = 3600.0
    holder = _python(
        """
        import sys
        from django.db import transaction
        from zhifa.journal.services import record
        with transaction.atomic():  # IMMEDIATE: holds the write lock until told
            record(event_type="party.created", subject="x:2", agency_id=None)
            print("locked", flush=True)
            sys.stdin.readline()
        """,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    options = connection.settings_dict["OPTIONS"]
    try:
        assert holder.stdout.readline().strip() == "locked"
        connection.close()  # a fresh connection, as the sequencer loop has after close_old_connections()
        connection.settings_dict["OPTIONS"] = {**options, "timeout": 0.5}
        result = sequencer.integrate_batch()  # the holder's entry is uncommitted: nothing visible to do
        assert result.integrated == 0 and result.size == size
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
        connection.close()
        connection.settings_dict["OPTIONS"] = options
    assert sequencer.integrate_batch().integrated == 1
