"""``manage.py import_registry KIND FILE [--dry-run] [--actor USERNAME] [--deactivate-missing]``: import
one registry file and print the report; exit status 1 when the file has errors (nothing is imported then).
KIND is a registry kind (importer.kinds) or a kind an app registered with its own streaming import
(importer.bulk, e.g. ``targets``, the business directory)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.importer import bulk
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
        parser.add_argument("kind", help="导入类型：" + "、".join([*KINDS, *bulk.kinds()]))
        parser.add_argument("file", help="CSV 或 XLSX 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="试运行：只校验，不写入任何数据")
        parser.add_argument("--actor", default="", help="记为操作人的用户名（默认记为“系统”）")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="（仅 targets）本文件未列出的检查对象标为不在册（限操作人所在区划）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        streaming = bulk.get(options["kind"])
        if options["kind"] not in KINDS and streaming is None:
            every = [
                *((n, k.label) for n, k in KINDS.items()),
                *((n, k.label) for n, k in bulk.kinds().items()),
            ]
            kinds = "\n".join(f"  {name}\t{label}" for name, label in every)
            raise CommandError(f"不支持的导入类型“{options['kind']}”。可导入的类型：\n{kinds}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"用户“{options['actor']}”不存在")
        if streaming is not None:
            self._bulk(streaming, path, actor, options)
            return
        if options["deactivate_missing"]:
            raise CommandError("--deactivate-missing 只适用于 " + "、".join(bulk.kinds()))

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

    def _bulk(self, kind: bulk.BulkKind, path: Path, actor: Any, options: dict[str, Any]) -> None:
        bar = _ProgressBar(self.stderr)
        report = kind.run(
            path=path,
            actor=actor,
            dry_run=options["dry_run"],
            deactivate_missing=options["deactivate_missing"],
            progress=bar,
        )
        bar.close()
        self.stdout.write(report.as_text())
        if not report.ok:
            raise CommandError(f"{path.name}：共 {report.error_count} 处错误，未导入任何数据", returncode=1)


class _ProgressBar:
    """A progress bar on stderr: redrawn in place on a terminal, one line per 10% otherwise (a log)."""

    PHASES: ClassVar[dict[str, str]] = {"read": "读取校验", "write": "比对写入", "index": "重建索引"}

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.last: tuple[str, int] = ("", -1)

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        label = self.PHASES.get(phase, phase)
        if self.tty and self.last[0] not in ("", phase):
            self.stream.write("")  # the finished phase keeps its line
        if not total:
            if self.tty:
                self.stream.write(f"\r{label} {done or ''}".rstrip() + " …", ending="")
            elif (phase, -1) != self.last:
                self.stream.write(f"{label} …")
            self.last = (phase, -1)
            return
        percent = min(100, done * 100 // total)
        step = percent if self.tty else percent // 10 * 10
        if (phase, step) == self.last:
            return
        self.last = (phase, step)
        filled = percent * 30 // 100
        line = f"{label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}%"
        if self.tty:
            self.stream.write("\r" + line, ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def close(self) -> None:
        if self.tty and self.last[0]:
            self.stream.write("")
