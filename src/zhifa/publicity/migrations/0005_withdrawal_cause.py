import json

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def backfill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Publications flagged before the cause had a column kept it only in their publication.withdrawal_due
    journal entry: copy it (read only — the journal is append-only) for those still waiting to come down,
    so that the clerk's queue states it and the withdrawal defaults to it."""
    publication = apps.get_model("publicity", "Publication")
    entry = apps.get_model("journal", "JournalEntry")
    waiting = publication.objects.filter(status="published", withdraw_due__isnull=False, withdraw_cause="")
    for pub in waiting.only("pk").iterator():
        flagged = (
            entry.objects.filter(
                event_type="publication.withdrawal_due", subject=f"publicity.publication:{pub.pk}"
            )
            .order_by("-id")
            .first()
        )
        if flagged is None:
            continue
        payload = json.loads(flagged.payload)
        publication.objects.filter(pk=pub.pk).update(
            withdraw_cause=str(payload.get("reason") or ""), withdraw_flagged_by=flagged.actor_label
        )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0006_fewer_entry_indexes"),
        ("publicity", "0004_kind_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="withdraw_cause",
            field=models.TextField(blank=True, verbose_name="应撤下事由"),
        ),
        migrations.AddField(
            model_name="publication",
            name="withdraw_flagged_by",
            field=models.CharField(blank=True, max_length=150, verbose_name="触发人"),
        ),
        migrations.AddField(
            model_name="publication",
            name="withdraw_flagged_on",
            field=models.DateField(blank=True, null=True, verbose_name="应撤下起算日"),
        ),
        migrations.AddField(
            model_name="publication",
            name="withdraw_trigger",
            field=models.CharField(blank=True, max_length=100, verbose_name="触发事项"),
        ),
        migrations.AddField(
            model_name="publication",
            name="withdraw_trigger_entry_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="触发记录编号"),
        ),
        # varchar(300) → text: a catalogue change on PostgreSQL, no table rewrite.
        migrations.AlterField(
            model_name="publication",
            name="withdraw_reason",
            field=models.TextField(blank=True, verbose_name="撤下理由"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
