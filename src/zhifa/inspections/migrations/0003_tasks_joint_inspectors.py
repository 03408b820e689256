from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0002_inspecting_visits"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspectiontask",
            name="inspectors_per_agency",
            field=models.JSONField(blank=True, default=dict, verbose_name="各部门每户检查人员数"),
        ),
    ]
