"""Three of the journal entry's eight indexes were never used by a query but paid for on every record():
agency_id alone (the agency/time index leads with it), and on PostgreSQL the plain btree on event_type
(its varchar_pattern_ops twin serves =, IN and LIKE prefix) and the pattern-ops twin on subject (only
compared with =). The indexes kept are renamed, not rebuilt: a rebuild would lock the journal's writes
for as long as it takes on a large table."""

from django.db import migrations, models

TABLE = "journal_journalentry"


def _single_column_indexes(schema_editor, column):
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        constraints = conn.introspection.get_constraints(cursor, TABLE)
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == [column]
    )


def forwards(apps, schema_editor):
    q = schema_editor.quote_name
    pg = schema_editor.connection.vendor == "postgresql"
    for name in _single_column_indexes(schema_editor, "agency_id"):
        schema_editor.execute(f"DROP INDEX {q(name)}")
    for column, new, keep_like in (("event_type", "journal_event_type", True), ("subject", "journal_subject", False)):
        names = _single_column_indexes(schema_editor, column)
        like = [n for n in names if n.endswith("_like")]
        plain = [n for n in names if not n.endswith("_like")]
        if pg and like and plain:
            kept = like[0] if keep_like else plain[0]
            for name in names:
                if name != kept:
                    schema_editor.execute(f"DROP INDEX {q(name)}")
            schema_editor.execute(f"ALTER INDEX {q(kept)} RENAME TO {q(new)}")
        else:
            # SQLite (no pattern-ops twins, no ALTER INDEX … RENAME): the index is rebuilt under its name.
            for name in names:
                schema_editor.execute(f"DROP INDEX {q(name)}")
            opclass = " varchar_pattern_ops" if pg and keep_like else ""
            schema_editor.execute(f"CREATE INDEX {q(new)} ON {q(TABLE)} ({q(column)}{opclass})")


def backwards(apps, schema_editor):
    q = schema_editor.quote_name
    pg = schema_editor.connection.vendor == "postgresql"
    for name in ("journal_event_type", "journal_subject"):
        schema_editor.execute(f"DROP INDEX {q(name)}")
    for column in ("event_type", "subject", "agency_id"):
        name = schema_editor._create_index_name(TABLE, [column])
        schema_editor.execute(f"CREATE INDEX {q(name)} ON {q(TABLE)} ({q(column)})")
        if pg and column != "agency_id":
            like = schema_editor._create_index_name(TABLE, [column], suffix="_like")
            schema_editor.execute(f"CREATE INDEX {q(like)} ON {q(TABLE)} ({q(column)} varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_pending_queue")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="journalentry",
                    name="agency_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="执法主体"),
                ),
                migrations.AlterField(
                    model_name="journalentry",
                    name="event_type",
                    field=models.CharField(max_length=100, verbose_name="事件类型"),
                ),
                migrations.AlterField(
                    model_name="journalentry",
                    name="subject",
                    field=models.CharField(max_length=200, verbose_name="对象"),
                ),
                migrations.AddIndex(
                    model_name="journalentry",
                    index=models.Index(
                        fields=["event_type"], name="journal_event_type", opclasses=["varchar_pattern_ops"]
                    ),
                ),
                migrations.AddIndex(
                    model_name="journalentry",
                    index=models.Index(fields=["subject"], name="journal_subject"),
                ),
            ],
        )
    ]
