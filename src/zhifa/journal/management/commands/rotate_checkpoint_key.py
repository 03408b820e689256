from typing import Any

from django.core.management.base import BaseCommand

from zhifa.journal.keys import rotate


class Command(BaseCommand):
    help = "更换检查点签名密钥（旧密钥停用但保留公布，更换记入记录簿）"

    def handle(self, *args: Any, **opts: Any) -> None:
        key = rotate(actor=None)
        self.stdout.write(f"新密钥已启用：{key.vkey}")
