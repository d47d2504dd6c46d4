from django.apps import AppConfig


class DevIdpConfig(AppConfig):
    name = "klageportal.identity.devidp"
    label = "devidp"
    verbose_name = "Udviklings-login"
