"""``manage.py import_registry KIND FILE [--dry-run] [--actor USERNAME]``: import one registry file and
print the report; exit status 1 when the file has errors (nothing is imported then)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.importer.kinds import KINDS
from zhifa.importer.services import import_file


class Command(BaseCommand):
    help = (
        "导入登记簿（执法领域、法律法规、行政区划、执法主体、执法人员、执法事项、裁量基准）及各类清单"
        "（四张清单及首违免罚清单、重大执法决定法制审核目录、随机抽查事项清单、音像记录事项清单），"
        "支持 CSV 和 XLSX"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Not argparse choices: its refusal is in English; handle() answers in Chinese with the list.
        parser.add_argument("kind", help="导入类型：" + "、".join(KINDS))
        parser.add_argument("file", help="CSV 或 XLSX 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="试运行：只校验，不写入任何数据")
        parser.add_argument("--actor", default="", help="记为操作人的用户名（默认记为“系统”）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] not in KINDS:
            kinds = "\n".join(f"  {name}\t{kind.label}" for name, kind in KINDS.items())
            raise CommandError(f"不支持的导入类型“{options['kind']}”。可导入的类型：\n{kinds}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"用户“{options['actor']}”不存在")

        def progress(done: int, total: int) -> None:
            if total >= 1000:
                self.stderr.write(f"已处理 {done}/{total} 行")

        report = import_file(
            kind=options["kind"],
            path_or_file=path,
            filename=path.name,
            actor=actor,
            dry_run=options["dry_run"],
            progress=progress,
        )
        self.stdout.write(report.as_text())
        if not report.ok:
            raise CommandError(f"{path.name}：共 {len(report.errors)} 处错误，未导入任何数据", returncode=1)
