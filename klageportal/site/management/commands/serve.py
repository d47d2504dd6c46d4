"""Serve the portal with a multi-threaded WSGI server, plus the in-process scheduler of the embedded default."""

import os
import threading
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.core.management.base import BaseCommand


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
            for entry in settings.CELERY_BEAT_SCHEDULE.values():
                interval = int(cast(timedelta, entry["schedule"]).total_seconds())
                threading.Thread(target=_run_scheduler, args=(stop, entry["task"], interval), daemon=True).start()
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
