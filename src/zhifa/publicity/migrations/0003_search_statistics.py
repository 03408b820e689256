"""A larger statistics sample for the two search columns (PostgreSQL only; nothing to do on SQLite).

publicity.search picks its plan from the planner's estimate of how many documents hold each lexeme
(pg_stats' most-common-elements list of the tsvector column). With the default target (100) that list
keeps only ~1,000 lexemes of a 1M-row portal, so a mid-frequency term falls off it and is estimated far
too low; at 1000 the estimates of the terms that matter for the branch choice (thousands of matches)
are close. ANALYZE afterwards so the new target takes effect now rather than at the next autovacuum."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TARGET = 1000


def _set(schema_editor: BaseDatabaseSchemaEditor, target: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as c:
        for column in ("search_uni", "search_bi"):
            c.execute(f"ALTER TABLE publicity_publication ALTER COLUMN {column} SET STATISTICS {target:d}")
        c.execute("ANALYZE publicity_publication (search_uni, search_bi)")


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _set(schema_editor, TARGET)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _set(schema_editor, -1)  # -1: back to default_statistics_target


class Migration(migrations.Migration):
    dependencies = [("publicity", "0002_search")]
    operations = [migrations.RunPython(forwards, backwards)]
