"""Public pages under /statistics/ (published reports only) and staff pages under /workbench/statistics/
(as publicity does)."""

from django.urls import path

from zhifa.statistics import views_public, views_staff

app_name = "statistics"
urlpatterns = [
    path("statistics/", views_public.index, name="index"),
    path("statistics/<int:year>/", views_public.year_page, name="year"),
    path("statistics/<int:year>.json", views_public.year_json, name="year_json"),
    path("statistics/<int:year>.xlsx", views_public.year_xlsx, name="year_xlsx"),
    path("statistics/<int:year>/chart.svg", views_public.year_chart, name="year_chart"),
    path("statistics/<int:year>/agencies/<id:agency_id>/", views_public.agency_page, name="agency"),
    path("statistics/<int:year>/agencies/<id:agency_id>.xlsx", views_public.agency_xlsx, name="agency_xlsx"),
    path(
        "statistics/<int:year>/agencies/<id:agency_id>/chart.svg",
        views_public.agency_chart,
        name="agency_chart",
    ),
    path("workbench/statistics/", views_staff.dashboard, name="staff_dashboard"),
    path("workbench/statistics/<int:year>/chart.svg", views_staff.chart, name="staff_chart"),
    path("workbench/statistics/<int:year>/detail/", views_staff.detail, name="staff_detail"),
    path("workbench/statistics/<int:year>/regions/<str:code>/", views_staff.region, name="staff_region"),
    path("workbench/statistics/<int:year>/agencies/<id:agency_id>/", views_staff.agency, name="staff_agency"),
    path(
        "workbench/statistics/<int:year>/agencies/<id:agency_id>/<str:name>/",
        views_staff.action,
        name="staff_action",
    ),
]
