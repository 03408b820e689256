from django.urls import path

from zhifa.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("workbench/evaluation/", views.plan_list, name="plan_list"),
    path("workbench/evaluation/ledger/", views.ledger, name="ledger"),
    path("workbench/evaluation/plans/<id:plan_id>/", views.plan_detail, name="plan_detail"),
    path("workbench/evaluation/plans/<id:plan_id>/rubric/", views.rubric, name="rubric"),
    path("workbench/evaluation/plans/<id:plan_id>/<str:action>/", views.plan_action, name="plan_action"),
    path(
        "workbench/evaluation/plans/<id:plan_id>/draws/<id:agency_id>.json",
        views.draw_record,
        name="draw_record",
    ),
    path("workbench/evaluation/notices/<id:notice_id>.pdf", views.notice_pdf, name="notice_pdf"),
    path("workbench/evaluation/files/<id:file_id>/", views.file_detail, name="file_detail"),
    path("workbench/evaluation/files/<id:file_id>/score/", views.score, name="score"),
    path("workbench/evaluation/files/<id:file_id>/<str:action>/", views.file_action, name="file_action"),
]
