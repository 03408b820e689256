from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from zhifa.journal.db import drop_queue_trigger, install_queue_trigger


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    install_queue_trigger(schema_editor.connection)
    # Entries recorded before the queue existed and not yet in the tree.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journal_pendingentry (entry_id) SELECT e.id FROM journal_journalentry e "
            "WHERE NOT EXISTS (SELECT 1 FROM journal_treeleaf l WHERE l.entry_id = e.id)"
        )


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    drop_queue_trigger(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_tree_append_only")]
    operations = [
        migrations.CreateModel(
            name="PendingEntry",
            fields=[("entry_id", models.BigIntegerField(primary_key=True, serialize=False))],
            options={"verbose_name": "待入树条目", "verbose_name_plural": "待入树条目"},
        ),
        migrations.RemoveField(model_name="treestate", name="low_watermark"),
        migrations.RunPython(forwards, backwards),
    ]
