from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from zhifa.accounts.models import ApiToken, User


@admin.register(User)
class ZhifaUserAdmin(UserAdmin[User]):
    list_display = ["username", "display_name", "role", "agency", "region", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("执法平台", {"fields": ("display_name", "role", "agency", "region")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
