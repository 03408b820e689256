"""The statistics drill-down walks a year's decisions newest first: an index on (decided_on, id)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_orgs_hierarchy_numbering")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["decided_on", "id"], name="case_decided_on"),
        ),
    ]
