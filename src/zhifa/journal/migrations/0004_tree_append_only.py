from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from zhifa.journal.db import install_append_only_triggers


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Leaves, nodes and checkpoints are as immutable as the entries they commit to.
    install_append_only_triggers(
        schema_editor.connection, ("journal_treeleaf", "journal_treenode", "journal_signedcheckpoint")
    )


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_tree")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
