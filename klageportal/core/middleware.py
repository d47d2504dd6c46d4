"""Middleware of the whole portal: the interface language and the size of request bodies."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _


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
