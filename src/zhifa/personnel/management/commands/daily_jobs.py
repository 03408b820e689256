"""Queue the daily jobs (run it from cron or a systemd timer once a day; `zhifa worker` executes them)."""

from typing import Any

from django.core.management.base import BaseCommand

from zhifa.personnel.tasks import expire_certificates


class Command(BaseCommand):
    help = "将每日任务加入后台队列（执法证到期失效等）"

    def handle(self, *args: Any, **opts: Any) -> None:
        result = expire_certificates.enqueue()
        self.stdout.write(f"已加入队列：执法证到期处理（任务 {result.id}）")
