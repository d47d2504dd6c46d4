"""Every workspace under one namespace, each audience's pages in its own package."""

from django.urls import include, path

app_name = "workspaces"

urlpatterns = [
    path("", include("klageportal.workspaces.party.urls")),
    path("", include("klageportal.workspaces.first_instance.urls")),
    path("", include("klageportal.workspaces.body.urls")),
    path("", include("klageportal.workspaces.case.urls")),
]
