from django.apps import AppConfig


class ForwardingConfig(AppConfig):
    name = "klageportal.forwarding"
    label = "forwarding"
    verbose_name = "Web-ankeskema"
