from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The portal's front door: start page, static pages, error pages, demo data, setup and serve commands."""

    name = "klageportal.site"
    label = "site"
