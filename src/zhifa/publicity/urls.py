from django.urls import path

from zhifa.publicity import views

app_name = "publicity"
urlpatterns = [
    path("decisions/", views.decision_list, name="list"),
    path("decisions/<id:publication_id>/", views.decision_detail, name="detail"),
    path("decisions/<id:publication_id>/receipt.json", views.decision_receipt, name="receipt"),
    path("decisions.json", views.open_data_json, name="json"),
    path("decisions.csv", views.open_data_csv, name="csv"),
    path("agencies/<id:agency_id>/decisions.atom", views.AgencyFeed(), name="atom"),
    path("workbench/publicity/", views.staff_queue, name="staff_queue"),
    path("workbench/publicity/register/", views.staff_register, name="staff_register"),
    path("workbench/publicity/<id:publication_id>/", views.staff_detail, name="staff_detail"),
    path("workbench/publicity/<id:publication_id>/<str:action>/", views.staff_action, name="staff_action"),
]
