from django.urls import path

from zhifa.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.about, name="about"),
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("checkpoints", views.checkpoints, name="checkpoints"),
    path("keys", views.keys, name="keys"),
    path("proof/inclusion", views.inclusion, name="inclusion"),
    path("proof/consistency", views.consistency, name="consistency"),
]
