from django.urls import path

from zhifa.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<id:agency_id>/", views.agency, name="agency"),
    path("agencies/<id:agency_id>/procedures/", views.procedures, name="procedures"),
    path("verify/certificate/", views.certificate_check, name="certificate_check"),
    path("verify/certificate/<str:number>/", views.certificate_check, name="certificate_check_number"),
    path("healthz", views.healthz, name="healthz"),
]
