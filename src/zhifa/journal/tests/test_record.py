import pytest
from django.db import DatabaseError, connection, transaction

from zhifa.journal.models import AppendOnlyError, JournalEntry
from zhifa.journal.services import JournalUsageError, record, subscribe, unsubscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    """subscribe(), undone after the test (subscriptions are process-wide)."""
    names = []

    def add(name, pattern, handler):
        subscribe(name, pattern, handler)
        names.append(name)

    yield add
    for name in names:
        unsubscribe(name)


def _entry(**kw):
    with transaction.atomic():
        return record(
            event_type="test.happened",
            subject="test.thing:1",
            agency_id=None,
            payload={"b": 2, "a": "中"},
            **kw,
        )


def test_record_writes_canonical_payload():
    e = _entry()
    assert e.payload == '{"a":"中","b":2}'
    assert e.leaf_bytes().startswith(b'{"actor_id":null')


def test_the_entry_returned_is_exactly_the_row_stored():
    """record() inserts without Model.save(); the sequencer hashes the row read back, so every column
    must round-trip: a local time with microseconds, an actor, a place, attachments."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from zhifa.journal.services import Attachment
    from zhifa.testing import make_user, make_world

    w = make_world()
    actor = make_user(username="rt", role="officer", agency=w.agency_a)
    when = datetime(2026, 3, 5, 14, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    with transaction.atomic():
        e = record(
            event_type="test.roundtrip",
            subject="test.thing:7",
            agency_id=w.agency_a.pk,
            actor=actor,
            payload={"金额": "5000.00", "n": [1, 2]},
            occurred_at=when,
            place="江北市滨江路8号",
            attachments=[Attachment(sha256="ab" * 32, name="决定书.pdf", size=123)],
        )
    stored = JournalEntry.objects.get(pk=e.pk)
    assert stored.leaf_bytes() == e.leaf_bytes()
    for field in JournalEntry._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(e, field.attname), field.name
    assert stored.occurred_at == when and stored.actor_id == actor.pk


@pytest.mark.django_db(transaction=True)
def test_record_outside_transaction_is_refused():
    with pytest.raises(JournalUsageError):
        record(event_type="test.x", subject="x:1", agency_id=None)


def test_model_refuses_update_and_delete():
    e = _entry()
    e.place = "elsewhere"
    with pytest.raises(AppendOnlyError):
        e.save()
    with pytest.raises(AppendOnlyError):
        e.delete()


def test_database_refuses_update_and_delete_behind_the_application():
    """DESIGN.md invariant 1: a raw UPDATE or DELETE is refused by the database triggers."""
    e = _entry()
    table = JournalEntry._meta.db_table
    for sql in (f"UPDATE {table} SET place = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [e.pk])
    assert JournalEntry.objects.get(pk=e.pk).place == ""


def test_sqlite_replace_is_refused_like_a_delete():
    """SQLite's INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers unless
    recursive_triggers is on (settings: the connection turns it on); PostgreSQL has no REPLACE, and its
    ON CONFLICT DO UPDATE is an UPDATE, refused by the row trigger."""
    e = _entry()
    table = JournalEntry._meta.db_table
    columns = [f.column for f in JournalEntry._meta.concrete_fields]
    values = [
        getattr(JournalEntry.objects.get(pk=e.pk), f.attname) for f in JournalEntry._meta.concrete_fields
    ]
    values[columns.index("place")] = "forged"
    placeholders = ", ".join(["%s"] * len(columns))
    if connection.vendor == "sqlite":
        sql = f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    else:
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "
            "ON CONFLICT (id) DO UPDATE SET place = EXCLUDED.place"
        )
    params = [
        f.get_db_prep_save(v, connection)
        for f, v in zip(JournalEntry._meta.concrete_fields, values, strict=True)
    ]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    assert JournalEntry.objects.get(pk=e.pk).place == ""


def test_queryset_update_and_delete_refused():
    e = _entry()
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=e.pk).update(place="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=e.pk).delete()


def test_rollback_removes_state_change_and_entry_together():
    with pytest.raises(RuntimeError), transaction.atomic():
        record(event_type="test.rolled", subject="x:1", agency_id=None)
        raise RuntimeError("the service failed after writing its entry")
    assert not JournalEntry.objects.filter(event_type="test.rolled").exists()


def test_subscribers_run_after_commit_only(django_capture_on_commit_callbacks, subscribed):
    seen = []
    subscribed("test.sub", "test.sub.*", lambda entry: seen.append(entry.event_type))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(event_type="test.sub.one", subject="x:1", agency_id=None)
        record(event_type="test.other", subject="x:1", agency_id=None)
        assert seen == []
    assert seen == ["test.sub.one"]


def test_subscribers_can_run_on_the_worker(settings, django_capture_on_commit_callbacks, subscribed):
    """ZHIFA_JOURNAL_SUBSCRIBERS="worker": the commit queues one task per entry that has subscribers (none
    for an entry nobody listens to), and the worker's task runs them."""
    from django_tasks_db.models import DBTaskResult

    from zhifa.journal import tasks

    settings.ZHIFA_JOURNAL_SUBSCRIBERS = "worker"
    seen = []
    subscribed("test.queued", "test.queued.*", lambda entry: seen.append(entry.pk))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        heard = record(event_type="test.queued.one", subject="x:1", agency_id=None)
        record(event_type="test.unheard", subject="x:1", agency_id=None)
    assert seen == []  # not run in this process
    queued = [
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(task_path="zhifa.journal.tasks.dispatch_entry")
    ]
    assert queued == [heard.pk]
    assert tasks.dispatch_entry.call(heard.pk) == "test.queued.one" and seen == [heard.pk]


