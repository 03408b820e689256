"""Remove the partial files of expired tus uploads now (or queue it with --enqueue for `zhifa worker`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.evidence import uploads
from zhifa.evidence.tasks import purge_expired_uploads


class Command(BaseCommand):
    help = "清理已过期且未完成的断点续传上传（删除临时文件，记入执法全过程记录）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="加入后台队列，由 zhifa worker 执行")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["enqueue"]:
            result = purge_expired_uploads.enqueue()
            self.stdout.write(f"已加入队列：清理过期上传（任务 {result.id}）")
            return
        count = uploads.purge_expired_uploads()
        self.stdout.write(f"已清理 {count} 个过期上传")
