"""Database-level immutability of evidence (DESIGN.md invariant 2), as journal.db does for the journal.

The model refuses changes, but anything with a database connection could still UPDATE a digest or
DELETE a row. These triggers (core.immutable) refuse both on SQLite and PostgreSQL. The one write
allowed after the insert is linking the journal entry that recorded the item (journal_entry_id from NULL
to a value), in the ingest transaction. Who collected an item (the many-to-many table) is as fixed as
the item. Tests that flush the database drop the triggers first (zhifa/conftest.py).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from zhifa.core.immutable import Immutable

EVIDENCE = "evidence_evidence"
COLLECTORS = "evidence_evidence_collected_by"
LINK = "journal_entry_id"

TABLES = (
    Immutable(EVIDENCE, label="evidence", once=(LINK,)),
    Immutable(COLLECTORS, label="evidence"),
)


def _drop_legacy(connection: BaseDatabaseWrapper) -> None:
    """Triggers of the earlier, evidence-only implementation (databases migrated before it moved to
    core.immutable)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (EVIDENCE, COLLECTORS):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS zhifa_evidence_immutable()")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {EVIDENCE}_relink")


def reinstall_immutability_triggers(connection: BaseDatabaseWrapper) -> None:
    """Drop and create again, with the column list of the table as it is now. Run after every migrate
    (evidence.apps): SQLite drops a table's triggers when a migration rebuilds the table, and a column
    added later would be missing from the UPDATE OF list."""
    drop_immutability_triggers(connection)
    install_immutability_triggers(connection)


def install_immutability_triggers(connection: BaseDatabaseWrapper) -> None:
    for table in TABLES:
        table.install(connection)


def drop_immutability_triggers(connection: BaseDatabaseWrapper) -> None:
    _drop_legacy(connection)
    for table in TABLES:
        table.drop(connection)
