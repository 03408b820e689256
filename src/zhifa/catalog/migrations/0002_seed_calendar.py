"""Seed the Holiday and CalendarYear tables from chinese-calendar for every year it covers."""

from datetime import date
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    import chinese_calendar
    from chinese_calendar import constants

    Holiday = apps.get_model("catalog", "Holiday")
    CalendarYear = apps.get_model("catalog", "CalendarYear")
    holidays: dict[date, Any] = constants.holidays
    workdays: dict[date, Any] = constants.workdays
    years = sorted({d.year for d in holidays})
    source = f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    rows = []
    for d, v in holidays.items():
        if d.year not in existing:
            rows.append(Holiday(date=d, kind="holiday", name=NAMES.get(str(v), str(v))))
    for d, v in workdays.items():
        # Only weekend days are make-up workdays; the package also lists ordinary weekdays in some years.
        if d.year not in existing and d.weekday() >= 5:
            rows.append(Holiday(date=d, kind="makeup_workday", name=NAMES.get(str(v), str(v))))
    # chinese-calendar 1.11.0 misses one make-up Saturday: 国办发明电〔2005〕35号 says
    # "12月31日（星期六）上班" (found by cross-checking with python-holidays; see lib/tests/test_workdays.py).
    if 2005 not in existing and date(2005, 12, 31) not in workdays:
        rows.append(Holiday(date=date(2005, 12, 31), kind="makeup_workday", name="元旦"))
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, status="official", source=source) for y in years if y not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
