from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

INDEX = models.Index(fields=["status", "kind", "-published_on"], name="publication_status_kind")


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # On PostgreSQL the index is built CONCURRENTLY: publicity_publication holds every published decision
    # (1M rows in bench_portal), and a plain CREATE INDEX would block the clerks' writes while it builds.
    model = apps.get_model("publicity", "Publication")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(model, INDEX, concurrently=True)  # type: ignore[call-arg]
    else:
        schema_editor.add_index(model, INDEX)


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.remove_index(apps.get_model("publicity", "Publication"), INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("cases", "0002_search_ngrams"),
        ("organizations", "0001_initial"),
        ("publicity", "0003_search_statistics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="publication", index=INDEX)],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
