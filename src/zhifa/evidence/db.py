"""Database-level immutability of evidence (DESIGN.md invariant 2), as journal.db does for the journal.

The model refuses changes, but anything with a database connection could still UPDATE a digest or
DELETE a row. These triggers refuse both on SQLite and PostgreSQL. The one write allowed after the
insert is linking the journal entry that recorded the item (journal_entry_id from NULL to a value), in
the ingest transaction. Who collected an item (the many-to-many table) is as fixed as the item.
Tests that flush the database drop the triggers first (zhifa/conftest.py).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

EVIDENCE = "evidence_evidence"
COLLECTORS = "evidence_evidence_collected_by"
LINK = "journal_entry_id"


def _columns(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, EVIDENCE)]


def _sqlite_sql(connection: BaseDatabaseWrapper) -> list[str]:
    # SQLite cannot compare whole rows, so the trigger names every column but the link. It is derived
    # from the table when installed; test_immutable_in_the_database tries every column.
    others = ", ".join(c for c in _columns(connection) if c != LINK)
    refuse = "BEGIN SELECT RAISE(ABORT, 'evidence is immutable: {} refused'); END;"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {EVIDENCE}_no_update BEFORE UPDATE OF {others} ON {EVIDENCE} "
        + refuse.format("update"),
        f"CREATE TRIGGER IF NOT EXISTS {EVIDENCE}_relink BEFORE UPDATE OF {LINK} ON {EVIDENCE} "
        f"WHEN OLD.{LINK} IS NOT NULL " + refuse.format("update"),
        f"CREATE TRIGGER IF NOT EXISTS {EVIDENCE}_no_delete BEFORE DELETE ON {EVIDENCE} "
        + refuse.format("delete"),
        f"CREATE TRIGGER IF NOT EXISTS {COLLECTORS}_no_update BEFORE UPDATE ON {COLLECTORS} "
        + refuse.format("update"),
        f"CREATE TRIGGER IF NOT EXISTS {COLLECTORS}_no_delete BEFORE DELETE ON {COLLECTORS} "
        + refuse.format("delete"),
    ]


def _postgres_sql() -> list[str]:
    return [
        # The table test comes first and alone: plpgsql does not short-circuit AND, and the collectors'
        # rows have no journal link to read.
        "CREATE OR REPLACE FUNCTION zhifa_evidence_immutable() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = '{EVIDENCE}' THEN "
        f"IF OLD.{LINK} IS NULL AND (to_jsonb(OLD) - '{LINK}') = (to_jsonb(NEW) - '{LINK}') THEN "
        "RETURN NEW; END IF; END IF; "
        "RAISE EXCEPTION 'evidence is immutable: % refused on %', TG_OP, TG_TABLE_NAME; END; "
        "$$ LANGUAGE plpgsql;",
        *(
            sql
            for table in (EVIDENCE, COLLECTORS)
            for sql in (
                f"CREATE OR REPLACE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zhifa_evidence_immutable();",
                f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION zhifa_evidence_immutable();",
            )
        ),
    ]


def reinstall_immutability_triggers(connection: BaseDatabaseWrapper) -> None:
    """Drop and create again, with the column list of the table as it is now. Run after every migrate
    (evidence.apps): SQLite drops a table's triggers when a migration rebuilds the table, and a column
    added later would be missing from the UPDATE OF list."""
    drop_immutability_triggers(connection)
    install_immutability_triggers(connection)


def install_immutability_triggers(connection: BaseDatabaseWrapper) -> None:
    statements = _postgres_sql() if connection.vendor == "postgresql" else _sqlite_sql(connection)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_immutability_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (EVIDENCE, COLLECTORS):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            for name in ("no_update", "relink", "no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {EVIDENCE}_{name}")
            for name in ("no_update", "no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {COLLECTORS}_{name}")
