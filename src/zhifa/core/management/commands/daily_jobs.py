"""Queue the daily jobs every app registered (core.jobs); run it once a day from cron or a systemd timer,
`zhifa worker` executes them."""

from typing import Any

from django.core.management.base import BaseCommand

from zhifa.core.jobs import enqueue_daily


class Command(BaseCommand):
    help = "将每日任务加入后台队列（执法证到期失效、办案期限超期、过期上传清理、公示期满撤下等）"

    def handle(self, *args: Any, **opts: Any) -> None:
        queued = enqueue_daily()
        for job, result_id in queued:
            self.stdout.write(f"已加入队列：{job.label}（任务 {result_id}）")
        self.stdout.write(f"共 {len(queued)} 项每日任务")
