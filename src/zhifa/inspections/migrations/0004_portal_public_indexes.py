# The portal's reads of published results at 3,000,000 results (selectors_public.result_list;
# bench/bench_inspection_portal.py): the publication order and the outcome within it, partial on the
# published results; the inspections by date in full order for a date range.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_tasks_joint_inspectors"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(fields=["-inspected_on", "-id"], name="insp_date_id"),
        ),
        migrations.AddIndex(
            model_name="inspectionresult",
            index=models.Index(
                condition=models.Q(("published_on__isnull", False)),
                fields=["-published_on", "-id"],
                name="insp_result_public",
            ),
        ),
        migrations.AddIndex(
            model_name="inspectionresult",
            index=models.Index(
                condition=models.Q(("published_on__isnull", False)),
                fields=["outcome", "-published_on", "-id"],
                name="insp_result_public_outcome",
            ),
        ),
    ]
