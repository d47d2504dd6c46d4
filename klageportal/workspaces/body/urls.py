from django.urls import path

from klageportal.workspaces.body import views

urlpatterns = [
    path("klageinstans/", views.body_inbox, name="body_inbox"),
]
