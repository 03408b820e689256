"""Database-level append-only guard for the journal: triggers that refuse UPDATE and DELETE.

Installed by a migration on SQLite and PostgreSQL. Tests that must flush the database (transactional
tests) drop them first through `drop_append_only_triggers`, and every other test re-installs them.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLES = (
    "journal_journalentry",
    "journal_treeleaf",
    "journal_treenode",
    "journal_signedcheckpoint",
)


def _sqlite_sql(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'journal is append-only: update refused'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'journal is append-only: delete refused'); END;",
    ]


def _postgres_sql(table: str) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION zhifa_refuse_change() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'journal is append-only: % refused on %', TG_OP, TG_TABLE_NAME; END; "
        "$$ LANGUAGE plpgsql;",
        f"CREATE OR REPLACE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION zhifa_refuse_change();",
        f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION zhifa_refuse_change();",
    ]


def install_append_only_triggers(connection: BaseDatabaseWrapper, tables: tuple[str, ...] = TABLES) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            statements = _postgres_sql(table) if connection.vendor == "postgresql" else _sqlite_sql(table)
            for sql in statements:
                cursor.execute(sql)


def drop_append_only_triggers(connection: BaseDatabaseWrapper, tables: tuple[str, ...] = TABLES) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


# The sequencer's queue (journal.models.PendingEntry) is filled by the database itself. PostgreSQL uses
# a statement-level trigger with a transition table, so a bulk load of a million entries queues them
# in one INSERT … SELECT rather than a million trigger calls.
_PENDING_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS journal_journalentry_queue AFTER INSERT ON journal_journalentry "
    "BEGIN INSERT INTO journal_pendingentry(entry_id) VALUES (NEW.id); END;",
]
_PENDING_POSTGRES = [
    "CREATE OR REPLACE FUNCTION zhifa_queue_entries() RETURNS trigger AS $$ "
    "BEGIN INSERT INTO journal_pendingentry(entry_id) SELECT id FROM new_entries; RETURN NULL; END; "
    "$$ LANGUAGE plpgsql;",
    "CREATE OR REPLACE TRIGGER journal_journalentry_queue AFTER INSERT ON journal_journalentry "
    "REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION zhifa_queue_entries();",
]


def install_queue_trigger(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _PENDING_POSTGRES if connection.vendor == "postgresql" else _PENDING_SQLITE:
            cursor.execute(sql)


def drop_queue_trigger(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS journal_journalentry_queue ON journal_journalentry")
            cursor.execute("DROP FUNCTION IF EXISTS zhifa_queue_entries()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS journal_journalentry_queue")
