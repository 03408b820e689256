from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.services import api_token_create


class Command(BaseCommand):
    help = "为用户创建接口令牌（令牌只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="用途，例如“省平台数据同步”")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"用户“{opts['username']}”不存在")
        token, key = api_token_create(user=user, name=opts["name"], actor=None)
        if token.expires_at:
            # stderr, so that `KEY=$(zhifa manage create_api_token …)` captures the key alone.
            until = timezone.localtime(token.expires_at)
            self.stderr.write(f"令牌 {token.prefix}… 有效期至 {until:%Y-%m-%d}")
        self.stdout.write(key)
