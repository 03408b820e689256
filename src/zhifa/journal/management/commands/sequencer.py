from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.journal import sequencer


class Command(BaseCommand):
    help = "运行定序器：把新记录纳入默克尔树并签发检查点（长期运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="处理完当前积压后退出")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["once"]:
            total = 0
            while True:
                result = sequencer.integrate_batch(force_checkpoint=True)
                total += result.integrated
                if result.integrated == 0:
                    break
            self.stdout.write(f"已纳入 {total} 条记录，树大小 {result.size}")
            return
        self.stdout.write("定序器已启动（Ctrl+C 退出）")
        sequencer.run()
