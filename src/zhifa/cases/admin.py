"""Cases are visible to administrators here but never changed: every change goes through the engine."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.cases.models import Case, ProcedureSetting
from zhifa.core.admin import JournaledAdmin


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ["case_number", "title", "agency", "procedure", "state", "decided_on"]
    list_filter = ["procedure", "state"]
    search_fields = ["case_number", "title"]
    list_select_related = ["agency"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(ProcedureSetting, JournaledAdmin)
