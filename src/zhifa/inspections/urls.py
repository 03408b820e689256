"""Public pages under /inspections/ and staff pages under /workbench/inspections/ (as publicity does).

Helpers adding pages: keep public views in views_public.py and staff views in views_staff.py."""

from django.urls import URLPattern, path

from zhifa.inspections import views_public

app_name = "inspections"

urlpatterns: list[URLPattern] = []

# The portal (views_public): 一单, plans, tasks, the human page of a draw, results, one business.
urlpatterns += [
    path("inspections/", views_public.landing, name="public_landing"),
    path("inspections/items/", views_public.item_list, name="public_items"),
    path("inspections/items.json", views_public.item_json, name="public_items_json"),
    path("inspections/items.csv", views_public.item_csv, name="public_items_csv"),
    path("inspections/plans/", views_public.plan_list, name="public_plans"),
    path("inspections/plans.json", views_public.plan_json, name="public_plans_json"),
    path("inspections/plans/<id:plan_id>/", views_public.plan_detail, name="public_plan"),
    path("inspections/tasks/<id:task_id>/", views_public.task_detail, name="public_task"),
    path("inspections/draws/<id:draw_id>/", views_public.draw_detail, name="public_draw"),
    path("inspections/results/", views_public.result_list, name="public_results"),
    path("inspections/results.json", views_public.result_json, name="public_results_json"),
    path("inspections/results.csv", views_public.result_csv, name="public_results_csv"),
    path("inspections/businesses/", views_public.business_search, name="public_business_search"),
    path(
        "inspections/businesses/<str:credit_code>.json",
        views_public.business_json,
        name="public_business_json",
    ),
    path(
        "inspections/businesses/<str:credit_code>.csv", views_public.business_csv, name="public_business_csv"
    ),
    path("inspections/businesses/<str:credit_code>/", views_public.business_detail, name="public_business"),
]
