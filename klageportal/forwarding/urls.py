from django.urls import path

from klageportal.forwarding.form import views
from klageportal.forwarding.receipts import views as receipt_views
from klageportal.forwarding.supplements import views as supplement_views

app_name = "forwarding"

urlpatterns = [
    path("", views.start, name="start"),
    path("fortsaet/", views.resume, name="resume"),
    path("ny/", views.start_new, name="start_new"),
    path("side/<int:number>/", views.page, name="page"),
    path("side/6/upload/<slug:item>/", views.upload, name="upload"),
    path("send/", views.send, name="send"),
    path("gem/", views.autosave, name="autosave"),
    path("opslag/", views.lookup, name="lookup"),
    path("frister/", views.deadlines, name="deadlines"),
    path("kvittering/<str:lobenummer>/", receipt_views.receipt, name="receipt"),
    path("kvittering/<str:lobenummer>/pdf/", receipt_views.receipt_pdf, name="receipt_pdf"),
    path("supplerende-oplysninger/", supplement_views.supplement, name="supplement"),
    path("sendte/", receipt_views.sent_list, name="sent_list"),
    path("vejledning/", views.guidance_page, name="guidance"),
    path("ankestyrelsen/supplerende-oplysninger/", supplement_views.unmatched_list, name="supplements_unmatched"),
    path(
        "ankestyrelsen/supplerende-oplysninger/<int:supplement>/",
        supplement_views.unmatched_match,
        name="supplement_match",
    ),
    path(
        "ankestyrelsen/supplerende-oplysninger/<int:supplement>/filer/<int:document>/",
        supplement_views.unmatched_document,
        name="supplement_document",
    ),
]
