from django.urls import path

from zhifa.evidence import tus, views

app_name = "evidence"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("upload/", views.evidence_upload, name="upload"),
    path("<id:evidence_id>/", views.evidence_detail, name="detail"),
    path("<id:evidence_id>/download/", views.evidence_download, name="download"),
    path("<id:evidence_id>/content/", views.evidence_content, name="content"),
    # tus 1.0: the creation URL, and one resource per upload (no trailing slash: clients append the id).
    path("tus/", tus.collection, name="tus"),
    path("tus/<uuid:upload_id>", tus.resource, name="tus_upload"),
]
