from django.urls import path

from zhifa.supervision.views import alerts, matters, patrols, public, staff

app_name = "supervision"
urlpatterns = [
    # The portal (no login): 投诉举报 and its progress.
    path("complaints/new/", public.complaint_new, name="complaint_new"),
    path("complaints/query/", public.complaint_query, name="complaint_query"),
    # The workbench (staff pages: no-store, core.middleware).
    path("workbench/supervision/complaints/", staff.complaint_list, name="complaint_list"),
    path(
        "workbench/supervision/complaints/<id:complaint_id>/", staff.complaint_detail, name="complaint_detail"
    ),
    path(
        "workbench/supervision/complaints/<id:complaint_id>/identity/",
        staff.complaint_identity,
        name="complaint_identity",
    ),
    path(
        "workbench/supervision/complaints/<id:complaint_id>/attachments/<id:attachment_id>/",
        staff.complaint_attachment,
        name="complaint_attachment",
    ),
    path(
        "workbench/supervision/complaints/<id:complaint_id>/<str:action>/",
        staff.complaint_action,
        name="complaint_action",
    ),
    # 网上巡查: the published reports on the portal, and the supervisors' pages.
    path("supervision/patrols/", patrols.public_list, name="patrol_public_list"),
    path("supervision/patrols/<id:report_id>/", patrols.public_detail, name="patrol_public_detail"),
    path("workbench/supervision/patrols/", patrols.patrol_list, name="patrol_list"),
    path("workbench/supervision/patrols/generate/", patrols.patrol_generate, name="patrol_generate"),
    path("workbench/supervision/patrols/<id:report_id>/", patrols.patrol_detail, name="patrol_detail"),
    path(
        "workbench/supervision/patrols/<id:report_id>/<str:action>/",
        patrols.patrol_action,
        name="patrol_action",
    ),
    # 预警 (alerts).
    path("workbench/supervision/alerts/", alerts.alert_list, name="alert_list"),
    path(
        "workbench/supervision/alerts/<id:alert_id>/<str:action>/", alerts.alert_action, name="alert_action"
    ),
    # 监督事项 (supervision matters).
    path("workbench/supervision/matters/", matters.matter_list, name="matter_list"),
    path("workbench/supervision/matters/new/", matters.matter_new, name="matter_new"),
    path(
        "workbench/supervision/matters/from-alert/<id:alert_id>/",
        matters.matter_from_alert,
        name="matter_from_alert",
    ),
    path("workbench/supervision/matters/<id:matter_id>/", matters.matter_detail, name="matter_detail"),
    path(
        "workbench/supervision/matters/<id:matter_id>/documents/<id:document_id>/",
        matters.matter_document,
        name="matter_document",
    ),
    path(
        "workbench/supervision/matters/<id:matter_id>/attachments/<id:attachment_id>/",
        matters.report_attachment,
        name="matter_attachment",
    ),
    path(
        "workbench/supervision/matters/<id:matter_id>/<str:action>/",
        matters.matter_action,
        name="matter_action",
    ),
]
