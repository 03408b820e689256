from django.contrib import admin

from zhifa.core.admin import JournaledAdmin
from zhifa.publicity.models import PublicitySetting

# Publications change only through publicity.services (the clerk's pages).
admin.site.register(PublicitySetting, JournaledAdmin)
