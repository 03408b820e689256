"""Public pages under /inspections/ and staff pages under /workbench/inspections/ (as publicity does).

Helpers adding pages: keep public views in views_public.py and staff views in views_staff.py."""

from django.urls import URLPattern, path

from zhifa.inspections import views_directory, views_public, views_records, views_staff, views_visits

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

# --- draws: the public records (tasks helper) ---
urlpatterns += [
    path("inspections/draws.json", views_records.draws_json, name="draws_json"),
    path("inspections/draws/<id:draw_id>.json", views_records.draw_json, name="draw_json"),
    path("inspections/draws/<id:draw_id>/eligible.tsv", views_records.draw_eligible, name="draw_eligible"),
    path("inspections/draws/<id:draw_id>/pool.tsv", views_records.draw_pool, name="draw_pool"),
]

# --- plans, tasks and draws: staff pages (tasks helper) ---
urlpatterns += [
    path("workbench/inspections/plans/", views_staff.plan_list, name="staff_plans"),
    path("workbench/inspections/plans/new/", views_staff.plan_new, name="staff_plan_new"),
    path(
        "workbench/inspections/plans/<id:plan_id>/publish/",
        views_staff.plan_publish,
        name="staff_plan_publish",
    ),
    path("workbench/inspections/tasks/", views_staff.task_list, name="staff_tasks"),
    path("workbench/inspections/tasks/new/", views_staff.task_new, name="staff_task_new"),
    path("workbench/inspections/tasks/<id:task_id>/", views_staff.task_detail, name="staff_task"),
    path(
        "workbench/inspections/tasks/<id:task_id>/<str:action>/",
        views_staff.task_action,
        name="staff_task_action",
    ),
]

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
