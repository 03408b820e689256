"""Queue the daily jobs (run it from cron or a systemd timer once a day; `zhifa worker` executes them)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from zhifa.personnel.tasks import expire_certificates


class Command(BaseCommand):
    help = "将每日任务加入后台队列（执法证到期失效等）"

    def handle(self, *args: Any, **opts: Any) -> None:
        result = expire_certificates.enqueue()
        self.stdout.write(f"已加入队列：执法证到期处理（任务 {result.id}）")
        # Other apps' daily jobs, looked up by name so that personnel imports none of them.
        for path, label in (
            ("zhifa.evidence.tasks.purge_expired_uploads", "清理过期的未完成上传"),
            ("zhifa.cases.tasks.mark_missed_deadlines", "标记超期的办案期限"),
            ("zhifa.publicity.tasks.expire_publications", "公示期满撤下"),
        ):
            job = import_string(path)
            self.stdout.write(f"已加入队列：{label}（任务 {job.enqueue().id}）")
