from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klageportal.core"
    label = "core"
