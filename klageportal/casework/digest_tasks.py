"""The daily digest's task: Celery beat runs it at DIGEST_TIME (the in-process scheduler of `manage.py serve`
does in the embedded default)."""

from celery import shared_task

from klageportal.casework.digest import digest_send


@shared_task
def digest_send_daily() -> int:
    """NT-2: one e-mail per address about the news in its cases since the previous digest."""
    return digest_send()
