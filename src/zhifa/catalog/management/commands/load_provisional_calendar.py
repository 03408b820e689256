from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.catalog.calendar import year_load_provisional
from zhifa.catalog.models import CalendarYear


class Command(BaseCommand):
    help = "将尚未公布放假安排的年份按法定节日暂定录入（无调休），相关期限标注为暂定"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        for year in opts["years"]:
            if CalendarYear.objects.filter(year=year).exists():
                self.stdout.write(f"{year} 年已录入，跳过")
                continue
            year_load_provisional(year=year, actor=None)
            self.stdout.write(f"{year} 年已按法定节日暂定录入；国务院办公厅公布放假安排后请录入正式安排")
