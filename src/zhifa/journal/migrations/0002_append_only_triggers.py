from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from zhifa.journal.db import drop_append_only_triggers, install_append_only_triggers


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    install_append_only_triggers(schema_editor.connection, ("journal_journalentry",))


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    drop_append_only_triggers(schema_editor.connection, ("journal_journalentry",))


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
