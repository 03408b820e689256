"""Rows the database itself keeps as written: UPDATE and DELETE refused by triggers on SQLite and
PostgreSQL, except columns that may be filled in once after the insert (a digest computed later, the
link to the journal entry that recorded it).

The model and the services already never change such rows; the triggers stop anything else with a
database connection (a script, a console, a bug) from quietly rewriting what was issued. Run
`reinstall()` after every migrate: SQLite drops a table's triggers when a migration rebuilds the table,
and the SQLite triggers name the table's columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class Immutable:
    """`table` is refused UPDATE, DELETE and TRUNCATE; each column in `once` may be written while it
    is NULL or empty ('') and never again (not even with the same value: an UPDATE that names it is a
    write). `label` is what the refusal names."""

    table: str
    label: str
    once: tuple[str, ...] = ()

    @property
    def _function(self) -> str:
        return f"zhifa_{self.table}_immutable"

    def _columns(self, connection: BaseDatabaseWrapper) -> list[str]:
        with connection.cursor() as cursor:
            return [c.name for c in connection.introspection.get_table_description(cursor, self.table)]

    def _sqlite_sql(self, connection: BaseDatabaseWrapper) -> list[str]:
        t = self.table
        fixed = ", ".join(c for c in self._columns(connection) if c not in self.once)
        refuse = f"BEGIN SELECT RAISE(ABORT, '{self.label} is immutable: {{}} refused'); END;"
        statements = [
            f"CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE OF {fixed} ON {t} "
            + refuse.format("update"),
            f"CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} " + refuse.format("delete"),
        ]
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {t}_{column}_once BEFORE UPDATE OF {column} ON {t} "
            f"WHEN OLD.{column} IS NOT NULL AND OLD.{column} != '' " + refuse.format("update")
            for column in self.once
        ]
        return statements

    def _postgres_sql(self) -> list[str]:
        t = self.table
        # A row-level trigger cannot tell which columns an UPDATE named, only what changed: an UPDATE is
        # let through when it fills at least one empty `once` column, changes no filled one and leaves
        # every other column as it was. Anything else, a no-op rewrite included, is refused.
        empty = "(OLD.{c} IS NULL OR OLD.{c}::text = '')"
        fills = " OR ".join(f"({empty.format(c=c)} AND NEW.{c} IS DISTINCT FROM OLD.{c})" for c in self.once)
        keeps = " AND ".join(
            f"(NEW.{c} IS NOT DISTINCT FROM OLD.{c} OR {empty.format(c=c)})" for c in self.once
        )
        minus = "".join(f" - '{c}'" for c in self.once)
        allow = (
            f"(to_jsonb(OLD){minus}) = (to_jsonb(NEW){minus}) AND {keeps} AND ({fills})"
            if self.once
            else "FALSE"
        )
        return [
            f"CREATE OR REPLACE FUNCTION {self._function}() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' THEN IF {allow} THEN RETURN NEW; END IF; END IF; "
            f"RAISE EXCEPTION '{self.label} is immutable: % refused', TG_OP; END; $$ LANGUAGE plpgsql;",
            f"CREATE OR REPLACE TRIGGER {t}_immutable BEFORE UPDATE OR DELETE ON {t} "
            f"FOR EACH ROW EXECUTE FUNCTION {self._function}();",
            f"CREATE OR REPLACE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {self._function}();",
        ]

    def install(self, connection: BaseDatabaseWrapper) -> None:
        pg = connection.vendor == "postgresql"
        statements = self._postgres_sql() if pg else self._sqlite_sql(connection)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def drop(self, connection: BaseDatabaseWrapper) -> None:
        t = self.table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {t}_immutable ON {t}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}")
            else:
                for name in ("no_update", "no_delete", *(f"{c}_once" for c in self.once)):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {t}_{name}")

    def reinstall(self, connection: BaseDatabaseWrapper) -> None:
        """Drop and create again with the table's columns as they are now (after a migrate)."""
        if self.table in connection.introspection.table_names():
            self.drop(connection)
            self.install(connection)
