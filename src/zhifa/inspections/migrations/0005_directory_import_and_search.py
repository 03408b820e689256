"""The directory's upload jobs (DirectoryImport), and the indexes of the directory page at 1,000,000
businesses on PostgreSQL (SQLite, the development database, keeps plain scans):

- a GIN index of the characters of the name (`string_to_array(lower(name), NULL)`): a name search takes
  as candidates the businesses whose name holds a few rare characters of the term (any length: a
  Chinese name is searched by one or two characters, which pg_trgm does not serve) and checks the
  substring on those only. Not the character pairs of `zhifa_ngrams` (cases migration 0002): that SQL
  function costs ~55 µs a name, and a 1,000,000-row import spent minutes building its index
  (bench/bench_targets_import.py); the characters are split in C;
- (region_path COLLATE "C", name): the page lists a region's businesses by region path, then name,
  from one range of this index — byte order, so that a path prefix is a range whatever the database's
  collation;
- a GIN index of the tags as an array (stored ",a,b,"), for the tag filter;
- a partial index in name order of the businesses no longer in the register (a few percent).

A credit code is searched by prefix on the unique index's `varchar_pattern_ops` twin, which Django
creates for a unique CharField."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as c:
        c.execute(
            "CREATE INDEX insp_target_name_chars ON inspections_inspectiontarget "
            "USING GIN (string_to_array(lower(name), NULL))"
        )
        c.execute(
            "CREATE INDEX insp_target_region_name ON inspections_inspectiontarget "
            '((region_path COLLATE "C"), name)'
        )
        c.execute(
            "CREATE INDEX insp_target_tags ON inspections_inspectiontarget USING GIN (string_to_array(tags, ','))"
        )


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as c:
        c.execute("DROP INDEX IF EXISTS insp_target_name_chars")
        c.execute("DROP INDEX IF EXISTS insp_target_region_name")
        c.execute("DROP INDEX IF EXISTS insp_target_tags")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_portal_public_indexes"),
        ("organizations", "0002_orgs_hierarchy_numbering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
                ("filename", models.CharField(max_length=200, verbose_name="文件名")),
                ("stored_name", models.CharField(blank=True, max_length=300)),
                ("dry_run", models.BooleanField(default=False, verbose_name="仅校验")),
                ("deactivate_missing", models.BooleanField(default=False, verbose_name="未列出的标为不在册")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "排队中"),
                            ("reading", "正在读取校验"),
                            ("writing", "正在写入"),
                            ("succeeded", "已完成"),
                            ("refused", "有错误，未导入"),
                            ("failed", "处理出错"),
                        ],
                        default="queued",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("done", models.BigIntegerField(default=0)),
                ("total", models.BigIntegerField(blank=True, null=True)),
                ("rows", models.PositiveIntegerField(default=0, verbose_name="行数")),
                ("created", models.PositiveIntegerField(default=0, verbose_name="新增")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="更新")),
                ("unchanged", models.PositiveIntegerField(default=0, verbose_name="未变化")),
                ("deactivated", models.PositiveIntegerField(default=0, verbose_name="标为不在册")),
                ("error_count", models.PositiveIntegerField(default=0, verbose_name="错误数")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="错误")),
                ("file_sha256", models.CharField(blank=True, max_length=64)),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.agency",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "名录库导入",
                "verbose_name_plural": "名录库导入",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="inspectiontarget",
            index=models.Index(
                condition=models.Q(("active", False)), fields=["name"], name="insp_target_inactive_name"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
