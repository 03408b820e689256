from django.urls import path

from zhifa.workbench import cases_views, views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<id:agency_id>/", views.agency_detail, name="agency_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/<id:officer_id>/", views.officer_detail, name="officer_detail"),
    path(
        "certificates/<id:certificate_id>/<str:action>/", views.certificate_action, name="certificate_action"
    ),
    path("reviewers/", views.reviewer_list, name="reviewer_list"),
    path("reviewers/appoint/", views.reviewer_appoint, name="reviewer_appoint"),
    path("reviewers/<id:reviewer_id>/withdraw/", views.reviewer_withdraw, name="reviewer_withdraw"),
    path("items/", views.item_list, name="item_list"),
    path("items/gaps/", views.item_gaps, name="item_gaps"),
    path("items/<id:item_id>/", views.item_detail, name="item_detail"),
    path("journal/", views.journal, name="journal"),
    path("cases/", cases_views.case_list, name="case_list"),
    path("cases/new/", cases_views.case_new, name="case_new"),
    path("cases/<id:case_id>/", cases_views.case_detail, name="case_detail"),
    path("cases/<id:case_id>/steps/<str:name>/", cases_views.case_step, name="case_step"),
    path(
        "cases/<id:case_id>/documents/<id:document_id>.pdf", cases_views.case_document, name="case_document"
    ),
    path("deadlines/", cases_views.deadlines, name="deadlines"),
    path("journal/<id:entry_id>/receipt.json", views.receipt, name="receipt"),
]
