from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhifa.journal.verify import verify


class Command(BaseCommand):
    help = "从全部记录重新计算默克尔树，核对每个节点和签名检查点，报告第一处不一致"

    def handle(self, *args: Any, **opts: Any) -> None:
        def progress(done: int, total: int) -> None:
            if total:
                self.stderr.write(f"\r已核对 {done}/{total}", ending="")

        report = verify(progress=progress)
        self.stderr.write("")
        if not report.ok:
            raise CommandError(report.as_text())
        self.stdout.write(report.as_text())
