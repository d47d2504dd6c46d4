from django.urls import path

from klageportal.workspaces.first_instance import views

urlpatterns = [
    path("myndighed/", views.authority_inbox, name="authority_inbox"),
]
