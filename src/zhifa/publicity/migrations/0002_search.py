"""Search structures per database: an FTS5 table on SQLite; two tsvector columns with GIN indexes on
PostgreSQL (publicity.search explains the unigram/bigram scheme)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    with schema_editor.connection.cursor() as c:
        if schema_editor.connection.vendor == "postgresql":
            c.execute("ALTER TABLE publicity_publication ADD COLUMN search_uni tsvector, ADD COLUMN search_bi tsvector")
            c.execute("CREATE INDEX publicity_search_uni ON publicity_publication USING GIN (search_uni)")
            c.execute("CREATE INDEX publicity_search_bi ON publicity_publication USING GIN (search_bi)")
        else:
            c.execute("CREATE VIRTUAL TABLE publicity_fts USING fts5(uni, bi, tokenize='unicode61')")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    with schema_editor.connection.cursor() as c:
        if schema_editor.connection.vendor == "postgresql":
            c.execute("ALTER TABLE publicity_publication DROP COLUMN search_uni, DROP COLUMN search_bi")
        else:
            c.execute("DROP TABLE publicity_fts")


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
