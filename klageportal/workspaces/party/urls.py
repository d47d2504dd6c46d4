from django.urls import path

from klageportal.workspaces.party import views

urlpatterns = [
    path("mine-klager/", views.my_cases, name="my_cases"),
]
