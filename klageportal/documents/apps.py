from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "klageportal.documents"
    label = "documents"
