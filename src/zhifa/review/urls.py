from django.urls import path

from zhifa.review import views

app_name = "review"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("submissions/<id:submission_id>/", views.submission, name="submission"),
    path("submissions/<id:submission_id>/opinion/", views.opinion, name="opinion"),
    path("submissions/<id:submission_id>/dispute/", views.dispute, name="dispute"),
    path("submissions/<id:submission_id>/decide/", views.head_decide, name="head_decide"),
    path("cases/<id:case_id>/submit/", views.submit, name="submit"),
]
