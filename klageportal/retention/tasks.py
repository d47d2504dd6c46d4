"""The scheduled retention run (X-5)."""

from celery import shared_task

from klageportal.retention.models import RetentionRun
from klageportal.retention.services import retention_run


@shared_task
def retention_run_task(dry_run: bool = False) -> dict[str, int]:
    """Delete or anonymise what is past its period; the counts per category.

    Beat runs it daily (CELERY_BEAT_SCHEDULE, RETENTION_INTERVAL_SECONDS), or the in-process scheduler of the
    embedded default."""
    report = retention_run(dry_run=dry_run, source=RetentionRun.Source.SCHEDULER)
    return dict(report.counts)
