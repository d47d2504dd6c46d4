from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "klageportal.catalog"
    label = "catalog"
