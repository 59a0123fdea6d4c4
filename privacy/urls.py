from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("politica-de-tratamiento-de-datos/solicitud/", views.data_request, name="request"),
    path(
        "politica-de-tratamiento-de-datos/solicitud/recibida/<str:receipt>/",
        views.received,
        name="received",
    ),
]
