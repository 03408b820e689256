"""Public pages under /inspections/ and staff pages under /workbench/inspections/ (as publicity does).

Helpers adding pages: keep public views in views_public.py and staff views in views_staff.py."""

from django.urls import URLPattern, path

from zhifa.inspections import views_visits

app_name = "inspections"

urlpatterns: list[URLPattern] = []

# Inspecting (views_visits.py): the officer's to-do list, each inspection's visit, result and
# publication, inspections registered outside a draw, the supervisors' ratings, and the public page of
# an inspection code (检查码).
urlpatterns += [
    path("workbench/inspections/todo/", views_visits.todo, name="todo"),
    path("workbench/inspections/visits/register/", views_visits.register, name="visit_register"),
    path("workbench/inspections/visits/<id:inspection_id>/", views_visits.detail, name="visit_detail"),
    path(
        "workbench/inspections/visits/<id:inspection_id>/check-in/",
        views_visits.check_in,
        name="visit_check_in",
    ),
    path(
        "workbench/inspections/visits/<id:inspection_id>/site-record/",
        views_visits.site_record_form,
        name="visit_site_record",
    ),
    path(
        "workbench/inspections/visits/<id:inspection_id>/site-record.pdf",
        views_visits.site_record_pdf,
        name="visit_site_record_pdf",
    ),
    path(
        "workbench/inspections/visits/<id:inspection_id>/result/",
        views_visits.result_form,
        name="visit_result",
    ),
    path(
        "workbench/inspections/visits/<id:inspection_id>/publish/", views_visits.publish, name="visit_publish"
    ),
    path("workbench/inspections/ratings/", views_visits.ratings, name="ratings"),
    path("inspections/code/<str:code>/", views_visits.code_page, name="code"),
    path("inspections/code/<str:code>/qr.svg", views_visits.code_qr, name="code_qr"),
]
