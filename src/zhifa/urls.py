from django.contrib import admin
from django.urls import include, path

from zhifa.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("zhifa.accounts.urls")),
    path("workbench/", include("zhifa.workbench.urls")),
    path("transparency/", include("zhifa.journal.urls")),
    path("review/", include("zhifa.review.urls")),
    path("evidence/", include("zhifa.evidence.urls")),
    path("", include("zhifa.publicity.urls")),
    path("", include("zhifa.statistics.urls")),
    path("", include("zhifa.inspections.urls")),
    # /complaints/… (the portal) and /workbench/supervision/… (staff).
    path("", include("zhifa.supervision.urls")),
    # /workbench/evaluation/… (案卷评查, staff only).
    path("", include("zhifa.evaluation.urls")),
    path("", include("zhifa.portal.urls")),
]

handler400 = "zhifa.core.views.bad_request"
handler403 = "zhifa.core.views.permission_denied"
handler404 = "zhifa.core.views.page_not_found"
handler500 = "zhifa.core.views.server_error"
