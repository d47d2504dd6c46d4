"""A `requests` transport that hands a request for this very server to Django in the same thread.

The login callback calls the identity provider's token and JWKS endpoints. When the provider is the embedded
development provider, those endpoints are paths of this server: over HTTP, every worker thread busy with a
callback would wait for another free worker to answer, and a handful of simultaneous logins froze the
server. Answered in-process, the callback needs no second worker.
"""

import functools
import io
import sys
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict


class _Handler(BaseHandler):
    """The project's middleware and URLs, without the request signals: the request that calls in keeps its
    database connection (`close_old_connections` runs only when the outer request finishes)."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware()


@functools.cache
def _handler() -> _Handler:
    return _Handler()


def _environ(request: requests.PreparedRequest) -> dict[str, Any]:
    url = urlsplit(request.url or "")
    raw = request.body or b""
    body = (
        raw.encode()
        if isinstance(raw, str)
        else raw
        if isinstance(raw, bytes)
        else b"".join(
            part.encode() if isinstance(part, str) else part
            for part in raw  # type: ignore[union-attr]
        )
    )
    secure = url.scheme == "https"
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method or "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(url.path).encode().decode("latin-1"),
        "QUERY_STRING": url.query,
        "SERVER_NAME": url.hostname or "localhost",
        "SERVER_PORT": str(url.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": url.scheme or "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key not in {"CONTENT_LENGTH", "HOST"}:
            environ[f"HTTP_{key}"] = value
    environ["HTTP_HOST"] = url.netloc
    return environ


class InProcessAdapter(BaseAdapter):
    """Mount on a `requests.Session` for the URLs of this server that should be answered in-process."""

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None, **kwargs: Any
    ) -> requests.Response:
        language = translation.get_language()
        try:
            django_response = _handler().get_response(WSGIRequest(_environ(request)))
        finally:
            translation.activate(language) if language else translation.deactivate()
        # Not closed on purpose: closing sends `request_finished`, which would close the caller's connection.
        content = (
            b"".join(django_response.streaming_content)  # type: ignore[attr-defined]
            if django_response.streaming
            else django_response.content  # type: ignore[attr-defined]
        )
        response = requests.Response()
        response.status_code = django_response.status_code
        response.reason = django_response.reason_phrase
        response.headers = CaseInsensitiveDict(dict(django_response.items()))
        response._content = content
        response.encoding = django_response.charset
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass
