"""Serve the portal with a multi-threaded WSGI server, plus the in-process scheduler of the embedded default."""

import logging
import os
import threading
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


def _run_scheduler(stop: threading.Event, task: str, interval: int) -> None:
    """Without a broker there is no Celery beat: run each scheduled task from a thread instead."""
    from django.db import close_old_connections
    from django.utils.module_loading import import_string

    run = import_string(task)
    while not stop.wait(interval):
        try:
            run()
        finally:
            close_old_connections()


def next_daily_run(schedule: Any, now: datetime) -> datetime:
    """The next time after `now` (aware) at which a crontab entry of hours and minutes is due, in TIME_ZONE.

    Only the hour and minute fields count: an entry of the embedded default runs every day (the digest, NT-2).
    """
    from django.utils import timezone

    local = timezone.localtime(now)
    times = sorted((hour, minute) for hour in schedule.hour for minute in schedule.minute)
    for days in range(2):
        day = local.date() + timedelta(days=days)
        for hour, minute in times:
            at = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
            if at > now:
                return at
    raise ValueError("a crontab entry without hours or minutes")  # pragma: no cover (celery refuses those)


def _run_daily(stop: threading.Event, task: str, schedule: Any) -> None:
    """A crontab entry (the daily digest) from a thread: sleep until its next time, run it, and again."""
    from django.db import close_old_connections
    from django.utils import timezone
    from django.utils.module_loading import import_string

    run = import_string(task)
    while True:
        wait = (next_daily_run(schedule, timezone.now()) - timezone.now()).total_seconds()
        if stop.wait(max(wait, 0)):
            return
        try:
            run()
        except Exception:
            logger.exception("Scheduled task %s failed", task)
        finally:
            close_old_connections()


def scheduler_threads(stop: threading.Event, schedule: dict[str, dict[str, Any]]) -> list[threading.Thread]:
    """One thread per beat entry: an interval (timedelta or seconds) or a crontab at fixed times of day."""
    threads = []
    for entry in schedule.values():
        when = entry["schedule"]
        if isinstance(when, timedelta | int | float):
            seconds = int(when.total_seconds()) if isinstance(when, timedelta) else int(when)
            threads.append(threading.Thread(target=_run_scheduler, args=(stop, entry["task"], seconds), daemon=True))
        else:
            threads.append(threading.Thread(target=_run_daily, args=(stop, entry["task"], when), daemon=True))
    return threads


def base_url_for(host: str, port: int) -> str:
    """The address people reach a server on `host:port` by (a wildcard address means this machine)."""
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 (what is bound to, not bound here)
        host = "127.0.0.1"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


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
            for thread in scheduler_threads(stop, settings.CELERY_BEAT_SCHEDULE):
                thread.start()
        address = f"http://{options['host']}:{options['port']}/"
        if not os.environ.get("KP_BASE_URL"):
            # Links in e-mails and the addresses given to payment gateways point at this server's port.
            settings.PORTAL_BASE_URL = base_url_for(options["host"], options["port"])
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
                # Waitress takes a whole body before the portal sees it: refuse larger ones from the header.
                max_request_body_size=settings.REQUEST_MAX_UPLOAD_BODY_BYTES + 1,
                # Behind a TLS proxy (KP_TRUSTED_PROXIES) its X-Forwarded-* headers reach Django, which believes
                # them from those addresses only (core.headers.TrustedProxyMiddleware); otherwise waitress drops them.
                clear_untrusted_proxy_headers=not settings.TRUSTED_PROXIES,
            )
        finally:
            stop.set()
