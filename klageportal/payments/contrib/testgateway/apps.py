from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestgatewayConfig(AppConfig):
    name = "klageportal.payments.contrib.testgateway"
    label = "testgateway"
    verbose_name = _("Testbetalingstjeneste")
