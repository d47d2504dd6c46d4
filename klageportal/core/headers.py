"""Response headers and the request's origin: a trusted reverse proxy, HEAD as GET, no caching of personal pages.

The Content-Security-Policy comes from django-csp (settings CONTENT_SECURITY_POLICY); HSTS, nosniff and the
HTTPS redirect from Django's SecurityMiddleware.
"""

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address: str) -> bool:
    """The address is one of TRUSTED_PROXIES (addresses or networks, e.g. 10.0.0.5 or 10.0.0.0/24)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


class TrustedProxyMiddleware:
    """Believe X-Forwarded-* only from a configured reverse proxy; from anyone else they are removed.

    Django reads the scheme (SECURE_PROXY_SSL_HEADER) and the host (USE_X_FORWARDED_HOST) from these headers;
    a client that talks to the server directly could otherwise claim HTTPS or any host. From a trusted proxy
    the client's address becomes the last address in X-Forwarded-For that is not a trusted proxy itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if settings.TRUSTED_PROXIES and is_trusted_proxy(meta.get("REMOTE_ADDR", "")):
            hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
            for hop in reversed(hops):
                if not is_trusted_proxy(hop):
                    meta["REMOTE_ADDR"] = hop
                    break
        else:
            for header in (*FORWARDED_HEADERS, "HTTP_X_FORWARDED_FOR"):
                meta.pop(header, None)
        return self.get_response(request)


class HeadAsGetMiddleware:
    """Answer HEAD wherever GET is answered: the view sees a GET, the client gets its headers without the body.

    Views are decorated with require_GET or require_http_methods(["GET", "POST"]), which refuse HEAD.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if isinstance(response, StreamingHttpResponse):
            response.close()  # a download's file is not read
            response.streaming_content = []
        else:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on everything a logged-in person is shown, and on any answer that sets a cookie.

    Pages, document downloads and receipts of a logged-in person hold personal data: no browser or proxy may
    keep them. Public pages for anonymous visitors keep whatever caching the view chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or bool(response.cookies)
        if personal and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
