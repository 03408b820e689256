from django.contrib import admin

from zhifa.core.admin import JournaledAdmin
from zhifa.review.models import ReviewPolicy

# Submissions, opinions and disputes change only through review.services (workbench and API).
admin.site.register(ReviewPolicy, JournaledAdmin)
