from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhifa.accounts.models import ApiToken
from zhifa.accounts.services import api_token_rotate
from zhifa.core.errors import DomainError


class Command(BaseCommand):
    help = "轮换接口令牌：签发新令牌（只显示一次）并吊销旧令牌"

    def add_arguments(self, parser: CommandParser) -> None:
        # A prefix may begin with "-" (token_urlsafe), which argparse would read as an option: it is also
        # accepted with its "zf_" in front, as the key itself begins.
        parser.add_argument(
            "prefix", help="旧令牌的前缀：zf_ 之后的 8 个字符，可连同 zf_ 写出（见管理后台“接口令牌”）"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        opts["prefix"] = opts["prefix"].removeprefix("zf_")
        tokens = list(ApiToken.objects.filter(prefix=opts["prefix"])[:2])
        if not tokens:
            raise CommandError(f"没有前缀为“{opts['prefix']}”的接口令牌")
        if len(tokens) > 1:
            raise CommandError(f"前缀“{opts['prefix']}”对应多个令牌，请在管理后台吊销后重新创建")
        try:
            token, key = api_token_rotate(token=tokens[0], actor=None)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        expiry = f"，有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d}" if token.expires_at else ""
        self.stderr.write(f"已吊销旧令牌 {tokens[0].prefix}…，新令牌 {token.prefix}…{expiry}")
        self.stdout.write(key)
