from django.contrib import admin

from zhifa.core.admin import JournaledAdmin
from zhifa.organizations.models import Agency, Region, Unit


@admin.register(Region)
class RegionAdmin(JournaledAdmin[Region]):
    list_display = ["code", "name", "level", "parent", "is_functional_area"]
    list_filter = ["level", "is_functional_area"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.path = obj.compute_path()
        super().save_model(request, obj, form, change)


class UnitInline(admin.TabularInline[Unit, Agency]):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(JournaledAdmin[Agency]):
    list_display = ["name", "credit_code", "kind", "region", "parent", "entrusted_by", "active"]
    list_filter = ["kind", "branch_kind", "active"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region", "parent", "entrusted_by"]
    inlines = [UnitInline]