def test_a_time_without_its_zone_is_refused():
    from datetime import datetime

    with pytest.raises(JournalUsageError, match="timezone"), transaction.atomic():
        record(event_type="test.x", subject="x:1", agency_id=None, occurred_at=datetime(2026, 3, 5, 14, 30))  # noqa: DTZ001 (the point)
    assert not JournalEntry.objects.filter(event_type="test.x").exists()


# --- record_many: one entry per state change, inserted a few hundred per statement ------------------------


def test_record_many_writes_the_rows_record_would_each_queued_and_verified():
    """A bulk import journals each row it registers (DESIGN: every state change has its entry); record_many
    only batches the INSERTs. Each entry read back is exactly the one returned, has its own subject and
    payload, is queued by the database trigger and goes into the tree like record()'s."""
    from zhifa.journal import sequencer
    from zhifa.journal.models import PendingEntry
    from zhifa.journal.services import Record, record_many
    from zhifa.journal.verify import verify
    from zhifa.testing import make_user, make_world

    w = make_world()
    actor = make_user(username="rm", role="officer", agency=w.agency_a)
    with transaction.atomic():
        single = record(
            event_type="test.many", subject="x:one", agency_id=w.agency_a.pk, actor=actor, payload={"n": -1}
        )
        many = record_many(
            event_type="test.many",
            actor=actor,
            records=[
                Record(subject=f"x:{i}", agency_id=w.agency_a.pk, payload={"n": i, "名": "甲"})
                for i in range(1203)
            ],
        )
    assert len(many) == 1203 and all(e.pk for e in many)
    assert [e.pk for e in many] == sorted(e.pk for e in many) and many[0].pk > single.pk
    stored = {e.pk: e for e in JournalEntry.objects.filter(event_type="test.many")}
    for e in [many[0], many[600], many[-1]]:
        assert stored[e.pk].leaf_bytes() == e.leaf_bytes()
        for field in JournalEntry._meta.concrete_fields:
            assert getattr(stored[e.pk], field.attname) == getattr(e, field.attname), field.name
    assert many[7].subject == "x:7" and many[7].payload == '{"n":7,"名":"甲"}'
    # The same columns as record(): actor, agency, attachments, place; occurred_at = recorded_at.
    for name in ("actor_id", "actor_label", "agency_id", "place", "attachments"):
        assert getattr(many[0], name) == getattr(single, name), name
    assert many[0].occurred_at == many[0].recorded_at
    assert PendingEntry.objects.filter(entry_id__in=stored).count() == 1204
    while sequencer.integrate_batch(limit=500, force_checkpoint=True).integrated:
        pass
    report = verify()
    assert report.ok and report.entries_not_in_tree == [], report.as_text()


def test_record_many_owes_and_runs_subscribers_after_commit(django_capture_on_commit_callbacks, subscribed):
    from zhifa.journal.models import PendingReaction
    from zhifa.journal.services import Record, record_many

    seen = []
    subscribed("test.many.sub", "test.manysub.*", lambda entry: seen.append(entry.subject))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        entries = record_many(
            event_type="test.manysub.done",
            records=[Record(subject=f"x:{i}", agency_id=None, payload={}) for i in range(3)],
        )
        assert PendingReaction.objects.filter(entry_id__in=[e.pk for e in entries]).count() == 3
        assert seen == []
    assert seen == ["x:0", "x:1", "x:2"]
    assert not PendingReaction.objects.filter(entry_id__in=[e.pk for e in entries]).exists()


@pytest.mark.django_db(transaction=True)
def test_record_many_outside_a_transaction_or_of_an_unknown_type_is_refused():
    from zhifa.journal.services import Record, record_many

    with pytest.raises(JournalUsageError, match="inside"):
        record_many(event_type="test.x", records=[Record(subject="x:1", agency_id=None, payload={})])
    with pytest.raises(JournalUsageError, match="catalogue"), transaction.atomic():
        record_many(event_type="nothing.known", records=[Record(subject="x:1", agency_id=None, payload={})])
    assert not JournalEntry.objects.exists()
