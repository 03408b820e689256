"""Public pages under /inspections/ and staff pages under /workbench/inspections/ (as publicity does).

Helpers adding pages: keep public views in views_public.py and staff views in views_staff.py."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "inspections"

urlpatterns: list[URLPattern] = []
