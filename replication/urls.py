from django.urls import path

from replication import views

app_name = "replication"

# The code converter is registered by practices.urls (included first).
urlpatterns = [
    path("practicas/<code:code>/replicamos/", views.tell, name="tell"),
    path("reconocimiento/replicas/", views.mine, name="mine"),
    path("replicas/responder/<str:token>/", views.answer, name="answer"),
]
