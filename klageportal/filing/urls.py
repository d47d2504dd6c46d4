from django.urls import path

from klageportal.filing import views

app_name = "filing"

urlpatterns = [
    path("klage/ny/", views.start, name="start"),
    path("klage/ny/fritagelse/<str:exemption>/", views.exempt_start, name="exempt_start"),
    path("klage/adresser/", views.address_lookup, name="address_lookup"),
    path("klage/<str:number>/klagetype/", views.change_type, name="change_type"),
    path("klage/<str:number>/fortsaet/", views.resume, name="resume"),
    # The payment step comes after "Indsend", so it is not a draft's page: a view of its own, first.
    path("klage/<str:number>/trin/betaling/", views.payment, name="payment"),
    path("klage/<str:number>/trin/<slug:step>/", views.step, name="step"),
    path("klage/<str:number>/trin/<slug:step>/gem/", views.autosave, name="autosave"),
    path("klage/<str:number>/klagere/<int:party_id>/fjern/", views.remove_complainant, name="remove_complainant"),
    path("klage/<str:number>/klagere/<int:party_id>/ret/", views.correct_complainant, name="correct_complainant"),
    path("klage/<str:number>/opslag/", views.lookup, name="lookup"),
    path("klage/<str:number>/godkend/", views.approve, name="approve"),
    path("klage/<str:number>/fjern-klager/<int:party_id>/", views.remove_declined, name="remove_declined"),
    path("fritagelse-fra-klageportalen/", views.exemption_info, name="exemption"),
]
