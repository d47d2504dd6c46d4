from django.urls import path

from klageportal.workspaces.party import exemptions, views

urlpatterns = [
    path("mine-klager/", views.my_cases, name="my_cases"),
    *exemptions.urlpatterns,
]
