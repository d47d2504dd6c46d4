"""Serve the portal with a multi-threaded WSGI server, plus the in-process scheduler of the embedded default."""

import threading
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.core.management.base import BaseCommand


def _run_scheduler(stop: threading.Event, interval: int) -> None:
    """Without a broker there is no Celery beat: retry due e-mails from a thread instead."""
    from django.db import close_old_connections

    from klageportal.notifications.tasks import outbox_retry_due

    while not stop.wait(interval):
        try:
            outbox_retry_due()
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Serve Klageportal on HOST:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        from waitress import serve

        from klageportal.wsgi import application

        stop = threading.Event()
        if settings.CELERY_TASK_ALWAYS_EAGER:
            schedule = cast(timedelta, settings.CELERY_BEAT_SCHEDULE["outbox-retry-due"]["schedule"])
            interval = int(schedule.total_seconds())
            threading.Thread(target=_run_scheduler, args=(stop, interval), daemon=True).start()
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(f"Klageportal kører på {address}  (stop med Ctrl+C)", self.style.SUCCESS)
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="Klageportal",
                # Large uploads (up to 100 MB) arrive in far fewer reads than waitress's 8 KB default.
                recv_bytes=1024 * 1024,
                send_bytes=256 * 1024,
                # Behind a TLS proxy (KP_TRUSTED_PROXIES) its X-Forwarded-* headers reach Django, which believes
                # them from those addresses only (core.headers.TrustedProxyMiddleware); otherwise waitress drops them.
                clear_untrusted_proxy_headers=not settings.TRUSTED_PROXIES,
            )
        finally:
            stop.set()
