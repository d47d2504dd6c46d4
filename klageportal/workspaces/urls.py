from django.urls import path

from klageportal.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("mine-klager/", views.my_cases, name="my_cases"),
    path("myndighed/", views.authority_inbox, name="authority_inbox"),
    path("klageinstans/", views.body_inbox, name="body_inbox"),
    path("sag/<str:number>/", views.case_detail, name="case_detail"),
]
