"""The appeals body's pages: each area's URLs are declared in its own module, beside its views."""

from django.urls import path

from klageportal.workspaces.body import case_actions, exemptions, parties, payments, supplements, views

urlpatterns = [
    path("klageinstans/", views.body_inbox, name="body_inbox"),
    path("sag/<str:number>/tildel/", views.case_assign_view, name="case_assign"),
    *case_actions.urlpatterns,
    *parties.urlpatterns,
    *payments.urlpatterns,
    *exemptions.urlpatterns,
    *supplements.urlpatterns,
]
