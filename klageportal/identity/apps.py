from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "klageportal.identity"
    label = "identity"
