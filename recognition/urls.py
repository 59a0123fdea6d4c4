from django.contrib.auth import views as auth_views
from django.urls import path

from recognition import jury, views

app_name = "recognition"

urlpatterns = [
    path("reconocimiento/", views.calls, name="calls"),
    path("reconocimiento/<int:year>/", views.call_page, name="call"),
    path("reconocimiento/<int:year>/terminos.pdf", views.terms_pdf, name="terms_pdf"),
    path("reconocimiento/registro/", views.register, name="register"),
    path("reconocimiento/registro/enviado/", views.registered, name="registered"),
    path("reconocimiento/verificar/<str:token>/", views.verify, name="verify"),
    path(
        "reconocimiento/entrar/",
        auth_views.LoginView.as_view(
            template_name="recognition/login.html", next_page="recognition:signed_in"
        ),
        name="login",
    ),
    path(
        "reconocimiento/salir/",
        auth_views.LogoutView.as_view(next_page="recognition:calls"),
        name="logout",
    ),
    path("reconocimiento/inicio/", views.signed_in, name="signed_in"),
    path("reconocimiento/postulaciones/", views.my_applications, name="mine"),
    path(
        "reconocimiento/<int:year>/postularse/",
        views.start_application,
        name="start",
    ),
    path("reconocimiento/postulaciones/<int:pk>/", views.application, name="application"),
    path("reconocimiento/postulaciones/<int:pk>/radicado/", views.receipt, name="receipt"),
    path("reconocimiento/postulaciones/<int:pk>/anexos/", views.attach, name="attach"),
    path("reconocimiento/jurado/", jury.home, name="jury"),
    path("reconocimiento/jurado/<int:seat>/", jury.seat_page, name="jury_seat"),
    path("reconocimiento/jurado/<int:seat>/conflictos/", jury.conflicts, name="jury_conflicts"),
    path(
        "reconocimiento/jurado/<int:seat>/<int:application>/",
        jury.score,
        name="jury_score",
    ),
    path("reconocimiento/anexos/<int:pk>/", jury.attachment, name="attachment"),
]
