from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("practicas/", views.PracticeListView.as_view(), name="list"),
    path("practicas/<str:code>/", views.PracticeDetailView.as_view(), name="detail"),
    path("practicas/<str:code>/ficha.txt", views.ficha_text, name="ficha_text"),
]
