"""Celery application. Without KP_CELERY_BROKER_URL tasks run in-process (the embedded default).

With a broker, `make worker` and `make beat` run them (settings: acks late, handed back when a worker is lost, a
visibility timeout). Every task is safe to run twice. Log lines written in a task carry its id (`task_id`)."""

import os

from celery import Celery, signals

from klageportal.core.logging import TASK_ID

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klageportal.settings")

app = Celery("klageportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect(weak=False)
def _task_id_set(task_id=None, **kwargs) -> None:
    TASK_ID.set(task_id)


@signals.task_postrun.connect(weak=False)
def _task_id_clear(**kwargs) -> None:
    TASK_ID.set(None)
