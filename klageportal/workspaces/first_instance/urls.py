from django.urls import path

from klageportal.workspaces.first_instance import case_actions, views

urlpatterns = [
    path("myndighed/", views.authority_inbox, name="authority_inbox"),
    path("sag/<str:number>/svarskema/", case_actions.response_form, name="response_form"),
    path("sag/<str:number>/svarskema/skabelon/", case_actions.response_form_template, name="response_form_template"),
    path("sag/<str:number>/genoptag/", case_actions.case_reopen, name="case_reopen"),
    path("sag/<str:number>/videresend/", case_actions.case_forward, name="case_forward"),
]
