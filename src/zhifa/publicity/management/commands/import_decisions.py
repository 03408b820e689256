"""``zhifa manage import_decisions FILE --actor USERNAME [--agency NAME] [--texts DIR] [--batch 500]
[--dry-run]``: register for publication the decisions of another or an older case system, with their
texts (publicity.importing: JSON Lines, or CSV/XLSX with a text column or a folder of text files).

The file is read row by row (flat memory whatever its size) and registered in one transaction: a progress
bar on stderr, the summary on stdout. Exit status 1 with every error (row, column, Chinese message) when
the file has any: nothing is registered then."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.organizations.models import Agency
from zhifa.publicity.importing import ImportRefused, import_decisions


class ProgressBar:
    """``[██████░░░░]  6,000/10,000  60%  35.2 条/秒  剩余约 1 分 53 秒`` on one line of stderr, redrawn in
    place on a terminal and printed every 10 % otherwise (a log file gets a few lines, not thousands)."""

    def __init__(self, write: Callable[[str], object], *, tty: bool, width: int = 30) -> None:
        self.write, self.tty, self.width = write, tty, width
        self.started = time.monotonic()
        self.last_decile = -1

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        decile = int(fraction * 10)
        if not self.tty and decile == self.last_decile and done != total:
            return
        self.last_decile = decile
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = done / elapsed
        left = int((total - done) / rate) if rate else 0
        filled = int(fraction * self.width)
        bar = "█" * filled + "░" * (self.width - filled)
        line = (
            f"[{bar}] {done:,}/{total:,} {fraction:4.0%}  {rate:.1f} 条/秒"
            f"  剩余约 {left // 60} 分 {left % 60} 秒"
        )
        self.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and done >= total:
            self.write("\n")


class Command(BaseCommand):
    help = "批量登记待公示的行政处罚等决定（其他或原办案系统作出），支持 JSON Lines、CSV 和 XLSX"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON Lines（.jsonl）、CSV 或 XLSX 文件路径")
        parser.add_argument("--actor", required=True, help="登记人（公示管理员或系统管理员）的用户名")
        parser.add_argument("--agency", default="", help="作出决定的执法主体名称（默认为登记人所属机关）")
        parser.add_argument("--texts", default="", help="“正文文件”所在文件夹（默认为表格所在文件夹）")
        parser.add_argument(
            "--batch", type=int, default=500, help="每次批量写入的条数（全部文件仍在一个事务中登记）"
        )
        parser.add_argument("--dry-run", action="store_true", help="试运行：只校验，不写入任何数据")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = get_user_model().objects.filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"用户“{options['actor']}”不存在")
        if options["agency"]:
            agency = Agency.objects.filter(name=options["agency"]).first()
            if agency is None:
                raise CommandError(f"执法主体“{options['agency']}”不存在")
        else:
            agency = getattr(actor, "agency", None)
            if agency is None:
                raise CommandError("登记人不属于任何执法主体，请用 --agency 指定作出决定的执法主体")
        if options["batch"] < 1:
            raise CommandError("--batch 应为正整数")
        texts = Path(options["texts"]) if options["texts"] else None
        if texts is not None and not texts.is_dir():
            raise CommandError(f"正文文件夹不存在：{texts}")
        try:
            result = import_decisions(
                agency=agency,
                path=path,
                actor=actor,
                texts_dir=texts,
                batch=options["batch"],
                dry_run=options["dry_run"],
                progress=ProgressBar(lambda s: self.stderr.write(s, ending=""), tty=self.stderr.isatty()),
            )
        except ImportRefused as exc:
            for error in exc.errors:
                self.stdout.write(error.line())
            if exc.more:
                self.stdout.write(f"另有 {exc.more} 处错误未列出")
            raise CommandError(
                f"{path.name}：共 {len(exc.errors) + exc.more} 处错误，未登记任何决定", returncode=1
            ) from exc
        if options["dry_run"]:
            self.stdout.write(f"{path.name}：试运行，共 {result.rows} 条，校验通过，未写入")
        else:
            self.stdout.write(
                f"{path.name}：共 {result.rows} 条，已登记 {result.registered} 条（{result.batches} 批），"
                "均为待审核的公示稿"
            )
