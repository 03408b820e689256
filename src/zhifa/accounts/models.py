"""Staff users, their role and their scope; API tokens for other systems."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from zhifa.organizations.models import Agency, Region


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    AGENCY_HEAD = "agency_head", "负责人"
    PUBLICITY_CLERK = "publicity_clerk", "公示管理员"
    SUPERVISOR = "supervisor", "监督人员"
    ADMINISTRATOR = "administrator", "系统管理员"


# Roles whose scope is one agency; a supervisor's scope is a region; an administrator's is its agency if
# it has one, else the whole platform.
AGENCY_ROLES = {Role.OFFICER, Role.LEGAL_REVIEWER, Role.AGENCY_HEAD, Role.PUBLICITY_CLERK}


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.OFFICER)
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    region = models.ForeignKey(
        Region, verbose_name="监督区域", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[UserManager[User]]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A bearer token for another system. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name="所属用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    objects: ClassVar[models.Manager[ApiToken]]

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
