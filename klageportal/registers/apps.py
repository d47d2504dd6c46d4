from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "klageportal.registers"
    label = "registers"
