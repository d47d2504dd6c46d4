from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "klageportal.filing"
    label = "filing"

    def ready(self):
        from klageportal.filing import receivers  # noqa: F401  (connects to the payment signal)
