from django.contrib import admin

from zhifa.core.admin import JournaledAdmin
from zhifa.statistics.models import ReportTemplate


# Templates are data an administrator maintains (a province's rows and categories); the model's clean()
# refuses a definition that names an unknown category or figure. Reports change only through
# statistics.services (the workbench's pages).
@admin.register(ReportTemplate)
class ReportTemplateAdmin(JournaledAdmin[ReportTemplate]):
    list_display = ("name", "code", "region", "is_default", "amount_unit", "tie_break")
    search_fields = ("name", "code")
