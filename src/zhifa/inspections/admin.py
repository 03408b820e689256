from django.contrib import admin

from zhifa.core.admin import JournaledAdmin
from zhifa.inspections.models import InspectionTarget

# Only the directory is edited by hand (a single correction); plans, tasks, draws and results change
# through their services, which journal and check every rule.
admin.site.register(InspectionTarget, JournaledAdmin)
