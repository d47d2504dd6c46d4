from django.apps import AppConfig


class TestgatewayConfig(AppConfig):
    name = "klageportal.payments.contrib.testgateway"
    label = "testgateway"
