"""Public pages under /inspections/ and staff pages under /workbench/inspections/ (as publicity does).

Helpers adding pages: keep public views in views_public.py and staff views in views_staff.py."""

from django.urls import URLPattern, path

from zhifa.inspections import views_directory

app_name = "inspections"

urlpatterns: list[URLPattern] = []

# The business directory (检查对象名录库), staff only.
urlpatterns += [
    path("workbench/inspections/directory/", views_directory.directory_list, name="directory"),
    path(
        "workbench/inspections/directory/<id:target_id>/",
        views_directory.directory_detail,
        name="directory_detail",
    ),
    path(
        "workbench/inspections/directory/import/", views_directory.directory_import, name="directory_import"
    ),
    path(
        "workbench/inspections/directory/imports/<id:import_id>/",
        views_directory.directory_import_status,
        name="directory_import_status",
    ),
]
