from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "klageportal.notifications"
    label = "notifications"
