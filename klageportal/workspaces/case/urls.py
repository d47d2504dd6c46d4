from django.urls import path

from klageportal.workspaces.case import labels, messages, parties, views

urlpatterns = [
    path("sag/<str:number>/", views.case_detail, name="case_detail"),
    path("sag/<str:number>/dokumenter/", views.case_documents, name="case_documents"),
    path("sag/<str:number>/dokumenter/<int:pk>/", views.case_document_download, name="case_document_download"),
    path("sag/<str:number>/dokumenter/<int:pk>/kategorier/", labels.case_document_labels, name="case_document_labels"),
    path(
        "sag/<str:number>/dokumenter/<int:pk>/kategorier/fjern/",
        labels.case_document_label_remove_view,
        name="case_document_label_remove",
    ),
    path(
        "sag/<str:number>/dokumenter/<int:pk>/kategorier/tilfoej/",
        labels.case_document_label_add_view,
        name="case_document_label_add",
    ),
    path("sag/<str:number>/parter/", views.case_parties, name="case_parties"),
    path("sag/<str:number>/historik/", views.case_history, name="case_history"),
    path("sag/<str:number>/parter/tilfoej/", parties.party_add, name="case_party_add"),
    path("sag/<str:number>/parter/repraesentant/", parties.representative, name="case_representative"),
    path(
        "sag/<str:number>/parter/repraesentant/fjern/",
        parties.representative_remove,
        name="case_representative_remove",
    ),
    path("sag/<str:number>/parter/<int:party>/email/", parties.party_email, name="case_party_email"),
    path("sag/<str:number>/beskeder/", messages.case_messages, name="case_messages"),
    path("sag/<str:number>/beskeder/<int:message>/svar/", messages.case_message_answer, name="case_message_answer"),
    path("sag/<str:number>/beskeder/<int:message>/del/", messages.case_message_share, name="case_message_share"),
]
