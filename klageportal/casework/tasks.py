"""Scheduled work of the appeals body's casework: reminding the parties of a hearing (BD-8)."""

from celery import shared_task

from klageportal.casework.services import hearings


@shared_task
def hearing_reminders_send() -> int:
    """Remind the parties of open hearings whose reply deadline is HEARING_REMINDER_DAYS away, once each.

    Beat runs it (CELERY_BEAT_SCHEDULE), or the in-process scheduler of `manage.py serve`."""
    return hearings.hearing_reminders_send()
