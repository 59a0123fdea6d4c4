from django.contrib import admin
from django.urls import include, path

from practices import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("practices.urls")),
]
