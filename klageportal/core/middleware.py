"""Middleware of the whole portal: the request's id, the interface language and the size of request bodies."""

import re
import uuid

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.log import log_response
from django.utils.translation import gettext as _

from klageportal.core.headers import is_trusted_proxy
from klageportal.core.logging import REQUEST_ID, path_for_log
from klageportal.core.masking import mask_cpr_in_text

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,127}")
"""An incoming id is kept only if it is a short token of these characters (nothing to break a header or a log)."""


def incoming_request_id(request) -> str | None:
    """The X-Request-ID a trusted reverse proxy sent, if it is a safe token and holds no CPR-like number."""
    value = request.META.get("HTTP_X_REQUEST_ID", "")
    if not value or not settings.TRUSTED_PROXIES or not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return None
    if not SAFE_REQUEST_ID.fullmatch(value) or mask_cpr_in_text(value) != value:
        return None
    return value


class RequestIdMiddleware:
    """Give every request an id, in every log line written while it is answered and in its X-Request-ID header.

    The id is the one a trusted reverse proxy sent (KP_TRUSTED_PROXIES), else a new one. First in MIDDLEWARE:
    TrustedProxyMiddleware replaces REMOTE_ADDR with the client's, after which the proxy cannot be told.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django logs a refusal or an error after the last middleware has returned; here it has the id.
                log_response(
                    "%s: %s", response.reason_phrase, path_for_log(request.path), response=response, request=request
                )
        finally:
            REQUEST_ID.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class DanishFirstMiddleware:
    """Danish is the interface language: the browser's language is ignored, only the person's choice counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse a body larger than the page takes with 413, from its Content-Length, before anything reads it.

    Pages named in UPLOAD_URL_NAMES take REQUEST_MAX_UPLOAD_BODY_BYTES (the largest file and a margin),
    every other page REQUEST_MAX_BODY_BYTES. A body sent without a Content-Length is read by Django as empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BODY_BYTES:
            limit = self.limit(request.path_info)
            if length > limit:
                with translation.override(settings.LANGUAGE_CODE):  # before LocaleMiddleware: Danish
                    text = _("Forespørgslen er for stor: højst %(limit)s.") % {"limit": filesizeformat(limit)}
                return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def limit(path: str) -> int:
        try:
            match = resolve(path)
        except Resolver404:
            return settings.REQUEST_MAX_BODY_BYTES
        if match.view_name in settings.UPLOAD_URL_NAMES:
            return max(settings.REQUEST_MAX_UPLOAD_BODY_BYTES, settings.REQUEST_MAX_BODY_BYTES)
        return settings.REQUEST_MAX_BODY_BYTES
