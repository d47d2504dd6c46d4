"""Gunicorn, the production WSGI server: `make serve-prod`, or `gunicorn -c gunicorn.conf.py klageportal.wsgi`.

Everything comes from the environment:

- KP_BIND: the address to listen on (default 127.0.0.1:$PORT, $PORT defaulting to 8000); several separated
  by commas; unix:/run/klageportal.sock for a socket.
- KP_WEB_WORKERS (2) processes of KP_WEB_THREADS (8) threads each. More than one process needs a shared cache
  (KP_CACHE_URL), which `manage.py check --deploy` asks for.
- KP_WEB_TIMEOUT (60 s: a request taking longer is stopped and its worker restarted), KP_WEB_GRACEFUL_TIMEOUT
  (30 s for running requests on a restart or stop), KP_WEB_KEEPALIVE (5 s an idle connection is kept open).
- KP_WEB_MAX_REQUESTS (1000, with up to KP_WEB_MAX_REQUESTS_JITTER = 100 more): a worker is replaced after
  this many requests, so that memory it has gathered is given back; 0 never.
- KP_TRUSTED_PROXIES: the reverse proxies terminating TLS, as for the portal's own settings.
- KP_WEB_ACCESS_LOG: where requests are logged ("-", standard output, by default; "" for none).
- KP_WEB_CONTROL_SOCKET: a path for Gunicorn's control socket (`gunicornc`); without it there is none, so that
  servers side by side never share one.

The scheme (HTTPS or not) is decided by the portal alone (klageportal.core.headers.TrustedProxyMiddleware and
SECURE_PROXY_SSL_HEADER), from KP_TRUSTED_PROXIES only: Gunicorn itself believes no scheme header, so there
is one place where a proxy is trusted. The access log names the path only: query strings may hold tokens
(a login's code and state) and a payment link's path holds its token, which is replaced by "...".
"""

import os

from gunicorn.glogging import Logger

from klageportal.core.logging import path_for_log


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


wsgi_app = "klageportal.wsgi:application"
bind = _env_list("KP_BIND") or [f"127.0.0.1:{os.environ.get('PORT', '') or 8000}"]
workers = _env_int("KP_WEB_WORKERS", 2)
worker_class = "gthread"
threads = _env_int("KP_WEB_THREADS", 8)
timeout = _env_int("KP_WEB_TIMEOUT", 60)
graceful_timeout = _env_int("KP_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("KP_WEB_KEEPALIVE", 5)
max_requests = _env_int("KP_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("KP_WEB_MAX_REQUESTS_JITTER", 100)

forwarded_allow_ips = ",".join(_env_list("KP_TRUSTED_PROXIES"))
secure_scheme_headers: dict[str, str] = {}

_SHARED_MEMORY = "/dev/shm"  # noqa: S108 (Gunicorn makes its files there with mkstemp, private to it)
if os.path.isdir(_SHARED_MEMORY):
    worker_tmp_dir = _SHARED_MEMORY  # the workers' heartbeat files: in memory, never waiting for a slow disk

_control_socket = os.environ.get("KP_WEB_CONTROL_SOCKET", "")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

accesslog = os.environ.get("KP_WEB_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("KP_WEB_LOG_LEVEL", "info")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'


class PathOnlyLogger(Logger):
    """The access log's path without a secret in it; the query string is never in the format."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = path_for_log(atoms.get("U") or "")
        atoms["U"] = path
        atoms["r"] = f"{atoms.get('m')} {path} {atoms.get('H')}"
        return atoms


logger_class = PathOnlyLogger
