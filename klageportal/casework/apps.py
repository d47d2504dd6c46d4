from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "klageportal.casework"
    verbose_name = "Sagsbehandling"
