from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klageportal.core"
    label = "core"

    def ready(self):
        from klageportal.core import checks  # noqa: F401  (registers the deployment checks)
