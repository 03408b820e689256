import hashlib
from typing import Any

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "证据"

    def ready(self) -> None:
        # tech-notes §2.1: SM3 comes from the platform's OpenSSL, and some distributions build OpenSSL
        # without it. Probe at start-up and fail loudly rather than at the end of a 1 GiB upload.
        try:
            hashlib.new("sm3", b"abc")
        except ValueError as exc:
            raise ImproperlyConfigured(
                "Python 的 OpenSSL 不支持 SM3 (hashlib.new('sm3'))，证据模块无法计算国密摘要；"
                "请使用带 SM3 的 OpenSSL 构建的 Python"
            ) from exc

        # The immutability triggers are re-created after every migrate (evidence.db explains why).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_reinstall_triggers, sender=self)

        # The 音像记录事项清单 enforced on the case steps it names (evidence.recording; the cases app
        # imports no evidence module, the guard is registered on its engine like review's gate).
        from zhifa.evidence import recording

        recording.install()

        # Daily: unfinished uploads past their expiry are removed (core.jobs).
        from zhifa.core.jobs import register_daily
        from zhifa.evidence.tasks import purge_expired_uploads

        register_daily(purge_expired_uploads, "清理过期的未完成上传")


def _reinstall_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from zhifa.evidence.db import reinstall_immutability_triggers

    connection = connections[using]
    if "evidence_evidence" in connection.introspection.table_names():
        reinstall_immutability_triggers(connection)
