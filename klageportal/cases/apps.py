from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "klageportal.cases"
    label = "cases"
