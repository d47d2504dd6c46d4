"""Celery application. Without KP_CELERY_BROKER_URL tasks run in-process (the embedded default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klageportal.settings")

app = Celery("klageportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
