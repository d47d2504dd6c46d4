from django.urls import path

from klageportal.workspaces.first_instance import case_actions, exemptions, follows, groupings, views

urlpatterns = [
    path("myndighed/", views.authority_inbox, name="authority_inbox"),
    path("myndighed/fritagelser/", exemptions.authority_exemptions, name="authority_exemptions"),
    path("grupperinger/", groupings.grouping_list, name="grouping_list"),
    path("grupperinger/ny/", groupings.grouping_create, name="grouping_create"),
    path("grupperinger/<int:grouping>/", groupings.grouping_detail, name="grouping_detail"),
    path("grupperinger/<int:grouping>/dokumenter/", groupings.grouping_documents, name="grouping_documents"),
    path("grupperinger/<int:grouping>/fjern-sag/", groupings.grouping_case_remove, name="grouping_case_remove"),
    path("grupperinger/<int:grouping>/slet/", groupings.grouping_delete, name="grouping_delete"),
    path("sag/<str:number>/foelg/", follows.case_follow, name="case_follow"),
    path("profil/", follows.staff_profile, name="staff_profile"),
    path("sag/<str:number>/svarskema/", case_actions.response_form, name="response_form"),
    path("sag/<str:number>/svarskema/skabelon/", case_actions.response_form_template, name="response_form_template"),
    path("sag/<str:number>/genoptag/", case_actions.case_reopen, name="case_reopen"),
    path("sag/<str:number>/videresend/", case_actions.case_forward, name="case_forward"),
]
